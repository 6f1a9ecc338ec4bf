//! `/practices/:id/staff`: "Manage staff and inboxes", with its tabs and
//! the invite form.

use crate::ids::{InvitationId, OrgId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::role_options;
use crate::components::{
    field_value, use_form_errors, Button, ErrorSummary, NotificationBanner, PageSkeleton, Select,
    TabItem, Table, Tabs, Tag, TagColour, TextInput,
};
use crate::error::AppError;
use crate::requests::group_inboxes::ui::{group_inboxes_resource, GroupInboxesPanel};
use crate::staff::api::*;
use crate::staff::invitations::api::*;
use crate::staff::invitations::model::*;
use crate::staff::members::model::*;
use crate::staff::model::*;

/// Copies `text` to the clipboard; `copied` becomes whether it worked (the
/// page always shows the text too, for browsers without a clipboard).
fn copy_to_clipboard(text: String, copied: RwSignal<Option<bool>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let navigator = window().navigator();
        let has_clipboard =
            js_sys::Reflect::has(navigator.as_ref(), &"clipboard".into()).unwrap_or(false);
        let ok = if has_clipboard {
            let promise = navigator.clipboard().write_text(&text);
            wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
        } else {
            false
        };
        copied.set(Some(ok));
    });
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        copied.set(Some(false));
    }
}

/// A link the admin asked for, in a read-only box they can copy from.
#[component]
fn CopiedLink(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    link: String,
    copied: RwSignal<Option<bool>>,
) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <p class="nhsuk-body" role="status">
                {move || match copied.get() {
                    Some(true) => "The link has been copied. Paste it into a message to the person. It works once.",
                    _ => "Copy the link below and paste it into a message to the person. It works once.",
                }}
            </p>
            <div class="nhsuk-form-group nhsuk-u-margin-bottom-0">
                <label class="nhsuk-label" for=id.clone()>{label}</label>
                <input class="nhsuk-input" id=id type="text" readonly=true value=link/>
            </div>
        </div>
    }
}

