//! Pages of "Manage staff and inboxes", the invitation link, "Register a
//! practice", the practice's details, the bulk invite and the inbox door.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::api::*;
use super::model::*;
use crate::accounts::model::Role;
use crate::auth::api::get_current_user;
use crate::components::{
    field_value, focus_error_summary, form_errors, BackLink, Button, ButtonKind, ErrorPage,
    ErrorSummary, NotificationBanner, Panel, Radios, Select, SummaryList, SummaryRow, TabItem,
    Table, Tabs, Tag, TagColour, TextInput,
};
use crate::error::{AppError, FieldErrors};
use crate::requests::ui::{group_inboxes_resource, GroupInboxesPanel};

fn role_options(prompt: bool) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if prompt {
        options.push((String::new(), "Select a role".to_string()));
    }
    options.extend(
        Role::PRACTICE
            .into_iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string())),
    );
    options
}

fn system_options() -> Vec<(String, String)> {
    ClinicalSystem::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect()
}

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
#[component]
pub fn StaffPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || params.read().get("id").unwrap_or_default();
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
    let form_info = Resource::new(org, list_staff);
    let prefill_email = query.with_untracked(|q| q.get("email")).unwrap_or_default();
    let prefill_role = query.with_untracked(|q| q.get("role")).unwrap_or_default();

    view! {
        <Title text="Manage staff and inboxes"/>
        {move || banner.get().map(|message| view! {
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">{message}</p>
            </NotificationBanner>
        })}
        <Transition fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match tables.await {
                    Ok(overview) => view! { <StaffTables overview version banner inboxes inbox_version/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
        <Suspense fallback=|| ()>
            {move || {
                let prefill_email = prefill_email.clone();
                let prefill_role = prefill_role.clone();
                Suspend::new(async move {
                    match form_info.await {
                        Ok(info) => view! {
                            <InviteForm
                                organisation_id=info.organisation_id
                                is_emis=info.clinical_system == ClinicalSystem::EmisWeb
                                domains=info.allowed_domains
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
    inboxes: Resource<Result<crate::requests::model::GroupInboxesTab, AppError>>,
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
            " · "
            <a href=format!("/practices/{org}/staff/bulk")>"Invite staff in bulk from a CSV file"</a>
        </p>
        <Tabs title="Staff and inboxes" tabs/>
    }
}

#[component]
fn RegisteredStaff(
    organisation_id: String,
    rows: Vec<StaffMember>,
    is_emis: bool,
) -> impl IntoView {
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
    organisation_id: String,
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
                        let (org1, id1, org2, id2, org3, id3) =
                            (org.clone(), id.clone(), org.clone(), id.clone(), org, id);
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
                                    on:click=move |_| { revoke.dispatch(RevokeInvite { organisation_id: org3.clone(), invite_id: id3.clone() }); }
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
    view! {
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
    organisation_id: String,
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
    let errors = form_errors(latest, "email");
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    let pending = Signal::derive(move || send.pending().get() || copy.pending().get());
    let org_for_send = organisation_id.clone();
    let org_for_copy = organisation_id.clone();
    let read = move |org: &str| {
        (
            org.to_string(),
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
                    <TextInput id="email" label="Email address" hint=format!("Their NHS email address: {domains}") input_type="email" autocomplete="off" value=prefill_email error=field_error("email")/>
                    <Select id="role" label="Role" options=role_options(true) selected=prefill_role error=field_error("role")/>
                    {is_emis.then(|| view! {
                        <TextInput id="emis_username" label="EMIS username (optional)" hint="Their username in EMIS Web, if they have one" autocomplete="off" error=field_error("emis_username")/>
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

/// `/practices/:id/staff/:membership_id`: change one registered staff row.
#[component]
pub fn StaffMemberPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("membership_id").unwrap_or_default(),
            )
        })
    };
    let data = Resource::new(ids, |(org, membership)| get_staff_member(org, membership));
    view! {
        <Title text="Change staff member"/>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (org, _) = ids();
                match data.await {
                    Ok((member, system)) => view! { <StaffMemberForms organisation_id=org member is_emis=system == ClinicalSystem::EmisWeb/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StaffMemberForms(organisation_id: String, member: StaffMember, is_emis: bool) -> impl IntoView {
    let emis = ServerAction::<UpdateEmisUsername>::new();
    let role = ServerAction::<ChangeStaffRole>::new();
    let enable = ServerAction::<SetStaffEnabled>::new();
    let remove = ServerAction::<RemoveStaffRole>::new();
    let latest: RwSignal<Option<(&'static str, Result<(), AppError>)>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = emis.value().get() {
            latest.set(Some(("emis", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = role.value().get() {
            latest.set(Some(("role", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = enable.value().get() {
            latest.set(Some(("enable", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            latest.set(Some(("removed", r)));
        }
    });
    let was_active = member.active;
    let back = format!("/practices/{organisation_id}/staff");
    let navigate = use_navigate();
    {
        let back = back.clone();
        Effect::new(move |_| {
            if let Some((what, Ok(()))) = latest.get() {
                let done = match what {
                    "enable" if was_active => "disabled",
                    "enable" => "enabled",
                    other => other,
                };
                navigate(&format!("{back}?done={done}"), Default::default());
            }
        });
    }
    let errors = Signal::derive(move || match latest.get() {
        Some((_, Err(AppError::Invalid(errors)))) => errors,
        Some((what, Err(other))) => {
            let field = if what == "role" {
                "role"
            } else {
                "emis_username"
            };
            let mut errors = FieldErrors::default();
            errors.push(field, &other.to_string());
            errors
        }
        _ => FieldErrors::default(),
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    let other_roles: Vec<(String, String)> = role_options(false)
        .into_iter()
        .filter(|(value, _)| *value != member.role)
        .collect();
    let (org1, org2, org3, org4) = (
        organisation_id.clone(),
        organisation_id.clone(),
        organisation_id.clone(),
        organisation_id,
    );
    let (m1, m2, m3, m4) = (
        member.membership_id.clone(),
        member.membership_id.clone(),
        member.membership_id.clone(),
        member.membership_id.clone(),
    );
    let status_text = if member.active { "Active" } else { "Disabled" };
    let shown_emis = member
        .emis_username
        .clone()
        .unwrap_or_else(|| "Not given".to_string());
    let current_emis = member.emis_username.clone().unwrap_or_default();
    view! {
        <BackLink href=back.clone() text="Back to Manage staff and inboxes"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{member.email.clone()}</span>
                <h1>{format!("{} – {}", member.name, member.role_label)}</h1>
                <SummaryList>
                    <SummaryRow key="Role">{member.role_label.clone()}</SummaryRow>
                    <SummaryRow key="Status">{status_text}</SummaryRow>
                    {is_emis.then(|| view! {
                        <SummaryRow key="EMIS username">{shown_emis.clone()}</SummaryRow>
                    })}
                </SummaryList>
                <p class="nhsuk-body"><a href=format!("/people/{}/activity", member.user_id)>"See their activity"</a></p>

                {is_emis.then(|| {
                    let current = current_emis.clone();
                    view! {
                        <h2>"EMIS username"</h2>
                        <ActionForm action=emis>
                            <input type="hidden" name="organisation_id" value=org1/>
                            <input type="hidden" name="membership_id" value=m1/>
                            <TextInput id="emis_username" label="EMIS username" hint="Leave empty if they have none" value=current autocomplete="off" error=field_error("emis_username")/>
                            <Button kind=ButtonKind::Secondary>"Save EMIS username"</Button>
                        </ActionForm>
                    }
                })}

                <h2>"Change role"</h2>
                <ActionForm action=role>
                    <input type="hidden" name="organisation_id" value=org2/>
                    <input type="hidden" name="membership_id" value=m2/>
                    <Select id="role" label="New role" options=other_roles error=field_error("role")/>
                    <Button kind=ButtonKind::Secondary>"Change role"</Button>
                </ActionForm>

                <h2>{if member.active { "Disable this role" } else { "Enable this role" }}</h2>
                <p class="nhsuk-body">{if member.active {
                    "A disabled role gives no access from their next page. Their other roles are not affected."
                } else {
                    "Enabling gives the role's access back from their next page."
                }}</p>
                <ActionForm action=enable>
                    <input type="hidden" name="organisation_id" value=org3/>
                    <input type="hidden" name="membership_id" value=m3/>
                    <input type="hidden" name="enabled" value=if member.active { "false" } else { "true" }/>
                    <Button kind=ButtonKind::Secondary>{if member.active { "Disable role" } else { "Enable role" }}</Button>
                </ActionForm>

                <h2>"Remove this role"</h2>
                <p class="nhsuk-body">"They keep their account and any other roles. To give the role back, invite them again."</p>
                <ActionForm action=remove>
                    <input type="hidden" name="organisation_id" value=org4/>
                    <input type="hidden" name="membership_id" value=m4/>
                    <Button kind=ButtonKind::Warning>"Remove role"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/invite/:token`: what an invitation link opens.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let invitation = Resource::new(token, view_invitation);
    view! {
        <Title text="Your invitation to Gatehouse"/>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Checking your link…"</p> }>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(view) => view! { <Invitation token=token() invitation=view/> }.into_any(),
                    Err(AppError::LinkExpired) => view! { <InviteLinkExpired/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The one page for any invitation link that cannot be used.
#[component]
fn InviteLinkExpired() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::GONE);
    }
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"This link has expired or was already used — ask your practice admin for a new one"</h1>
                <p class="nhsuk-body">"Invitation links work once, for a limited time, and stop working when a newer link is sent."</p>
                <p class="nhsuk-body"><a href="/">"Go to the Gatehouse home page"</a></p>
            </div>
        </div>
    }
}

#[component]
fn Invitation(token: String, invitation: InvitationView) -> impl IntoView {
    let intro = format!(
        "You have been invited to join {} on Gatehouse as {}.",
        invitation.organisation_name, invitation.role_label
    );
    let body = if invitation.signed_in_as_someone_else() {
        let who = invitation.signed_in_as.clone().unwrap_or_default();
        view! {
            <h1>"This invitation is for someone else"</h1>
            <p class="nhsuk-body">{format!("This invitation is for {}, but you are signed in as {who}.", invitation.email)}</p>
            <p class="nhsuk-body">"Nothing has changed. Sign out, then open the link again, or ask your practice admin to invite the address you use."</p>
            <form method="post" action="/api/sign_out">
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out"</button>
            </form>
        }
        .into_any()
    } else if invitation.signed_in_as.is_some() {
        view! { <AcceptInvitation token intro/> }.into_any()
    } else if invitation.has_account {
        let next = format!("/sign-in?next=/invite/{token}");
        view! {
            <h1>"Accept your invitation"</h1>
            <p class="nhsuk-body">{intro}</p>
            <p class="nhsuk-body">{format!("{} already has a Gatehouse account. Sign in, then accept the invitation.", invitation.email)}</p>
            <a class="nhsuk-button" href=next>"Sign in to accept"</a>
        }
        .into_any()
    } else {
        view! { <RegistrationForm token invitation intro/> }.into_any()
    };
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">{body}</div>
        </div>
    }
}

/// The panel after accepting or registering.
#[component]
fn JoinedPanel(title: &'static str, joined: Joined) -> impl IntoView {
    let (label, href) = joined.next_step();
    view! {
        <Panel title=title>{format!("You are now a member of {}.", joined.organisation_name)}</Panel>
        <a class="nhsuk-button" href=href>{label}</a>
    }
}

#[component]
fn AcceptInvitation(token: String, intro: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvite>::new();
    let errors = form_errors(accept.value(), "accept");
    view! {
        {move || match accept.value().get() {
            Some(Ok(joined)) => view! { <JoinedPanel title="Invitation accepted" joined/> }.into_any(),
            _ => {
                let token = token.clone();
                let intro = intro.clone();
                view! {
                    <ErrorSummary errors/>
                    <h1>"Accept your invitation"</h1>
                    <p class="nhsuk-body">{intro}</p>
                    <ActionForm action=accept>
                        <input type="hidden" name="token" value=token/>
                        <button class="nhsuk-button" id="accept" type="submit">"Accept invitation"</button>
                    </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn RegistrationForm(token: String, invitation: InvitationView, intro: String) -> impl IntoView {
    let register = ServerAction::<RegisterFromInvite>::new();
    let errors = form_errors(register.value(), "name");
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    view! {
        {move || match register.value().get() {
            Some(Ok(joined)) => view! {
                <JoinedPanel title="Registration complete" joined/>
            }
            .into_any(),
            _ => {
                let token = token.clone();
                let intro = intro.clone();
                let email = invitation.email.clone();
                let registration = invitation.registration.clone();
                view! {
                    <ErrorSummary errors/>
                    <h1>"Register for Gatehouse"</h1>
                    <p class="nhsuk-body">{intro}</p>
                    <p class="nhsuk-body">"You will sign in with " <strong>{email}</strong> ". All fields are required."</p>
                    <ActionForm action=register>
                        <input type="hidden" name="token" value=token/>
                        <TextInput id="name" label="Full name" autocomplete="name" error=field_error("name")/>
                        <TextInput id="job_title" label="Job title" autocomplete="organization-title" error=field_error("job_title")/>
                        {registration.map(|(label, hint)| view! {
                            <TextInput id="registration_number" label=label hint=hint autocomplete="off" error=field_error("registration_number")/>
                        })}
                        <TextInput id="password" label="Create a password" hint="Use 12 characters or more. Common passwords are not allowed: a few unrelated words are easy to remember and hard to guess." input_type="password" autocomplete="new-password" error=field_error("password")/>
                        <TextInput id="confirm" label="Confirm your password" input_type="password" autocomplete="new-password" error=field_error("confirm")/>
                        <Button disabled=register.pending()>"Register"</Button>
                    </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

/// `/practices/new`: "Register a practice", for network administrators.
#[component]
pub fn RegisterPracticePage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    let action = ServerAction::<RegisterPractice>::new();
    let errors = form_errors(action.value(), "name");
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok((practice_id, _))) = action.value().get() {
            navigate(
                &format!("/practices/{practice_id}/staff?done=registered"),
                Default::default(),
            );
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    view! {
        <Title text="Register a practice"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = match user.await {
                    Ok(Some(user)) => user,
                    Ok(None) => return view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
                    Err(error) => return view! { <ErrorPage error/> }.into_any(),
                };
                let Some(place) = user.organisation().cloned() else {
                    return view! { <ErrorPage error=AppError::Forbidden/> }.into_any();
                };
                view! {
                    <div class="nhsuk-grid-row">
                        <div class="nhsuk-grid-column-two-thirds">
                            <ErrorSummary errors/>
                            <span class="nhsuk-caption-l">{place.organisation_name.clone()}</span>
                            <h1>"Register a practice"</h1>
                            <ActionForm action>
                                <input type="hidden" name="organisation_id" value=place.organisation_id.clone()/>
                                <TextInput id="name" label="Practice name" autocomplete="off" error=field_error("name")/>
                                <TextInput id="ods_code" label="ODS code" hint="A letter followed by 5 numbers, for example A81001" autocomplete="off" error=field_error("ods_code")/>
                                <Radios id="clinical_system" name="clinical_system" legend="Clinical system" options=system_options() error=field_error("clinical_system")/>
                                <h2>"Invite the practice admin"</h2>
                                <p class="nhsuk-body">"They will manage the practice's staff and inboxes. You can invite more staff later."</p>
                                <TextInput id="email" label="Email address" hint="Their NHS email address, like name@nhs.net" input_type="email" autocomplete="off" error=field_error("email")/>
                                <Button disabled=action.pending()>"Register practice and send invite"</Button>
                            </ActionForm>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// `/practices/:id/details`: the practice admin edits the name and system.
#[component]
pub fn PracticeDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || params.read().get("id").unwrap_or_default();
    let details = Resource::new(org, get_practice_details);
    let action = ServerAction::<UpdatePractice>::new();
    let errors = form_errors(action.value(), "name");
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate(
                &format!("/practices/{}/staff?done=practice", org()),
                Default::default(),
            );
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    view! {
        <Title text="Practice details"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(d) => view! {
                        <BackLink href=format!("/practices/{}/staff", d.organisation_id) text="Back to Manage staff and inboxes"/>
                        <div class="nhsuk-grid-row">
                            <div class="nhsuk-grid-column-two-thirds">
                                <ErrorSummary errors/>
                                <h1>"Practice details"</h1>
                                <p class="nhsuk-body">{format!("ODS code: {}", d.ods_code.clone().unwrap_or_else(|| "not recorded".to_string()))}</p>
                                <ActionForm action>
                                    <input type="hidden" name="organisation_id" value=d.organisation_id.clone()/>
                                    <TextInput id="name" label="Practice name" value=d.name.clone() autocomplete="off" error=field_error("name")/>
                                    <Radios id="clinical_system" name="clinical_system" legend="Clinical system" options=system_options() selected=d.clinical_system.as_str().to_string() error=field_error("clinical_system")/>
                                    <Button disabled=action.pending()>"Save practice details"</Button>
                                </ActionForm>
                            </div>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/practices/:id/staff/bulk`: invite staff from a CSV file.
#[component]
pub fn BulkInvitePage() -> impl IntoView {
    let params = use_params_map();
    let org = move || params.read().get("id").unwrap_or_default();
    let text = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewBulkInvites>::new();
    let errors = form_errors(preview.value(), "file");
    let progress: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let results: RwSignal<Vec<BulkResult>> = RwSignal::new(Vec::new());
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });

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
                let skipped: Vec<_> = list.into_iter().filter(|r| r.error.is_some()).collect();
                view! {
                    <Panel title="Invites sent">{format!("{sent} invites sent.")}</Panel>
                    {(!skipped.is_empty()).then(|| view! {
                        <h2>"Rows not sent"</h2>
                        <ul class="nhsuk-list nhsuk-list--bullet">
                            {skipped.into_iter().map(|r| view! { <li>{format!("Row {} ({}): {}", r.line, r.email, r.error.unwrap_or_default())}</li> }).collect_view()}
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
