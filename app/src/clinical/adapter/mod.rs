//! The appointments adapter: what Gatehouse asks of a practice's clinical
//! system, whichever system it is. Free slots in a window (14 days at most
//! per call), a patient's booked appointments, book, cancel, and a test of
//! the link itself.
//!
//! - `gp_connect`: GP Connect Appointment Management (FHIR STU3 JSON),
//!   which EMIS Web supports; configured by GP_CONNECT_URL.
//! - `emis_im1`: the EMIS partner (IM1) interface. Its specification is not
//!   public, so it is a named stub, off unless CLINICAL_ADAPTER=emis-im1,
//!   and then it answers that it is not available.
//! - `crate::clinical::simulator` speaks the GP Connect shape on loopback
//!   for tests and the demo.

pub mod emis_im1;
pub mod gp_connect;

use std::future::Future;
use std::pin::Pin;

use crate::clinical::model::Fault;
use crate::server::config::{AdapterChoice, ClinicalLinkConfig, Endpoint};

/// The longest window one slot search may ask for.
pub const MAX_WINDOW_MS: i64 = 14 * 24 * 3_600_000;

/// What the adapter needs to reach one practice.
#[derive(Clone)]
pub struct Link {
    /// The practice's ODS code (GP Connect addresses practices by it).
    pub ods_code: String,
    /// The practice's EMIS CDB number.
    pub emis_org_id: String,
    pub username: String,
    pub password: String,
    /// The injected clock's time when the link was made (token times).
    pub now_ms: i64,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("ods_code", &self.ods_code)
            .field("emis_org_id", &self.emis_org_id)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A span of time to search, at most `MAX_WINDOW_MS` long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Window {
    /// None when the end is not after the start or the span is too long.
    pub fn new(start_ms: i64, end_ms: i64) -> Option<Self> {
        (end_ms > start_ms && end_ms - start_ms <= MAX_WINDOW_MS)
            .then_some(Window { start_ms, end_ms })
    }
}

/// A free slot in the appointment book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeSlot {
    pub id: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The slot type, as the practice names it ("General GP Appointment").
    pub slot_type: String,
    /// Who the appointment is with, if the system says.
    pub practitioner: Option<String>,
}

/// A booked (or cancelled) appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub cancelled: bool,
    /// The booked patient's NHS number.
    pub nhs_number: String,
}

/// The boxed future every adapter call returns.
pub type Call<'a, T> = Pin<Box<dyn Future<Output = Result<T, Fault>> + Send + 'a>>;

/// A clinical system's appointment book.
pub trait Appointments: Send + Sync {
    /// The adapter's name, for logs and README.
    fn name(&self) -> &'static str;
    /// Whether the practice's link works: credentials accepted, product active.
    fn test<'a>(&'a self, link: &'a Link) -> Call<'a, ()>;
    /// Free slots starting within the window.
    fn free_slots<'a>(&'a self, link: &'a Link, window: Window) -> Call<'a, Vec<FreeSlot>>;
    /// The patient's appointments starting within the window.
    fn appointments<'a>(
        &'a self,
        link: &'a Link,
        nhs_number: &'a str,
        window: Window,
    ) -> Call<'a, Vec<Appointment>>;
    /// Books the slot for the patient; `Fault::SlotTaken` if it has gone.
    fn book<'a>(
        &'a self,
        link: &'a Link,
        slot: &'a FreeSlot,
        nhs_number: &'a str,
    ) -> Call<'a, Appointment>;
    /// Cancels the appointment.
    fn cancel<'a>(&'a self, link: &'a Link, appointment: &'a Appointment) -> Call<'a, ()>;
}

/// The adapter this server is configured with, or None when the link to
/// clinical systems is off.
pub fn configured(config: &ClinicalLinkConfig) -> Option<Box<dyn Appointments>> {
    match (&config.adapter, &config.endpoint) {
        (AdapterChoice::EmisIm1, _) => Some(Box::new(emis_im1::EmisIm1)),
        (AdapterChoice::GpConnect, Endpoint::Url(url)) => {
            Some(Box::new(gp_connect::GpConnect::new(url, config.timeout_ms)))
        }
        (AdapterChoice::GpConnect, Endpoint::Off | Endpoint::Simulator) => None,
    }
}
