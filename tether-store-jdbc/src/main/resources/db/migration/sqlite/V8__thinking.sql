-- What a reasoning model thought before (or between) the text of an assistant message: shown to people, never sent
-- back to the model. NULL when it did not think aloud (every message before this version).
ALTER TABLE messages ADD COLUMN thinking TEXT;
