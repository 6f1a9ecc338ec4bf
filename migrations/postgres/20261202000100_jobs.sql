-- Background jobs (issue 16). Keep in step with the other backend's folder:
-- same version, same columns.
--   state 'queued'     waiting for run_at (a retry waits here too)
--         'running'    claimed by a runner until lease_until; an expired
--                      lease makes the job due again (its runner died)
--         'done' | 'failed' | 'cancelled'   finished
-- A job's effects commit with its progress, one transaction per batch, so a
-- runner that takes over never repeats an effect. idempotency_key is unique:
-- asking twice for the same thing (a schedule's tick, one file's sending)
-- makes one job.
CREATE TABLE jobs (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    payload           TEXT NOT NULL,
    organisation_id   TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    requested_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    idempotency_key   TEXT UNIQUE,
    state             TEXT NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    run_at            BIGINT NOT NULL,
    attempts          BIGINT NOT NULL DEFAULT 0,
    max_attempts      BIGINT NOT NULL,
    claimed_by        TEXT,
    lease_until       BIGINT,
    progress_done     BIGINT NOT NULL DEFAULT 0,
    progress_total    BIGINT NOT NULL DEFAULT 0,
    progress_message  TEXT NOT NULL DEFAULT '',
    detail            TEXT NOT NULL DEFAULT '',
    last_error        TEXT,
    cancel_requested  BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT
);
-- Only the rows a claim looks for are in these indexes, so finished jobs
-- cost the claims nothing.
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_organisation ON jobs (organisation_id, created_at);
