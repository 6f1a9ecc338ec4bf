//! `/practices/:id/staff/bulk`: invite staff from a CSV file.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{
    use_form_errors, BackLink, Button, ButtonKind, ErrorSummary, Table, Tag, TagColour,
};
use crate::staff::bulk::api::*;

/// `/practices/:id/staff/bulk`: invite staff from a CSV file.
#[component]
pub fn BulkInvitePage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let text = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewBulkInvites>::new();
    let form = use_form_errors(preview.value(), "file");
    let errors = form.errors;

    let on_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let file = document()
                .get_element_by_id("file")
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let organisation_id = org();
            leptos::task::spawn_local(async move {
                let content = match file {
                    Some(file) => wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default(),
                    None => String::new(),
                };
                text.set(content.clone());
                preview.dispatch(PreviewBulkInvites {
                    organisation_id,
                    text: content,
                });
            });
        }
    };

    // "Send N invites" starts a background job and opens its page, where
    // the progress shows live; the sending goes on if the tab is closed.
    let start = ServerAction::<StartBulkInvite>::new();
    let send_all = move |_| {
        let Some(Ok(checked)) = preview.value().get_untracked() else {
            return;
        };
        start.dispatch(StartBulkInvite {
            organisation_id: org(),
            text: text.get_untracked(),
            submission: checked.submission,
        });
    };
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(job)) = start.value().get() {
            navigate(
                &format!("/organisations/{}/jobs/{job}", org()),
                Default::default(),
            );
        }
    });
    let failure = move || {
        start
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    };

    view! {
        <Title text="Invite staff in bulk"/>
        <BackLink href=format!("/practices/{}/staff", org()) text="Back to Manage staff and inboxes"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Invite staff in bulk"</h1>
                <p class="nhsuk-body">"Upload a CSV file whose first row is the column names " <code>"email,role,EMIS username"</code> ", then one row per person, up to 1,000 rows. You will see every row checked before anything is sent."</p>
                <p class="nhsuk-body" id="bulk-roles">{format!("Each role must be one of: {}. Leave the EMIS username empty if the practice does not use EMIS Web.", crate::org::model::Role::practice_labels())}</p>
                <p class="nhsuk-body"><a href="/bulk-invite-template.csv" download="bulk-invite-template.csv">"Download a template CSV file"</a></p>
                <p class="nhsuk-body">"Sending goes on in the background, even if you close this page. Follow it on "<a href=format!("/organisations/{}/jobs", org())>"the practice's jobs"</a>"."</p>
                <form on:submit=on_preview novalidate=true>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || errors.get().for_field("file").is_some()>
                        <label class="nhsuk-label" for="file">"CSV file"</label>
                        {move || errors.get().for_field("file").map(|message| view! {
                            <span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{message}</span>
                        })}
                        <input class="nhsuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv"/>
                    </div>
                    <Button kind=ButtonKind::Secondary disabled=preview.pending()>"Check file"</Button>
                </form>
            </div>
        </div>
        {move || preview.value().get().and_then(Result::ok).map(|checked| {
            let ready = checked.ready;
            let over = i64::try_from(ready).unwrap_or(i64::MAX) > checked.allowance;
            let rows = checked.rows.into_iter().map(|row| {
                let (text, colour) = match &row.error {
                    None => ("Ready".to_string(), TagColour::Green),
                    Some(e) => (e.clone(), TagColour::Red),
                };
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{row.line}</td>
                        <td class="nhsuk-table__cell">{row.email}</td>
                        <td class="nhsuk-table__cell">{row.role}</td>
                        <td class="nhsuk-table__cell">{row.emis_username}</td>
                        <td class="nhsuk-table__cell"><Tag text colour/></td>
                    </tr>
                }
            }).collect_view();
            view! {
                <Table caption=format!("{ready} rows ready to send") headings=vec!["Row", "Email address", "Role", "EMIS username", "Check"]>{rows}</Table>
                {if over {
                    view! { <p class="nhsuk-body">{format!("This practice can send {} more invites this hour. Remove rows or try again later.", checked.allowance)}</p> }.into_any()
                } else if ready == 0 {
                    view! { <p class="nhsuk-body">"No rows can be sent. Correct the file and check it again."</p> }.into_any()
                } else {
                    view! {
                        <button class="nhsuk-button" type="button" id="send-bulk" on:click=send_all disabled=move || start.pending().get() || start.value().get().is_some_and(|r| r.is_ok())>
                            {format!("Send {ready} invites")}
                        </button>
                    }.into_any()
                }}
            }
        })}
        {move || failure().map(|message| view! { <p class="nhsuk-error-message">{message}</p> })}
    }
}
