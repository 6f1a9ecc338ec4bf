//! The job pages: an organisation's jobs, one job, the progress component
//! a feature page can show for its own job, and the live updates they
//! listen to.

mod job;
mod jobs_list;
mod live_updates;
mod progress;
mod routes;

pub use job::JobPage;
pub use jobs_list::JobsPage;
pub use live_updates::{JobChanges, LiveJobUpdates};
pub use progress::JobProgress;
pub use routes::JobsRoutes;

use crate::jobs::model::JobState;

/// The tag colour of a state.
pub(crate) fn state_colour(state: JobState) -> crate::components::TagColour {
    use crate::components::TagColour;
    match state {
        JobState::Queued => TagColour::Grey,
        JobState::Running => TagColour::Blue,
        JobState::Done => TagColour::Green,
        JobState::Failed => TagColour::Red,
        JobState::Cancelled => TagColour::Orange,
    }
}
