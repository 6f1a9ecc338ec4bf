//! `/locked-accounts`: locked accounts, each with "Unlock".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::locked_accounts;
use crate::auth::api::get_current_user;
use crate::components::{NotificationBanner, PageSkeleton, Table};
use crate::error::AppError;

/// `/locked-accounts`: accounts locked after failed sign-ins in the
/// organisation the administrator is working in, each with "Unlock".
#[component]
pub fn LockedAccountsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async move {
            let user = get_current_user().await?.ok_or(AppError::Unauthenticated)?;
            let organisation = user.organisation().cloned().ok_or(AppError::Forbidden)?;
            let locked = locked_accounts(organisation.organisation_id.clone()).await?;
            Ok::<_, AppError>((organisation, locked))
        },
    );
    let unlocked = move || use_query_map().with(|q| q.get("unlocked").is_some());
    view! {
        <Title text="Locked accounts"/>
        <Show when=unlocked>
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">"Account unlocked. The person can sign in again."</p>
            </NotificationBanner>
        </Show>
        <h1>"Locked accounts"</h1>
        <PageSkeleton data=data page=move |value| {
            match value {
                (organisation, locked) if locked.is_empty() => view! {
                    <p class="nhsuk-body">{format!("No accounts are locked in {}.", organisation.organisation_name)}</p>
                }
                .into_any(),
                (organisation, locked) => {
                    let org_id = organisation.organisation_id.clone();
                    let rows = locked
                        .into_iter()
                        .map(|account| {
                            let org_id = org_id.clone();
                            let label = format!("Unlock {}", account.name);
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">
                                        <a href=format!("/people/{}/activity", account.user_id)>{account.name}</a>
                                    </td>
                                    <td class="nhsuk-table__cell">{account.email}</td>
                                    <td class="nhsuk-table__cell">{account.locked_since}</td>
                                    <td class="nhsuk-table__cell">
                                        <form method="post" action="/api/unlock_account">
                                            <input type="hidden" name="organisation_id" value=org_id/>
                                            <input type="hidden" name="user_id" value=account.user_id/>
                                            <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" aria-label=label>"Unlock"</button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="nhsuk-body">"These accounts were locked after too many failed attempts to sign in. Unlock an account once you have checked with its owner."</p>
                        <Table caption=organisation.organisation_name headings=vec!["Name", "Email address", "Locked since", "Action"]>
                            {rows}
                        </Table>
                    }
                    .into_any()
                }
            }
        }/>
    }
}
