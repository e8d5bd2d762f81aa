"""동주민센터: staff invites, linking a staff group, /staff, /areas (retired 동 codes), the
weekday digest, and what happens when a group can no longer be reached."""
