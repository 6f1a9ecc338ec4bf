//! `/practices/:id/letter-templates`: "Letter Templates" and, for each,
//! "Patient Profile Is Visible" (the seed's "Patient Letter Templates").

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{NotificationBanner, PageSkeleton, Tag, TagColour};
use crate::letters::api::{letter_templates, SetLetterTemplateVisible};
use crate::letters::model::TemplatesPage as Page;

/// `/practices/:id/letter-templates`.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| letter_templates(org));
    view! {
        <Title text="Letter Templates"/>
        <PageSkeleton data transition=true page=move |page: Page| {
            let (org, done) = args();
            view! { <Templates org page done/> }
        }/>
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("Letter template saved"),
        "visibility" => Some("Patient Profile Is Visible changed"),
        _ => None,
    }
}

#[component]
fn Templates(org: OrgId, page: Page, done: String) -> impl IntoView {
    let toggle = ServerAction::<SetLetterTemplateVisible>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = toggle.value().get() {
                navigate(
                    &format!("/practices/{org}/letter-templates?done=visibility"),
                    Default::default(),
                );
            }
        });
    }
    let banner = done_message(&done);
    if banner.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let empty = page.templates.is_empty();
    let no_bases = page.bases.is_empty();
    let rows = page
        .templates
        .into_iter()
        .map(|t| {
            let org = org.to_string();
            let (tag, colour, button) = if t.visible {
                ("Yes", TagColour::Green, "Turn off")
            } else {
                ("No", TagColour::Grey, "Turn on")
            };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{t.name.clone()}</td>
                    <td class="nhsuk-table__cell">{t.object}</td>
                    <td class="nhsuk-table__cell">{t.base_name}</td>
                    <td class="nhsuk-table__cell"><Tag text=tag colour/></td>
                    <td class="nhsuk-table__cell">
                        <ActionForm action=toggle attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org/>
                            <input type="hidden" name="template_id" value=t.id.to_string()/>
                            <input type="hidden" name="visible" value=if t.visible { "false" } else { "true" }/>
                            <button type="submit" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small gh-button--inline">
                                {button}<span class="nhsuk-u-visually-hidden">{format!(" Patient Profile Is Visible for {}", t.name)}</span>
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {banner.map(|message| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{message}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name}" – CMS configuration"</span>
        <h1>"Letter Templates"</h1>
        <p class="nhsuk-body">"Letters you send patients, such as their Patient Profile credentials. You can split the Patient ID and the activation code across two letters. Patients see a letter on their Patient Profile only while Patient Profile Is Visible is on."</p>
        {if no_bases {
            view! { <p class="nhsuk-body">"Add a template base before a letter template: " <a href=format!("/practices/{org}/letter-template-bases/new")>"New letter template base"</a></p> }.into_any()
        } else {
            view! { <a class="nhsuk-button" href=format!("/practices/{org}/letter-templates/new")>"New"</a> }.into_any()
        }}
        <h2>"Patient Letter Templates"</h2>
        {if empty {
            view! { <p class="nhsuk-body">"No letter templates yet. Until you add one, Patient Profile credentials use the built-in letter."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table-responsive">
                    <caption class="nhsuk-table__caption">"Patient Letter Templates"</caption>
                    <thead class="nhsuk-table__head">
                        <tr class="nhsuk-table__row">
                            <th scope="col" class="nhsuk-table__header">"Name"</th>
                            <th scope="col" class="nhsuk-table__header">"Object"</th>
                            <th scope="col" class="nhsuk-table__header">"Template base"</th>
                            <th scope="col" class="nhsuk-table__header">"Patient Profile Is Visible"</th>
                            <th scope="col" class="nhsuk-table__header"><span class="nhsuk-u-visually-hidden">"Change"</span></th>
                        </tr>
                    </thead>
                    <tbody class="nhsuk-table__body">{rows}</tbody>
                </table>
            }.into_any()
        }}
        <p class="nhsuk-body"><a href=format!("/practices/{org}/letter-template-bases")>"Letter Template Bases"</a></p>
    }
}
