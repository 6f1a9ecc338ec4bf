//! The routes of patient records, credentials, registration, client
//! support and the patient's own pages.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;
use crate::patients::credentials::ui::{
    BulkCredentialsPage, CreateCredentialsPage, JobLettersPage, JobLettersPrintPage, LetterPage,
    LetterPrintPage,
};
use crate::patients::documents::ui::AddDocumentPage;
use crate::patients::portal::ui::YourProfilePage;
use crate::patients::records::ui::{AddPatientPage, PatientPage, PatientsPage};
use crate::patients::registration::ui::{
    ConfirmEmailPage, EmailConfirmedPage, RegisterPage, RegisteredPage,
};
use crate::patients::support::ui::ClientSupportPage;

lazy_page!(PatientsRoute, PatientsPage);
lazy_page!(AddPatientRoute, AddPatientPage);
lazy_page!(PatientRoute, PatientPage);
lazy_page!(CreateCredentialsRoute, CreateCredentialsPage);
lazy_page!(BulkCredentialsRoute, BulkCredentialsPage);
lazy_page!(LetterRoute, LetterPage);
lazy_page!(JobLettersRoute, JobLettersPage);
lazy_page!(JobLettersPrintRoute, JobLettersPrintPage);
lazy_page!(LetterPrintRoute, LetterPrintPage);
lazy_page!(RegisterRoute, RegisterPage);
lazy_page!(RegisteredRoute, RegisteredPage);
lazy_page!(ConfirmEmailRoute, ConfirmEmailPage);
lazy_page!(EmailConfirmedRoute, EmailConfirmedPage);
lazy_page!(ClientSupportRoute, ClientSupportPage);
lazy_page!(YourProfileRoute, YourProfilePage);
lazy_page!(AddDocumentRoute, AddDocumentPage);

/// The patient routes, each page in its own lazily loaded chunk.
#[component(transparent)]
pub fn PatientsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/practices/:id/patients") view={Lazy::<PatientsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/new") view={Lazy::<AddPatientRoute>::new()}/>
        <Route path=path!("/practices/:id/patients/bulk-credentials") view={Lazy::<BulkCredentialsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/bulk-credentials/:job") view={Lazy::<JobLettersRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/bulk-credentials/:job/print") view={Lazy::<JobLettersPrintRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/:patient") view={Lazy::<PatientRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/:patient/credentials") view={Lazy::<CreateCredentialsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/:patient/letter") view={Lazy::<LetterRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/patients/:patient/add-document") view={Lazy::<AddDocumentRoute>::new()}/>
        <Route path=path!("/practices/:id/patients/:patient/letter/print") view={Lazy::<LetterPrintRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/patient-profile") view={Lazy::<YourProfileRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/patient-profile/register") view={Lazy::<RegisterRoute>::new()}/>
        <Route path=path!("/patient-profile/registered") view={Lazy::<RegisteredRoute>::new()}/>
        <Route path=path!("/patient-profile/confirm/:token") view={Lazy::<ConfirmEmailRoute>::new()}/>
        <Route path=path!("/patient-profile/confirmed") view={Lazy::<EmailConfirmedRoute>::new()}/>
        <Route path=path!("/organisations/:id/client-support") view={Lazy::<ClientSupportRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
