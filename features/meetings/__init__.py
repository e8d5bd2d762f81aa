"""골목회의: proposals, approval, announcements, RSVPs, changes, reminders and follow-ups."""
