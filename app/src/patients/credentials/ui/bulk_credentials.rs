//! `/practices/:id/patients/bulk-credentials`: "Create credentials for many
//! patients": for the patients ticked on "Patients" (`?patient=…`), all a
//! search found (`?query=…`), or everyone who needs them; with the letters
//! to print for each. A background job makes them; its page opens.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{use_form_errors, BackLink, Button, DateInput, ErrorSummary, PageSkeleton};
use crate::patients::credentials::api::{get_bulk_credentials_form, StartBulkCredentials};
use crate::patients::credentials::model::BulkCredentialsDefaults;

/// `/practices/:id/patients/bulk-credentials`.
#[component]
pub fn BulkCredentialsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            q.get_all("patient").unwrap_or_default(),
            q.get("query").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, patients, query)| {
        get_bulk_credentials_form(org, patients, query)
    });
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    view! {
        <Title text="Create credentials for many patients"/>
        <PageSkeleton data page=move |defaults: BulkCredentialsDefaults| view! { <BulkForm org=org() defaults/> }/>
    }
}

/// What the page says of the patients it is for.
fn who(defaults: &BulkCredentialsDefaults) -> String {
    let needing = defaults.patients;
    let each = "each gets new credentials (their Patient ID and an activation code)";
    if defaults.selected_count == 0 {
        return format!(
            "{needing} patients have no Patient Profile account, or a locked one: {each}."
        );
    }
    let chosen = if defaults.query.is_empty() {
        format!("You selected {} patients", defaults.selected_count)
    } else {
        format!(
            "{} patients match \u{201c}{}\u{201d}",
            defaults.selected_count, defaults.query
        )
    };
    let left = usize::try_from(needing)
        .map(|n| defaults.selected_count.saturating_sub(n))
        .unwrap_or(0);
    if left == 0 {
        format!("{chosen}: {each}.")
    } else {
        format!("{chosen}. {needing} of them need credentials and {each}; the other {left} are left out (they have an account, active credentials, or a record that is not Active).")
    }
}

#[component]
fn BulkForm(org: OrgId, defaults: BulkCredentialsDefaults) -> impl IntoView {
    let start = ServerAction::<StartBulkCredentials>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(job)) = start.value().get() {
                navigate(
                    &format!("/organisations/{org}/jobs/{job}"),
                    Default::default(),
                );
            }
        });
    }
    let form = use_form_errors(start.value(), "expiry_day");
    let errors = form.errors;
    let none = defaults.patients == 0;
    let selected = defaults
        .selected
        .iter()
        .map(|id| view! { <input type="hidden" name="patients[]" value=id.clone()/> })
        .collect_view();
    let no_letters = defaults.letters.is_empty();
    let letters = defaults
        .letters
        .iter()
        .enumerate()
        .map(|(n, (id, name))| {
            let tick = format!("letter-{n}");
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=tick.clone() name="letters[]" type="checkbox" value=id.clone()/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=tick>{name.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let said = who(&defaults);
    view! {
        <BackLink href=format!("/practices/{org}/patients") text="Back to Patients"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{defaults.practice_name.clone()}</span>
                <h1>"Create credentials for many patients"</h1>
                {if none {
                    let why = if defaults.selected_count == 0 {
                        "No patients need credentials: every patient has an account, active credentials, or a record that is not Active."
                    } else {
                        "None of these patients need credentials: each has an account, active credentials, or a record that is not Active."
                    };
                    view! { <p class="nhsuk-body">{why}</p> }.into_any()
                } else {
                    view! {
                        <p class="nhsuk-body">{said}</p>
                        <p class="nhsuk-body">"This runs in the background; you can close the page. Its page shows the progress, then the letters to print."</p>
                        <ActionForm action=start attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org.to_string()/>
                            <input type="hidden" name="submission" value=defaults.submission.clone()/>
                            <input type="hidden" name="query" value=defaults.query.clone()/>
                            {selected}
                            <input type="hidden" name="credentials[distribution]" value="later"/>
                            <DateInput id="expiry_day" name="credentials[expiry]" legend="Credentials Expiry Date"
                                hint=format!("At most 90 days from today ({}).", defaults.latest)
                                names=["credentials[expiry_day]".to_string(), "credentials[expiry_month]".to_string(), "credentials[expiry_year]".to_string()]
                                values=(defaults.day.clone(), defaults.month.clone(), defaults.year.clone())
                                error=form.field("expiry_day")/>
                            {if no_letters {
                                view! {
                                    <p class="nhsuk-body">"There are no letter templates yet: the credentials are kept until their letters are printed one by one from each record. To print letters for many patients at once, add them in "<a href=format!("/practices/{org}/letter-templates")>"Letter Templates"</a>"."</p>
                                }.into_any()
                            } else {
                                view! {
                                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || form.field("letters").get().is_some()>
                                        <fieldset class="nhsuk-fieldset" aria-describedby="letters-hint">
                                            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Letters to print"</legend>
                                            <div class="nhsuk-hint" id="letters-hint">"Each patient gets every letter you tick, one page each, in one document per letter to print or download when the job is done. Tick none to keep the credentials until their letters are printed from each record."</div>
                                            {move || form.field("letters").get().map(|e| view! {
                                                <span class="nhsuk-error-message" id="letters"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                                            })}
                                            <div class="nhsuk-checkboxes">{letters}</div>
                                        </fieldset>
                                    </div>
                                }.into_any()
                            }}
                            {move || form.field("patients").get().map(|e| view! {
                                <p class="nhsuk-error-message" id="patients"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</p>
                            })}
                            <Button disabled=start.pending()>{format!("Create credentials for {} patients", defaults.patients)}</Button>
                        </ActionForm>
                    }.into_any()
                }}
            </div>
        </div>
    }
}
