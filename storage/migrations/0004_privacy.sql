-- Privacy: retention purge marks, blocked reporters.
ALTER TABLE reports ADD COLUMN purged_at TEXT;
ALTER TABLE users ADD COLUMN report_blocked_at TEXT;
ALTER TABLE users ADD COLUMN report_blocked_by INTEGER;
-- Handled updates keep no payload (see storage/inbox.py); clear what earlier versions kept.
UPDATE inbox SET payload = '{}' WHERE handled_at IS NOT NULL;
