//! `/practices/:id/patients`: "Patients", searched by name, NHS number or
//! date of birth (a plain GET form: it works without WebAssembly).

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{PageSkeleton, Table};
use crate::patients::model::*;
use crate::patients::records::api::search_patients;
use crate::patients::ui::StateTag;

/// `/practices/:id/patients`.
#[component]
pub fn PatientsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("q").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, q)| search_patients(org, q));
    view! {
        <Title text="Patients"/>
        <PageSkeleton data page=|found: PatientSearch| view! { <Patients found/> }/>
    }
}

#[component]
fn Patients(found: PatientSearch) -> impl IntoView {
    let add = format!("/practices/{}/patients/new", found.practice_id);
    let practice = found.practice_id.clone();
    let searched = !found.query.is_empty();
    let practice_id = found.practice_id.clone();
    let query = found.query.clone();
    let more = found.more;
    let count = found.results.len();
    let may_manage = found.may_manage;
    let rows = found
        .results
        .into_iter()
        .map(|p| {
            let href = patient_page(&practice, &p.id);
            let tick = format!("select-{}", p.id);
            let select = may_manage.then(|| view! {
                <td class="nhsuk-table__cell">
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                        <div class="nhsuk-checkboxes__item">
                            <input class="nhsuk-checkboxes__input" id=tick.clone() name="patient" type="checkbox" value=p.id.to_string() form="selected-patients"/>
                            <label class="nhsuk-label nhsuk-checkboxes__label" for=tick>
                                <span class="nhsuk-u-visually-hidden">{format!("Select {}", p.name)}</span>
                            </label>
                        </div>
                    </div>
                </td>
            });
            view! {
                <tr class="nhsuk-table__row">
                    {select}
                    <td class="nhsuk-table__cell"><a href=href>{p.name}</a></td>
                    <td class="nhsuk-table__cell">{p.nhs_number}</td>
                    <td class="nhsuk-table__cell">{p.date_of_birth}</td>
                    <td class="nhsuk-table__cell">{p.record.label()}</td>
                    <td class="nhsuk-table__cell"><StateTag state=p.state/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <span class="nhsuk-caption-l">{found.practice_name.clone()}</span>
        <h1>"Patients"</h1>
        {found.may_manage.then(|| {
            let bulk = format!("/practices/{}/patients/bulk-credentials", found.practice_id);
            view! {
                <ul class="nhsuk-list">
                    <li><a class="nhsuk-button nhsuk-button--secondary" href=add>"Add a patient"</a></li>
                    <li><a href=bulk>"Create credentials for many patients"</a></li>
                </ul>
            }
        })}
        <form method="get" class="gh-search" role="search">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="q">"Find a patient"</label>
                <div class="nhsuk-hint" id="q-hint">"Name, NHS number or date of birth (like 15/03/1984)"</div>
                <input class="nhsuk-input" id="q" name="q" type="search" maxlength="100" autocomplete="off" aria-describedby="q-hint" value=found.query.clone()/>
            </div>
            <button class="nhsuk-button" type="submit">"Search"</button>
        </form>
        {if !searched {
            view! { <p class="nhsuk-body">"Search to find a patient's record."</p> }.into_any()
        } else if count == 0 {
            view! { <p class="nhsuk-body" role="status">{format!("No patients match \u{201c}{}\u{201d}.", found.query)}</p> }.into_any()
        } else {
            view! {
                <p class="nhsuk-body" role="status">{if found.more {
                    format!("The first {count} patients that match. Search with more of the name to narrow it down.")
                } else if count == 1 {
                    "1 patient matches.".to_string()
                } else {
                    format!("{count} patients match.")
                }}</p>
                <Table caption="Patients found" headings=if may_manage {
                    vec!["Select", "Name", "NHS number", "Date of birth", "Record", "Patient Profile"]
                } else {
                    vec!["Name", "NHS number", "Date of birth", "Record", "Patient Profile"]
                }>
                    {rows}
                </Table>
                {may_manage.then(|| {
                    let bulk = format!("/practices/{}/patients/bulk-credentials", practice_id);
                    let all = format!("{bulk}?query={}", query_value(&query));
                    view! {
                        <form id="selected-patients" method="get" action=bulk>
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Create Patient Portal Credentials"</button>
                        </form>
                        <p class="nhsuk-body">
                            <a href=all>{if more {
                                "Create Patient Portal Credentials for every patient that matches".to_string()
                            } else {
                                format!("Create Patient Portal Credentials for all {count} patients that match")
                            }}</a>
                        </p>
                    }
                })}
            }.into_any()
        }}
    }
}
