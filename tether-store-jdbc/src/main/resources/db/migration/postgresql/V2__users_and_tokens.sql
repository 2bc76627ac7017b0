-- Users and their access tokens. Times are epoch milliseconds (UTC).
-- Kept column-for-column equal to the SQLite schema so both stores share their SQL.
-- A token's secret is never stored: only its SHA-256 (lowercase hex), which authenticate looks up.

CREATE TABLE users (
    name       TEXT   NOT NULL PRIMARY KEY,
    created_at BIGINT NOT NULL
);

CREATE TABLE access_tokens (
    id            TEXT   NOT NULL PRIMARY KEY,
    user_name     TEXT   NOT NULL REFERENCES users (name),
    label         TEXT   NOT NULL,
    secret_sha256 TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    -- written at most once a minute per token, so authenticating is not a write per request
    last_used_at  BIGINT,
    revoked_at    BIGINT,
    CONSTRAINT access_tokens_secret_sha256_unique UNIQUE (secret_sha256)
);

-- tokens(user) oldest first
CREATE INDEX access_tokens_user ON access_tokens (user_name, created_at, id);
