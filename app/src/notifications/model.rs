use serde::{Deserialize, Serialize};

/// What a notification is about; preferences are per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    Account,
    Staff,
    Requests,
    LocumNetwork,
    Shifts,
    Integrations,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 6] = [
        NoticeKind::Account,
        NoticeKind::Staff,
        NoticeKind::Requests,
        NoticeKind::LocumNetwork,
        NoticeKind::Shifts,
        NoticeKind::Integrations,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Account => "account",
            NoticeKind::Staff => "staff",
            NoticeKind::Requests => "requests",
            NoticeKind::LocumNetwork => "locum_network",
            NoticeKind::Shifts => "shifts",
            NoticeKind::Integrations => "integrations",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == stored)
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Account => "Your account",
            NoticeKind::Staff => "Staff and invitations",
            NoticeKind::Requests => "Requests in your inboxes",
            NoticeKind::LocumNetwork => "Locum network",
            NoticeKind::Shifts => "Shifts",
            NoticeKind::Integrations => "Integrations",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            NoticeKind::Account => "Password changes and locks on your account",
            NoticeKind::Staff => "Invitations accepted, roles changed",
            NoticeKind::Requests => "Requests assigned to you or your inboxes",
            NoticeKind::LocumNetwork => {
                "Locum registrations, hub join requests and changes to your hubs"
            }
            NoticeKind::Shifts => "Shifts assigned, given back or cancelled",
            NoticeKind::Integrations => {
                "When the link to your practice's clinical system stops working, and when it works again"
            }
        }
    }
}

/// One notification as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    /// Already formatted in UK time, e.g. "23 November 2026 at 10:15am".
    pub when: String,
    pub read: bool,
}

/// Where one kind of notification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preference {
    pub kind: NoticeKind,
    pub in_app: bool,
    pub email: bool,
}

impl Preference {
    /// Everything is on until the person turns it off.
    pub fn default_for(kind: NoticeKind) -> Self {
        Preference {
            kind,
            in_app: true,
            email: true,
        }
    }
}

/// The form field names for a kind's two channels.
pub fn field_names(kind: NoticeKind) -> (String, String) {
    (
        format!("{}_in_app", kind.as_str()),
        format!("{}_email", kind.as_str()),
    )
}

impl TryFrom<String> for NoticeKind {
    type Error = crate::org::model::UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        NoticeKind::parse(&stored).ok_or(crate::org::model::UnknownValue(stored))
    }
}
