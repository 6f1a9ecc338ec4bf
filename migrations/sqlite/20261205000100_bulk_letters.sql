-- Credentials with letters for many patients (issue 18). Keep in step with
-- the other backend's folder: same version, same statements.
--
-- job_patients: the patients a bulk credentials job works on (those
-- selected on "Patients", or those it found needing credentials), each
-- with the credentials it made for them (NULL until made, or when the
-- patient no longer needed them). Its merged letters are made from these.
CREATE TABLE job_patients (
    job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    patient_id      TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    credentials_id  TEXT REFERENCES patient_credentials (id) ON DELETE SET NULL,
    PRIMARY KEY (job_id, patient_id)
);
