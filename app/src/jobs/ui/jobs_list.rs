//! `/organisations/:id/jobs`: the organisation's background jobs.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{state_colour, JobChanges};
use crate::components::{PageSkeleton, Table, Tag};
use crate::ids::OrgId;
use crate::jobs::api::organisation_jobs;

/// `/organisations/:id/jobs`: who started what, its state and progress,
/// newest first; live while open.
#[component]
pub fn JobsPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let changes = expect_context::<JobChanges>();
    changes.listen_while_shown(org());
    let version = changes.version;
    let data = Resource::new(
        move || (org(), version.get()),
        |(organisation_id, _)| organisation_jobs(organisation_id),
    );
    view! {
        <Title text="Jobs"/>
        <h1>"Jobs"</h1>
        <PageSkeleton data transition=true page=move |page| {
            let organisation_id = page.organisation_id.clone();
            if page.jobs.is_empty() {
                return view! {
                    <p class="nhsuk-body">{format!("{} has no jobs yet. Jobs appear here when someone starts one, such as a bulk staff invite.", page.organisation_name)}</p>
                }.into_any();
            }
            let rows = page.jobs.into_iter().map(|job| {
                let href = format!("/organisations/{}/jobs/{}", organisation_id, job.id);
                let state = if job.cancelling { "Cancelling".to_string() } else { job.state.label().to_string() };
                let colour = state_colour(job.state);
                let progress = if job.total > 0 {
                    format!("{} of {}", job.done, job.total)
                } else {
                    job.message.clone()
                };
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell"><a href=href>{job.label.clone()}</a></td>
                        <td class="nhsuk-table__cell">{job.requested_by.clone()}</td>
                        <td class="nhsuk-table__cell">{job.created.clone()}</td>
                        <td class="nhsuk-table__cell"><Tag text=state colour/></td>
                        <td class="nhsuk-table__cell">
                            <progress max=job.total.max(1) value=job.done.min(job.total.max(1)) aria-label=format!("Progress of {}", job.label)>{progress.clone()}</progress>
                            " " {progress}
                        </td>
                    </tr>
                }
            }).collect_view();
            view! {
                <p class="nhsuk-body">"Work Gatehouse does in the background, such as sending a bulk staff invite. It goes on when you close the page."</p>
                <Table caption=format!("Jobs of {}", page.organisation_name) headings=vec!["Job", "Started by", "Started", "State", "Progress"]>
                    {rows}
                </Table>
            }.into_any()
        }/>
    }
}
