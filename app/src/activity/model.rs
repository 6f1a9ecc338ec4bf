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

/// Something that happened, as the activity log stores it (`as_str`) and
/// as people read it (`label`). Every entry the code writes is one of
/// these; the log keeps the stored name, so old names stay readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityEvent {
    SignedIn,
    SignedOut,
    SignedOutEverywhere,
    AccountLocked,
    AccountUnlocked,
    PasswordSet,
    PasswordResetRequested,
    CreatedAtSetup,
    StaffInvited,
    InviteLinkCopied,
    InviteLinkRenewed,
    InviteResent,
    InviteRevoked,
    InviteAccepted,
    StaffRegistered,
    StaffRoleAdded,
    StaffRoleChanged,
    StaffRoleRemoved,
    StaffDisabled,
    StaffEnabled,
    EmisUsernameChanged,
    PracticeRegistered,
    PracticeUpdated,
    GroupInboxCreated,
    AllPracticesViewEnabled,
    AllPracticesViewDisabled,
    RequestSubmitted,
    RequestLogged,
    RequestAssigned,
    RequestReassigned,
    RequestMarkedUrgent,
    RequestMarkedRoutine,
    NoteAdded,
    ReplySent,
    RequestCompleted,
    JobStarted,
    JobCancelled,
    PatientAdded,
    PatientRecordStatusChanged,
    LetterBaseAdded,
    LetterTemplateAdded,
    LetterTemplateVisibility,
    CredentialsDistributed,
    AccessLetterGenerated,
    AccessLetterSent,
    UserFailedToRegister,
    PatientAccountLocked,
    UserSuccessfullyRegistered,
    AccountOnboarded,
    AccessGranted,
    PatientAccountDisabled,
    AccountDisabledAutomatically,
    ClientSupportChanged,
    PatientDocumentAdded,
    PatientDocumentVisibility,
    LocumRegistered,
    LocumEmailVerified,
    LocumActivated,
    LocumRejected,
    HubAdded,
    HubJoinRequested,
    HubMemberEnabled,
    HubMemberDisabled,
    HubLocationAdded,
    HubLocationsChosen,
    HubDocumentAdded,
    HubDocumentRead,
    HubDocumentSigned,
    ShiftsAdded,
    ShiftCancelled,
    ShiftAssigned,
    ShiftGivenBack,
    RequirementPosted,
    CoverOffered,
    OfferAccepted,
    OfferDeclined,
}

impl ActivityEvent {
    pub const ALL: [ActivityEvent; 76] = [
        ActivityEvent::SignedIn,
        ActivityEvent::SignedOut,
        ActivityEvent::SignedOutEverywhere,
        ActivityEvent::AccountLocked,
        ActivityEvent::AccountUnlocked,
        ActivityEvent::PasswordSet,
        ActivityEvent::PasswordResetRequested,
        ActivityEvent::CreatedAtSetup,
        ActivityEvent::StaffInvited,
        ActivityEvent::InviteLinkCopied,
        ActivityEvent::InviteLinkRenewed,
        ActivityEvent::InviteResent,
        ActivityEvent::InviteRevoked,
        ActivityEvent::InviteAccepted,
        ActivityEvent::StaffRegistered,
        ActivityEvent::StaffRoleAdded,
        ActivityEvent::StaffRoleChanged,
        ActivityEvent::StaffRoleRemoved,
        ActivityEvent::StaffDisabled,
        ActivityEvent::StaffEnabled,
        ActivityEvent::EmisUsernameChanged,
        ActivityEvent::PracticeRegistered,
        ActivityEvent::PracticeUpdated,
        ActivityEvent::GroupInboxCreated,
        ActivityEvent::AllPracticesViewEnabled,
        ActivityEvent::AllPracticesViewDisabled,
        ActivityEvent::RequestSubmitted,
        ActivityEvent::RequestLogged,
        ActivityEvent::RequestAssigned,
        ActivityEvent::RequestReassigned,
        ActivityEvent::RequestMarkedUrgent,
        ActivityEvent::RequestMarkedRoutine,
        ActivityEvent::NoteAdded,
        ActivityEvent::ReplySent,
        ActivityEvent::RequestCompleted,
        ActivityEvent::JobStarted,
        ActivityEvent::JobCancelled,
        ActivityEvent::PatientAdded,
        ActivityEvent::PatientRecordStatusChanged,
        ActivityEvent::LetterBaseAdded,
        ActivityEvent::LetterTemplateAdded,
        ActivityEvent::LetterTemplateVisibility,
        ActivityEvent::CredentialsDistributed,
        ActivityEvent::AccessLetterGenerated,
        ActivityEvent::AccessLetterSent,
        ActivityEvent::UserFailedToRegister,
        ActivityEvent::PatientAccountLocked,
        ActivityEvent::UserSuccessfullyRegistered,
        ActivityEvent::AccountOnboarded,
        ActivityEvent::AccessGranted,
        ActivityEvent::PatientAccountDisabled,
        ActivityEvent::AccountDisabledAutomatically,
        ActivityEvent::ClientSupportChanged,
        ActivityEvent::PatientDocumentAdded,
        ActivityEvent::PatientDocumentVisibility,
        ActivityEvent::LocumRegistered,
        ActivityEvent::LocumEmailVerified,
        ActivityEvent::LocumActivated,
        ActivityEvent::LocumRejected,
        ActivityEvent::HubAdded,
        ActivityEvent::HubJoinRequested,
        ActivityEvent::HubMemberEnabled,
        ActivityEvent::HubMemberDisabled,
        ActivityEvent::HubLocationAdded,
        ActivityEvent::HubLocationsChosen,
        ActivityEvent::HubDocumentAdded,
        ActivityEvent::HubDocumentRead,
        ActivityEvent::HubDocumentSigned,
        ActivityEvent::ShiftsAdded,
        ActivityEvent::ShiftCancelled,
        ActivityEvent::ShiftAssigned,
        ActivityEvent::ShiftGivenBack,
        ActivityEvent::RequirementPosted,
        ActivityEvent::CoverOffered,
        ActivityEvent::OfferAccepted,
        ActivityEvent::OfferDeclined,
    ];

