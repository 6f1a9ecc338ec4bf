-- A locum's private iCalendar feed of their booked work (issue 20): the
-- feed URL carries a secret token; only its SHA-256 hash is stored. One
-- per locum: making a new link replaces the old one, and turning it off
-- deletes the row, so an old link stops working at once.
CREATE TABLE calendar_feeds (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
