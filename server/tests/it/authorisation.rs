//! The authorisation walk: every registered server function states who may
//! call it, and the test proves each rule over HTTP. A new server function
//! that is not listed here fails the first test; a listed function whose
//! check is removed fails the others.

use app::server::fixtures;
use std::collections::BTreeSet;

use app::org::model::{OrgKind, Role};

use crate::common::{self, spawn_app, TestApp};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// Anyone may call it; the reason says why that is safe.
    Public(&'static str),
    /// Signed in; acts only on the caller's own account.
    SignedIn,
    /// Signed in and holding a permission in the organisation named by the
    /// `organisation_id` argument.
    Organisation,
    /// Signed in with a staff role that works requests in the organisation
    /// named by `organisation_id`: a GP is allowed, its administrator is not.
    Staff,
    /// Signed in with a direct, active role in the practice named by
    /// `organisation_id` that sees its patients (`manage`: and manages
    /// them): the practice's admin is allowed, a GP only to look, and a
    /// network administrator above the practice never.
    Patients { manage: bool },
    /// Signed in; answers only with the patient's own record (none for
    /// someone who is not a patient).
    OwnPatientRecord,
    /// Signed in with a direct Hub manager role in the hub named by
    /// `organisation_id` (ManageWorkforce): the network's administrator
    /// above it and the hub's own locums are refused.
    Hub,
    /// Signed in with ManageShifts in the hub named by `organisation_id`:
    /// its Hub managers and the network's administrators above it; the
    /// hub's own locums and other organisations' people are refused.
    HubShifts,
    /// Signed in with an active locum registration; acts on the locum's own
    /// hubs (`hub_id`), where acting for the hub needs an enabled role.
    Locum,
    /// Signed in with a direct Practice administrator role in the practice
    /// named by `organisation_id` (ManageIntegrations): its GP, another
    /// practice's administrator and the network's administrator above it
    /// are refused.
    Integrations,
}

