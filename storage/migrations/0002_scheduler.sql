-- Everything that must happen later: reminders, escalations, digests (services/scheduler.py).
CREATE TABLE scheduled (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL UNIQUE,           -- one row per thing: scheduling twice is harmless
    due_at     TEXT NOT NULL,
    payload    TEXT,                           -- JSON
    state      TEXT NOT NULL DEFAULT 'pending', -- pending | done | dropped
    created_at TEXT NOT NULL,
    done_at    TEXT
);
CREATE INDEX scheduled_due ON scheduled(due_at) WHERE state = 'pending';
