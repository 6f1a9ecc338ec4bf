-- Availability and requests for cover (issue 20, workflow 2). A locum
-- marks day segments (Morning, Afternoon, Evening at fixed UK local times)
-- when they can work; a practice asks for one with "Request cover"; the
-- locum accepts or declines; the practice confirms, which books a shift
-- (`shift_id`) to the locum. A request that is "requested" or "accepted"
-- holds its segment against clashes until it is declined or its time
-- comes (then it has expired).
--
-- The foundation's `availability` table (free time ranges, never edited
-- by anyone: only seed-demo wrote it) gives way to day segments.
DROP TABLE availability;

CREATE TABLE availability (
    locum_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    segment     TEXT NOT NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (locum_id, day, segment),
    CHECK (segment IN ('morning', 'afternoon', 'evening'))
);
CREATE INDEX availability_day ON availability (day, segment);

CREATE TABLE cover_requests (
    id           TEXT PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    locum_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    segment      TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    rate_pence   BIGINT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    shift_id     TEXT REFERENCES shifts (id) ON DELETE SET NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    decided_at   BIGINT,
    CHECK (ends_at > starts_at),
    CHECK (status IN ('requested', 'accepted', 'declined', 'confirmed'))
);
CREATE INDEX cover_requests_locum ON cover_requests (locum_id, status, starts_at);
CREATE INDEX cover_requests_practice ON cover_requests (practice_id, starts_at);
