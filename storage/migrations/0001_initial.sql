-- golmok schema, version 1. Times are UTC ISO-8601 text (see core/clock.py).

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,          -- Telegram user id
    lang            TEXT NOT NULL DEFAULT 'ko',
    lang_chosen     INTEGER NOT NULL DEFAULT 0,   -- 1 once the user picked with /language
    display_name    TEXT,
    phone           TEXT,
    username        TEXT,
    home_area       TEXT,
    consent_version TEXT,
    consent_at      TEXT,
    registered_at   TEXT,                         -- NULL: not a registered volunteer
    approved_at     TEXT,
    approved_by     INTEGER,
    unreachable_at  TEXT,                         -- set when Telegram answers 403
    created_at      TEXT NOT NULL
);

CREATE TABLE staff (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    area_code   TEXT NOT NULL,
    granted_by  INTEGER,
    granted_at  TEXT NOT NULL,
    revoked_at  TEXT,
    revoked_by  INTEGER,
    PRIMARY KEY (user_id, area_code)
);
CREATE INDEX staff_by_area ON staff(area_code) WHERE revoked_at IS NULL;

CREATE TABLE centres (
    area_code  TEXT PRIMARY KEY,
    chat_id    INTEGER UNIQUE,
    chat_title TEXT,
    lang       TEXT NOT NULL DEFAULT 'ko',
    linked_by  INTEGER,
    linked_at  TEXT,
    unreachable_at TEXT
);

CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    area_code   TEXT NOT NULL,
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER,
    used_at     TEXT
);

CREATE TABLE reports (
    id               INTEGER PRIMARY KEY,
    ref              TEXT NOT NULL UNIQUE,
    draft_id         TEXT NOT NULL UNIQUE,        -- idempotency: one draft makes one report
    area_code        TEXT NOT NULL,
    origin_area_code TEXT NOT NULL,
    reporter_id      INTEGER REFERENCES users(id),
    reporter_verified INTEGER NOT NULL,
    contact_ok       INTEGER NOT NULL,
    category         TEXT NOT NULL,
    place_text       TEXT,
    latitude         REAL,
    longitude        REAL,
    description      TEXT NOT NULL,
    photo_file_id    TEXT,
    status           TEXT NOT NULL DEFAULT 'received',
    assignee_id      INTEGER REFERENCES users(id),
    duplicate_of     INTEGER REFERENCES reports(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    taken_at         TEXT,
    closed_at        TEXT
);
CREATE INDEX reports_open_by_area ON reports(area_code, created_at) WHERE status <> 'closed';
CREATE INDEX reports_by_reporter ON reports(reporter_id, created_at);

CREATE TABLE report_counters (
    area_code TEXT NOT NULL,
    year      INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    PRIMARY KEY (area_code, year)
);

CREATE TABLE report_notes (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    author_id  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX report_notes_by_report ON report_notes(report_id);

-- The history of every report: status changes, takes, transfers, duplicates.
CREATE TABLE report_events (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    actor_id   INTEGER,
    kind       TEXT NOT NULL,
    detail     TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX report_events_by_report ON report_events(report_id);

-- Who saw or changed what. Written by the bot, never edited or deleted through it.
CREATE TABLE access_log (
    id             INTEGER PRIMARY KEY,
    actor_id       INTEGER NOT NULL,
    action         TEXT NOT NULL,
    report_id      INTEGER,
    target_user_id INTEGER,
    area_code      TEXT,
    detail         TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX access_log_by_time ON access_log(created_at);

-- Updates from Telegram, stored before getUpdates is told to move past them.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at  TEXT
);
CREATE INDEX inbox_unhandled ON inbox(update_id) WHERE handled_at IS NULL;

-- Everything another person must receive, recorded in the transaction that caused it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedup_key       TEXT UNIQUE,
    chat_id         INTEGER NOT NULL,
    method          TEXT NOT NULL,            -- send | edit | photo | location
    text            TEXT,
    reply_markup    TEXT,                     -- JSON: [[[label, callback_data], ...], ...]
    payload         TEXT,                     -- JSON extras (photo file id, coordinates)
    edit_ref        TEXT,                     -- edit: the message_refs key of the message to edit
    store_ref       TEXT,                     -- send: remember the sent message under this key
    fallback        TEXT,                     -- 'admins': on 403 send to the admins instead
    state           TEXT NOT NULL DEFAULT 'pending',   -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    message_id      INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox(not_before) WHERE state = 'pending';

CREATE TABLE message_refs (
    ref        TEXT PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL
);

-- python-telegram-bot persistence: conversation states and per-user drafts.
CREATE TABLE ptb_user_data (
    user_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
CREATE TABLE ptb_conversations (
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE INDEX outbox_by_store_ref ON outbox(store_ref) WHERE store_ref IS NOT NULL;
CREATE INDEX outbox_by_edit_ref ON outbox(edit_ref) WHERE edit_ref IS NOT NULL;

-- Wrong invite codes, to slow down guessing.
CREATE TABLE invite_attempts (
    user_id INTEGER NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX invite_attempts_by_user ON invite_attempts(user_id, at);
