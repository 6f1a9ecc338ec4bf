-- Server-side sessions: the cookie holds a random token, only its SHA-256
-- hash is stored. A session ends at sign-out, after the idle timeout, at the
-- absolute limit, or when the account is disabled.
CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    ended_at      BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only record of what happened: nothing updates or deletes rows.
CREATE TABLE activity_log (
    id               TEXT PRIMARY KEY,
    at               BIGINT NOT NULL,
    actor_id         TEXT,
    organisation_id  TEXT,
    subject_type     TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    event            TEXT NOT NULL,
    details          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_log_subject ON activity_log (subject_type, subject_id, at);
