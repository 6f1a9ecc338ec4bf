//! "Client support": its page, and the note patients see.

mod client_support;

pub use client_support::ClientSupportPage;

use leptos::prelude::*;

use crate::patients::support::api::patient_support;

/// "Need help?" with the support contact, on the registration, sign-in
/// and help pages; nothing until one is set.
#[component]
pub fn SupportContactNote() -> impl IntoView {
    let support = Resource::new(|| (), |_| patient_support());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                support.await.ok().flatten().map(|s| {
                    let mail = format!("mailto:{}", s.email);
                    let tel = format!("tel:{}", s.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                    view! {
                        <div class="nhsuk-inset-text gh-support">
                            <span class="nhsuk-u-visually-hidden">"Information: "</span>
                            <h2 class="nhsuk-heading-s">"Need help with Patient Profile?"</h2>
                            <p class="nhsuk-body">"Email " <a href=mail>{s.email.clone()}</a> " or call " <a href=tel>{s.phone.clone()}</a> "."</p>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
