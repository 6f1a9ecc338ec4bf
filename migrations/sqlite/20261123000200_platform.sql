-- Platform services of issue 3: the organisation chosen in the switcher,
-- sign-in throttling and account locks, and notifications.

-- The organisation the person is working in (the switcher); NULL means
-- their first membership.
ALTER TABLE sessions ADD COLUMN organisation_id TEXT REFERENCES organisations (id);

-- Set after repeated failed sign-ins; only an administrator clears it.
ALTER TABLE users ADD COLUMN locked_at BIGINT;

-- Failed sign-ins per account ('email:<address>') and per client address
-- ('ip:<address>'). Counts for unknown emails too, so throttling reveals
-- nothing about which accounts exist.
CREATE TABLE sign_in_failures (
    throttle_key     TEXT PRIMARY KEY,
    failures         BIGINT NOT NULL,
    last_failure_at  BIGINT NOT NULL
);

CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    link        TEXT,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- One row per person and kind they have changed; no row means the default
-- (in the app and by email).
CREATE TABLE notification_preferences (
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    in_app   BIGINT NOT NULL,
    email    BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
