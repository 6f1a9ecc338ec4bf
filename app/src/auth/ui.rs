use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{get_current_user, SignIn};
use super::model::role_label;
use crate::components::{
    form_errors, Button, ButtonKind, ErrorPage, ErrorSummary, SummaryList, SummaryRow, TextInput,
};
use crate::error::AppError;

/// A full page load, so every part of the page (header included) shows the
/// new signed-in state.
fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let errors = form_errors(action.value(), "email");
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            // Back to the page that sent them here (an invitation, say),
            // if it is a page of this site.
            let next = query
                .with_untracked(|q| q.get("next"))
                .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'));
            reload_to(next.as_deref().unwrap_or("/account"));
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });
    view! {
        <Title text="Sign in"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Sign in to Gatehouse"</h1>
                <ActionForm action>
                    <TextInput
                        id="email"
                        label="Email address"
                        input_type="email"
                        autocomplete="username"
                        error=field_error("email")
                    />
                    <TextInput
                        id="password"
                        label="Password"
                        input_type="password"
                        autocomplete="current-password"
                        error=field_error("password")
                    />
                    <Button disabled=action.pending()>"Sign in"</Button>
                </ActionForm>
                <p class="nhsuk-body"><a href="/forgot-password">"Forgot your password?"</a></p>
            </div>
        </div>
    }
}

/// `/account`: who you are, where you belong, and signing out everywhere.
#[component]
pub fn AccountPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    let activity = Resource::new(|| (), |_| crate::activity::api::my_activity());
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        let places = user
                            .memberships
                            .iter()
                            .map(|m| view! { <li>{format!("{} – {}", m.organisation_name, role_label(&m.role))}</li> })
                            .collect_view();
                        let history = match activity.await {
                            Ok(entries) => view! {
                                <crate::activity::ui::ActivityHistory caption="Newest first" entries/>
                            }
                            .into_any(),
                            Err(error) => view! { <p class="nhsuk-body">{error.to_string()}</p> }.into_any(),
                        };
                        view! {
                            <h1>"Your account"</h1>
                            <SummaryList>
                                <SummaryRow key="Name">{user.name.clone()}</SummaryRow>
                                <SummaryRow key="Email address">{user.email.clone()}</SummaryRow>
                                <SummaryRow key="Organisations and roles">
                                    <ul class="nhsuk-list">{places}</ul>
                                </SummaryRow>
                            </SummaryList>
                            <p class="nhsuk-body"><a href="/account/notifications">"Notification settings"</a></p>
                            <h2>"Signed in on other devices?"</h2>
                            <p class="nhsuk-body">"Signing out of all devices ends every Gatehouse session you have, including this one."</p>
                            <form method="post" action="/api/sign_out_everywhere">
                                <Button kind=ButtonKind::Secondary>"Sign out of all devices"</Button>
                            </form>
                            <h2>"Your recent activity"</h2>
                            {history}
                        }
                        .into_any()
                    }
                    Ok(None) => view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The header's account area: the signed-in person's name, their account
/// page and "Sign out", or a "Sign in" link. Signing out is a plain form
/// post (the server answers with a redirect), which keeps it out of the
/// browser bundle and working before the page has hydrated.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
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
                                    use crate::authz::model::{roles_grant, Permission};
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
                                let in_practice = user
                                    .organisation()
                                    .is_some_and(|here| here.organisation_kind == "practice");
                                view! {
                                {in_practice.then(|| view! {
                                    <li class="nhsuk-header__account-item">
                                        <a class="nhsuk-header__account-link" href="/inbox">"Inbox"</a>
                                    </li>
                                })}
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

/// `/switch-organisation`: choose which of your organisations you are
/// working in.
#[component]
pub fn SwitchOrganisationPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        <Title text="Change organisation"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        let current = user.organisation_id.clone().unwrap_or_default();
                        let options = user
                            .places()
                            .into_iter()
                            .enumerate()
                            .map(|(n, (id, name, roles))| {
                                let input_id = if n == 0 { "organisation".to_string() } else { format!("organisation-{n}") };
                                let hint_id = format!("{input_id}-hint");
                                let described_by = hint_id.clone();
                                let label_for = input_id.clone();
                                let roles = roles.iter().map(|r| role_label(r)).collect::<Vec<_>>().join(", ");
                                let checked = id == current;
                                view! {
                                    <div class="nhsuk-radios__item">
                                        <input class="nhsuk-radios__input" id=input_id name="organisation_id" type="radio" value=id checked=checked aria-describedby=described_by/>
                                        <label class="nhsuk-label nhsuk-radios__label" for=label_for>{name}</label>
                                        <div class="nhsuk-hint nhsuk-radios__hint" id=hint_id>{roles}</div>
                                    </div>
                                }
                            })
                            .collect_view();
                        view! {
                            <form method="post" action="/api/switch_organisation">
                                <div class="nhsuk-form-group">
                                    <fieldset class="nhsuk-fieldset">
                                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
                                            <h1 class="nhsuk-fieldset__heading">"Which organisation are you working in?"</h1>
                                        </legend>
                                        <div class="nhsuk-radios">{options}</div>
                                    </fieldset>
                                </div>
                                <Button>"Continue"</Button>
                            </form>
                        }
                        .into_any()
                    }
                    Ok(None) => view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
