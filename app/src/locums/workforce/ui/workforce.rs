//! `/hubs/:id/workforce`: "Hub workforce" (ManageWorkforce: the hub's Hub
//! managers): the hub's locums with "Enable" / "Disable", its locations
//! and its documents, with who has read or signed each.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, Button, ButtonKind, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton,
    Radios, Table, TextInput, Textarea,
};
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::locums::hubs::ui::status_tag;
use crate::locums::model::{hub_document_href, HubStatus, Workforce, WorkforceMember};
use crate::locums::workforce::api::{
    hub_workforce, AddHubDocument, AddHubLocation, SetHubMemberEnabled,
};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "enabled" => Some("Locum enabled. They have been told and can now take the hub's shifts."),
        "disabled" => Some("Locum disabled. They have been told."),
        "location" => Some("Location added."),
        "document" => Some("Document added. The hub's locums see it in Hub management."),
        _ => None,
    }
}

/// `/hubs/:id/workforce`.
#[component]
pub fn HubWorkforcePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| hub_workforce(org));
    view! {
        <Title text="Hub workforce"/>
        <PageSkeleton data transition=true page=move |workforce: Workforce| {
            let (org, done) = args();
            view! { <Hub org workforce done/> }.into_any()
        }/>
    }
}

#[component]
fn Hub(org: OrgId, workforce: Workforce, done: String) -> impl IntoView {
    let toggle = ServerAction::<SetHubMemberEnabled>::new();
    let add_location = ServerAction::<AddHubLocation>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let to = if let Some(Ok(_)) = toggle.value().get() {
                toggle
                    .input()
                    .get_untracked()
                    .map(|i| if i.enabled { "enabled" } else { "disabled" })
                    .or(Some("enabled"))
            } else if let Some(Ok(())) = add_location.value().get() {
                Some("location")
            } else {
                None
            };
            if let Some(done) = to {
                navigate(
                    &format!("/hubs/{org}/workforce?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    // The document form is posted by the browser itself (a file upload):
    // a refused one comes back here with its error in the address.
    let upload_path = <AddHubDocument as server_fn::ServerFn>::PATH;
    let returned: Option<Result<(), AppError>> = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == upload_path)
        .map(|e| {
            Err(server_fn::error::ServerFnUrlError::<AppError>::decode_err(
                e.err(),
            ))
        });
    let upload = RwSignal::new(returned);
    let (t, l, u) = (
        form_errors(toggle.value(), "members"),
        form_errors(add_location.value(), "location_name"),
        form_errors(upload, "file"),
    );
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = FieldErrors::default();
        for errors in [t.get(), l.get(), u.get()] {
            all.0.extend(errors.0);
        }
        all
    }));
    let errors = form.errors;
    let message = done_message(&done);
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let members_empty = workforce.members.is_empty();
    let members = workforce
        .members
        .into_iter()
        .map(|m| member_row(&org, m, toggle))
        .collect_view();
    let locations_empty = workforce.locations.is_empty();
    let locations = workforce
        .locations
        .into_iter()
        .map(|l| {
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{l.name}</td>
                    <td class="nhsuk-table__cell">{l.address}</td>
                </tr>
            }
        })
        .collect_view();
    let documents_empty = workforce.documents.is_empty();
    let documents = workforce
        .documents
        .into_iter()
        .map(|d| {
            let href = hub_document_href(&org, &d.id);
            let done_by = if d.done_by.is_empty() {
                view! { "Nobody yet" }.into_any()
            } else {
                let people = d
                    .done_by
                    .into_iter()
                    .map(|a| {
                        let signed = a
                            .typed_name
                            .map(|n| format!(", signed as {n}"))
                            .unwrap_or_default();
                        view! { <li>{a.name}" ("{a.when}{signed}")"</li> }
                    })
                    .collect_view();
                view! { <ul class="nhsuk-list">{people}</ul> }.into_any()
            };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell"><a href=href>{d.title}</a></td>
                    <td class="nhsuk-table__cell">{d.action.label()}</td>
                    <td class="nhsuk-table__cell">{done_by}</td>
                </tr>
            }
        })
        .collect_view();
    let actions = vec![
        (
            "read".to_string(),
            "Read: locums mark it as read".to_string(),
        ),
        (
            "sign".to_string(),
            "Sign: locums type their name to sign it".to_string(),
        ),
    ];
    let file_error = form.field("file");
    let (org_loc, org_doc) = (org.to_string(), org.to_string());
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{workforce.hub_name}</span>
        <h1>"Hub workforce"</h1>
        <p class="nhsuk-body">"Locums who added this hub. Check their profile, then enable them: only enabled locums can take the hub's shifts."</p>
        {if members_empty {
            view! { <p class="nhsuk-body" id="members">"No locums have added this hub yet."</p> }.into_any()
        } else {
            view! {
                <Table caption="Locums" headings=vec!["Locum", "Profession", "Registration number", "Locations", "Status", "Change"]>
                    {members}
                </Table>
            }.into_any()
        }}
        <h2>"Hub locations"</h2>
        {if locations_empty {
            view! { <p class="nhsuk-body">"No locations yet. Locums choose from these where they wish to work."</p> }.into_any()
        } else {
            view! { <Table caption="Locations" headings=vec!["Name", "Address"]>{locations}</Table> }.into_any()
        }}
        <ActionForm action=add_location attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org_loc/>
            <TextInput id="location_name" label="Location name" autocomplete="off" error=form.field("location_name")/>
            <Textarea id="address" label="Address" rows=3 error=form.field("address")/>
            <Button kind=ButtonKind::Secondary disabled=add_location.pending()>"Add a location"</Button>
        </ActionForm>
        <h2>"Hub documents"</h2>
        {if documents_empty {
            view! { <p class="nhsuk-body">"No documents yet."</p> }.into_any()
        } else {
            view! { <Table caption="Documents" headings=vec!["Document", "Locums", "Read or signed by"]>{documents}</Table> }.into_any()
        }}
        <form method="post" action=upload_path enctype="multipart/form-data" novalidate>
            <input type="hidden" name="organisation_id" value=org_doc/>
            <TextInput id="title" label="Document title" autocomplete="off" error=form.field("title")/>
            <Radios id="action" name="action" legend="What locums do with it" options=actions error=form.field("action")/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || file_error.get().is_some()>
                <label class="nhsuk-label" for="file">"Document"</label>
                <div class="nhsuk-hint" id="file-hint">"A PDF or Word document (.docx) of 5 MB or less"</div>
                {move || file_error.get().map(|e| view! {
                    <span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                })}
                <input class="nhsuk-file-upload" id="file" name="file" type="file"
                    accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    aria-describedby=move || if file_error.get().is_some() { "file-hint file-error" } else { "file-hint" }/>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Add a document"</button>
        </form>
    }
}

