-- 골목회의: proposals, RSVPs with a waitlist, outcomes.
ALTER TABLE users ADD COLUMN meeting_news INTEGER NOT NULL DEFAULT 0;  -- opted in at registration
ALTER TABLE centres ADD COLUMN auto_approve_meetings INTEGER NOT NULL DEFAULT 0;

CREATE TABLE meetings (
    id                INTEGER PRIMARY KEY,
    draft_id          TEXT NOT NULL UNIQUE,
    area_code         TEXT NOT NULL,
    organiser_id      INTEGER NOT NULL REFERENCES users(id),
    title             TEXT NOT NULL,
    agenda            TEXT NOT NULL,
    place_text        TEXT,
    latitude          REAL,
    longitude         REAL,
    starts_at         TEXT NOT NULL,
    format            TEXT NOT NULL,            -- alley | space | online
    capacity          INTEGER,
    status            TEXT NOT NULL DEFAULT 'proposed',  -- proposed | changes | approved | declined | cancelled
    support           TEXT,                     -- room | food | publicity
    staff_comment     TEXT,
    outcome_summary   TEXT,
    outcome_decisions TEXT,
    outcome_requests  TEXT,
    outcome_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX meetings_by_area ON meetings(area_code, starts_at);
CREATE INDEX meetings_by_organiser ON meetings(organiser_id, created_at);

CREATE TABLE rsvps (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    answer      TEXT NOT NULL,                  -- going | interested | no
    waitlisted  INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL,                  -- the waitlist is served in this order
    PRIMARY KEY (meeting_id, user_id)
);
