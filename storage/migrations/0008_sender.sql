-- Rows parked for a person the bot cannot reach yet (issue 12: never started the bot, or
-- blocked it): state 'parked', the reason in last_error. Every private update asks whether
-- rows wait for its sender, so that question is an index lookup, not a scan of the outbox.
CREATE INDEX outbox_parked ON outbox(chat_id) WHERE state = 'parked';
