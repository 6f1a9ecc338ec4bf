-- Shifts (issue 20): a shift belongs to a hub, at one of its locations, or
-- to a practice (a requirement), never both. Times are instants in
-- milliseconds (shown as UK local time); the rate is pence an hour; a rota
-- made with "Repeat weekly until" shares one series id. A shift is "open",
-- "booked" (a locum holds it: `locum_id`) or "cancelled" (with a reason,
-- keeping the locum it was booked to so they can be told).
--
-- A table rebuild, the same on both backends: SQLite cannot drop the old
-- NOT NULL on practice_id or add the checks in place.
CREATE TABLE shifts_next (
    id               TEXT PRIMARY KEY,
    hub_id           TEXT REFERENCES organisations (id),
    hub_location_id  TEXT REFERENCES hub_locations (id),
    practice_id      TEXT REFERENCES organisations (id),
    role             TEXT NOT NULL,
    starts_at        BIGINT NOT NULL,
    ends_at          BIGINT NOT NULL,
    rate_pence       BIGINT NOT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    series_id        TEXT,
    status           TEXT NOT NULL,
    locum_id         TEXT REFERENCES users (id),
    booked_at        BIGINT,
    cancel_reason    TEXT,
    cancelled_at     BIGINT,
    created_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK ((hub_id IS NULL AND practice_id IS NOT NULL AND hub_location_id IS NULL)
        OR (hub_id IS NOT NULL AND practice_id IS NULL)),
    CHECK (status IN ('open', 'booked', 'cancelled')),
    CHECK (status <> 'booked' OR locum_id IS NOT NULL),
    CHECK (status <> 'open' OR locum_id IS NULL)
);

INSERT INTO shifts_next (id, hub_id, practice_id, role, starts_at, ends_at, rate_pence,
                         status, locum_id, booked_at, created_at)
SELECT id, hub_id, CASE WHEN hub_id IS NULL THEN practice_id END, role, starts_at, ends_at,
       rate_pence,
       CASE WHEN locum_id IS NOT NULL AND status <> 'cancelled' THEN 'booked'
            WHEN status = 'cancelled' THEN 'cancelled'
            ELSE 'open' END,
       locum_id, CASE WHEN locum_id IS NOT NULL THEN created_at END, created_at
  FROM shifts;

DROP TABLE shifts;
ALTER TABLE shifts_next RENAME TO shifts;

CREATE INDEX shifts_hub_start ON shifts (hub_id, starts_at);
CREATE INDEX shifts_practice_start ON shifts (practice_id, starts_at);
CREATE INDEX shifts_locum_start ON shifts (locum_id, starts_at);

-- The reminders sent the day before a booked shift: one row per shift,
-- kind and locum, written with the notification, so each is sent once
-- whatever runs the job (two replicas, a restart, the next hour).
CREATE TABLE shift_reminders (
    shift_id  TEXT NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    locum_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at   BIGINT NOT NULL,
    PRIMARY KEY (shift_id, kind, locum_id)
);
