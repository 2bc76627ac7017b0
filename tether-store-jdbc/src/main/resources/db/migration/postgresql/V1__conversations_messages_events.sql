-- Conversations, their messages and their event logs. Times are epoch milliseconds (UTC).
-- Kept column-for-column equal to the SQLite schema so both stores share their SQL.
-- tool_calls and payload are JSON held as text: the store passes them through and never queries them.

CREATE TABLE conversations (
    id               TEXT   NOT NULL PRIMARY KEY,
    owner            TEXT   NOT NULL,
    title            TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    -- highest event position handed out; persisted so positions never go back after a restart
    last_event_seq   BIGINT NOT NULL DEFAULT 0,
    summarised_up_to BIGINT NOT NULL DEFAULT 0
);

-- conversations(owner) most recently updated first, ties broken by id
CREATE INDEX conversations_owner_updated ON conversations (owner, updated_at DESC, id DESC);

CREATE TABLE messages (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id   TEXT   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role              TEXT   NOT NULL,
    content           TEXT   NOT NULL,
    tool_calls        TEXT,
    tool_call_id      TEXT,
    tool_name         TEXT,
    status            TEXT   NOT NULL,
    client_message_id TEXT,
    created_at        BIGINT NOT NULL,
    CONSTRAINT messages_client_message_id_unique UNIQUE (conversation_id, client_message_id)
);

-- history (newest first) and messagesAfter (oldest first) within one conversation
CREATE INDEX messages_conversation_id ON messages (conversation_id, id);

CREATE TABLE events (
    conversation_id TEXT   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    type            TEXT   NOT NULL,
    payload         TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
