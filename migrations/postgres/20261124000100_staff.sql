-- Staff invites and registration (issue 4). Keep in step with ../sqlite.

-- A practice's clinical system: 'emis_web', 'systmone' or 'other'. EMIS
-- practices record each member's EMIS username.
ALTER TABLE organisations ADD COLUMN clinical_system TEXT NOT NULL DEFAULT 'other';

-- A membership is one role of one person in one organisation; it can be
-- disabled without being removed. Disabled memberships grant nothing.
ALTER TABLE memberships ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE memberships ADD COLUMN emis_username TEXT;

-- What a person tells us when they register from an invitation.
ALTER TABLE users ADD COLUMN job_title TEXT;
ALTER TABLE users ADD COLUMN registration_number TEXT;

-- An invitation to hold a role in an organisation. 'pending' until accepted
-- or revoked; a pending invitation past expires_at shows as Expired. At most
-- one pending invitation per email and role in an organisation.
CREATE TABLE invites (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email            TEXT NOT NULL,
    email_lower      TEXT NOT NULL,
    role             TEXT NOT NULL,
    emis_username    TEXT,
    invited_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'accepted', 'revoked')),
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    ended_at         BIGINT
);
CREATE INDEX invites_organisation ON invites (organisation_id, created_at);
CREATE UNIQUE INDEX invites_one_pending ON invites (organisation_id, email_lower, role)
    WHERE status = 'pending';

-- The links of an invitation: only the token's hash is kept. Making a new
-- link (resend, copy new link) supersedes every older one. Rows also count
-- towards the organisation's hourly invite limit.
CREATE TABLE invite_links (
    id               TEXT PRIMARY KEY,
    invite_id        TEXT NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    token_hash       TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL DEFAULT 'valid'
                     CHECK (state IN ('valid', 'consumed', 'superseded')),
    created_at       BIGINT NOT NULL
);
CREATE INDEX invite_links_invite ON invite_links (invite_id);
CREATE INDEX invite_links_organisation ON invite_links (organisation_id, created_at);
