-- Appointment reminders and appointment self-booking of an EMIS Web
-- practice (issue 21): the practice's settings, each reminder sent and each
-- round of the reminder check.
CREATE TABLE appointment_settings (
    organisation_id     TEXT PRIMARY KEY REFERENCES organisations (id),
    reminders_on        BIGINT NOT NULL DEFAULT 0,
    -- Hours before the appointment, largest first, comma separated ("48,2").
    reminder_hours      TEXT NOT NULL DEFAULT '48,2',
    -- The message, with merge fields ({{patient_name}} and the like).
    reminder_message    TEXT NOT NULL DEFAULT '',
    reminders_set_at    BIGINT,
    reminders_set_by    TEXT REFERENCES users (id),
    booking_on          BIGINT NOT NULL DEFAULT 0,
    -- The slot types patients may book, one per line, as the clinical
    -- system names them.
    booking_slot_types  TEXT NOT NULL DEFAULT '',
    booking_days_ahead  BIGINT NOT NULL DEFAULT 14,
    booking_set_at      BIGINT,
    booking_set_by      TEXT REFERENCES users (id)
);

-- Each reminder sent: one row per appointment and reminder time (the key),
-- written with its email in one transaction, so two servers or a restart
-- send it once.
CREATE TABLE appointment_reminders (
    organisation_id   TEXT NOT NULL REFERENCES organisations (id),
    appointment_id    TEXT NOT NULL,
    hours_before      BIGINT NOT NULL,
    patient_id        TEXT NOT NULL REFERENCES patients (id),
    appointment_start BIGINT NOT NULL,
    sent_at           BIGINT NOT NULL,
    runner            TEXT NOT NULL,
    PRIMARY KEY (organisation_id, appointment_id, hours_before)
);

-- The reminder check's rounds, one per quarter of an hour, claimed by the
-- one server process that reads the appointment books then.
CREATE TABLE appointment_reminder_rounds (
    round        BIGINT PRIMARY KEY,
    runner       TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    sent         BIGINT NOT NULL DEFAULT 0
);
