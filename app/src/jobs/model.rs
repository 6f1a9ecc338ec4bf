//! Types of background jobs shared with the browser: a job's state and what
//! the jobs page and a job's page show.

use serde::{Deserialize, Serialize};

use crate::ids::{JobId, OrgId};

/// Where a job is in its life. Stored as `as_str`, shown as `label`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 5] = [
        JobState::Queued,
        JobState::Running,
        JobState::Done,
        JobState::Failed,
        JobState::Cancelled,
    ];

    /// The name stored in `jobs.state`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    /// What people see: "Queued", "Running", "Done", "Failed", "Cancelled".
    pub fn label(self) -> &'static str {
        match self {
            JobState::Queued => "Queued",
            JobState::Running => "Running",
            JobState::Done => "Done",
            JobState::Failed => "Failed",
            JobState::Cancelled => "Cancelled",
        }
    }

    /// Whether the job will do nothing more.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Done | JobState::Failed | JobState::Cancelled
        )
    }
}

/// One job as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: JobId,
    /// What it does ("Bulk staff invite").
    pub label: String,
    /// Who asked, or "Gatehouse (scheduled)".
    pub requested_by: String,
    pub organisation_id: Option<OrgId>,
    pub state: JobState,
    pub done: i64,
    pub total: i64,
    /// The job's own words on its progress ("Sent 50 of 200 invites").
    pub message: String,
    /// Why it failed, or why its last attempt failed (then it is queued
    /// to try again at `retry_at`).
    pub error: Option<String>,
    pub retry_at: Option<String>,
    pub created: String,
    pub finished: Option<String>,
    /// "Cancel" was pressed while it was running: it stops after its
    /// current batch.
    pub cancelling: bool,
    /// Whether the viewer may press "Cancel" now.
    pub can_cancel: bool,
    /// The heading of `detail` on the job's page ("Rows not sent").
    pub detail_heading: String,
    /// The job's list of things it could not do, one line each.
    pub detail: Vec<String>,
    /// A page of what the job made: (address, link words).
    pub result: Option<(String, String)>,
}

impl JobView {
    /// Whole percent done, for the progress bar's words.
    pub fn percent(&self) -> i64 {
        if self.total <= 0 {
            if self.state == JobState::Done {
                100
            } else {
                0
            }
        } else {
            (self.done.clamp(0, self.total) * 100) / self.total
        }
    }
}

/// The jobs page of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsPage {
    pub organisation_id: OrgId,
    pub organisation_name: String,
    /// Newest first, at most [`JOBS_SHOWN`].
    pub jobs: Vec<JobView>,
}

/// How many jobs the jobs page lists.
pub const JOBS_SHOWN: i64 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_is_stored_and_read_back_under_one_name() {
        for state in JobState::ALL {
            assert_eq!(JobState::parse(state.as_str()), Some(state));
        }
        assert_eq!(JobState::parse("paused"), None);
    }
}
