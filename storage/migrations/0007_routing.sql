-- /link asks before it moves a centre's alerts: one row per centre offered in the asking
-- message. A press is honoured only for the chat and the message the request was sent in.
CREATE TABLE link_requests (
    id           INTEGER PRIMARY KEY,
    chat_id      INTEGER NOT NULL,
    chat_title   TEXT,
    area_code    TEXT NOT NULL,
    requested_by INTEGER NOT NULL,
    message_id   INTEGER,
    created_at   TEXT NOT NULL,
    decided_at   TEXT
);
CREATE INDEX link_requests_by_message ON link_requests(chat_id, message_id);
