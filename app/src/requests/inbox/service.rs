//! The inbox page: the practices where a person works requests (with the
//! open counts of "My inbox" and the unassigned queue), the requests of
//! one view, the navigation with every inbox's open count, and the page
//! itself. The other sub-features ask here whether someone works requests
//! in a practice.

use super::model::*;
use super::repo::{self, Scope};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::org::access;
use crate::org::model::Permission;
use crate::requests::repo as shared;
use crate::server::Ctx;
use sqlx::AnyConnection;

/// A practice where the person works requests (a direct, active role there
/// that grants HandleRequests: `org::access::practices_where`), with the
/// open requests of their "My inbox" and of its unassigned queue.
#[derive(Debug, Clone)]
pub struct HandlerPractice {
    pub id: OrgId,
    pub name: String,
    pub roles: Vec<String>,
    pub all_practices: bool,
    /// Open requests assigned to the person here.
    pub mine_open: i64,
    /// Open requests in the practice's unassigned queue.
    pub unassigned_open: i64,
}

/// The practices where `user_id` works requests, by name, without their
/// counts (zero): what access checks and the request lists need, in one
/// query.
pub async fn practices_worked(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<HandlerPractice>, AppError> {
    let practices = access::practices_where(conn, user_id, Permission::HandleRequests).await?;
    Ok(practices
        .into_iter()
        .map(|p| HandlerPractice {
            id: p.id,
            name: p.name,
            roles: p.roles,
            all_practices: p.all_practices,
            mine_open: 0,
            unassigned_open: 0,
        })
        .collect())
}

/// The practices where `user_id` works requests, by name, with their
/// "My inbox" and unassigned counts, and their group inboxes with theirs
/// (for the navigation): two queries.
pub async fn handler_practices(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<(Vec<HandlerPractice>, Vec<shared::InboxRow>), AppError> {
    let mut practices = practices_worked(conn, user_id).await?;
    let ids: Vec<OrgId> = practices.iter().map(|p| p.id.clone()).collect();
    let (counts, inboxes) = shared::navigation_counts(conn, user_id, &ids).await?;
    for practice in &mut practices {
        for count in counts.iter().filter(|c| c.organisation_id == practice.id) {
            if count.bucket == shared::UNASSIGNED {
                practice.unassigned_open += count.open_requests;
            } else {
                practice.mine_open += count.open_requests;
            }
        }
    }
    Ok((practices, inboxes))
}

/// Whether the person works requests in the practice.
pub async fn works_requests_in(
    conn: &mut AnyConnection,
    user_id: &UserId,
    practice_id: &OrgId,
) -> Result<bool, AppError> {
    Ok(access::may(conn, user_id, Permission::HandleRequests, practice_id).await?)
}

/// The practices where the person works requests; `Forbidden` unless
/// `practice_id` is one of them.
pub(in crate::requests) async fn handler_in(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    practice_id: &OrgId,
) -> Result<HandlerPractice, AppError> {
    practices_worked(conn, &user.id)
        .await?
        .into_iter()
        .find(|p| p.id == *practice_id)
        .ok_or(AppError::Forbidden)
}

/// The requests of one inbox view, urgent first then oldest first: the
/// page the filter asks for.
pub async fn inbox(
    cx: Ctx<'_>,
    user: &CurrentUser,
    view: &InboxView,
    filter: &InboxFilter,
) -> Result<Vec<RequestSummary>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let practices = practices_worked(&mut conn, &user.id).await?;
    let (rows, _) = inbox_in(&mut conn, user, &practices, view, filter).await?;
    Ok(rows)
}

/// Where a view looks, once the person may look there.
enum Looks {
    AssignedTo(Vec<OrgId>),
    Unassigned(Vec<OrgId>),
    Inboxes(Vec<String>),
}

/// The practices of the person's All Practices view.
fn shared_practices(practices: &[HandlerPractice]) -> Vec<OrgId> {
    practices
        .iter()
        .filter(|p| p.all_practices)
        .map(|p| p.id.clone())
        .collect()
}

/// One page of a view's requests and how many there are in all.
async fn inbox_in(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    practices: &[HandlerPractice],
    view: &InboxView,
    filter: &InboxFilter,
) -> Result<(Vec<RequestSummary>, i64), AppError> {
    let looks = match view {
        InboxView::Mine { practice_id } => {
            let practice = practices
                .iter()
                .find(|p| &p.id == practice_id)
                .ok_or(AppError::Forbidden)?;
            Looks::AssignedTo(vec![practice.id.clone()])
        }
        InboxView::Unassigned { practice_id } => {
            if !practices.iter().any(|p| &p.id == practice_id) {
                return Err(AppError::Forbidden);
            }
            Looks::Unassigned(vec![practice_id.clone()])
        }
        InboxView::Group { inbox_id } => {
            let (practice_id, _, _, role) = shared::group_inbox(&mut *conn, inbox_id)
                .await?
                .ok_or(AppError::Forbidden)?;
            let allowed = practices
                .iter()
                .any(|p| p.id == practice_id && p.roles.contains(&role));
            if !allowed {
                return Err(AppError::Forbidden);
            }
            Looks::Inboxes(vec![inbox_id.clone()])
        }
        InboxView::MineAllPractices => Looks::AssignedTo(shared_practices(practices)),
        InboxView::UnassignedAllPractices => Looks::Unassigned(shared_practices(practices)),
        InboxView::GroupAllPractices { name_key: key } => {
            Looks::Inboxes(merged_inbox_ids(&mut *conn, practices, key).await?)
        }
    };
    let scope = || match &looks {
        Looks::AssignedTo(ids) => Scope::AssignedTo {
            user_id: &user.id,
            practices: ids,
        },
        Looks::Unassigned(ids) => Scope::Unassigned { practices: ids },
        Looks::Inboxes(ids) => Scope::Inboxes { inbox_ids: ids },
    };
    let offset = (filter.page() - 1).saturating_mul(PAGE_SIZE);
    let rows = repo::list(&mut *conn, scope(), filter, PAGE_SIZE, offset).await?;
    // The first page needs no count when it is not full.
    let total = if filter.page() == 1 && (rows.len() as i64) < PAGE_SIZE {
        rows.len() as i64
    } else {
        repo::count(&mut *conn, scope(), filter).await?
    };
    let rows = rows
        .into_iter()
        .map(|row| RequestSummary {
            received: crate::server::dates::uk_date_time(row.created_at),
            ..row
        })
        .collect();
    Ok((rows, total))
}

/// The group inboxes named `key` in the practices of the person's All
/// Practices view whose role they hold.
async fn merged_inbox_ids(
    conn: &mut AnyConnection,
    practices: &[HandlerPractice],
    key: &str,
) -> Result<Vec<String>, AppError> {
    let shared: Vec<&HandlerPractice> = practices.iter().filter(|p| p.all_practices).collect();
    let ids: Vec<OrgId> = shared.iter().map(|p| p.id.clone()).collect();
    let inboxes = shared::inboxes_of(conn, &ids).await?;
    Ok(inboxes
        .into_iter()
        .filter(|inbox| {
            inbox.name_key == key
                && shared
                    .iter()
                    .any(|p| p.id == inbox.practice_id && p.roles.contains(&inbox.role))
        })
        .map(|inbox| inbox.id)
        .collect())
}

fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}

