-- Campaigns, walk nudges, and priorities in the outbox (issue 6).

-- 0: a person is waiting on it (alerts, receipts, replies); 1: bulk (campaigns, announcements,
-- nudges). The sender always takes priority 0 first, so a campaign to thousands of volunteers
-- never holds back an alert about a person in crisis.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN campaign_id INTEGER;
CREATE INDEX outbox_next ON outbox(priority, id) WHERE state = 'pending';
CREATE INDEX outbox_by_campaign ON outbox(campaign_id, state) WHERE campaign_id IS NOT NULL;

-- A message from a centre's staff to the approved volunteers of its 동.
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    draft_id     TEXT NOT NULL UNIQUE,      -- idempotency: one confirmed draft makes one campaign
    area_code    TEXT NOT NULL,
    author_id    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    recipients   INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX campaigns_by_area ON campaigns(area_code, created_at);

-- Walk nudges: off | weekly | monthly, and when the last one went out (or the choice was made).
ALTER TABLE users ADD COLUMN nudge TEXT NOT NULL DEFAULT 'off';
ALTER TABLE users ADD COLUMN nudged_at TEXT;
CREATE INDEX users_by_nudge ON users(nudge, nudged_at) WHERE nudge <> 'off';
CREATE INDEX reports_by_area ON reports(area_code, created_at);