struct Case {
    path: &'static str,
    access: Access,
    /// Well-formed arguments; `{org}` and `{person}` are filled in.
    args: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        path: "/api/current_user",
        access: Access::Public("answers who is signed in: nobody, for an anonymous caller"),
        args: &[],
    },
    Case {
        path: "/api/sign_in",
        access: Access::Public("the email and password are the check"),
        args: &[("email", "a@nhs.net"), ("password", "x")],
    },
    Case {
        path: "/api/sign_out",
        access: Access::Public("ends only the caller's own session, if there is one"),
        args: &[],
    },
    Case {
        path: "/api/check_password_link",
        access: Access::Public("the one-time link is the credential"),
        args: &[("token", "t")],
    },
    Case {
        path: "/api/set_password",
        access: Access::Public("the one-time link is the credential"),
        args: &[("token", "t"), ("password", "p"), ("confirm", "p")],
    },
    Case {
        path: "/api/request_password_reset",
        access: Access::Public("answers the same whether or not the address has an account"),
        args: &[("email", "a@nhs.net")],
    },
    Case {
        path: "/api/setup_needed",
        access: Access::Public("says only whether any account exists"),
        args: &[],
    },
    Case {
        path: "/api/first_run_setup",
        access: Access::Public("works only while no account exists"),
        args: &[
            ("name", "n"),
            ("email", "a@nhs.net"),
            ("password", "p"),
            ("confirm", "p"),
        ],
    },
    Case {
        path: "/api/list_organisations",
        access: Access::Public("organisation names and ODS codes are published information"),
        args: &[],
    },
    Case {
        path: "/api/dev_mailbox",
        access: Access::Public("development only: Page not found in production"),
        args: &[],
    },
    Case {
        path: "/api/dev_mailbox_open",
        access: Access::Public("says only whether this server runs in development mode"),
        args: &[],
    },
    Case {
        path: "/api/joined",
        access: Access::SignedIn,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/practices_to_manage",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/sign_out_everywhere",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/switch_organisation",
        access: Access::SignedIn,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/notifications",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/mark_notification_read",
        access: Access::SignedIn,
        args: &[("id", "x")],
    },
    Case {
        path: "/api/mark_all_notifications_read",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/notification_preferences",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/save_notification_preferences",
        access: Access::SignedIn,
        args: &[("account_email", "yes")],
    },
    Case {
        path: "/api/my_activity",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/person_activity",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("user_id", "{person}")],
    },
    Case {
        path: "/api/locked_accounts",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/unlock_account",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("user_id", "{person}")],
    },
    Case {
        path: "/api/feature_settings",
        access: Access::Integrations,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/update_emis_organisation_id",
        access: Access::Integrations,
        args: &[("organisation_id", "{org}"), ("emis_org_id", "12345")],
    },
    Case {
        path: "/api/update_emis_api_user",
        access: Access::Integrations,
        args: &[
            ("organisation_id", "{org}"),
            ("api_username", "gatehouse"),
            ("api_password", "not-a-real-password"),
        ],
    },
    Case {
        path: "/api/test_connection",
        access: Access::Integrations,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/appointment_settings",
        access: Access::Integrations,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/update_appointment_reminders",
        access: Access::Integrations,
        args: &[
            ("organisation_id", "{org}"),
            ("reminders", "off"),
            ("reminder_message", "Dear {{patient_name}}, see you soon."),
        ],
    },
    Case {
        path: "/api/update_self_booking",
        access: Access::Integrations,
        args: &[
            ("organisation_id", "{org}"),
            ("booking", "off"),
            ("slot_types", ""),
            ("days_ahead", "14"),
        ],
    },
    // A patient's own appointments: the service finds the caller's own
    // active record at the practice; anyone else gets Page not found.
    Case {
        path: "/api/your_appointments",
        access: Access::OwnPatientRecord,
        args: &[],
    },
    Case {
        path: "/api/free_appointment_slots",
        access: Access::OwnPatientRecord,
        args: &[("practice_id", "{org}")],
    },
    Case {
        path: "/api/book_appointment",
        access: Access::OwnPatientRecord,
        args: &[("practice_id", "{org}"), ("slot", "H81001-1796547600000")],
    },
    Case {
        path: "/api/cancel_appointment",
        access: Access::OwnPatientRecord,
        args: &[("practice_id", "{org}"), ("appointment_id", "A1")],
    },
    Case {
        path: "/api/list_staff",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/invite_staff",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("email", "new.person@nhs.net"),
            ("role", "gp"),
        ],
    },
    Case {
        path: "/api/create_invite_link",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("email", "link.person@nhs.net"),
            ("role", "nurse"),
        ],
    },
    Case {
        path: "/api/resend_invite",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("invite_id", "no-such-invite"),
        ],
    },
    Case {
        path: "/api/renew_invite_link",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("invite_id", "no-such-invite"),
        ],
    },
    Case {
        path: "/api/revoke_invite",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("invite_id", "no-such-invite"),
        ],
    },
    Case {
        path: "/api/view_invitation",
        access: Access::Public("the invitation link is the credential"),
        args: &[("token", "t")],
    },
    Case {
        path: "/api/accept_invite",
        access: Access::SignedIn,
        args: &[("token", "t")],
    },
    Case {
        path: "/api/register_from_invite",
        access: Access::Public(
            "the invitation link is the credential, for an address with no account",
        ),
        args: &[
            ("token", "t"),
            ("name", "n"),
            ("job_title", "j"),
            ("password", "p"),
            ("confirm", "p"),
        ],
    },
    Case {
        path: "/api/get_staff_member",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("membership_id", "no-such-membership"),
        ],
    },
    Case {
        path: "/api/update_emis_username",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("membership_id", "no-such-membership"),
            ("emis_username", "X"),
        ],
    },
    Case {
        path: "/api/change_staff_role",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("membership_id", "no-such-membership"),
            ("role", "gp"),
        ],
    },
    Case {
        path: "/api/set_staff_enabled",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("membership_id", "no-such-membership"),
            ("enabled", "false"),
        ],
    },
    Case {
        path: "/api/remove_staff_role",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("membership_id", "no-such-membership"),
        ],
    },
    Case {
        path: "/api/register_practice",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("name", "New"),
            ("ods_code", "N12345"),
            ("clinical_system", "other"),
            ("email", "lead@nhs.net"),
        ],
    },
    Case {
        path: "/api/get_practice_details",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/update_practice",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("name", "Renamed"),
            ("clinical_system", "other"),
        ],
    },
    Case {
        path: "/api/preview_bulk_invites",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            (
                "text",
                "email,role,EMIS username\nbulk.person@nhs.net,GP,\n",
            ),
        ],
    },
    Case {
        path: "/api/start_bulk_invite",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            (
                "text",
                "email,role,EMIS username\nbulk.person@nhs.net,GP,\n",
            ),
            ("submission", "walk-1"),
        ],
    },
    Case {
        path: "/api/organisation_jobs",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        // Another organisation's job is 404 through this one
        // (app/src/jobs/tests.rs).
        path: "/api/organisation_job",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("job_id", "made-up")],
    },
    Case {
        path: "/api/cancel_job",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("job_id", "made-up")],
    },
    Case {
        path: "/api/check_inbox_access",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        // The inbox page: only the caller's own practices (tested in
        // app/src/requests/tests.rs).
        path: "/api/inbox_screen",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        // The service answers 404 unless the caller works requests in the
        // request's practice (app/src/requests/tests.rs).
        path: "/api/request_detail",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request")],
    },
    Case {
        path: "/api/practice_contact",
        access: Access::Public(
            "a practice's name for its public contact form: published information",
        ),
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/group_inboxes",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/create_group_inbox",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("name", "Script clerks"),
            ("role", "prescription_clerk"),
        ],
    },
    Case {
        path: "/api/set_all_practices_view",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/log_phone_request",
        access: Access::Staff,
        args: &[
            ("organisation_id", "{org}"),
            ("request[patient_name]", "Pat Patient"),
            ("request[dob_day]", "1"),
            ("request[dob_month]", "2"),
            ("request[dob_year]", "1970"),
            ("request[nhs_number]", ""),
            ("request[email]", "pat@example.com"),
            ("request[phone]", ""),
            ("request[kind]", "admin"),
            ("request[description]", "A fit note"),
        ],
    },
    Case {
        path: "/api/submit_contact_form",
        access: Access::Public(
            "the public contact form: limited per address and per practice, with a honeypot field",
        ),
        args: &[
            ("organisation_id", "{org}"),
            ("request[patient_name]", "Pat Patient"),
            ("request[dob_day]", "1"),
            ("request[dob_month]", "2"),
            ("request[dob_year]", "1970"),
            ("request[nhs_number]", ""),
            ("request[email]", "pat@example.com"),
            ("request[phone]", ""),
            ("request[kind]", "admin"),
            ("request[description]", "A fit note"),
        ],
    },
    Case {
        // Request actions: the service answers 404 unless the caller works
        // requests in the request's practice (app/src/requests/tests.rs).
        path: "/api/assign_request",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request"), ("assignee", "nobody")],
    },
    Case {
        path: "/api/mark_request_urgent",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request"), ("urgent", "on")],
    },
    Case {
        path: "/api/add_request_note",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request"), ("note", "A note")],
    },
    Case {
        path: "/api/reply_to_patient",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request"), ("reply", "A reply")],
    },
    Case {
        path: "/api/complete_request",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request")],
    },
    Case {
        path: "/api/search_patients",
        access: Access::Patients { manage: false },
        args: &[("organisation_id", "{org}"), ("query", "bennett")],
    },
    Case {
        path: "/api/patient_detail",
        access: Access::Patients { manage: false },
        args: &[("organisation_id", "{org}"), ("patient_id", "no-such-patient")],
    },
    Case {
        path: "/api/add_patient",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("patient[given_name]", "Olivia")],
    },
    Case {
        path: "/api/set_record_status",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("patient_id", "no-such-patient"),
            ("record_status", "deceased"),
        ],
    },
    Case {
        path: "/api/credentials_form",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("patient_id", "no-such-patient")],
    },
    Case {
        path: "/api/create_credentials",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("patient_id", "no-such-patient"),
            ("credentials[distribution]", "now"),
        ],
    },
    Case {
        path: "/api/patient_letter",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("patient_id", "no-such-patient")],
    },
    Case {
        path: "/api/mark_letter_sent",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("patient_id", "no-such-patient")],
    },
    Case {
        path: "/api/set_patient_account_enabled",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("patient_id", "no-such-patient"),
            ("enabled", "false"),
        ],
    },
    Case {
        path: "/api/bulk_credentials_form",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/start_bulk_credentials",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("credentials[distribution]", "later"),
            ("submission", "a-submission"),
        ],
    },
    Case {
        path: "/api/job_letters",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("job_id", "no-such-job")],
    },
    Case {
        path: "/api/job_letters_to_print",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("job_id", "no-such-job"),
            ("letter", "no-such-letter"),
            ("part", "1"),
        ],
    },
    Case {
        path: "/api/client_support",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/save_client_support",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("support_email", "help@example.nhs.uk"),
            ("support_phone", "0300 123 4567"),
        ],
    },
    Case {
        path: "/api/patient_support",
        access: Access::Public("the support contact is published to every patient"),
        args: &[],
    },
    Case {
        path: "/api/register_patient",
        access: Access::Public(
            "the letter's Patient ID and activation code with the date of birth are the check, limited per client address and locked after 5 wrong tries",
        ),
        args: &[("registration[patient_id]", "ABCD-EFGH")],
    },
    Case {
        path: "/api/confirm_patient_email",
        access: Access::Public("the confirmation link is the credential"),
        args: &[("token", "t")],
    },
    Case {
        path: "/api/your_patient_profile",
        access: Access::OwnPatientRecord,
        args: &[],
    },
    // The letters' ManageLetters has the same reach as ManagePatients: a
    // direct role in the practice that the practice admin has.
    Case {
        path: "/api/letter_template_bases",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/new_letter_template_base",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("name", "Letterhead")],
    },
    Case {
        path: "/api/letter_templates",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/new_letter_template",
        access: Access::Patients { manage: true },
        args: &[("organisation_id", "{org}"), ("template[name]", "Letter")],
    },
    Case {
        path: "/api/set_letter_template_visible",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("template_id", "no-such-template"),
            ("visible", "true"),
        ],
    },
    Case {
        path: "/api/add_patient_document",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("patient_id", "no-such-patient"),
            ("name", "Results"),
        ],
    },
    Case {
        path: "/api/set_patient_document_visible",
        access: Access::Patients { manage: true },
        args: &[
            ("organisation_id", "{org}"),
            ("patient_id", "no-such-patient"),
            ("document_id", "no-such-document"),
            ("visible", "true"),
        ],
    },
    Case {
        path: "/api/locum_registration_page",
        access: Access::Public("the network's name and hub names are published information"),
        args: &[],
    },
    Case {
        path: "/api/register_locum",
        access: Access::Public("anyone may register; limited per client address, answered the same for a known address"),
        args: &[("registration[name]", "n"), ("registration[email]", "x@example.com")],
    },
    Case {
        path: "/api/verify_locum_email",
        access: Access::Public("the one-time link is the credential"),
        args: &[("token", "t")],
    },
    Case {
        path: "/api/locum_registrations",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/activate_locum",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("registration_id", "no-such-registration")],
    },
    Case {
        path: "/api/reject_locum",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("registration_id", "no-such-registration"),
            ("reason", "Not on the register"),
        ],
    },
    Case {
        path: "/api/add_hub",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("hub_name", "A hub")],
    },
    Case {
        path: "/api/hub_workforce",
        access: Access::Hub,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/set_hub_member_enabled",
        access: Access::Hub,
        args: &[
            ("organisation_id", "{org}"),
            ("user_id", "no-such-person"),
            ("enabled", "true"),
        ],
    },
    Case {
        path: "/api/add_hub_location",
        access: Access::Hub,
        args: &[
            ("organisation_id", "{org}"),
            ("location_name", "Seaton"),
            ("address", "1 Quay Street"),
        ],
    },
    Case {
        path: "/api/add_hub_document",
        access: Access::Hub,
        args: &[("organisation_id", "{org}"), ("title", "Induction"), ("action", "read")],
    },
    Case {
        path: "/api/get_hub_management",
        access: Access::Locum,
        args: &[],
    },
    Case {
        path: "/api/get_locum_profile",
        access: Access::Locum,
        args: &[],
    },
    Case {
        path: "/api/add_hub_membership",
        access: Access::Locum,
        args: &[("hub_id", "{org}")],
    },
    Case {
        path: "/api/choose_hub_locations",
        access: Access::Locum,
        args: &[("hub_id", "{org}")],
    },
    Case {
        path: "/api/acknowledge_hub_document",
        access: Access::Locum,
        args: &[("hub_id", "{org}"), ("document_id", "no-such-document")],
    },
    Case {
        path: "/api/hub_shifts",
        access: Access::HubShifts,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/add_hub_shifts",
        access: Access::HubShifts,
        args: &[
            ("organisation_id", "{org}"),
            ("shift[location_id]", "no-such-location"),
            ("shift[role]", "gp"),
        ],
    },
    Case {
        path: "/api/cancel_shift",
        access: Access::HubShifts,
        args: &[
            ("organisation_id", "{org}"),
            ("shift_id", "no-such-shift"),
            ("reason", "Closed"),
        ],
    },
    // A locum's own Schedule; taking or giving back a shift is checked in
    // the service against the shift's hub (BookShifts, a direct role).
    Case {
        path: "/api/schedule",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/schedule_month",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/assign_shift_to_me",
        access: Access::SignedIn,
        args: &[("shift_id", "no-such-shift")],
    },
    Case {
        path: "/api/give_back_shift",
        access: Access::SignedIn,
        args: &[("shift_id", "no-such-shift"), ("reason", "Unwell")],
    },
    // Offering cover is checked in the service against the requirement's
    // network (BookShifts there: an active locum registration).
    Case {
        path: "/api/offer_cover",
        access: Access::SignedIn,
        args: &[("shift_id", "no-such-shift")],
    },
    // The caller's own calendar link (of their own booked work only).
    Case {
        path: "/api/create_calendar_feed",
        access: Access::SignedIn,
        args: &[],
    },
    Case {
        path: "/api/turn_off_calendar_feed",
        access: Access::SignedIn,
        args: &[],
    },
    // The locum's own availability and answers (checked in the service:
    // an active locum, their own requests).
    Case {
        path: "/api/toggle_availability",
        access: Access::SignedIn,
        args: &[("day", "no-such-day"), ("segment", "morning")],
    },
    Case {
        path: "/api/answer_cover_request",
        access: Access::SignedIn,
        args: &[("request_id", "no-such-request"), ("answer", "accept")],
    },
    // A practice's "Locum availability": ManageShifts in the practice.
    Case {
        path: "/api/practice_availability",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/request_cover",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("locum_id", "no-such-person"),
            ("day", "2030-01-07"),
            ("segment", "morning"),
            ("rate", "85"),
        ],
    },
    Case {
        path: "/api/confirm_cover",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("request_id", "no-such-request")],
    },
    // A practice's "Requirements": ManageShifts in the practice (its
    // administrators and Practice managers; a GP is refused).
    Case {
        path: "/api/practice_requirements",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}")],
    },
    Case {
        path: "/api/post_requirement",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("shift[role]", "gp")],
    },
    Case {
        path: "/api/accept_offer",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("offer_id", "no-such-offer")],
    },
    Case {
        path: "/api/decline_offer",
        access: Access::Organisation,
        args: &[("organisation_id", "{org}"), ("offer_id", "no-such-offer")],
    },
    Case {
        path: "/api/cancel_requirement",
        access: Access::Organisation,
        args: &[
            ("organisation_id", "{org}"),
            ("shift_id", "no-such-shift"),
            ("reason", "Closed"),
        ],
    },
];
fn registered() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect()
}

