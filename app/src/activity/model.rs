use serde::{Deserialize, Serialize};

/// One line of a subject's history, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// UK time, e.g. "23 November 2026 at 10:15am".
    pub when: String,
    pub what: String,
    /// The person who did it; "The person themselves", or "Gatehouse" when
    /// nobody did (an automatic lock, say).
    pub by: String,
    pub details: String,
}

/// A person's history, with their name, for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonHistory {
    pub name: String,
    pub entries: Vec<ActivityEntry>,
}

/// The words users see for a stored event name.
pub fn event_label(event: &str) -> String {
    match event {
        "signed_in" => "Signed in",
        "signed_out" => "Signed out",
        "signed_out_everywhere" => "Signed out of all devices",
        "account_locked" => "Account locked after failed sign-ins",
        "account_unlocked" => "Account unlocked",
        "password_set" => "Password set",
        "password_reset_requested" => "Password reset requested",
        "created_at_setup" => "Account created when Gatehouse was set up",
        "staff_invited" => "Invited as staff (email sent)",
        "invite_link_copied" => "Invite link copied",
        "invite_link_renewed" => "New invite link copied (older links stopped working)",
        "invite_resent" => "Invite resent",
        "invite_revoked" => "Invite revoked",
        "invite_accepted" => "Invitation accepted",
        "staff_registered" => "Registered from an invitation",
        "staff_role_added" => "Staff role added",
        "staff_role_changed" => "Role changed",
        "staff_role_removed" => "Role removed",
        "staff_disabled" => "Disabled",
        "staff_enabled" => "Enabled",
        "emis_username_changed" => "EMIS username changed",
        "practice_registered" => "Practice registered",
        "practice_updated" => "Practice details changed",
        "group_inbox_created" => "Group inbox added",
        "all_practices_view_enabled" => "All Practice inbox view enabled",
        "all_practices_view_disabled" => "All Practice inbox view turned off",
        "request_submitted" => "Request sent with the online form",
        "request_logged" => "Request logged from a phone call",
        "request_assigned" => "Assigned",
        "request_reassigned" => "Reassigned",
        "request_marked_urgent" => "Marked urgent",
        "request_marked_routine" => "Marked routine",
        "note_added" => "Note added",
        "reply_sent" => "Reply sent to the patient",
        "request_completed" => "Completed",
        other => return other.replace('_', " "),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_events_read_as_words_and_unknown_ones_stay_readable() {
        assert_eq!(
            event_label("account_locked"),
            "Account locked after failed sign-ins"
        );
        assert_eq!(event_label("invite_sent"), "invite sent");
    }
}
