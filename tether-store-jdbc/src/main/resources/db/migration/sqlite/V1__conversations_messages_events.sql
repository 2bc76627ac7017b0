-- Conversations, their messages and their event logs. Times are epoch milliseconds (UTC).
-- Role and status hold enum names without CHECK constraints: SQLite can only change a CHECK by
-- rebuilding the table, and new statuses should not need that.

CREATE TABLE conversations (
    id               TEXT    NOT NULL PRIMARY KEY,
    owner            TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    -- highest event position handed out; persisted so positions never go back after a restart
    last_event_seq   INTEGER NOT NULL DEFAULT 0,
    summarised_up_to INTEGER NOT NULL DEFAULT 0
);

-- conversations(owner) most recently updated first, ties broken by id
CREATE INDEX conversations_owner_updated ON conversations (owner, updated_at DESC, id DESC);

CREATE TABLE messages (
    -- AUTOINCREMENT: ids are never reused, so a later message always has a larger id
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id   TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role              TEXT    NOT NULL,
    content           TEXT    NOT NULL,
    tool_calls        TEXT,
    tool_call_id      TEXT,
    tool_name         TEXT,
    status            TEXT    NOT NULL,
    client_message_id TEXT,
    created_at        INTEGER NOT NULL,
    CONSTRAINT messages_client_message_id_unique UNIQUE (conversation_id, client_message_id)
);

-- history (newest first) and messagesAfter (oldest first) within one conversation
CREATE INDEX messages_conversation_id ON messages (conversation_id, id);

CREATE TABLE events (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
