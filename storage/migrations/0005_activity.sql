-- Inactive volunteers are warned, then removed (services/scheduler.py, kind volunteers.sweep).
ALTER TABLE users ADD COLUMN last_active_at TEXT;
ALTER TABLE users ADD COLUMN warned_30_at TEXT;
ALTER TABLE users ADD COLUMN warned_7_at TEXT;
UPDATE users SET last_active_at = coalesce(registered_at, created_at);
CREATE INDEX users_by_activity ON users(last_active_at) WHERE registered_at IS NOT NULL;
