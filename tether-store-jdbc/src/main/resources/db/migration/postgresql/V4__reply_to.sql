-- Which user message an assistant or tool message answers: written by the turn that produced it, so replies
-- pair with their questions without inferring it from storage order (a message sent while a reply runs is
-- stored before that reply; a retry answers an earlier question again). NULL for user messages, for notes
-- that answer nothing, and for messages stored before this column existed.
ALTER TABLE messages ADD COLUMN reply_to BIGINT REFERENCES messages (id) ON DELETE SET NULL;
