//! `/practices/:id/letter-template-bases`: "Letter Template Bases".

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{NotificationBanner, PageSkeleton, Table};
use crate::letters::api::letter_template_bases;
use crate::letters::model::BasesPage as Page;

/// `/practices/:id/letter-template-bases`.
#[component]
pub fn BasesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| letter_template_bases(org));
    view! {
        <Title text="Letter Template Bases"/>
        <PageSkeleton data transition=true page=move |page: Page| {
            let (org, done) = args();
            view! { <Bases org page added=done == "added"/> }
        }/>
    }
}

#[component]
fn Bases(org: OrgId, page: Page, added: bool) -> impl IntoView {
    if added {
        crate::components::focus_when_drawn("done");
    }
    let empty = page.bases.is_empty();
    let rows = page
        .bases
        .into_iter()
        .map(|b| {
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{b.name}</td>
                    <td class="nhsuk-table__cell">{format!("{} ({})", b.file_name, b.file_size)}</td>
                    <td class="nhsuk-table__cell">{b.templates}</td>
                    <td class="nhsuk-table__cell">{b.created}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {added.then(|| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">"Template base saved"</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name}" – CMS configuration"</span>
        <h1>"Letter Template Bases"</h1>
        <p class="nhsuk-body">"A template base is your Word letterhead and layout, and the text every letter on it shares. Letter templates are built on a base."</p>
        <a class="nhsuk-button" href=format!("/practices/{org}/letter-template-bases/new")>"New"</a>
        {if empty {
            view! { <p class="nhsuk-body">"No template bases yet."</p> }.into_any()
        } else {
            view! {
                <Table caption="Template bases" headings=vec!["Name", "Word file", "Letter templates", "Added"]>{rows}</Table>
            }.into_any()
        }}
        <p class="nhsuk-body"><a href=format!("/practices/{org}/letter-templates")>"Letter Templates"</a></p>
    }
}
