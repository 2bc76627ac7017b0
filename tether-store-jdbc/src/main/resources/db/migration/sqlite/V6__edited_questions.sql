-- A user message that edits an earlier question names it: the user fixed the conversation's last question and
-- asked again. The edited question and its answers stay stored and shown (marked as replaced), but the model is
-- no longer shown them. NULL for every other message.
ALTER TABLE messages ADD COLUMN replaces BIGINT REFERENCES messages (id) ON DELETE SET NULL;
