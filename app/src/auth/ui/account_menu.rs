//! The header's account area.

use leptos::prelude::*;

use crate::auth::api::get_current_user;

/// The header's account area: the signed-in person's name, their account
/// page and "Sign out", or a "Sign in" link. Signing out is a plain form
/// post (the server answers with a redirect), which keeps it out of the
/// browser bundle and working before the page has hydrated.
#[component]
pub fn AccountMenu() -> impl IntoView {
    // Asked again on every page change, so the header stays true after a
    // sign-in, a registration or a session that ended while the page was
    // open (the previous answer stays up while the new one loads).
    let location = leptos_router::hooks::use_location();
    let user = Resource::new(move || location.pathname.get(), |_| get_current_user());
    view! {
        <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
                <crate::mail::ui::DevMailboxLink/>
                <li class="nhsuk-header__account-item">
                    <a class="nhsuk-header__account-link" href="/organisations">"Organisations"</a>
                </li>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(user)) => {
                                let unread = user.unread_notifications;
                                let bell = if unread == 0 {
                                    "Notifications".to_string()
                                } else {
                                    format!("Notifications ({unread} unread)")
                                };
                                let place = user.organisation().map(|m| m.organisation_name.clone());
                                // Practices: "Manage staff and inboxes"; a network or hub
                                // administrator: "Register a practice".
                                let admin_link = user.organisation().and_then(|here| {
                                    let roles = user
                                        .memberships
                                        .iter()
                                        .filter(|m| m.organisation_id == here.organisation_id)
                                        .map(|m| m.role.as_str());
                                    use crate::org::model::{roles_grant, Permission};
                                    if !roles_grant(roles.clone(), Permission::ManageStaff) {
                                        None
                                    } else if here.organisation_kind == "practice" {
                                        Some((format!("/practices/{}/staff", here.organisation_id), "Manage staff and inboxes"))
                                    } else if roles_grant(roles, Permission::ManageOrganisation) {
                                        Some(("/practices/new".to_string(), "Register a practice"))
                                    } else {
                                        None
                                    }
                                });
                                // A locum: "Schedule" and "Hub management"; a Hub
                                // manager in their hub: "Hub shifts" and "Hub
                                // workforce"; a network's
                                // administrator: "Locums" (registrations).
                                let is_locum = user.memberships.iter().any(|m| m.role == "locum");
                                let locum_links = if is_locum {
                                    vec![
                                        ("/schedule".to_string(), "Schedule"),
                                        ("/hub-management".to_string(), "Hub management"),
                                    ]
                                } else {
                                    Vec::new()
                                };
                                let hub_link = user.organisation().and_then(|here| {
                                    let manages = user.memberships.iter().any(|m| {
                                        m.organisation_id == here.organisation_id && m.role == "hub_manager"
                                    });
                                    (here.organisation_kind == "hub" && manages).then(|| {
                                        vec![
                                            (format!("/hubs/{}/shifts", here.organisation_id), "Hub shifts"),
                                            (format!("/hubs/{}/workforce", here.organisation_id), "Hub workforce"),
                                        ]
                                    })
                                }).unwrap_or_default();
                                let network_link = user.organisation().and_then(|here| {
                                    let admin = user.memberships.iter().any(|m| {
                                        m.organisation_id == here.organisation_id && m.role == "network_admin"
                                    });
                                    (here.organisation_kind == "network" && admin)
                                        .then(|| (format!("/networks/{}/locums", here.organisation_id), "Locums"))
                                });
                                // "Requirements" for a direct role that runs the
                                // practice's rota (ManageShifts there).
                                let requirements_link = user.organisation().and_then(|here| {
                                    use crate::org::model::{roles_grant, Permission};
                                    let roles = user
                                        .memberships
                                        .iter()
                                        .filter(|m| m.organisation_id == here.organisation_id)
                                        .map(|m| m.role.as_str());
                                    (here.organisation_kind == "practice" && roles_grant(roles, Permission::ManageShifts))
                                        .then(|| (format!("/practices/{}/requirements", here.organisation_id), "Requirements"))
                                });
                                let in_practice = user
                                    .organisation()
                                    .is_some_and(|here| here.organisation_kind == "practice");
                                // "Patients" for a direct role that sees them
                                // there; "Client support" for a network's
                                // administrator.
                                let patients_link = user.organisation().and_then(|here| {
                                    use crate::org::model::{roles_grant, Permission};
                                    let roles = user
                                        .memberships
                                        .iter()
                                        .filter(|m| m.organisation_id == here.organisation_id)
                                        .map(|m| m.role.as_str());
                                    if here.organisation_kind == "practice" && roles_grant(roles.clone(), Permission::ViewPatients) {
                                        Some((format!("/practices/{}/patients", here.organisation_id), "Patients"))
                                    } else if here.organisation_kind == "network" && roles_grant(roles, Permission::ManageOrganisation) {
                                        Some((format!("/organisations/{}/client-support", here.organisation_id), "Client support"))
                                    } else {
                                        None
                                    }
                                });
                                view! {
                                {in_practice.then(|| view! {
                                    <li class="nhsuk-header__account-item">
                                        <a class="nhsuk-header__account-link" href="/inbox">"Inbox"</a>
                                    </li>
                                })}
                                {patients_link.map(|(href, text)| view! {
                                    <li class="nhsuk-header__account-item">
                                        <a class="nhsuk-header__account-link" href=href>{text}</a>
                                    </li>
                                })}
                                {locum_links.into_iter().chain(hub_link).chain(network_link).chain(requirements_link).map(|(href, text)| view! {
                                    <li class="nhsuk-header__account-item">
                                        <a class="nhsuk-header__account-link" href=href>{text}</a>
                                    </li>
                                }).collect_view()}
                                {admin_link.map(|(href, text)| view! {
                                    <li class="nhsuk-header__account-item">
                                        <a class="nhsuk-header__account-link" href=href>{text}</a>
                                    </li>
                                })}
                                {place.map(|name| {
                                    let label = format!("{name}: change organisation");
                                    view! {
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link" href="/switch-organisation" aria-label=label>{name}</a>
                                        </li>
                                    }
                                })}
                                <li class="nhsuk-header__account-item">
                                    <a class="nhsuk-header__account-link" href="/notifications" id="notification-bell">{bell}</a>
                                </li>
                                <li class="nhsuk-header__account-item">
                                    <a class="nhsuk-header__account-link" href="/account">{user.name}</a>
                                </li>
                                <li class="nhsuk-header__account-item">
                                    <form class="nhsuk-header__account-form" method="post" action="/api/sign_out">
                                        <button class="nhsuk-header__account-button" type="submit">"Sign out"</button>
                                    </form>
                                </li>
                                }
                                .into_any()
                            }
                            _ => view! {
                                <li class="nhsuk-header__account-item">
                                    <a class="nhsuk-header__account-link" href="/sign-in">"Sign in"</a>
                                </li>
                            }
                            .into_any(),
                        }
                    })}
                </Transition>
            </ul>
        </nav>
    }
}
