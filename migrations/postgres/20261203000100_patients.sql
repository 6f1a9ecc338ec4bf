-- Patient records and Patient Profile accounts (issue 17). Keep in step
-- with the other backend's folder: same version, same statements.
--
-- A record gains its address, postcode, mobile and record status ("Active",
-- "Deceased", "Left the practice"); the demo's portal states move out of
-- `status` into account_state:
--   'none'                        no credentials yet
--   'pending_registration'        credentials distributed, not yet used
--   'pending_email_confirmation'  registered, email not yet confirmed
--   'active'                      can sign in to Patient Profile
--   'locked'                      too many failed registrations
--   'disabled'                    by staff ('staff') or because the record
--                                 became Deceased or Left ('record')
-- portal_id is the Patient ID printed on letters (unique, set with the first
-- credentials); user_id the account a registration linked (a person may be
-- staff and a patient with one account). family_lower and given_lower serve
-- the name search.
ALTER TABLE patients ADD COLUMN address TEXT;
ALTER TABLE patients ADD COLUMN postcode TEXT;
ALTER TABLE patients ADD COLUMN mobile TEXT;
ALTER TABLE patients ADD COLUMN record_status TEXT NOT NULL DEFAULT 'active'
    CHECK (record_status IN ('active', 'deceased', 'left'));
ALTER TABLE patients ADD COLUMN account_state TEXT NOT NULL DEFAULT 'none'
    CHECK (account_state IN ('none', 'pending_registration', 'pending_email_confirmation', 'active', 'locked', 'disabled'));
ALTER TABLE patients ADD COLUMN disabled_by TEXT;
ALTER TABLE patients ADD COLUMN portal_id TEXT;
ALTER TABLE patients ADD COLUMN user_id TEXT REFERENCES users (id);
ALTER TABLE patients ADD COLUMN family_lower TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN given_lower TEXT NOT NULL DEFAULT '';
UPDATE patients SET family_lower = lower(family_name), given_lower = lower(given_name),
    account_state = CASE status WHEN 'active' THEN 'active' WHEN 'not_activated' THEN 'none' ELSE 'none' END;
ALTER TABLE patients DROP COLUMN status;
CREATE UNIQUE INDEX patients_portal_id ON patients (portal_id);
CREATE INDEX patients_family ON patients (practice_id, family_lower);
CREATE INDEX patients_given ON patients (practice_id, given_lower);
CREATE INDEX patients_birth ON patients (practice_id, date_of_birth);
CREATE INDEX patients_user ON patients (user_id);
CREATE INDEX patients_practice ON patients (practice_id, id);
-- A patient's own requests, on "Your Patient Profile".
CREATE INDEX requests_patient ON requests (organisation_id, nhs_number);

-- Patient Profile credentials: the activation code printed with the Patient
-- ID. Only a keyed hash of the code is stored (HMAC-SHA256 with a key
-- derived from SECRET_KEY, which is never in the database).
--   state 'valid'       may be used until expires_at
--         'used'        a registration used it
--         'superseded'  newer credentials replaced it
--         'ended'       the account was locked or disabled with the record
-- failed_attempts counts wrong details given with this Patient ID while
-- these credentials are valid; the fifth (configurable) locks the account.
CREATE TABLE patient_credentials (
    id               TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    code_hash        TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'valid'
                     CHECK (state IN ('valid', 'used', 'superseded', 'ended')),
    failed_attempts  BIGINT NOT NULL DEFAULT 0,
    created_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    distributed_at   BIGINT,
    sent_at          BIGINT,
    finished_at      BIGINT
);
CREATE INDEX patient_credentials_patient ON patient_credentials (patient_id, created_at);

-- "Client support": the email address and phone number patients are shown
-- on the registration, sign-in and help pages, per network and organisation
-- type ('' = every type without its own).
CREATE TABLE client_support (
    network_id         TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    organisation_kind  TEXT NOT NULL,
    email              TEXT NOT NULL,
    phone              TEXT NOT NULL,
    updated_by         TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (network_id, organisation_kind)
);
