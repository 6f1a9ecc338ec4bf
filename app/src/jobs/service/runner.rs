//! Running jobs: a runner claims due jobs and gives each its next batch in
//! turn, inside transactions that also record the progress; it retries,
//! cancels and hands over jobs whose lease ran out.

use sqlx::AnyConnection;

use super::*;

/// Which job changed, for live updates (published after commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobChange {
    pub job_id: JobId,
    pub organisation_id: Option<OrgId>,
}

/// One runner: its id (its claims carry it), the kinds it knows and whom
/// to tell when a job changed.
pub struct Runner<'a> {
    pub cx: Ctx<'a>,
    pub kinds: &'a [JobKind],
    pub id: String,
    pub changed: &'a (dyn Fn(&JobChange) + Send + Sync),
}

/// How a job's run on this runner ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Done,
    Failed,
    Cancelled,
    /// Failed this time; queued to try again.
    Retrying,
    /// Another runner holds it now (this one's lease ran out).
    LostLease,
}

/// What one pass of a runner did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub claimed: usize,
    pub done: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub retrying: usize,
    pub lost: usize,
}

impl RunReport {
    fn count(&mut self, end: Ended) {
        match end {
            Ended::Done => self.done += 1,
            Ended::Failed => self.failed += 1,
            Ended::Cancelled => self.cancelled += 1,
            Ended::Retrying => self.retrying += 1,
            Ended::LostLease => self.lost += 1,
        }
    }
}

/// The jobs of a round: claimed in it (at most this many), or claimed
/// before.
enum Jobs<'j> {
    Claim(i64),
    Held(&'j [ClaimedRow]),
}

/// Why a batch did not finish: its step failed, or the database did.
enum BatchFailed {
    Step(JobError),
    Database(AppError),
}

/// How long one round's transaction may go on taking batches before it
/// commits: quick batches of many jobs share one commit, a slow batch
/// commits on its own (SQLite's write lock is never held much longer).
pub const ROUND_BUDGET: std::time::Duration = std::time::Duration::from_millis(20);

