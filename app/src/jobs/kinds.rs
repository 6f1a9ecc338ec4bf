//! Every kind of job Gatehouse runs and every recurring schedule, declared
//! by the features that own the work. A kind a stored job names but this
//! list lacks fails that job with a clear error.

use super::housekeeping::{self, PURGE_LIMITS, PURGE_LINKS, REDACT_MESSAGES};
use super::service::{JobKind, Schedule};
use crate::patients::credentials::service::bulk::BULK_CREDENTIALS_JOB;
use crate::shifts::service::reminders::{self, SHIFT_REMINDERS};
use crate::staff::bulk::service::BULK_INVITE_JOB;

/// The job kinds the runner knows.
pub static KINDS: [JobKind; 6] = [
    BULK_INVITE_JOB,
    BULK_CREDENTIALS_JOB,
    PURGE_LIMITS,
    PURGE_LINKS,
    REDACT_MESSAGES,
    SHIFT_REMINDERS,
];

/// The recurring schedules the runner keeps.
pub static SCHEDULES: [Schedule; 4] = [
    housekeeping::SCHEDULES[0],
    housekeeping::SCHEDULES[1],
    housekeeping::SCHEDULES[2],
    reminders::SCHEDULES[0],
];
