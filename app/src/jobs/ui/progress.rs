//! The progress of one job: its state, a progress bar and its own words.
//! The job page shows it; a feature page can show it for its own job.

use leptos::prelude::*;

use super::state_colour;
use crate::components::Tag;
use crate::jobs::model::{JobState, JobView};

/// A job's state tag, progress bar ("50 of 200") and message; the error of
/// a failed job, or of a last attempt that will be tried again. The words
/// are a polite live region, so a screen reader hears the progress.
#[component]
pub fn JobProgress(job: JobView) -> impl IntoView {
    let percent = job.percent();
    let bar_id = format!("job-progress-{}", job.id);
    let words = if job.total > 0 {
        format!("{} of {} ({percent}%)", job.done, job.total)
    } else if job.state == JobState::Done {
        format!("{} done", job.done)
    } else {
        "Not started".to_string()
    };
    let state_text = if job.cancelling {
        "Cancelling".to_string()
    } else {
        job.state.label().to_string()
    };
    let colour = state_colour(job.state);
    let failed = job.state == JobState::Failed;
    view! {
        <div class="gh-job-progress">
            <p class="nhsuk-body nhsuk-u-margin-bottom-2"><Tag text=state_text colour/></p>
            <div class="nhsuk-form-group nhsuk-u-margin-bottom-2">
                <label class="nhsuk-label" for=bar_id.clone()>{words.clone()}</label>
                <progress id=bar_id max=job.total.max(1) value=job.done.min(job.total.max(1))>{words}</progress>
            </div>
            <p class="nhsuk-body" role="status" aria-live="polite">{job.message.clone()}</p>
            {job.error.clone().map(|error| {
                let text = match (&job.retry_at, failed) {
                    (Some(at), _) => format!("The last attempt failed: {error}. Gatehouse will try again at {at}."),
                    (None, true) => format!("It failed: {error}"),
                    (None, false) => format!("An attempt failed: {error}"),
                };
                view! { <p class="nhsuk-error-message">{text}</p> }
            })}
        </div>
    }
}
