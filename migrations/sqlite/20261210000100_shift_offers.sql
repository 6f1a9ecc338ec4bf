-- Offers of cover (issue 20, workflow 1): a locum offers to cover a
-- practice's requirement (a shift with practice_id); the practice accepts
-- one (the shift is booked to that locum and the others declined) or
-- declines it. One offer per locum and requirement: "offered", then
-- "accepted", "declined" or "withdrawn" (the requirement was cancelled, or
-- the locum gave the booking back).
CREATE TABLE shift_offers (
    id          TEXT PRIMARY KEY,
    shift_id    TEXT NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    locum_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    UNIQUE (shift_id, locum_id),
    CHECK (status IN ('offered', 'accepted', 'declined', 'withdrawn'))
);

CREATE INDEX shift_offers_locum ON shift_offers (locum_id, status);
