//! `/account`: who you are, where you belong, and signing out everywhere.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::get_current_user;
use crate::components::{Button, ButtonKind, ErrorPage, SummaryList, SummaryRow};
use crate::error::AppError;
use crate::org::model::role_label;

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