#[tokio::test]
async fn every_registered_server_function_states_who_may_call_it() {
    // Registration happens when the router is built.
    let _app = spawn_app().await;
    let listed: BTreeSet<String> = CASES.iter().map(|c| c.path.to_string()).collect();
    let registered = registered();
    let unlisted: Vec<_> = registered.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(
        unlisted.is_empty(),
        "server functions with no access rule in tests/it/authorisation.rs: {unlisted:?}"
    );
    assert!(gone.is_empty(), "listed but not registered: {gone:?}");
}

/// Two practices, A and B, each with an administrator who can sign in, and a
/// locked account in A.
struct World {
    app: TestApp,
    practice_a: app::ids::OrgId,
    practice_b: app::ids::OrgId,
    locked_in_a: app::ids::UserId,
    /// A hub of the network, with a Hub manager and a locum enabled in it.
    hub: app::ids::OrgId,
}

const PASSWORD: &str = "a long enough password";

async fn person(
    app: &TestApp,
    email: &str,
    organisation: &app::ids::OrgId,
    role: Role,
) -> app::ids::UserId {
    common::person_with_password(app, email, "Test Person", PASSWORD, &[(organisation, role)]).await
}

async fn world() -> World {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let network = fixtures::organisation(&mut conn, OrgKind::Network, "N", None).await;
    let practice_a = fixtures::practice(&mut conn, "Practice A", Some(&network)).await;
    let practice_b = fixtures::practice(&mut conn, "Practice B", Some(&network)).await;
    drop(conn);
    person(&app, "admin.a@nhs.net", &practice_a, Role::PracticeAdmin).await;
    person(&app, "admin.b@nhs.net", &practice_b, Role::PracticeAdmin).await;
    person(&app, "gp.a@nhs.net", &practice_a, Role::Gp).await;
    person(&app, "network.admin@nhs.net", &network, Role::NetworkAdmin).await;
    let locked_in_a = person(&app, "locked.a@nhs.net", &practice_a, Role::Nurse).await;
    sqlx::query("UPDATE users SET locked_at = 1 WHERE id = $1")
        .bind(&locked_in_a)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let hub = fixtures::organisation(&mut conn, OrgKind::Hub, "Hub H", Some(&network)).await;
    drop(conn);
    person(&app, "hub.manager@nhs.net", &hub, Role::HubManager).await;
    // A locum as activation leaves them (an active registration and the
    // Locum role in the network), enabled in the hub.
    let locum = person(&app, "locum@example.com", &network, Role::Locum).await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    fixtures::member(&mut conn, &locum, &hub, Role::Locum).await;
    drop(conn);
    sqlx::query(
        "INSERT INTO locum_registrations (id, network_id, email, email_lower, name, mobile,
             profession, registration_number, state, user_id, created_at)
         VALUES ('reg-1', $1, 'locum@example.com', 'locum@example.com', 'Lena Locum',
                 '07700 900123', 'gp', '1234567', 'active', $2, 1)",
    )
    .bind(&network)
    .bind(&locum)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    World {
        app,
        practice_a,
        practice_b,
        locked_in_a,
        hub,
    }
}

