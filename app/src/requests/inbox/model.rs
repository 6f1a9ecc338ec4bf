//! The inbox page's types: the views (My inbox, Unassigned, a group inbox,
//! the All Practices views) and their addresses, the filters, a line of an
//! inbox, the navigation with open counts, and what the page shows.

use crate::ids::{OrgId, RequestId};
use serde::{Deserialize, Serialize};

use crate::requests::model::*;

/// Which requests an inbox page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxView {
    /// Requests assigned to me in one practice.
    Mine { practice_id: OrgId },
    /// The practice's requests assigned to nobody.
    Unassigned { practice_id: OrgId },
    /// One group inbox of one practice.
    Group { inbox_id: String },
    /// "My Inbox - All Practices": assigned to me in every practice of my
    /// All Practices view.
    MineAllPractices,
    /// "Unassigned - All Practices": assigned to nobody, in every practice
    /// of my All Practices view.
    UnassignedAllPractices,
    /// A group inbox merged by name across my All Practices view.
    GroupAllPractices { name_key: String },
}

/// The most requests one inbox page shows.
pub const PAGE_SIZE: i64 = 50;

/// Filters on an inbox page; `None` is "all". `page` counts from 1 (0 is
/// taken as 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
    pub page: i64,
}

impl InboxFilter {
    /// The page asked for, from 1.
    pub fn page(&self) -> i64 {
        self.page.max(1)
    }
}

/// How many pages `total` requests fill (at least one).
pub fn page_count(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

/// One line of an inbox: only what the list shows (a request's description
/// is read on its own page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: RequestId,
    pub reference: String,
    pub practice_id: OrgId,
    pub practice_name: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub urgent: bool,
    pub patient_name: String,
    /// For the server only (it writes `received` from it); not sent.
    #[serde(skip)]
    pub created_at: i64,
    /// When it arrived, in UK time ("23 November 2026 at 10:15am").
    pub received: String,
    /// The person or group inbox it is assigned to, if any.
    pub assigned_to: Option<String>,
}

/// A navigation entry: an inbox and how many open requests it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCount {
    /// The inbox's name ("My inbox", "Secretaries - All Practices").
    pub name: String,
    /// The name with its count ("My inbox (2 requests)").
    pub label: String,
    pub view: InboxView,
    pub open: i64,
}

/// The inbox navigation of one person: per practice, then (when they have
/// an All Practices view) the merged inboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxNavigation {
    pub practices: Vec<PracticeInboxes>,
    pub all_practices: Vec<InboxCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeInboxes {
    pub practice_id: OrgId,
    pub practice_name: String,
    /// Open requests visible to me in this practice ("Practice 1 (1 request)").
    pub open: i64,
    pub inboxes: Vec<InboxCount>,
}

impl InboxView {
    /// The view's words in an inbox page's address: (`view`, `target`).
    pub fn to_query(&self) -> (&'static str, String) {
        match self {
            InboxView::Mine { practice_id } => ("mine", practice_id.to_string()),
            InboxView::Unassigned { practice_id } => ("unassigned", practice_id.to_string()),
            InboxView::Group { inbox_id } => ("group", inbox_id.clone()),
            InboxView::MineAllPractices => ("mine_all", String::new()),
            InboxView::UnassignedAllPractices => ("unassigned_all", String::new()),
            InboxView::GroupAllPractices { name_key } => ("group_all", name_key.clone()),
        }
    }

    /// The view from its address words; `None` for words it does not know.
    pub fn from_query(view: &str, target: &str) -> Option<Self> {
        let target = target.to_string();
        Some(match view {
            "mine" => InboxView::Mine {
                practice_id: OrgId::new(target),
            },
            "unassigned" => InboxView::Unassigned {
                practice_id: OrgId::new(target),
            },
            "group" => InboxView::Group { inbox_id: target },
            "mine_all" => InboxView::MineAllPractices,
            "unassigned_all" => InboxView::UnassignedAllPractices,
            "group_all" => InboxView::GroupAllPractices { name_key: target },
            _ => return None,
        })
    }

    /// The inbox page's address for this view.
    pub fn href(&self) -> String {
        let (view, target) = self.to_query();
        if target.is_empty() {
            format!("/inbox?view={view}")
        } else {
            format!("/inbox?view={view}&target={}", url_word(&target))
        }
    }
}

/// What the inbox page shows: the chosen inbox's requests and the
/// navigation; or, for someone with no inbox, why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxScreen {
    Open {
        view: InboxView,
        /// The heading: the inbox's name.
        title: String,
        /// The practice of a one-practice view; empty for All Practices.
        practice_name: String,
        /// One page of the view's requests ([`PAGE_SIZE`] at most).
        rows: Vec<RequestSummary>,
        /// Every request of the view that matches the filters.
        total: i64,
        /// The page shown, from 1.
        page: i64,
        navigation: InboxNavigation,
    },
    /// A Practice admin without a staff role: how to give themselves one.
    AdminOnly {
        organisation_id: OrgId,
        organisation_name: String,
        email: String,
    },
    /// Signed in, but no role that works requests anywhere.
    NoInbox,
}
