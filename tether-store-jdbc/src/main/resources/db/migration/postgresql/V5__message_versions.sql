-- A change counter per conversation: every message stored or updated in a conversation raises
-- conversations.message_version by one (under the conversation's lock, so in commit order) and stamps the
-- message with it. A reader that keeps recent messages in memory asks only for the messages stamped after the
-- version it has (messageChanges), instead of reading the whole history again each turn.
ALTER TABLE conversations ADD COLUMN message_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX messages_conversation_version ON messages (conversation_id, version);