/// `/practices/:id/staff`: "Manage staff and inboxes".
/// What the invite form needs from the page's data.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct InviteFormInfo {
    organisation_id: OrgId,
    is_emis: bool,
    domains: String,
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let banner: RwSignal<Option<String>> =
        RwSignal::new(query.with_untracked(|q| q.get("done")).map(|done| {
            match done.as_str() {
                "role" => "Role changed.",
                "emis" => "EMIS username saved.",
                "disabled" => "Role disabled. It gives no access until it is enabled again.",
                "enabled" => "Role enabled.",
                "removed" => "Role removed.",
                "practice" => "Practice details saved.",
                "registered" => "Practice registered and its practice admin invited.",
                "bulk" => "Bulk invite finished. The invites are listed below.",
                _ => "Saved.",
            }
            .to_string()
        }));
    let tables = Resource::new(move || (org(), version.get()), |(org, _)| list_staff(org));
    let inbox_version = RwSignal::new(0u32);
    let inboxes = group_inboxes_resource(org, inbox_version);
    // Only what the invite form needs is kept (and sent with the page);
    // the staff lists come with `tables`.
    let form_info = Resource::new(org, |org| async move {
        list_staff(org).await.map(|overview| InviteFormInfo {
            is_emis: overview.clinical_system == ClinicalSystem::EmisWeb,
            organisation_id: overview.organisation_id,
            domains: overview.allowed_domains,
        })
    });
    let prefill_email = query.with_untracked(|q| q.get("email")).unwrap_or_default();
    let prefill_role = query.with_untracked(|q| q.get("role")).unwrap_or_default();

    view! {
        <Title text="Manage staff and inboxes"/>
        {move || banner.get().map(|message| view! {
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">{message}</p>
            </NotificationBanner>
        })}
        <PageSkeleton data=tables transition=true page=move |overview| view! { <StaffTables overview version banner inboxes inbox_version/> }.into_any()/>
        <Suspense fallback=|| ()>
            {move || {
                let prefill_email = prefill_email.clone();
                let prefill_role = prefill_role.clone();
                Suspend::new(async move {
                    match form_info.await {
                        Ok(info) => view! {
                            <InviteForm
                                organisation_id=info.organisation_id
                                is_emis=info.is_emis
                                domains=info.domains
                                prefill_email
                                prefill_role
                                version
                                banner
                            />
                        }
                        .into_any(),
                        Err(_) => ().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn StaffTables(
    overview: StaffOverview,
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
    inboxes: Resource<Result<crate::requests::group_inboxes::model::GroupInboxesTab, AppError>>,
    inbox_version: RwSignal<u32>,
) -> impl IntoView {
    let org = overview.organisation_id.clone();
    let is_emis = overview.clinical_system == ClinicalSystem::EmisWeb;
    let registered = overview.registered.clone();
    let invited = overview.invited.clone();
    let org_for_registered = org.clone();
    let org_for_invited = org.clone();
    let org_for_inboxes = org.clone();
    let tabs = vec![
        TabItem {
            id: "registered-staff",
            label: "Registered staff",
            content: ViewFn::from(move || {
                view! {
                    <RegisteredStaff organisation_id=org_for_registered.clone() rows=registered.clone() is_emis/>
                }
            }),
        },
        TabItem {
            id: "invited-staff",
            label: "Invited staff",
            content: ViewFn::from(move || {
                view! {
                    <InvitedStaffTable organisation_id=org_for_invited.clone() rows=invited.clone() version banner/>
                }
            }),
        },
        TabItem {
            id: "group-inboxes",
            label: "Group inboxes",
            content: ViewFn::from(move || {
                view! { <GroupInboxesPanel organisation_id=org_for_inboxes.clone() tab=inboxes version=inbox_version/> }
            }),
        },
    ];
    view! {
        <span class="nhsuk-caption-l">{overview.organisation_name.clone()}</span>
        <h1>"Manage staff and inboxes"</h1>
        <p class="nhsuk-body">
            <a href=format!("/practices/{org}/details")>"Practice details"</a>
            {is_emis.then(|| view! {
                " · "
                <a href=format!("/practices/{org}/feature-settings")>"Feature settings"</a>
            })}
            " · "
            <a href=format!("/practices/{org}/staff/bulk")>"Invite staff in bulk from a CSV file"</a>
            " · "
            <a href=format!("/organisations/{org}/jobs")>"Jobs"</a>
            " · "
            <a href=format!("/practices/{org}/letter-templates")>"Letter Templates"</a>
        </p>
        <Tabs title="Staff and inboxes" tabs/>
    }
}

#[component]
fn RegisteredStaff(organisation_id: OrgId, rows: Vec<StaffMember>, is_emis: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <h2>"Registered staff"</h2>
            <p class="nhsuk-body">"Nobody has registered yet. Invite staff with the form below."</p>
        }
        .into_any();
    }
    let mut headings = vec!["Name", "Email address", "Role"];
    if is_emis {
        headings.push("EMIS username");
    }
    headings.extend(["Status", "Action"]);
    let body = rows
        .into_iter()
        .map(|m| {
            let (status, colour) = if m.active {
                ("Active", TagColour::Green)
            } else {
                ("Disabled", TagColour::Grey)
            };
            let change = format!("/practices/{organisation_id}/staff/{}", m.membership_id);
            let hidden = format!(" {} ({})", m.name, m.role_label);
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{m.name}</td>
                    <td class="nhsuk-table__cell">{m.email}</td>
                    <td class="nhsuk-table__cell">{m.role_label}</td>
                    {is_emis.then(|| view! {
                        <td class="nhsuk-table__cell">{m.emis_username.unwrap_or_else(|| "Not given".to_string())}</td>
                    })}
                    <td class="nhsuk-table__cell"><Tag text=status colour/></td>
                    <td class="nhsuk-table__cell">
                        <a href=change>"Change"<span class="nhsuk-u-visually-hidden">{hidden}</span></a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table caption="Registered staff" headings>{body}</Table>
    }
    .into_any()
}

/// The paperclip of "Copy new link" (decorative: the button has a name).
fn paperclip() -> impl IntoView {
    view! {
        <svg class="gh-icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
            <path fill="currentColor" d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"/>
        </svg>
    }
}

#[component]
fn InvitedStaffTable(
    organisation_id: OrgId,
    rows: Vec<InvitedStaff>,
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
) -> impl IntoView {
    let resend = ServerAction::<ResendInvite>::new();
    let renew = ServerAction::<RenewInviteLink>::new();
    let revoke = ServerAction::<RevokeInvite>::new();
    let renewed_for: RwSignal<String> = RwSignal::new(String::new());
    let copied = RwSignal::new(None::<bool>);
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    // "Revoke" asks first: (invite, who) while the question is shown.
    let asking: RwSignal<Option<(InvitationId, String)>> = RwSignal::new(None);
    Effect::new(move |_| {
        if asking.get().is_some() {
            crate::components::focus_when_drawn("revoke-question");
        }
    });

    Effect::new(move |_| match resend.value().get() {
        Some(Ok(email)) => {
            problem.set(None);
            banner.set(Some(format!(
                "Invite sent again to {email}. Earlier links no longer work."
            )));
            version.update(|v| *v += 1);
        }
        Some(Err(error)) => problem.set(Some(error.to_string())),
        None => {}
    });
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(email)) => {
            problem.set(None);
            asking.set(None);
            banner.set(Some(format!(
                "Invite to {email} revoked. Its links no longer work."
            )));
            version.update(|v| *v += 1);
        }
        Some(Err(error)) => problem.set(Some(error.to_string())),
        None => {}
    });
    Effect::new(move |_| match renew.value().get() {
        Some(Ok(link)) => {
            problem.set(None);
            copy_to_clipboard(link, copied);
        }
        Some(Err(error)) => problem.set(Some(error.to_string())),
        None => {}
    });

    let body = if rows.is_empty() {
        None
    } else {
        Some(
            rows.into_iter()
                .map(|invite| {
                    let colour = match invite.status {
                        InviteStatus::Pending => TagColour::Blue,
                        InviteStatus::Expired => TagColour::Orange,
                        InviteStatus::Accepted => TagColour::Green,
                        InviteStatus::Revoked => TagColour::Grey,
                    };
                    let who = format!("{} ({})", invite.email, invite.role_label);
                    let active = invite.status.can_be_resent();
                    let org = organisation_id.clone();
                    let id = invite.invite_id.clone();
                    let actions = active.then(|| {
                        let (org1, id1, org2, id2, id3) =
                            (org.clone(), id.clone(), org.clone(), id.clone(), id);
                        let who_for_revoke = who.clone();
                        let who_for_renew = who.clone();
                        view! {
                            <td class="nhsuk-table__cell">
                                <button class="gh-icon-button" type="button"
                                    aria-label=format!("Copy new link for {who}")
                                    on:click=move |_| {
                                        renewed_for.set(who_for_renew.clone());
                                        copied.set(None);
                                        renew.dispatch(RenewInviteLink { organisation_id: org2.clone(), invite_id: id2.clone() });
                                    }
                                >{paperclip()}</button>
                            </td>
                            <td class="nhsuk-table__cell">
                                <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-2" type="button"
                                    on:click=move |_| { resend.dispatch(ResendInvite { organisation_id: org1.clone(), invite_id: id1.clone() }); }
                                >"Resend"<span class="nhsuk-u-visually-hidden">{format!(" to {who}")}</span></button>
                                " "
                                <button class="nhsuk-button nhsuk-button--warning nhsuk-button--small nhsuk-u-margin-bottom-0" type="button"
                                    on:click=move |_| asking.set(Some((id3.clone(), who_for_revoke.clone())))
                                >"Revoke"<span class="nhsuk-u-visually-hidden">{format!(" invite to {who}")}</span></button>
                            </td>
                        }
                    });
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{invite.email}</td>
                            <td class="nhsuk-table__cell">{invite.role_label}</td>
                            <td class="nhsuk-table__cell">{invite.invited_by}</td>
                            <td class="nhsuk-table__cell">{invite.sent}</td>
                            <td class="nhsuk-table__cell">{invite.expires}</td>
                            <td class="nhsuk-table__cell"><Tag text=invite.status.label() colour/></td>
                            {match actions {
                                Some(cells) => cells.into_any(),
                                None => view! {
                                    <td class="nhsuk-table__cell"></td>
                                    <td class="nhsuk-table__cell"></td>
                                }
                                .into_any(),
                            }}
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    let org_for_revoke = organisation_id.clone();
    view! {
        {move || asking.get().map(|(invite_id, who)| {
            let organisation_id = org_for_revoke.clone();
            view! {
                <div class="nhsuk-warning-callout" id="revoke-question" tabindex="-1">
                    <h3 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>{format!("Revoke the invite to {who}?")}</span>
                    </h3>
                    <p class="nhsuk-body">"Its links stop working at once. You can invite them again later."</p>
                    <div class="nhsuk-button-group">
                        <button class="nhsuk-button nhsuk-button--warning" type="button" disabled=move || revoke.pending().get()
                            on:click=move |_| { revoke.dispatch(RevokeInvite { organisation_id: organisation_id.clone(), invite_id: invite_id.clone() }); }
                        >"Yes, revoke the invite"</button>
                        <button class="nhsuk-button nhsuk-button--secondary" type="button" on:click=move |_| asking.set(None)>"No, keep it"</button>
                    </div>
                </div>
            }
        })}
        {move || problem.get().map(|message| view! {
            <div class="nhsuk-error-summary" aria-labelledby="invite-action-problem" role="alert" tabindex="-1">
                <h2 class="nhsuk-error-summary__title" id="invite-action-problem">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body"><p>{message}</p></div>
            </div>
        })}
        {move || renew.value().get().and_then(Result::ok).map(|link| view! {
            <CopiedLink id="renewed-link" label=format!("New invite link for {}", renewed_for.get_untracked()) link copied/>
        })}
        {match body {
            None => view! {
                <h2>"Invited staff"</h2>
                <p class="nhsuk-body">"No invites yet. Invite staff with the form below."</p>
            }
            .into_any(),
            Some(body) => view! {
                <Table caption="Invited staff" headings=vec!["Email address", "Role", "Invited by", "Sent", "Expires", "Status", "Copy new link", "Actions"]>
                    {body}
                </Table>
            }
            .into_any(),
        }}
    }
}

/// The invite form below the staff list: "Send invite" and "Copy invite link".
#[component]
fn InviteForm(
    organisation_id: OrgId,
    is_emis: bool,
    domains: String,
    prefill_email: String,
    prefill_role: String,
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
) -> impl IntoView {
    let send = ServerAction::<InviteStaff>::new();
    let copy = ServerAction::<CreateInviteLink>::new();
    let latest: RwSignal<Option<Result<InviteOutcome, AppError>>> = RwSignal::new(None);
    let copied = RwSignal::new(None::<bool>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(result) = send.value().get() {
            latest.set(Some(result));
        }
    });
    Effect::new(move |_| {
        if let Some(result) = copy.value().get() {
            latest.set(Some(result));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = latest.get() {
            let message = if outcome.added_to_self {
                format!(
                    "You now also have the {} role. You are listed once for each of your roles.",
                    outcome.role_label
                )
            } else if let Some(link) = outcome.link.clone() {
                copy_to_clipboard(link, copied);
                format!(
                    "Invite link created for {} as {}.",
                    outcome.email, outcome.role_label
                )
            } else {
                format!(
                    "Invite sent to {} as {}.",
                    outcome.email, outcome.role_label
                )
            };
            banner.set(Some(message));
            version.update(|v| *v += 1);
            if let Some(form) = form_ref.get_untracked() {
                form.reset();
            }
        }
    });
    let form = use_form_errors(latest, "email");
    let errors = form.errors;
    let pending = Signal::derive(move || send.pending().get() || copy.pending().get());
    let org_for_send = organisation_id.clone();
    let org_for_copy = organisation_id.clone();
    let read = move |org: &OrgId| {
        (
            org.clone(),
            field_value("email"),
            field_value("role"),
            field_value("emis_username"),
        )
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (organisation_id, email, role, emis_username) = read(&org_for_send);
        send.dispatch(InviteStaff {
            organisation_id,
            email,
            role,
            emis_username,
        });
    };
    let on_copy = move |_| {
        let (organisation_id, email, role, emis_username) = read(&org_for_copy);
        copy.dispatch(CreateInviteLink {
            organisation_id,
            email,
            role,
            emis_username,
        });
    };
    view! {
        <div class="nhsuk-grid-row" id="invite">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h2>"Invite staff"</h2>
                <form node_ref=form_ref method="post" action="/api/invite_staff" on:submit=on_submit novalidate=true>
                    <input type="hidden" name="organisation_id" value=organisation_id/>
                    <TextInput id="email" label="Email address" hint=format!("Their NHS email address: {domains}") input_type="email" autocomplete="off" value=prefill_email error=form.field("email")/>
                    <Select id="role" label="Role" options=role_options(true) selected=prefill_role error=form.field("role")/>
                    {is_emis.then(|| view! {
                        <TextInput id="emis_username" label="EMIS username (optional)" hint="Their username in EMIS Web, if they have one" autocomplete="off" error=form.field("emis_username")/>
                    })}
                    <div class="nhsuk-button-group">
                        <Button disabled=pending>"Send invite"</Button>
                        <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="button" on:click=on_copy disabled=move || pending.get()>"Copy invite link"</button>
                    </div>
                </form>
                {move || latest.get().and_then(Result::ok).and_then(|o| o.link).map(|link| view! {
                    <CopiedLink id="invite-link" label="Invite link" link copied/>
                })}
            </div>
        </div>
    }
}
