"""Reports about a neighbour: the volunteer's form, the staff group's alert and its buttons, the
staff member's details and status dialogue, /myreports, and the report jobs (reminders,
escalation, retention)."""
