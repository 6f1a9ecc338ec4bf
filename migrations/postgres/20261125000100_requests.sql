-- Patient requests and the inboxes that hold them (issue 5). Keep in step
-- with ../sqlite.

-- "Enable All Practice inbox view": set by a practice admin who agreed to
-- the advisory notice; 0 or 1.
ALTER TABLE organisations ADD COLUMN all_practices_inbox BIGINT NOT NULL DEFAULT 0;

-- A practice's group inbox, shared by its staff who hold `role`. In the
-- All Practices view inboxes merge by name_key: the name in lower case
-- without surrounding spaces. One name per practice.
CREATE TABLE group_inboxes (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    role             TEXT NOT NULL,
    created_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX group_inboxes_name ON group_inboxes (organisation_id, name_key);

-- A patient request to a practice. Assigned to at most one of a person or a
-- group inbox; neither means the practice's unassigned queue. urgent is 0
-- or 1. Inboxes list urgent first, then oldest first.
CREATE TABLE requests (
    id                 TEXT PRIMARY KEY,
    organisation_id    TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    reference          TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('medical', 'admin')),
    description        TEXT NOT NULL,
    urgent             BIGINT NOT NULL DEFAULT 0,
    status             TEXT NOT NULL DEFAULT 'new'
                       CHECK (status IN ('new', 'in_progress', 'completed')),
    source             TEXT NOT NULL CHECK (source IN ('online', 'phone')),
    assigned_user_id   TEXT REFERENCES users (id) ON DELETE SET NULL,
    assigned_inbox_id  TEXT REFERENCES group_inboxes (id) ON DELETE SET NULL,
    patient_name       TEXT NOT NULL,
    date_of_birth      TEXT NOT NULL,
    nhs_number         TEXT,
    contact_email      TEXT,
    contact_phone      TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CHECK (assigned_user_id IS NULL OR assigned_inbox_id IS NULL)
);
-- The inbox queries read these indexes alone (they cover the filter and
-- the order), touching the table only for the rows shown: a practice's
-- queue and its counts; a person's requests across their practices; a
-- group inbox.
CREATE INDEX requests_practice_queue
    ON requests (organisation_id, status, assigned_user_id, assigned_inbox_id, urgent, created_at, id);
CREATE INDEX requests_assignee
    ON requests (assigned_user_id, organisation_id, status, urgent, created_at, id);
CREATE INDEX requests_group_inbox
    ON requests (assigned_inbox_id, status, urgent, created_at, id);

-- A request's internal notes (staff only) and replies (sent to the patient).
CREATE TABLE request_notes (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    author_id   TEXT REFERENCES users (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'reply')),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX request_notes_request ON request_notes (request_id, created_at);

-- Submissions of the public "Contact your practice" form, for its rate
-- limits (per client address, and per practice).
CREATE TABLE contact_submissions (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    client           TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX contact_submissions_client ON contact_submissions (client, created_at);
CREATE INDEX contact_submissions_practice ON contact_submissions (organisation_id, created_at);
