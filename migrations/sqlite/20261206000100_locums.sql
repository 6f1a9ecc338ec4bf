-- The locum network (issue 19): registration, hub membership, hub
-- locations and hub documents. Keep in step with the other backend's
-- folder: same version, same statements.
--
-- locum_registrations: "Create an account" on the network. No `users` row
-- exists until the network activates the registration (so nobody signs in
-- before that); the password's argon2id hash waits here meanwhile and is
-- cleared once copied or when the registration is rejected. Only the hash
-- of the verification link's token is kept.
CREATE TABLE locum_registrations (
    id                   TEXT PRIMARY KEY,
    network_id           TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email                TEXT NOT NULL,
    email_lower          TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    mobile               TEXT NOT NULL,
    profession           TEXT NOT NULL CHECK (profession IN ('gp', 'nurse', 'pharmacist')),
    registration_number  TEXT NOT NULL,
    password_hash        TEXT,
    hub_id               TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    state                TEXT NOT NULL
                         CHECK (state IN ('unverified', 'awaiting_activation', 'active', 'rejected')),
    reason               TEXT,
    verify_token_hash    TEXT UNIQUE,
    verify_expires_at    BIGINT,
    user_id              TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at           BIGINT NOT NULL,
    verified_at          BIGINT,
    decided_at           BIGINT,
    decided_by           TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX locum_registrations_queue ON locum_registrations (network_id, state, verified_at);
CREATE INDEX locum_registrations_user ON locum_registrations (user_id);

-- Registrations tried per client address and per email address, for the
-- per-address limits of the public form (kept an hour).
CREATE TABLE locum_registration_tries (
    client       TEXT NOT NULL,
    email_lower  TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX locum_registration_tries_client ON locum_registration_tries (client, at);
CREATE INDEX locum_registration_tries_email ON locum_registration_tries (email_lower, at);

-- Hub locations: where a hub's shifts are worked.
CREATE TABLE hub_locations (
    id          TEXT PRIMARY KEY,
    hub_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (hub_id, name)
);

-- The hub locations a locum wishes to work at.
CREATE TABLE hub_member_locations (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    location_id  TEXT NOT NULL REFERENCES hub_locations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, location_id)
);

-- Hub documents for the hub's locums to "Read" or "Sign".
CREATE TABLE hub_documents (
    id          TEXT PRIMARY KEY,
    hub_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    file_id     TEXT NOT NULL REFERENCES files (id),
    title       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('read', 'sign')),
    created_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX hub_documents_hub ON hub_documents (hub_id, created_at);

-- Who has read or signed a hub document: signing keeps the typed name.
CREATE TABLE hub_document_acks (
    document_id  TEXT NOT NULL REFERENCES hub_documents (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    typed_name   TEXT,
    at           BIGINT NOT NULL,
    PRIMARY KEY (document_id, user_id)
);
