use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;

/// Sets the HTTP status of the response while rendering on the server.
fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The page for a route that does not exist: a real 404 during SSR.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Page not found"/>
        <h1>"Page not found"</h1>
        <p class="nhsuk-body">"If you typed the web address, check it is correct."</p>
        <p class="nhsuk-body">"If you pasted the web address, check you copied the entire address."</p>
        <p class="nhsuk-body"><a href="/">"Go to the Gatehouse home page"</a></p>
        <super::PageReady/>
    }
}

/// A full-page error for any `AppError`, with the matching HTTP status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    set_status(error.status());
    let (title, body): (&str, String) = match &error {
        AppError::NotFound => ("Page not found", "If you typed the web address, check it is correct.".into()),
        AppError::LinkExpired => (
            "This link has expired or has already been used",
            "Links to set a password work once and for a limited time. Ask your administrator to send you a new link.".into(),
        ),
        AppError::Forbidden => ("You do not have permission to see this page", error.to_string()),
        AppError::Unauthenticated => ("You need to sign in", error.to_string()),
        AppError::RateLimited | AppError::TooManyRequests(_) => ("Too many attempts", error.to_string()),
        _ => ("Sorry, there is a problem with the service", error.to_string()),
    };
    // "You need to sign in": a way to sign in that comes back here.
    let sign_in = matches!(error, AppError::Unauthenticated).then(|| {
        let location = leptos_router::hooks::use_location();
        let (path, query) = (
            location.pathname.get_untracked(),
            location.search.get_untracked(),
        );
        let here = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let here = if here.starts_with('/') {
            here
        } else {
            "/".to_string()
        };
        let href = format!("/sign-in?next={}", crate::requests::model::url_word(&here));
        view! { <p class="nhsuk-body"><a class="nhsuk-button" href=href>"Sign in"</a></p> }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="nhsuk-body">{body}</p>
        {sign_in}
        <p class="nhsuk-body"><a href="/">"Go to the Gatehouse home page"</a></p>
    }
}
