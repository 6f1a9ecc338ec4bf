use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use leptos_router::hooks::use_query_map;

use super::api::{
    check_password_link, locked_accounts, setup_needed, FirstRunSetup, RequestPasswordReset,
    SetPassword,
};
use crate::auth::api::get_current_user;
use crate::components::{
    form_errors, Button, ErrorPage, ErrorSummary, NotificationBanner, Panel, Table, TextInput,
};
use crate::error::AppError;

/// `/set-password/:token`: the page a one-time link opens.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_password_link);
    view! {
        <Title text="Set your password"/>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Checking your link…"</p> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(email) => view! { <SetPasswordForm token=token() email/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetPasswordForm(token: String, email: String) -> impl IntoView {
    let action = ServerAction::<SetPassword>::new();
    let errors = form_errors(action.value(), "password");
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate("/password-set", Default::default());
        }
    });
    // After a failed attempt, move focus to the error summary (NHS pattern).
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });

    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set your password"</h1>
                <p class="nhsuk-body">"You are setting the password for " <strong>{email}</strong> "."</p>
                <ActionForm action>
                    <input type="hidden" name="token" value=token/>
                    <TextInput
                        id="password"
                        label="Create a password"
                        hint="Use 12 characters or more. A few unrelated words are easy to remember and hard to guess."
                        input_type="password"
                        autocomplete="new-password"
                        error=field_error("password")
                    />
                    <TextInput
                        id="confirm"
                        label="Confirm your password"
                        input_type="password"
                        autocomplete="new-password"
                        error=field_error("confirm")
                    />
                    <Button disabled=action.pending()>"Set password"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// Confirmation after the password is set.
#[component]
pub fn PasswordSetPage() -> impl IntoView {
    view! {
        <Title text="Password set"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Password set">"Your Gatehouse password has been saved."</Panel>
                <h2>"What happens next"</h2>
                <p class="nhsuk-body">
                    "The link you used cannot be used again. Keep your password private: "
                    "nobody from the NHS will ever ask you for it."
                </p>
                <p class="nhsuk-body"><a href="/">"Go to the Gatehouse home page"</a></p>
            </div>
        </div>
    }
}

/// `/forgot-password`: asks for the email address, then always says the
/// same thing, whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = form_errors(action.value(), "email");
    let field_error = Signal::derive(move || errors.get().for_field("email"));
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });
    view! {
        <Title text="Reset your password"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Show
                    when=sent
                    fallback=move || view! {
                        <ErrorSummary errors/>
                        <h1>"Reset your password"</h1>
                        <p class="nhsuk-body">"Enter the email address you use for Gatehouse. We will email you a link to choose a new password."</p>
                        <ActionForm action>
                            <TextInput id="email" label="Email address" input_type="email" autocomplete="username" error=field_error/>
                            <Button disabled=action.pending()>"Send reset link"</Button>
                        </ActionForm>
                    }
                >
                    <Panel title="Check your email">"If that address has a Gatehouse account, we have sent it a link to reset the password."</Panel>
                    <p class="nhsuk-body">"The link works once and for 1 hour. If nothing arrives in a few minutes, check your spam folder or ask your practice administrator."</p>
                    <p class="nhsuk-body"><a href="/sign-in">"Back to sign in"</a></p>
                </Show>
            </div>
        </div>
    }
}

/// `/setup`: the first run, while Gatehouse has no accounts. Afterwards it
/// is "Page not found".
#[component]
pub fn SetupPage() -> impl IntoView {
    let needed = Resource::new(|| (), |_| setup_needed());
    view! {
        <Title text="Set up Gatehouse"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match needed.await {
                    Ok(true) => view! { <SetupForm/> }.into_any(),
                    Ok(false) => view! { <ErrorPage error=AppError::NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let action = ServerAction::<FirstRunSetup>::new();
    let errors = form_errors(action.value(), "name");
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().assign("/account");
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set up Gatehouse"</h1>
                <p class="nhsuk-body">"Create the network administrator's account. You can invite everyone else once you have signed in."</p>
                <ActionForm action>
                    <TextInput id="name" label="Full name" autocomplete="name" error=field_error("name")/>
                    <TextInput id="email" label="Email address" hint="Use your NHS email address, like name@nhs.net" input_type="email" autocomplete="username" error=field_error("email")/>
                    <TextInput id="password" label="Create a password" hint="Use 12 characters or more." input_type="password" autocomplete="new-password" error=field_error("password")/>
                    <TextInput id="confirm" label="Confirm your password" input_type="password" autocomplete="new-password" error=field_error("confirm")/>
                    <Button disabled=action.pending()>"Create account"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/locked-accounts`: accounts locked after failed sign-ins in the
/// organisation the administrator is working in, each with "Unlock".
#[component]
pub fn LockedAccountsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async move {
            let user = get_current_user().await?.ok_or(AppError::Unauthenticated)?;
            let organisation = user.organisation().cloned().ok_or(AppError::Forbidden)?;
            let locked = locked_accounts(organisation.organisation_id.clone()).await?;
            Ok::<_, AppError>((organisation, locked))
        },
    );
    let unlocked = move || use_query_map().with(|q| q.get("unlocked").is_some());
    view! {
        <Title text="Locked accounts"/>
        <Show when=unlocked>
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">"Account unlocked. The person can sign in again."</p>
            </NotificationBanner>
        </Show>
        <h1>"Locked accounts"</h1>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((organisation, locked)) if locked.is_empty() => view! {
                        <p class="nhsuk-body">{format!("No accounts are locked in {}.", organisation.organisation_name)}</p>
                    }
                    .into_any(),
                    Ok((organisation, locked)) => {
                        let org_id = organisation.organisation_id.clone();
                        let rows = locked
                            .into_iter()
                            .map(|account| {
                                let org_id = org_id.clone();
                                let label = format!("Unlock {}", account.name);
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">
                                            <a href=format!("/people/{}/activity", account.user_id)>{account.name}</a>
                                        </td>
                                        <td class="nhsuk-table__cell">{account.email}</td>
                                        <td class="nhsuk-table__cell">{account.locked_since}</td>
                                        <td class="nhsuk-table__cell">
                                            <form method="post" action="/api/unlock_account">
                                                <input type="hidden" name="organisation_id" value=org_id/>
                                                <input type="hidden" name="user_id" value=account.user_id/>
                                                <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" aria-label=label>"Unlock"</button>
                                            </form>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="nhsuk-body">"These accounts were locked after too many failed attempts to sign in. Unlock an account once you have checked with its owner."</p>
                            <Table caption=organisation.organisation_name headings=vec!["Name", "Email address", "Locked since", "Action"]>
                                {rows}
                            </Table>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