    /// The name stored in `activity_log.event`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityEvent::SignedIn => "signed_in",
            ActivityEvent::SignedOut => "signed_out",
            ActivityEvent::SignedOutEverywhere => "signed_out_everywhere",
            ActivityEvent::AccountLocked => "account_locked",
            ActivityEvent::AccountUnlocked => "account_unlocked",
            ActivityEvent::PasswordSet => "password_set",
            ActivityEvent::PasswordResetRequested => "password_reset_requested",
            ActivityEvent::CreatedAtSetup => "created_at_setup",
            ActivityEvent::StaffInvited => "staff_invited",
            ActivityEvent::InviteLinkCopied => "invite_link_copied",
            ActivityEvent::InviteLinkRenewed => "invite_link_renewed",
            ActivityEvent::InviteResent => "invite_resent",
            ActivityEvent::InviteRevoked => "invite_revoked",
            ActivityEvent::InviteAccepted => "invite_accepted",
            ActivityEvent::StaffRegistered => "staff_registered",
            ActivityEvent::StaffRoleAdded => "staff_role_added",
            ActivityEvent::StaffRoleChanged => "staff_role_changed",
            ActivityEvent::StaffRoleRemoved => "staff_role_removed",
            ActivityEvent::StaffDisabled => "staff_disabled",
            ActivityEvent::StaffEnabled => "staff_enabled",
            ActivityEvent::EmisUsernameChanged => "emis_username_changed",
            ActivityEvent::PracticeRegistered => "practice_registered",
            ActivityEvent::PracticeUpdated => "practice_updated",
            ActivityEvent::GroupInboxCreated => "group_inbox_created",
            ActivityEvent::AllPracticesViewEnabled => "all_practices_view_enabled",
            ActivityEvent::AllPracticesViewDisabled => "all_practices_view_disabled",
            ActivityEvent::RequestSubmitted => "request_submitted",
            ActivityEvent::RequestLogged => "request_logged",
            ActivityEvent::RequestAssigned => "request_assigned",
            ActivityEvent::RequestReassigned => "request_reassigned",
            ActivityEvent::RequestMarkedUrgent => "request_marked_urgent",
            ActivityEvent::RequestMarkedRoutine => "request_marked_routine",
            ActivityEvent::NoteAdded => "note_added",
            ActivityEvent::ReplySent => "reply_sent",
            ActivityEvent::RequestCompleted => "request_completed",
            ActivityEvent::JobStarted => "job_started",
            ActivityEvent::JobCancelled => "job_cancelled",
            ActivityEvent::PatientAdded => "patient_added",
            ActivityEvent::PatientRecordStatusChanged => "patient_record_status_changed",
            ActivityEvent::LetterBaseAdded => "letter_template_base_added",
            ActivityEvent::LetterTemplateAdded => "letter_template_added",
            ActivityEvent::LetterTemplateVisibility => "letter_template_visibility",
            ActivityEvent::CredentialsDistributed => "patient_credentials_distributed",
            ActivityEvent::AccessLetterGenerated => "patient_access_letter_generated",
            ActivityEvent::AccessLetterSent => "patient_access_letter_sent",
            ActivityEvent::UserFailedToRegister => "patient_user_failed_to_register",
            ActivityEvent::PatientAccountLocked => "patient_account_locked",
            ActivityEvent::UserSuccessfullyRegistered => "patient_user_successfully_registered",
            ActivityEvent::AccountOnboarded => "patient_account_onboarded",
            ActivityEvent::AccessGranted => "patient_access_granted",
            ActivityEvent::PatientAccountDisabled => "patient_account_disabled",
            ActivityEvent::AccountDisabledAutomatically => "patient_account_disabled_automatically",
            ActivityEvent::ClientSupportChanged => "client_support_changed",
            ActivityEvent::PatientDocumentAdded => "patient_document_added",
            ActivityEvent::PatientDocumentVisibility => "patient_document_visibility",
            ActivityEvent::LocumRegistered => "locum_registered",
            ActivityEvent::LocumEmailVerified => "locum_email_verified",
            ActivityEvent::LocumActivated => "locum_activated",
            ActivityEvent::LocumRejected => "locum_rejected",
            ActivityEvent::HubAdded => "hub_added",
            ActivityEvent::HubJoinRequested => "hub_join_requested",
            ActivityEvent::HubMemberEnabled => "hub_member_enabled",
            ActivityEvent::HubMemberDisabled => "hub_member_disabled",
            ActivityEvent::HubLocationAdded => "hub_location_added",
            ActivityEvent::HubLocationsChosen => "hub_locations_chosen",
            ActivityEvent::HubDocumentAdded => "hub_document_added",
            ActivityEvent::HubDocumentRead => "hub_document_read",
            ActivityEvent::HubDocumentSigned => "hub_document_signed",
            ActivityEvent::ShiftsAdded => "shifts_added",
            ActivityEvent::ShiftCancelled => "shift_cancelled",
            ActivityEvent::ShiftAssigned => "shift_assigned",
            ActivityEvent::ShiftGivenBack => "shift_given_back",
            ActivityEvent::RequirementPosted => "requirement_posted",
            ActivityEvent::CoverOffered => "cover_offered",
            ActivityEvent::OfferAccepted => "offer_accepted",
            ActivityEvent::OfferDeclined => "offer_declined",
        }
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            ActivityEvent::SignedIn => "Signed in",
            ActivityEvent::SignedOut => "Signed out",
            ActivityEvent::SignedOutEverywhere => "Signed out of all devices",
            ActivityEvent::AccountLocked => "Account locked after failed sign-ins",
            ActivityEvent::AccountUnlocked => "Account unlocked",
            ActivityEvent::PasswordSet => "Password set",
            ActivityEvent::PasswordResetRequested => "Password reset requested",
            ActivityEvent::CreatedAtSetup => "Account created when Gatehouse was set up",
            ActivityEvent::StaffInvited => "Invited as staff (email sent)",
            ActivityEvent::InviteLinkCopied => "Invite link copied",
            ActivityEvent::InviteLinkRenewed => {
                "New invite link copied (older links stopped working)"
            }
            ActivityEvent::InviteResent => "Invite resent",
            ActivityEvent::InviteRevoked => "Invite revoked",
            ActivityEvent::InviteAccepted => "Invitation accepted",
            ActivityEvent::StaffRegistered => "Registered from an invitation",
            ActivityEvent::StaffRoleAdded => "Staff role added",
            ActivityEvent::StaffRoleChanged => "Role changed",
            ActivityEvent::StaffRoleRemoved => "Role removed",
            ActivityEvent::StaffDisabled => "Disabled",
            ActivityEvent::StaffEnabled => "Enabled",
            ActivityEvent::EmisUsernameChanged => "EMIS username changed",
            ActivityEvent::PracticeRegistered => "Practice registered",
            ActivityEvent::PracticeUpdated => "Practice details changed",
            ActivityEvent::GroupInboxCreated => "Group inbox added",
            ActivityEvent::AllPracticesViewEnabled => "All Practice inbox view enabled",
            ActivityEvent::AllPracticesViewDisabled => "All Practice inbox view turned off",
            ActivityEvent::RequestSubmitted => "Request sent with the online form",
            ActivityEvent::RequestLogged => "Request logged from a phone call",
            ActivityEvent::RequestAssigned => "Assigned",
            ActivityEvent::RequestReassigned => "Reassigned",
            ActivityEvent::RequestMarkedUrgent => "Marked urgent",
            ActivityEvent::RequestMarkedRoutine => "Marked routine",
            ActivityEvent::NoteAdded => "Note added",
            ActivityEvent::ReplySent => "Reply sent to the patient",
            ActivityEvent::RequestCompleted => "Completed",
            ActivityEvent::JobStarted => "Job started",
            ActivityEvent::JobCancelled => "Job cancelled",
            ActivityEvent::PatientAdded => "Patient added",
            ActivityEvent::PatientRecordStatusChanged => "Record status changed",
            ActivityEvent::LetterBaseAdded => "Letter template base added",
            ActivityEvent::LetterTemplateAdded => "Letter template added",
            ActivityEvent::LetterTemplateVisibility => "Patient Profile Is Visible changed",
            ActivityEvent::CredentialsDistributed => "Patient Credentials Distributed",
            ActivityEvent::AccessLetterGenerated => "Patient Access Letter Generated",
            ActivityEvent::AccessLetterSent => "Patient Access Letter Sent",
            ActivityEvent::UserFailedToRegister => "Patient User Failed To Register",
            ActivityEvent::PatientAccountLocked => "Patient Account Locked",
            ActivityEvent::UserSuccessfullyRegistered => "Patient User Successfully Registered",
            ActivityEvent::AccountOnboarded => "Patient Account Onboarded",
            ActivityEvent::AccessGranted => "Patient Access Granted",
            ActivityEvent::PatientAccountDisabled => "Patient Account Disabled",
            ActivityEvent::AccountDisabledAutomatically => "Patient Account Disabled Automatically",
            ActivityEvent::ClientSupportChanged => "Client support changed",
            ActivityEvent::PatientDocumentAdded => "Document added",
            ActivityEvent::PatientDocumentVisibility => {
                "Document Patient Profile Is Visible changed"
            }
            ActivityEvent::LocumRegistered => "Locum registered",
            ActivityEvent::LocumEmailVerified => "Locum email address verified",
            ActivityEvent::LocumActivated => "Locum activated",
            ActivityEvent::LocumRejected => "Locum registration rejected",
            ActivityEvent::HubAdded => "Hub added",
            ActivityEvent::HubJoinRequested => "Requested to join the hub",
            ActivityEvent::HubMemberEnabled => "Enabled in the hub workforce",
            ActivityEvent::HubMemberDisabled => "Disabled in the hub workforce",
            ActivityEvent::HubLocationAdded => "Hub location added",
            ActivityEvent::HubLocationsChosen => "Hub locations chosen",
            ActivityEvent::HubDocumentAdded => "Hub document added",
            ActivityEvent::HubDocumentRead => "Hub document read",
            ActivityEvent::HubDocumentSigned => "Hub document signed",
            ActivityEvent::ShiftsAdded => "Shifts added",
            ActivityEvent::ShiftCancelled => "Shift cancelled",
            ActivityEvent::ShiftAssigned => "Shift assigned",
            ActivityEvent::ShiftGivenBack => "Shift given back",
            ActivityEvent::RequirementPosted => "Requirement posted",
            ActivityEvent::CoverOffered => "Cover offered",
            ActivityEvent::OfferAccepted => "Offer accepted",
            ActivityEvent::OfferDeclined => "Offer declined",
        }
    }

    /// The seed's ten Patient Profile events, which the Patient Profile
    /// activity log shows, in the order of an account's life.
    pub const PATIENT_PROFILE: [ActivityEvent; 10] = [
        ActivityEvent::CredentialsDistributed,
        ActivityEvent::AccessLetterGenerated,
        ActivityEvent::AccessLetterSent,
        ActivityEvent::UserFailedToRegister,
        ActivityEvent::PatientAccountLocked,
        ActivityEvent::UserSuccessfullyRegistered,
        ActivityEvent::AccountOnboarded,
        ActivityEvent::AccessGranted,
        ActivityEvent::PatientAccountDisabled,
        ActivityEvent::AccountDisabledAutomatically,
    ];

    /// The event for a stored name; `None` for names this version does not know.
    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == stored)
    }
}

/// The words users see for a stored event name; a name this version does
/// not know stays readable ("invite_sent" reads "invite sent").
pub fn event_label(event: &str) -> String {
    match ActivityEvent::parse(event) {
        Some(known) => known.label().to_string(),
        None => event.replace('_', " "),
    }
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

    #[test]
    fn every_event_round_trips_through_its_stored_name_and_has_words() {
        for event in ActivityEvent::ALL {
            assert_eq!(ActivityEvent::parse(event.as_str()), Some(event));
            assert!(!event.label().is_empty());
        }
    }
}