/// Whether the person has an All Practices view: at least two of their
/// practices share it (for one practice it would repeat that practice).
fn has_all_practices(practices: &[HandlerPractice]) -> bool {
    practices.iter().filter(|p| p.all_practices).count() >= 2
}

/// The inbox navigation with open counts: per practice "My inbox", the
/// unassigned queue and the group inboxes of my roles; then, when two or
/// more of my practices share the All Practices view, "My Inbox - All
/// Practices", "Unassigned - All Practices" and each group inbox merged by
/// name.
pub async fn navigation(cx: Ctx<'_>, user: &CurrentUser) -> Result<InboxNavigation, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (practices, inboxes) = handler_practices(&mut conn, &user.id).await?;
    Ok(navigation_of(&practices, &inboxes))
}

fn navigation_of(practices: &[HandlerPractice], inboxes: &[shared::InboxRow]) -> InboxNavigation {
    let mut navigation = InboxNavigation::default();
    let mut merged: Vec<(String, String, i64)> = Vec::new();
    let (mut mine_all, mut unassigned_all) = (0, 0);
    for practice in practices {
        let mine = practice.mine_open;
        let unassigned = practice.unassigned_open;
        let mut entries = vec![
            InboxCount {
                name: "My inbox".to_string(),
                label: format!("My inbox ({})", plural(mine)),
                view: InboxView::Mine {
                    practice_id: practice.id.clone(),
                },
                open: mine,
            },
            InboxCount {
                name: "Unassigned".to_string(),
                label: format!("Unassigned ({})", plural(unassigned)),
                view: InboxView::Unassigned {
                    practice_id: practice.id.clone(),
                },
                open: unassigned,
            },
        ];
        let mut group_total = 0;
        for inbox in inboxes {
            if inbox.practice_id != practice.id || !practice.roles.contains(&inbox.role) {
                continue;
            }
            let (id, name, key, open) = (&inbox.id, &inbox.name, &inbox.name_key, inbox.open);
            group_total += open;
            entries.push(InboxCount {
                name: name.clone(),
                label: format!("{name} ({})", plural(open)),
                view: InboxView::Group {
                    inbox_id: id.clone(),
                },
                open,
            });
            if practice.all_practices {
                match merged.iter_mut().find(|(k, ..)| k == key) {
                    Some(entry) => entry.2 += open,
                    None => merged.push((key.clone(), name.clone(), open)),
                }
            }
        }
        if practice.all_practices {
            mine_all += mine;
            unassigned_all += unassigned;
        }
        navigation.practices.push(PracticeInboxes {
            practice_id: practice.id.clone(),
            practice_name: practice.name.clone(),
            open: mine + unassigned + group_total,
            inboxes: entries,
        });
    }
    if has_all_practices(practices) {
        navigation.all_practices.push(InboxCount {
            name: "My Inbox - All Practices".to_string(),
            label: format!("My Inbox - All Practices ({})", plural(mine_all)),
            view: InboxView::MineAllPractices,
            open: mine_all,
        });
        navigation.all_practices.push(InboxCount {
            name: "Unassigned - All Practices".to_string(),
            label: format!("Unassigned - All Practices ({})", plural(unassigned_all)),
            view: InboxView::UnassignedAllPractices,
            open: unassigned_all,
        });
        for (key, name, open) in merged {
            navigation.all_practices.push(InboxCount {
                name: format!("{name} - All Practices"),
                label: format!("{name} - All Practices ({})", plural(open)),
                view: InboxView::GroupAllPractices { name_key: key },
                open,
            });
        }
    }
    navigation
}

