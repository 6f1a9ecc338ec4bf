-- Files, letters from Word templates and documents on patient records
-- (issue 18). Keep in step with the other backend's folder: same version,
-- same statements.
--
-- files: uploads, kept in `data` (BYTEA: a blob on both backends) or, when
-- FILES_DIR is set, in that directory under their id (`data` NULL). Each
-- belongs to one organisation; `content_type` comes from the bytes, never
-- from the name; `sha256` checks a file read back from the directory.
CREATE TABLE files (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    sha256           TEXT NOT NULL,
    data             BYTEA,
    created_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX files_organisation ON files (organisation_id, created_at);

-- "Letter Template Bases": a practice's Word file (letterhead and layout,
-- with {{body}} where the letter goes) and the letter body around each
-- letter ({{letter}} marks where a letter template's own body goes).
CREATE TABLE letter_template_bases (
    id           TEXT PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    file_id      TEXT NOT NULL REFERENCES files (id),
    body         TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (practice_id, name)
);

-- "Letter Templates": a letter for an object ("Patient Profile") on a base,
-- with its own body; `visible` is "Patient Profile Is Visible" (1 or 0).
CREATE TABLE letter_templates (
    id           TEXT PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    base_id      TEXT NOT NULL REFERENCES letter_template_bases (id),
    object       TEXT NOT NULL CHECK (object IN ('patient_profile')),
    name         TEXT NOT NULL,
    body         TEXT NOT NULL,
    visible      BIGINT NOT NULL DEFAULT 0 CHECK (visible IN (0, 1)),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (practice_id, name)
);

-- Letters made for a patient from a template (the credentials they carry),
-- shown on "Your Patient Profile" while their template is visible.
CREATE TABLE patient_letters (
    id              TEXT PRIMARY KEY,
    patient_id      TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    template_id     TEXT NOT NULL REFERENCES letter_templates (id) ON DELETE CASCADE,
    credentials_id  TEXT REFERENCES patient_credentials (id) ON DELETE SET NULL,
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX patient_letters_patient ON patient_letters (patient_id, created_at);

-- Documents on a patient's record, each with its own "Patient Profile Is
-- Visible".
CREATE TABLE patient_documents (
    id           TEXT PRIMARY KEY,
    patient_id   TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    file_id      TEXT NOT NULL REFERENCES files (id),
    name         TEXT NOT NULL,
    visible      BIGINT NOT NULL DEFAULT 0 CHECK (visible IN (0, 1)),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX patient_documents_patient ON patient_documents (patient_id, created_at);
