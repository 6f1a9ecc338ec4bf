-- The email outbox (SQLite). Keep in step with ../postgres: same version,
-- same columns. A message is written here in the same transaction as the
-- change that causes it; the delivery worker sends it later and keeps it.
--   status 'queued'       waiting to be sent (next_attempt_at says when)
--          'sent'         accepted by the SMTP server
--          'dev_mailbox'  kept for /dev/mailbox (development without SMTP_URL)
--          'failed'       can never be sent (e.g. a malformed address)
-- A worker claims a due row by setting claimed_by and claimed_until (a lease);
-- an expired lease makes the row due again, so a crash loses nothing.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sent', 'dev_mailbox', 'failed')),
    created_at       BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    last_error       TEXT,
    claimed_by       TEXT,
    claimed_until    BIGINT,
    sent_at          BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