/// The inbox page: [`inbox_screen`], or for someone with no inbox, whether
/// they are a Practice admin who can give themselves a staff role.
pub async fn inbox_page(
    cx: Ctx<'_>,
    user: &CurrentUser,
    view: Option<InboxView>,
    filter: &InboxFilter,
) -> Result<InboxScreen, AppError> {
    let screen = inbox_screen(cx, user, view, filter).await?;
    if screen != InboxScreen::NoInbox {
        return Ok(screen);
    }
    Ok(match crate::staff::service::inbox_access(cx, user).await? {
        crate::staff::model::InboxAccess::AdminOnly {
            organisation_id,
            organisation_name,
        } => InboxScreen::AdminOnly {
            organisation_id,
            organisation_name,
            email: user.email.clone(),
        },
        _ => InboxScreen::NoInbox,
    })
}

/// Where the inbox page opens without a view: where the work is. "My
/// Inbox - All Practices" for someone with that view, else "My inbox" of
/// the practice they work in (or their first); but the unassigned queue
/// (of All Practices, or of the practice) when their own inbox is empty and
/// the queue is not, so a receptionist who triages lands on the new
/// requests.
fn opening_view(
    user: &CurrentUser,
    practices: &[HandlerPractice],
    first: &HandlerPractice,
) -> InboxView {
    if has_all_practices(practices) {
        let shared = practices.iter().filter(|p| p.all_practices);
        let mine: i64 = shared.clone().map(|p| p.mine_open).sum();
        let unassigned: i64 = shared.map(|p| p.unassigned_open).sum();
        return if mine == 0 && unassigned > 0 {
            InboxView::UnassignedAllPractices
        } else {
            InboxView::MineAllPractices
        };
    }
    let practice = user
        .organisation()
        .and_then(|o| practices.iter().find(|p| p.id == o.organisation_id))
        .unwrap_or(first);
    let practice_id = practice.id.clone();
    if practice.mine_open == 0 && practice.unassigned_open > 0 {
        InboxView::Unassigned { practice_id }
    } else {
        InboxView::Mine { practice_id }
    }
}

/// The inbox page: the chosen view (or, without one, [`opening_view`]), one
/// page of its requests with their true count, and the navigation.
/// `NoInbox` for someone who works requests nowhere.
pub async fn inbox_screen(
    cx: Ctx<'_>,
    user: &CurrentUser,
    view: Option<InboxView>,
    filter: &InboxFilter,
) -> Result<InboxScreen, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (practices, inboxes) = handler_practices(&mut conn, &user.id).await?;
    let Some(first) = practices.first() else {
        return Ok(InboxScreen::NoInbox);
    };
    let view = view.unwrap_or_else(|| opening_view(user, &practices, first));
    let (rows, total) = inbox_in(&mut conn, user, &practices, &view, filter).await?;
    let navigation = navigation_of(&practices, &inboxes);
    let own_practice = navigation
        .practices
        .iter()
        .find(|p| p.inboxes.iter().any(|i| i.view == view));
    let title = own_practice
        .into_iter()
        .flat_map(|p| p.inboxes.iter())
        .chain(navigation.all_practices.iter())
        .find(|i| i.view == view)
        .map(|i| i.name.clone())
        .unwrap_or_else(|| "Inbox".to_string());
    let practice_name = own_practice
        .map(|p| p.practice_name.clone())
        .unwrap_or_default();
    Ok(InboxScreen::Open {
        view,
        title,
        practice_name,
        rows,
        total,
        page: filter.page(),
        navigation,
    })
}
