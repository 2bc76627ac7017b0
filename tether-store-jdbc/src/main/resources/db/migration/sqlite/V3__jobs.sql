-- The durable work queue: one row per open job (a reply to a user message, or background work). A job that
-- finished is deleted; what it produced lives in messages. Times are epoch milliseconds (UTC).

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- jobs with one key run one at a time, in id order (a conversation's id for replies)
    job_key         TEXT    NOT NULL,
    lane            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    conversation_id TEXT    REFERENCES conversations (id) ON DELETE CASCADE,
    user_message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    payload         TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_error      TEXT
);

-- at most one open reply per user message
CREATE UNIQUE INDEX jobs_user_message ON jobs (user_message_id) WHERE user_message_id IS NOT NULL;

-- interrupted replies are found by status at start
CREATE INDEX messages_status_streaming ON messages (status) WHERE status = 'STREAMING';