impl<'a> Runner<'a> {
    /// Claims up to `limit` due jobs and runs them to their end, in rounds
    /// that give each job its next batch in turn.
    pub async fn run_due(&self, limit: usize) -> Result<RunReport, AppError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // The first round claims its jobs in its own transaction.
        let (claimed, outcomes) = match self.round(Jobs::Claim(limit), false).await {
            Ok(first) => first,
            Err(_) => self.round(Jobs::Claim(limit), true).await?,
        };
        let mut report = RunReport {
            claimed: claimed.len(),
            ..RunReport::default()
        };
        let mut active: std::collections::VecDeque<ClaimedRow> = claimed.into();
        for end in self.settle(&mut active, outcomes) {
            report.count(end);
        }
        while !active.is_empty() {
            for end in self.run_round(&mut active).await? {
                report.count(end);
            }
        }
        Ok(report)
    }

    /// Claims up to `limit` due jobs for this runner.
    pub async fn claim(&self, limit: usize) -> Result<Vec<ClaimedRow>, AppError> {
        let now = self.cx.now_ms();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let claimed = self
            .cx
            .db
            .transaction(async |tx| {
                Ok(
                    repo::claim_due(tx, self.cx.db.backend, &self.id, now, now + LEASE_MS, limit)
                        .await?,
                )
            })
            .await?;
        Ok(claimed)
    }

    /// One round, in one transaction: the jobs at the front of `active`
    /// each run their next batch in turn (its effects and its progress
    /// together), until every job has had one or [`ROUND_BUDGET`] has
    /// passed. After the commit, a job with more to do goes to the back;
    /// the ones that ended are returned.
    ///
    /// A round first runs without savepoints (one statement a batch
    /// besides the step's own). If a batch fails, that round is rolled
    /// back whole and run again with each batch in a savepoint of its own,
    /// so only the failed batch is undone and its failure recorded. If the
    /// round cannot commit, none of it happened: the jobs stay claimed
    /// until their leases end and are taken again then.
    pub async fn run_round(
        &self,
        active: &mut std::collections::VecDeque<ClaimedRow>,
    ) -> Result<Vec<Ended>, AppError> {
        let queued: Vec<ClaimedRow> = active.iter().cloned().collect();
        let (_, outcomes) = match self.round(Jobs::Held(&queued), false).await {
            Ok(round) => round,
            Err(_) => self.round(Jobs::Held(&queued), true).await?,
        };
        Ok(self.settle(active, outcomes))
    }

    /// After a round's commit: tells of every job it ran, sends the ones
    /// with more to do to the back and returns how the others ended.
    fn settle(
        &self,
        active: &mut std::collections::VecDeque<ClaimedRow>,
        outcomes: Vec<Option<Ended>>,
    ) -> Vec<Ended> {
        let mut ended = Vec::new();
        for outcome in outcomes {
            let Some(job) = active.pop_front() else {
                break;
            };
            (self.changed)(&JobChange {
                job_id: job.id.clone(),
                organisation_id: job.organisation_id.clone(),
            });
            match outcome {
                Some(end) => ended.push(end),
                None => active.push_back(job),
            }
        }
        ended
    }

    /// The transaction of one round (see [`Runner::run_round`]), on the
    /// jobs it claims or on jobs claimed before; with `careful`, each batch
    /// in a savepoint. Returns the round's jobs and how far each got.
    async fn round(
        &self,
        jobs: Jobs<'_>,
        careful: bool,
    ) -> Result<(Vec<ClaimedRow>, Vec<Option<Ended>>), AppError> {
        let cx = self.cx;
        let now = cx.now_ms();
        let started = std::time::Instant::now();
        cx.db
            .transaction(async |tx| {
                let (queued, held) = match jobs {
                    Jobs::Claim(limit) => {
                        let backend = cx.db.backend;
                        let lease = now + LEASE_MS;
                        let claimed =
                            repo::claim_due(&mut *tx, backend, &self.id, now, lease, limit).await?;
                        let held = claimed.iter().map(repo::HeldRow::from).collect();
                        (claimed, held)
                    }
                    Jobs::Held(queued) => {
                        let ids: Vec<&JobId> = queued.iter().map(|job| &job.id).collect();
                        let held = repo::hold(&mut *tx, &ids, &self.id, now + LEASE_MS).await?;
                        (queued.to_vec(), held)
                    }
                };
                let mut outcomes = Vec::with_capacity(queued.len());
                for job in &queued {
                    let state = held.iter().find(|h| h.id == job.id);
                    outcomes.push(self.batch_in(tx, job, state, now, careful).await?);
                    if started.elapsed() >= ROUND_BUDGET {
                        break;
                    }
                }
                Ok((queued, outcomes))
            })
            .await
    }

    /// Runs one batch of one claimed job on its own (a round of one);
    /// `None` when there is more to do. An error of the database counts as
    /// a failed attempt that is tried again once the lease ends.
    pub async fn run_batch(&self, job: &ClaimedRow) -> Option<Ended> {
        let mut one = std::collections::VecDeque::from([job.clone()]);
        match self.run_round(&mut one).await {
            Ok(ended) => ended.first().copied(),
            Err(_) => Some(Ended::Retrying),
        }
    }

    /// Runs a claimed job batch by batch until it ends here.
    pub async fn run_claimed(&self, job: ClaimedRow) -> Ended {
        loop {
            if let Some(end) = self.run_batch(&job).await {
                return end;
            }
        }
    }

    /// The next batch of `job` inside the round's transaction (in a
    /// savepoint when `careful`); `None` when there is more to do. Without
    /// `careful`, a failed batch is an error that rolls the round back.
    async fn batch_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        held: Option<&repo::HeldRow>,
        now: i64,
        careful: bool,
    ) -> Result<Option<Ended>, AppError> {
        use sqlx::Connection;
        let Some(held) = held else {
            return Ok(Some(Ended::LostLease));
        };
        let Some(kind) = self.kinds.iter().find(|k| k.name == job.kind) else {
            let error = format!("Gatehouse does not know jobs of kind {:?}", job.kind);
            return self.give_up_in(tx, job, &error, now).await.map(Some);
        };
        if held.cancel_requested != 0 {
            let state = JobState::Cancelled.as_str();
            repo::finish(tx, &job.id, &self.id, state, None, now).await?;
            return Ok(Some(Ended::Cancelled));
        }
        let batch = Batch {
            id: job.id.clone(),
            organisation_id: job.organisation_id.clone(),
            requested_by: job.requested_by.clone(),
            payload: job.payload.clone(),
            done: held.progress_done,
            total: held.progress_total,
            detail: held.detail.clone(),
            now_ms: now,
        };
        let outcome = if careful {
            let mut savepoint = tx.begin().await?;
            let outcome = self
                .step_and_save(&mut savepoint, kind, job, &batch, now)
                .await;
            match outcome {
                Ok(_) => savepoint.commit().await?,
                // The batch's effects go; the failure is recorded below.
                Err(_) => savepoint.rollback().await?,
            }
            outcome
        } else {
            self.step_and_save(tx, kind, job, &batch, now).await
        };
        match outcome {
            Ok(end) => Ok(end),
            Err(BatchFailed::Database(error)) => Err(error),
            // Not careful: the round is rolled back and run again carefully.
            Err(BatchFailed::Step(_)) if !careful => {
                Err(AppError::Conflict("a batch failed".to_string()))
            }
            Err(BatchFailed::Step(JobError::Fail(message))) => {
                self.give_up_in(tx, job, &message, now).await.map(Some)
            }
            Err(BatchFailed::Step(JobError::Retry(message))) => {
                self.retry_in(tx, job, &message, now).await.map(Some)
            }
        }
    }

    /// The kind's step on one batch, then its progress.
    async fn step_and_save(
        &self,
        conn: &mut AnyConnection,
        kind: &JobKind,
        job: &ClaimedRow,
        batch: &Batch,
        now: i64,
    ) -> Result<Option<Ended>, BatchFailed> {
        let step = (kind.step)(self.cx, &mut *conn, batch)
            .await
            .map_err(BatchFailed::Step)?;
        let progress = repo::Progress {
            done: step.done,
            total: step.total,
            message: &step.message,
            detail: &step.detail,
        };
        repo::save_progress(conn, &job.id, &self.id, &progress, step.finished, now)
            .await
            .map_err(|e| BatchFailed::Database(e.into()))?;
        Ok(step.finished.then_some(Ended::Done))
    }

    /// A failed attempt: again after a growing wait, or failed for good
    /// once the kind's attempts are used up.
    async fn retry_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        error: &str,
        now: i64,
    ) -> Result<Ended, AppError> {
        let failed_attempts = job.attempts + 1;
        if failed_attempts >= job.max_attempts {
            return self.give_up_in(tx, job, error, now).await;
        }
        let run_at = now + doubling_delay_ms(FIRST_RETRY_MS, MAX_RETRY_MS, failed_attempts);
        Ok(
            if repo::retry_later(tx, &job.id, &self.id, error, run_at).await? {
                Ended::Retrying
            } else {
                Ended::LostLease
            },
        )
    }

    async fn give_up_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        error: &str,
        now: i64,
    ) -> Result<Ended, AppError> {
        repo::count_attempt(&mut *tx, &job.id, &self.id).await?;
        let failed = repo::finish(
            tx,
            &job.id,
            &self.id,
            JobState::Failed.as_str(),
            Some(error),
            now,
        )
        .await?;
        Ok(if failed {
            Ended::Failed
        } else {
            Ended::LostLease
        })
    }
}
