-- Foundation schema (SQLite). Keep in step with ../postgres: same version,
-- same tables. Ids are random UUID text; times are Unix milliseconds.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('network', 'hub', 'practice', 'clinical_team')),
    name        TEXT NOT NULL,
    ods_code    TEXT UNIQUE,
    parent_id   TEXT REFERENCES organisations (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL,
    email_lower    TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT,
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at     BIGINT NOT NULL
);

CREATE TABLE memberships (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    UNIQUE (user_id, organisation_id, role)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

CREATE TABLE one_time_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL DEFAULT 'valid' CHECK (state IN ('valid', 'consumed', 'superseded')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, purpose);

CREATE TABLE patients (
    id             TEXT PRIMARY KEY,
    practice_id    TEXT NOT NULL REFERENCES organisations (id),
    nhs_number     TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    email          TEXT,
    status         TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (practice_id, nhs_number)
);

CREATE TABLE shifts (
    id           TEXT PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES organisations (id),
    hub_id       TEXT REFERENCES organisations (id),
    role         TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    rate_pence   BIGINT NOT NULL,
    status       TEXT NOT NULL,
    locum_id     TEXT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX shifts_practice_start ON shifts (practice_id, starts_at);

CREATE TABLE availability (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX availability_user_start ON availability (user_id, starts_at);