impl World {
    /// A browser of its own (its own cookies), signed in as `email`.
    async fn signed_in(&self, email: &str) -> reqwest::Client {
        common::signed_in_client(&self.app, email, PASSWORD).await
    }

    fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap()
    }

    async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        args: &[(&str, &str)],
    ) -> reqwest::Response {
        let request = client
            .post(self.app.url(path))
            .header("accept", "application/json")
            .header("origin", self.app.state.config.base_url.as_str());
        let request = if server::UPLOAD_PATHS.contains(&path) {
            let (content_type, body) = common::multipart(args, ("file", "letter.docx", b""));
            request.header("content-type", content_type).body(body)
        } else {
            request.form(args)
        };
        request.send().await.unwrap()
    }

    async fn call(&self, client: &reqwest::Client, case: &Case, org: &str) -> u16 {
        let args: Vec<(&str, String)> = case
            .args
            .iter()
            .map(|(name, value)| {
                let value = value
                    .replace("{org}", org)
                    .replace("{person}", &self.locked_in_a);
                (*name, value)
            })
            .collect();
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.post(client, case.path, &args).await.status().as_u16()
    }
}

#[tokio::test]
async fn anonymous_calls_to_every_protected_server_function_are_refused() {
    let world = world().await;
    let anonymous = world.anonymous();
    for case in CASES
        .iter()
        .filter(|c| !matches!(c.access, Access::Public(_)))
    {
        let status = world.call(&anonymous, case, &world.practice_a).await;
        assert_eq!(
            status, 401,
            "{} answered an anonymous caller with {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn a_member_of_another_organisation_is_refused_and_a_member_with_the_permission_is_not() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let gp = world.signed_in("gp.a@nhs.net").await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    let scoped: Vec<&Case> = CASES
        .iter()
        .filter(|c| c.access == Access::Organisation)
        .collect();
    assert!(!scoped.is_empty());
    for case in scoped {
        let status = world.call(&outsider, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: an admin of practice B got {status} in practice A",
            case.path
        );
        let status = world.call(&gp, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: a GP without the permission got {status}",
            case.path
        );
        // The same arguments get past the check for someone allowed, so the
        // refusals above come from the check, not from malformed input. (An
        // answer after the check, such as 404 for an id that is not there or
        // 409 for a rule, is fine.)
        let status = world.call(&admin, case, &world.practice_a).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: practice A's admin got {status}",
            case.path
        );
        let status = world.call(&outsider, case, &world.practice_b).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: practice B's admin in practice B got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn staff_functions_refuse_outsiders_and_administrators_and_answer_staff() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    let gp = world.signed_in("gp.a@nhs.net").await;
    let staff: Vec<&Case> = CASES.iter().filter(|c| c.access == Access::Staff).collect();
    assert!(!staff.is_empty());
    for case in staff {
        let status = world.call(&outsider, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: an admin of practice B got {status} in practice A",
            case.path
        );
        let status = world.call(&admin, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: an admin without a staff role got {status}",
            case.path
        );
        let status = world.call(&gp, case, &world.practice_a).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: practice A's GP got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn patient_functions_need_a_direct_role_in_the_practice_never_one_above_it() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let network = world.signed_in("network.admin@nhs.net").await;
    let gp = world.signed_in("gp.a@nhs.net").await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    let patients: Vec<(&Case, bool)> = CASES
        .iter()
        .filter_map(|c| match c.access {
            Access::Patients { manage } => Some((c, manage)),
            _ => None,
        })
        .collect();
    assert!(patients.iter().any(|(_, manage)| *manage));
    for (case, manage) in patients {
        let status = world.call(&outsider, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: an admin of practice B got {status}",
            case.path
        );
        let status = world.call(&network, case, &world.practice_a).await;
        assert_eq!(
            status, 403,
            "{}: a network administrator (a role above the practice) got {status}",
            case.path
        );
        let status = world.call(&gp, case, &world.practice_a).await;
        if manage {
            assert_eq!(status, 403, "{}: a GP (view only) got {status}", case.path);
        } else {
            assert!(
                !matches!(status, 400 | 401 | 403) && status < 500,
                "{}: practice A's GP got {status}",
                case.path
            );
        }
        let status = world.call(&admin, case, &world.practice_a).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: practice A's admin got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn clinical_link_functions_need_a_direct_admin_role_in_the_practice() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let network = world.signed_in("network.admin@nhs.net").await;
    let gp = world.signed_in("gp.a@nhs.net").await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| c.access == Access::Integrations)
        .collect();
    assert_eq!(cases.len(), 7);
    for case in cases {
        for (who, caller) in [
            ("an admin of practice B", &outsider),
            (
                "a network administrator (a role above the practice)",
                &network,
            ),
            ("practice A's GP", &gp),
        ] {
            let status = world.call(caller, case, &world.practice_a).await;
            assert_eq!(status, 403, "{}: {who} got {status}", case.path);
        }
        let status = world.call(&admin, case, &world.practice_a).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: practice A's admin got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn signed_in_functions_answer_a_signed_in_caller() {
    let world = world().await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    for case in CASES
        .iter()
        .filter(|c| matches!(c.access, Access::SignedIn | Access::OwnPatientRecord))
    {
        // Signing out everywhere would end the session used by the rest.
        if case.path == "/api/sign_out_everywhere" {
            continue;
        }
        let status = world.call(&admin, case, &world.practice_a).await;
        // 410: the made-up invitation link is gone; 404: the made-up request
        // is not there (or not the caller's to see): answers after the check.
        assert!(
            status < 400 || status == 410 || status == 404,
            "{} answered a signed-in caller with {status}",
            case.path
        );
    }
    let everywhere = CASES
        .iter()
        .find(|c| c.path == "/api/sign_out_everywhere")
        .expect("listed");
    let status = world.call(&admin, everywhere, &world.practice_a).await;
    assert!(status < 400);
}

#[tokio::test]
async fn hub_functions_need_a_direct_hub_manager_role_never_the_network_above_nor_a_locum() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let network = world.signed_in("network.admin@nhs.net").await;
    let locum = world.signed_in("locum@example.com").await;
    let manager = world.signed_in("hub.manager@nhs.net").await;
    let cases: Vec<&Case> = CASES.iter().filter(|c| c.access == Access::Hub).collect();
    assert!(!cases.is_empty());
    for case in cases {
        for (who, client) in [
            ("an admin of practice B", &outsider),
            ("the network administrator above the hub", &network),
            ("a locum enabled in the hub", &locum),
        ] {
            let status = world.call(client, case, &world.hub).await;
            assert_eq!(status, 403, "{}: {who} got {status}", case.path);
        }
        let status = world.call(&manager, case, &world.hub).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: the hub's Hub manager got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn hub_shift_functions_answer_the_hubs_managers_and_the_network_above_never_its_locums() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let locum = world.signed_in("locum@example.com").await;
    let network = world.signed_in("network.admin@nhs.net").await;
    let manager = world.signed_in("hub.manager@nhs.net").await;
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| c.access == Access::HubShifts)
        .collect();
    assert!(!cases.is_empty());
    for case in cases {
        for (who, client) in [
            ("an admin of practice B", &outsider),
            ("a locum enabled in the hub", &locum),
        ] {
            let status = world.call(client, case, &world.hub).await;
            assert_eq!(status, 403, "{}: {who} got {status}", case.path);
        }
        // 422: the made-up location; 404: the made-up shift.
        for (who, client) in [
            ("the hub's Hub manager", &manager),
            ("the network administrator above the hub", &network),
        ] {
            let status = world.call(client, case, &world.hub).await;
            assert!(
                !matches!(status, 400 | 401 | 403) && status < 500,
                "{}: {who} got {status}",
                case.path
            );
        }
    }
}

#[tokio::test]
async fn locum_functions_refuse_anyone_without_an_active_locum_registration() {
    let world = world().await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    let manager = world.signed_in("hub.manager@nhs.net").await;
    let locum = world.signed_in("locum@example.com").await;
    let cases: Vec<&Case> = CASES.iter().filter(|c| c.access == Access::Locum).collect();
    assert!(!cases.is_empty());
    for case in cases {
        for (who, client) in [
            ("a practice admin", &admin),
            ("the hub's Hub manager", &manager),
        ] {
            let status = world.call(client, case, &world.hub).await;
            assert_eq!(status, 403, "{}: {who} got {status}", case.path);
        }
        // 409: the hub is already theirs; 404: the made-up document.
        let status = world.call(&locum, case, &world.hub).await;
        assert!(
            !matches!(status, 400 | 401 | 403) && status < 500,
            "{}: the locum got {status}",
            case.path
        );
    }
}

#[tokio::test]
async fn switching_to_an_organisation_you_do_not_belong_to_is_refused() {
    let world = world().await;
    let outsider = world.signed_in("admin.b@nhs.net").await;
    let response = world
        .post(
            &outsider,
            "/api/switch_organisation",
            &[("organisation_id", &world.practice_a)],
        )
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn every_server_function_is_post_only_and_refuses_a_post_from_another_site() {
    let world = world().await;
    let admin = world.signed_in("admin.a@nhs.net").await;
    for case in CASES {
        let got = admin.get(world.app.url(case.path)).send().await.unwrap();
        assert_eq!(
            got.status(),
            405,
            "GET {} answered {}",
            case.path,
            got.status()
        );
        let args: Vec<(&str, String)> = case
            .args
            .iter()
            .map(|(name, value)| (*name, value.replace("{org}", &world.practice_a)))
            .collect();
        let foreign = admin
            .post(world.app.url(case.path))
            .header("accept", "application/json")
            .header("origin", "https://gatehouse.example.org")
            .form(&args)
            .send()
            .await
            .unwrap();
        assert_eq!(foreign.status(), 403, "a foreign POST to {}", case.path);
    }
}

/// Real objects of practice A, to try from practice B.
struct Objects {
    invite: String,
    membership: String,
    request: String,
    notification: String,
}

/// An invitation, a GP's membership, a request and a notification in
/// practice A, made the way its people make them.
async fn objects_of_practice_a(world: &World) -> Objects {
    let app = &world.app;
    let pool = &app.state.db.pool;
    let id_of = |email: &'static str| async move {
        let id: app::ids::UserId =
            sqlx::query_scalar("SELECT id FROM users WHERE email_lower = $1")
                .bind(email)
                .fetch_one(pool)
                .await
                .unwrap();
        id
    };
    let admin = id_of("admin.a@nhs.net").await;
    let admin = fixtures::signed_in(
        &admin,
        "Admin A",
        "admin.a@nhs.net",
        Some(&world.practice_a),
    );
    let gp_id = id_of("gp.a@nhs.net").await;
    let gp = fixtures::signed_in(&gp_id, "GP A", "gp.a@nhs.net", Some(&world.practice_a));
    use app::staff::invitations::service::{invite_staff, Delivery};
    let invited = invite_staff(
        app.state.cx(),
        &admin,
        &world.practice_a,
        "invited.a@nhs.net",
        "nurse",
        "",
        Delivery::Email,
    )
    .await;
    assert!(invited.is_ok(), "{:?}", invited.err());
    let request = crate::requests::request("A fit note");
    let request = app::requests::contact::service::log_phone_request(
        app.state.cx(),
        &gp,
        &world.practice_a,
        &request,
    )
    .await
    .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let notice = app::notifications::service::Notice {
        kind: app::notifications::model::NoticeKind::Account,
        title: "A notice for practice A's GP",
        body: "Only they may read it.",
        link: None,
    };
    app::notifications::service::notify(&mut conn, 1, "", &gp_id, &notice)
        .await
        .unwrap();
    let one = |sql: &'static str| {
        let gp_id = gp_id.clone();
        let practice = world.practice_a.clone();
        async move {
            let id: String = sqlx::query_scalar(sql)
                .bind(gp_id)
                .bind(practice)
                .fetch_one(pool)
                .await
                .unwrap();
            id
        }
    };
    Objects {
        invite: one("SELECT id FROM invites WHERE $1 <> '' AND organisation_id = $2").await,
        membership: one("SELECT id FROM memberships WHERE user_id = $1 AND organisation_id = $2")
            .await,
        request: request.to_string(),
        notification: one("SELECT id FROM notifications WHERE user_id = $1 AND $2 <> ''").await,
    }
}

/// What a call from another practice must not change: every invitation,
/// membership, request, note, notification, account, email and log entry.
async fn state_of(app: &TestApp) -> Vec<String> {
    let mut state = Vec::new();
    for sql in [
        "SELECT id || status || role || COALESCE(emis_username, '') FROM invites",
        "SELECT CAST(COUNT(*) AS TEXT) FROM invite_links",
        "SELECT id || role || status || COALESCE(emis_username, '') FROM memberships",
        "SELECT id || status || CAST(urgent AS TEXT) || COALESCE(assigned_user_id, '')
                || COALESCE(assigned_inbox_id, '') || CAST(updated_at AS TEXT) FROM requests",
        "SELECT CAST(COUNT(*) AS TEXT) FROM request_notes",
        "SELECT id || COALESCE(CAST(read_at AS TEXT), 'unread') FROM notifications",
        "SELECT id || status || COALESCE(CAST(locked_at AS TEXT), 'open') FROM users",
        "SELECT CAST(COUNT(*) AS TEXT) FROM outbox",
        "SELECT CAST(COUNT(*) AS TEXT) FROM activity_log",
    ] {
        let mut rows: Vec<String> = sqlx::query_scalar(sql)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        rows.sort();
        state.push(rows.join(","));
    }
    state
}

#[tokio::test]
async fn practice_bs_people_given_real_objects_of_practice_a_find_nothing_and_change_nothing() {
    let world = world().await;
    person(&world.app, "gp.b@nhs.net", &world.practice_b, Role::Gp).await;
    let objects = objects_of_practice_a(&world).await;
    let admin_b = world.signed_in("admin.b@nhs.net").await;
    let gp_b = world.signed_in("gp.b@nhs.net").await;
    let before = state_of(&world.app).await;
    let mut tried = 0;
    for case in CASES {
        // Each argument that names an object names one of practice A's.
        let mut names_an_object = false;
        let args: Vec<(&str, String)> = case
            .args
            .iter()
            .map(|(name, value)| {
                let real = match *name {
                    "invite_id" => Some(objects.invite.clone()),
                    "membership_id" => Some(objects.membership.clone()),
                    "request_id" => Some(objects.request.clone()),
                    "id" => Some(objects.notification.clone()),
                    "user_id" => Some(world.locked_in_a.to_string()),
                    _ => None,
                };
                names_an_object |= real.is_some();
                let value = real.unwrap_or_else(|| value.replace("{org}", &world.practice_b));
                (*name, value)
            })
            .collect();
        if !names_an_object || matches!(case.access, Access::Public(_)) {
            continue;
        }
        tried += 1;
        let client = match case.access {
            Access::Organisation => &admin_b,
            _ => &gp_b,
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = world.post(client, case.path, &args).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        // Marking someone else's notification read is a no-op that answers
        // like marking your own; everything else is not found (or refused).
        let quiet = case.path == "/api/mark_notification_read" && status < 400;
        assert!(
            quiet || matches!(status, 403 | 404),
            "{} with practice A's objects answered practice B with {status}: {body}",
            case.path
        );
        for secret in [
            "A fit note",
            "invited.a@nhs.net",
            "gp.a@nhs.net",
            "Pat Patient",
        ] {
            assert!(
                !body.contains(secret),
                "{} told practice B {secret}",
                case.path
            );
        }
    }
    assert!(tried >= 12, "only {tried} functions take an object");
    assert_eq!(
        state_of(&world.app).await,
        before,
        "practice A's objects changed"
    );
}
