-- Telegram's limits across a restart (issue 13, delivery/rate_limit.py). When each outbox row
-- really went out (unix seconds from the system clock, not the bot's clock, which tests and the
-- sandbox move), so that after a crash the sender knows what the last minute already sent; and
-- the limiter's windows as saved at a clean stop (direct replies are not in the outbox).
ALTER TABLE outbox ADD COLUMN sent_wall REAL;
CREATE INDEX outbox_sent_wall ON outbox(sent_wall) WHERE sent_wall IS NOT NULL;
CREATE TABLE rate_memory (
    chat_id INTEGER NOT NULL,  -- 0: the bot's overall window
    at      REAL NOT NULL      -- unix seconds
);
