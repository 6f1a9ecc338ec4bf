use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::api::{list_organisations, practices_to_manage};
use super::model::OrganisationSummary;
use crate::components::{lazy_page, PageSkeleton, Table, Tag, TagColour};
use crate::ids::OrgId;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    // Every organisation, and which practices the visitor may manage (none
    // for a visitor who is not signed in).
    let organisations = Resource::new(
        || (),
        |_| async move {
            let all = list_organisations().await?;
            let managed: Vec<OrgId> = practices_to_manage()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|o| o.id)
                .collect();
            Ok::<_, crate::error::AppError>((all, managed))
        },
    );
    view! {
        <Title text="Organisations in the network"/>
        <h1>"Organisations in the network"</h1>
        <p class="nhsuk-body-l">
            "The network operator, federation and PCN hubs, and GP practices that use Gatehouse."
        </p>
        <PageSkeleton data=organisations loading=|| view! { <p class="nhsuk-body">"Loading organisations…"</p> } page=move |(list, managed)| view! { <OrganisationTable organisations=list managed/> }.into_any()/>
    }
}

#[component]
fn OrganisationTable(
    organisations: Vec<OrganisationSummary>,
    managed: Vec<OrgId>,
) -> impl IntoView {
    if organisations.is_empty() {
        return view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>
                    "No organisations have been added yet. A network administrator adds them, or run "
                    <code>"server seed-demo"</code> " to see a demonstration network."
                </p>
            </div>
        }
        .into_any();
    }
    let manages_any = !managed.is_empty();
    let rows = organisations
        .into_iter()
        .map(|o| {
            // A way back to every practice the visitor may manage.
            let manage = manages_any.then(|| {
                let link = managed.contains(&o.id).then(|| {
                    let href = format!("/practices/{}/staff", o.id);
                    let name = o.name.clone();
                    view! {
                        <a href=href>"Manage staff and inboxes"<span class="nhsuk-u-visually-hidden">{format!(" of {name}")}</span></a>
                    }
                });
                view! { <td class="nhsuk-table__cell">{link}</td> }
            });
            let colour = match o.kind {
                super::model::OrgKind::Network => TagColour::Purple,
                super::model::OrgKind::Hub => TagColour::Blue,
                super::model::OrgKind::Practice => TagColour::Green,
                super::model::OrgKind::ClinicalTeam => TagColour::Grey,
            };
            // A practice's name leads to its public page (address, phone,
            // "Contact your practice").
            let name_cell = if o.kind == super::model::OrgKind::Practice {
                view! { <a href=format!("/practices/{}", o.id)>{o.name}</a> }.into_any()
            } else {
                o.name.into_any()
            };
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{name_cell}</th>
                    <td class="nhsuk-table__cell"><Tag text=o.kind.label() colour/></td>
                    <td class="nhsuk-table__cell">{o.ods_code.unwrap_or_else(|| "None".into())}</td>
                    <td class="nhsuk-table__cell">{o.part_of.unwrap_or_else(|| "None".into())}</td>
                    {manage}
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table caption="Organisations" headings=if manages_any {
            vec!["Name", "Type", "ODS code", "Part of", "Manage"]
        } else {
            vec!["Name", "Type", "ODS code", "Part of"]
        }>
            {rows}
        </Table>
    }
    .into_any()
}

lazy_page!(OrganisationsRoute, DirectoryPage);

/// The routes of the organisations list, each page in its own lazily loaded
/// chunk. The shell lists this component in its `<Routes>`; an address
/// matches the first route that fits, in this order.
#[component(transparent)]
pub fn DirectoryRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/organisations") view={Lazy::<OrganisationsRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
}