fn member_row(
    org: &OrgId,
    m: WorkforceMember,
    toggle: ServerAction<SetHubMemberEnabled>,
) -> impl IntoView {
    let enable = m.status != HubStatus::Enabled;
    let (text, kind) = if enable {
        ("Enable", "nhsuk-button nhsuk-u-margin-bottom-0")
    } else {
        (
            "Disable",
            "nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0",
        )
    };
    let label = format!("{text} {}", m.name);
    let org = org.to_string();
    let locations = if m.locations.is_empty() {
        "None chosen".to_string()
    } else {
        m.locations.join(", ")
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><strong>{m.name}</strong><br/>{m.email}<br/>{m.mobile}</td>
            <td class="nhsuk-table__cell">{m.profession}</td>
            <td class="nhsuk-table__cell">{m.registration_number}</td>
            <td class="nhsuk-table__cell">{locations}</td>
            <td class="nhsuk-table__cell">{status_tag(m.status)}</td>
            <td class="nhsuk-table__cell">
                <ActionForm action=toggle>
                    <input type="hidden" name="organisation_id" value=org/>
                    <input type="hidden" name="user_id" value=m.user_id.to_string()/>
                    <input type="hidden" name="enabled" value=if enable { "true" } else { "false" }/>
                    <button class=kind type="submit" data-module="nhsuk-button" aria-label=label disabled=move || toggle.pending().get()>{text}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
