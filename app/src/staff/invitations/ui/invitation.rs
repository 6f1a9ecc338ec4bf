//! `/invite/:token`: what an invitation link opens (accept or register).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{
    form_errors, use_form_errors, Button, ErrorPage, ErrorSummary, Panel, TextInput,
};
use crate::error::AppError;
use crate::staff::invitations::api::*;
use crate::staff::invitations::model::*;

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
    // The confirmation replaces the form: the page is named after it, and
    // keyboard focus (and the view) moves to it.
    crate::components::focus_when_drawn("joined");
    view! {
        <Title text=title/>
        <div id="joined" tabindex="-1">
            <Panel title=title>{format!("You are now a member of {}.", joined.organisation_name)}</Panel>
        </div>
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
                    <ActionForm action=accept attr:novalidate=true>
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
    let form = use_form_errors(register.value(), "name");
    let errors = form.errors;
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
                    <ActionForm action=register attr:novalidate=true>
                        <input type="hidden" name="token" value=token/>
                        <TextInput id="name" label="Full name" autocomplete="name" error=form.field("name")/>
                        <TextInput id="job_title" label="Job title" autocomplete="organization-title" error=form.field("job_title")/>
                        {registration.map(|(label, hint)| view! {
                            <TextInput id="registration_number" label=label hint=hint autocomplete="off" error=form.field("registration_number")/>
                        })}
                        <TextInput id="password" label="Create a password" hint="Use 12 characters or more. Common passwords are not allowed: a few unrelated words are easy to remember and hard to guess." input_type="password" autocomplete="new-password" error=form.field("password")/>
                        <TextInput id="confirm" label="Confirm your password" input_type="password" autocomplete="new-password" error=form.field("confirm")/>
                        <Button disabled=register.pending()>"Register"</Button>
                    </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

/// `/joined?organisation=…&done=registered|accepted`: the confirmation a
/// registration or acceptance lands on when posted without WebAssembly,
/// the same panel the hydrated page shows in place of its form.
#[component]
pub fn JoinedPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let organisation =
        move || crate::ids::OrgId::new(query.read().get("organisation").unwrap_or_default());
    let registered = move || query.read().get("done").is_some_and(|d| d == "registered");
    let joined = Resource::new(organisation, get_joined);
    view! {
        <crate::components::PageSkeleton data=joined loading=|| () page=move |joined| {
            let title = if registered() { "Registration complete" } else { "Invitation accepted" };
            view! { <JoinedPanel title joined/> }.into_any()
        }/>
    }
}
