-- A group is the alert chat of one centre at most (linking it for another 동 unlinks the first:
-- storage/centres.link_chat). The index makes the database keep that rule too, so that code
-- reading "the centre of this chat" never meets two.
CREATE UNIQUE INDEX centres_one_per_chat ON centres (chat_id) WHERE chat_id IS NOT NULL;
