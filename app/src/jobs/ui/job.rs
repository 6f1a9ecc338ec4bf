//! `/organisations/:id/jobs/:job`: one job, live.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{JobChanges, JobProgress};
use crate::components::{BackLink, NotificationBanner, PageSkeleton};
use crate::ids::{JobId, OrgId};
use crate::jobs::api::{organisation_job, CancelJob};
use crate::jobs::model::JobState;

/// `/organisations/:id/jobs/:job`: what the job does, who started it, its
/// progress (live), what it could not do, and "Cancel" while it runs.
#[component]
pub fn JobPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let job_id = move || JobId::new(params.read().get("job").unwrap_or_default());
    let changes = expect_context::<JobChanges>();
    changes.listen_while_shown(org());
    let version = changes.version;
    let cancel = ServerAction::<CancelJob>::new();
    let data = Resource::new(
        move || (org(), job_id(), version.get(), cancel.version().get()),
        |(organisation_id, job_id, _, _)| organisation_job(organisation_id, job_id),
    );
    let cancelled = move || {
        use_query_map().with(|q| q.get("cancelled").is_some())
            || cancel.value().get().is_some_and(|r| r.is_ok())
    };
    let cancel_error = move || cancel.value().get().and_then(Result::err);
    let confirming =
        move || use_query_map().with(|q| q.get("confirm").as_deref() == Some("cancel"));
    view! {
        <Title text="Job"/>
        <BackLink href=format!("/organisations/{}/jobs", org()) text="Back to jobs"/>
        <Show when=cancelled>
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">"Cancel requested. A running job stops after the batch it is doing."</p>
            </NotificationBanner>
        </Show>
        {move || cancel_error().map(|error| view! { <p class="nhsuk-error-message">{error.to_string()}</p> })}
        <PageSkeleton data transition=true page=move |job| {
            let heading = job.detail_heading.clone();
            let detail = job.detail.clone();
            let finished_line = job.finished.clone().map(|at| format!("Finished {at}."));
            let can_cancel = job.can_cancel;
            let organisation_id = org();
            let id = job.id.clone();
            let summary = match job.state {
                JobState::Done if detail.is_empty() => Some("Everything was done.".to_string()),
                JobState::Done => Some(format!("Done, except for {} listed below.", detail.len())),
                _ => None,
            };
            view! {
                <h1>{job.label.clone()}</h1>
                <p class="nhsuk-body">{format!("Started by {} on {}.", job.requested_by, job.created)}</p>
                <JobProgress job=job.clone()/>
                {finished_line.map(|line| view! { <p class="nhsuk-body">{line}</p> })}
                {summary.map(|line| view! { <p class="nhsuk-body">{line}</p> })}
                {job.result.clone().map(|(href, text)| view! {
                    <p class="nhsuk-body"><a href=href>{text}</a></p>
                })}
                // "Cancel" asks first: `?confirm=cancel` shows the question
                // (a plain link, so it works without WebAssembly too).
                {can_cancel.then(|| {
                    let page_path = format!("/organisations/{}/jobs/{}", organisation_id, id);
                    let ask_href = format!("{page_path}?confirm=cancel#cancel-question");
                    move || if confirming() {
                        let (organisation_id, id, page_path) =
                            (organisation_id.clone(), id.clone(), page_path.clone());
                        view! {
                            <div class="nhsuk-warning-callout" id="cancel-question" tabindex="-1">
                                <h2 class="nhsuk-warning-callout__label">
                                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Cancel this job?"</span>
                                </h2>
                                <p class="nhsuk-body">"A queued job will not start. A running job stops after the batch it is doing; what it has done stays done."</p>
                                <ActionForm action=cancel attr:novalidate=true>
                                    <input type="hidden" name="organisation_id" value=organisation_id.to_string()/>
                                    <input type="hidden" name="job_id" value=id.to_string()/>
                                    <button class="nhsuk-button nhsuk-button--warning" type="submit" disabled=move || cancel.pending().get()>"Yes, cancel the job"</button>
                                </ActionForm>
                                <p class="nhsuk-body"><a href=page_path>"No, let it run"</a></p>
                            </div>
                        }.into_any()
                    } else {
                        view! { <a class="nhsuk-button nhsuk-button--warning" href=ask_href.clone() role="button" draggable="false">"Cancel"</a> }.into_any()
                    }
                })}
                {(!detail.is_empty()).then(|| view! {
                    <h2>{heading}</h2>
                    <ul class="nhsuk-list nhsuk-list--bullet">
                        {detail.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                })}
            }
        }/>
    }
}
