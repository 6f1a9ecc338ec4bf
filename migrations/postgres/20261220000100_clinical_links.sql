-- The clinical-system link of an EMIS Web practice (issue 21): its EMIS
-- Organisation ID (CDB number), its EMIS API user (the password sealed with
-- XChaCha20-Poly1305 under a key derived from SECRET_KEY: never in clear),
-- who set each and when, and the link's health as "Test connection" and
-- the hourly health check last found it.
CREATE TABLE clinical_links (
    organisation_id     TEXT PRIMARY KEY REFERENCES organisations (id),
    emis_org_id         TEXT,
    emis_org_id_set_at  BIGINT,
    emis_org_id_set_by  TEXT REFERENCES users (id),
    api_username        TEXT,
    api_password_sealed TEXT,
    api_user_set_at     BIGINT,
    api_user_set_by     TEXT REFERENCES users (id),
    health              TEXT NOT NULL DEFAULT 'untested'
                        CHECK (health IN ('untested', 'working', 'failing')),
    fault               TEXT,
    checked_at          BIGINT,
    -- When the health last changed (working ↔ failing), for "since".
    health_since        BIGINT
);

-- The hourly health check's rounds: one row per hour, claimed by the one
-- server process that runs it (INSERT … ON CONFLICT DO NOTHING), so two
-- processes or a restart within the hour test each link once.
CREATE TABLE clinical_health_rounds (
    hour         BIGINT PRIMARY KEY,
    runner       TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    tested       BIGINT NOT NULL DEFAULT 0,
    failing      BIGINT NOT NULL DEFAULT 0
);
