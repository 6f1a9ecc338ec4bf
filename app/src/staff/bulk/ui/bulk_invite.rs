//! `/practices/:id/staff/bulk`: invite staff from a CSV file.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{
    use_form_errors, BackLink, Button, ButtonKind, ErrorSummary, Panel, Table, Tag, TagColour,
};
use crate::staff::bulk::api::*;
use crate::staff::bulk::model::*;

/// `/practices/:id/staff/bulk`: invite staff from a CSV file.
#[component]
pub fn BulkInvitePage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let text = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewBulkInvites>::new();
    let form = use_form_errors(preview.value(), "file");
    let errors = form.errors;
    let progress: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let results: RwSignal<Vec<BulkResult>> = RwSignal::new(Vec::new());
    let failure: RwSignal<Option<String>> = RwSignal::new(None);

    let on_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        results.set(Vec::new());
        progress.set(None);
        failure.set(None);
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

    let send_all = move |_| {
        let Some(Ok(checked)) = preview.value().get_untracked() else {
            return;
        };
        let lines: Vec<usize> = checked
            .rows
            .iter()
            .filter(|r| r.error.is_none())
            .map(|r| r.line)
            .collect();
        let total = lines.len();
        progress.set(Some((0, total)));
        let organisation_id = org();
        let content = text.get_untracked();
        leptos::task::spawn_local(async move {
            let mut done = 0;
            for batch in lines.chunks(BULK_BATCH_SIZE) {
                let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
                    continue;
                };
                match send_bulk_invites(organisation_id.clone(), content.clone(), *first, *last)
                    .await
                {
                    Ok(mut sent) => {
                        done += batch.len();
                        results.update(|r| r.append(&mut sent));
                        progress.set(Some((done, total)));
                    }
                    Err(error) => {
                        failure.set(Some(format!(
                            "Sending stopped after {done} of {total} rows: {error}"
                        )));
                        return;
                    }
                }
            }
        });
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
                        <button class="nhsuk-button" type="button" id="send-bulk" on:click=send_all disabled=move || progress.get().is_some()>
                            {format!("Send {ready} invites")}
                        </button>
                    }.into_any()
                }}
            }
        })}
        {move || progress.get().map(|(done, total)| view! {
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="bulk-progress">{format!("Sent {done} of {total}")}</label>
                <progress id="bulk-progress" max=total value=done>{format!("{done} of {total}")}</progress>
            </div>
        })}
        {move || failure.get().map(|message| view! { <p class="nhsuk-error-message">{message}</p> })}
        {move || {
            let finished = progress.get().is_some_and(|(done, total)| done == total);
            finished.then(|| {
                let list = results.get();
                let sent = list.iter().filter(|r| r.error.is_none()).count();
                // Rows the check refused were never sent; rows the server
                // refused while sending (say, invited meanwhile) were not
                // either. Both are listed, in file order.
                let mut skipped: Vec<(usize, String, String)> = preview
                    .value()
                    .get_untracked()
                    .and_then(Result::ok)
                    .map(|checked| checked.rows)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| r.error.map(|e| (r.line, r.email, e)))
                    .collect();
                skipped.extend(
                    list.into_iter()
                        .filter_map(|r| r.error.map(|e| (r.line, r.email, e))),
                );
                skipped.sort_by_key(|(line, _, _)| *line);
                view! {
                    <Panel title="Invites sent">{format!("{sent} invites sent.")}</Panel>
                    {(!skipped.is_empty()).then(|| view! {
                        <h2>"Rows not sent"</h2>
                        <ul class="nhsuk-list nhsuk-list--bullet">
                            {skipped.into_iter().map(|(line, email, error)| {
                                let who = if email.is_empty() { String::new() } else { format!(" ({email})") };
                                view! { <li>{format!("Row {line}{who}: {error}")}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                    <p class="nhsuk-body"><a href=format!("/practices/{}/staff?done=bulk", org())>"Back to Manage staff and inboxes"</a></p>
                }
            })
        }}
    }
}

/// Rows per call when sending a bulk file (the server takes at most 50).
const BULK_BATCH_SIZE: usize = 50;
