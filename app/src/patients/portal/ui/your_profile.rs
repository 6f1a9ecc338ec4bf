//! `/patient-profile`: "Your Patient Profile".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::PageSkeleton;
use crate::patients::model::AccountState;
use crate::patients::portal::api::your_patient_profile;
use crate::patients::portal::model::{YourProfile, YourRecord};

/// `/patient-profile`.
#[component]
pub fn YourProfilePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| your_patient_profile());
    view! {
        <Title text="Your Patient Profile"/>
        <PageSkeleton data page=|profile: YourProfile| view! { <Profile profile/> }/>
    }
}

#[component]
fn Profile(profile: YourProfile) -> impl IntoView {
    if profile.records.is_empty() {
        return view! {
            <h1>"Your Patient Profile"</h1>
            <p class="nhsuk-body">"Your account is not linked to a patient record. If your practice sent you a letter with a Patient ID and an activation code, "<a href="/patient-profile/register">"register for Patient Profile"</a>"."</p>
        }
        .into_any();
    }
    let records = profile
        .records
        .into_iter()
        .map(|record| view! { <Record record/> })
        .collect_view();
    view! {
        <h1>"Your Patient Profile"</h1>
        {records}
    }
    .into_any()
}

#[component]
fn Record(record: YourRecord) -> impl IntoView {
    let contact = format!("/practices/{}/contact", record.practice_id);
    let active = record.state == AccountState::Active;
    view! {
        <section class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">{record.practice_name.clone()}</h2>
                <p class="nhsuk-body">{record.name.clone()}</p>
                {if active {
                    view! {
                        <h3>"Your letters and documents"</h3>
                        {if record.letters.is_empty() && record.documents.is_empty() {
                            view! { <p class="nhsuk-body">"Your practice has not shared any letters or documents with you yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="nhsuk-list">
                                    {record.letters.iter().map(|l| view! {
                                        <li><a href=l.href.clone() download rel="external">{l.name.clone()}<span class="nhsuk-u-visually-hidden">" (Word file)"</span></a>{format!(" – {}", l.date)}</li>
                                    }).collect_view()}
                                    {record.documents.iter().map(|d| view! {
                                        <li><a href=d.href.clone() download rel="external">{d.name.clone()}</a>{format!(" – {}", d.date)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h3>"Your requests"</h3>
                        <Requests requests=record.requests.clone()/>
                        <h3>"Appointments"</h3>
                        <p class="nhsuk-body"><a href="/appointments">"Your appointments"</a>" – see, book or cancel appointments if your practice offers online booking."</p>
                        <p class="nhsuk-body"><a class="nhsuk-button nhsuk-button--secondary" href=contact>"Contact your practice"</a></p>
                    }.into_any()
                } else {
                    let why = match record.state {
                        AccountState::PendingEmailConfirmation => "Confirm your email address with the link we sent you to see your Patient Profile.",
                        AccountState::Locked => "Your Patient Profile account is locked. Ask your practice for new credentials.",
                        AccountState::Disabled => "Your Patient Profile account is disabled. Contact your practice if you think this is wrong.",
                        _ => "Your Patient Profile account is not ready yet.",
                    };
                    view! { <p class="nhsuk-body">{why}</p> }.into_any()
                }}
                {record.support.clone().map(|s| view! {
                    <p class="nhsuk-body">"Need help? Email " {s.email} " or call " {s.phone} "."</p>
                })}
            </div>
        </section>
    }
}

#[component]
fn Requests(requests: Vec<crate::requests::request::model::PatientRequest>) -> impl IntoView {
    if requests.is_empty() {
        return view! { <p class="nhsuk-body">"You have not sent the practice any requests with your NHS number yet."</p> }
            .into_any();
    }
    requests
        .into_iter()
        .map(|r| {
            let replies = r
                .replies
                .into_iter()
                .map(|(when, body)| view! {
                    <div class="nhsuk-inset-text">
                        <span class="nhsuk-u-visually-hidden">"Reply: "</span>
                        <p class="nhsuk-body-s">{format!("The practice replied on {when}:")}</p>
                        <p class="nhsuk-body gh-pre">{body}</p>
                    </div>
                })
                .collect_view();
            view! {
                <div class="nhsuk-card">
                    <div class="nhsuk-card__content">
                        <h4 class="nhsuk-card__heading">{format!("{} ({})", r.reference, r.kind.label())}</h4>
                        <p class="nhsuk-body-s">{format!("Sent {}. {}", r.received, r.status.label())}</p>
                        <p class="nhsuk-body gh-pre">{r.description}</p>
                        {replies}
                    </div>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
