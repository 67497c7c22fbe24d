-- Users, sessions, API tokens and sign-in throttling.
--
-- Secrets are never stored as given: passwords as Argon2id PHC strings, session and
-- API tokens as the SHA-256 of the token. Times are microseconds since the Unix epoch, UTC.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    -- JSON array of role names, such as ["fiu_analyst","supervisor"].
    roles TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- The TOTP shared secret (RFC 6238), raw bytes.
    totp_secret BLOB NOT NULL,
    -- 1 once the user proved the second factor works by entering a code.
    totp_enrolled INTEGER NOT NULL DEFAULT 0,
    -- The last TOTP time step accepted, so that a code is never accepted twice.
    totp_last_step INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- 'second_factor' after the password, 'complete' after the second factor.
    stage TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    source TEXT,
    created_us INTEGER NOT NULL,
    last_seen_us INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- JSON array of scopes, such as ["transactions:submit"].
    scopes TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    last_used_us INTEGER,
    revoked_us INTEGER
) STRICT;

-- Failed sign-ins per key: 'user:<name>' or 'source:<address>'.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_us INTEGER NOT NULL,
    locked_until_us INTEGER
) STRICT;
