//! A GP Connect Appointment Management provider on loopback, for tests and
//! the demo: the same paths, headers, resources and error answers as the
//! `gp_connect` adapter expects from a real one, with faults a test (or
//! `POST /_simulator/fault` with `{"fault": "deactivated"}`) switches on:
//! `wrong_credentials` (401), `deactivated` (403 ACCESS_DENIED), `timeout`
//! (never answers), `none`.
//!
//! Every practice (any ODS code) has a book of free 15-minute slots,
//! 09:00 to 12:00 on weekdays in England, with Dr Tom Hughes: "General GP
//! Appointment" until 11:00, then "Nurse Appointment". Any NHS
//! number is a patient (logical id `P` + the number). A slot books once:
//! a second booking gets 409 DUPLICATE_REJECTED.
//!
//! Production refuses it (GP_CONNECT_URL=simulator is a configuration
//! error there); it binds loopback addresses only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::adapter::gp_connect::{instant, parse_instant};
use super::adapter::MAX_WINDOW_MS;
use crate::server::dates::{uk_instant_ms, uk_local};

/// A fault the simulator plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimFault {
    None,
    WrongCredentials,
    Deactivated,
    Timeout,
}

impl SimFault {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "none" => Some(SimFault::None),
            "wrong_credentials" => Some(SimFault::WrongCredentials),
            "deactivated" => Some(SimFault::Deactivated),
            "timeout" => Some(SimFault::Timeout),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Booked {
    id: String,
    ods: String,
    slot_id: String,
    patient: String,
    start: i64,
    end: i64,
    cancelled: bool,
}

#[derive(Debug)]
struct Book {
    fault: SimFault,
    /// By appointment id.
    appointments: HashMap<String, Booked>,
    next_id: u64,
    /// Requests answered, by interaction id (tests read it).
    calls: HashMap<String, u64>,
}

type Shared = Arc<Mutex<Book>>;

/// A running simulator.
pub struct Simulator {
    /// Its base URL: set GP_CONNECT_URL to this.
    pub url: String,
    book: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Simulator {
    /// Starts a simulator on `addr` (a loopback address; port 0 picks one).
    pub async fn start(addr: &str) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        if !local.ip().is_loopback() {
            return Err(std::io::Error::other(
                "the GP Connect simulator listens on loopback only",
            ));
        }
        let book: Shared = Arc::new(Mutex::new(Book {
            fault: SimFault::None,
            appointments: HashMap::new(),
            next_id: 1,
            calls: HashMap::new(),
        }));
        let app = router(book.clone());
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "GP Connect simulator stopped");
            }
        });
        Ok(Simulator {
            url: format!("http://{local}"),
            book,
            task,
        })
    }

    pub fn set_fault(&self, fault: SimFault) {
        lock(&self.book).fault = fault;
    }

    /// How many requests of this interaction ("read:metadata-1") it answered.
    pub fn calls(&self, interaction: &str) -> u64 {
        lock(&self.book)
            .calls
            .get(interaction)
            .copied()
            .unwrap_or(0)
    }

    /// Waits until the server stops (the `simulate-gp-connect` command).
    pub async fn run(mut self) {
        let _ = (&mut self.task).await;
    }
}

fn lock(book: &Shared) -> std::sync::MutexGuard<'_, Book> {
    book.lock().unwrap_or_else(PoisonError::into_inner)
}

fn router(book: Shared) -> Router {
    let practice = Router::new()
        .route("/metadata", get(metadata))
        .route("/Patient", get(patients))
        .route("/Patient/{id}/Appointment", get(patient_appointments))
        .route("/Slot", get(slots))
        .route("/Appointment", post(book_slot))
        .route("/Appointment/{id}", put(cancel));
    Router::new()
        .nest("/{ods}/STU3/1/gpconnect", practice)
        .route("/_simulator/fault", post(set_fault))
        .with_state(book)
}

async fn set_fault(State(book): State<Shared>, Json(body): Json<Value>) -> Response {
    match body["fault"].as_str().and_then(SimFault::parse) {
        Some(fault) => {
            lock(&book).fault = fault;
            StatusCode::NO_CONTENT.into_response()
        }
        None => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// A GP Connect OperationOutcome error answer.
fn outcome(status: StatusCode, code: &str, text: &str) -> Response {
    let body = json!({
        "resourceType": "OperationOutcome",
        "meta": { "profile": ["https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1"] },
        "issue": [{
            "severity": "error",
            "code": "invalid",
            "details": { "coding": [{
                "system": "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
                "code": code,
                "display": text
            }] },
            "diagnostics": text
        }]
    });
    fhir(status, body)
}

fn fhir(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/fhir+json")],
        body.to_string(),
    )
        .into_response()
}

/// The checks every request passes first: headers, credentials, faults.
async fn admit(book: &Shared, headers: &HeaderMap, interaction: &str) -> Result<(), Response> {
    let fault = lock(book).fault;
    if fault == SimFault::Timeout {
        std::future::pending::<()>().await;
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let expected = format!("urn:nhs:names:services:gpconnect:fhir:rest:{interaction}");
    if header("Ssp-InteractionID") != Some(expected.as_str())
        || header("Ssp-TraceID").is_none()
        || header("Ssp-From").is_none()
        || header("Ssp-To").is_none()
        || !header("Authorization").is_some_and(|a| a.starts_with("Bearer "))
    {
        return Err(outcome(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "Missing or wrong Spine headers or bearer token",
        ));
    }
    let basic = header("Proxy-Authorization")
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|v| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.decode(v).ok()
        })
        .and_then(|v| String::from_utf8(v).ok());
    let credentials_given = basic
        .as_deref()
        .and_then(|b| b.split_once(':'))
        .is_some_and(|(user, pass)| !user.is_empty() && !pass.is_empty());
    if !credentials_given || fault == SimFault::WrongCredentials {
        return Err(outcome(
            StatusCode::UNAUTHORIZED,
            "ACCESS_DENIED",
            "The username or password is not valid",
        ));
    }
    if fault == SimFault::Deactivated {
        return Err(outcome(
            StatusCode::FORBIDDEN,
            "ACCESS_DENIED",
            "The partner application is deactivated or the user may not log in",
        ));
    }
    *lock(book).calls.entry(interaction.to_string()).or_default() += 1;
    Ok(())
}

async fn metadata(State(book): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(refused) = admit(&book, &headers, "read:metadata-1").await {
        return refused;
    }
    fhir(
        StatusCode::OK,
        json!({
            "resourceType": "CapabilityStatement",
            "status": "active",
            "kind": "instance",
            "fhirVersion": "3.0.1",
            "format": ["application/fhir+json"],
            "software": { "name": "Gatehouse GP Connect simulator" },
            "rest": [{ "mode": "server" }]
        }),
    )
}

fn bundle(resources: Vec<Value>) -> Value {
    json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": resources.into_iter().map(|r| json!({ "resource": r })).collect::<Vec<_>>()
    })
}

async fn patients(
    State(book): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = admit(&book, &headers, "search:patient-1").await {
        return refused;
    }
    let nhs = query
        .iter()
        .find(|(k, _)| k == "identifier")
        .and_then(|(_, v)| v.strip_prefix("https://fhir.nhs.uk/Id/nhs-number|"))
        .filter(|n| n.len() == 10 && n.chars().all(|c| c.is_ascii_digit()));
    let Some(nhs) = nhs else {
        return outcome(
            StatusCode::BAD_REQUEST,
            "INVALID_NHS_NUMBER",
            "Search by one NHS number",
        );
    };
    fhir(
        StatusCode::OK,
        bundle(vec![json!({
            "resourceType": "Patient",
            "id": format!("P{nhs}"),
            "identifier": [{ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs }]
        })]),
    )
}

/// The bounds of a `ge…`/`le…` search, at most 14 days apart.
fn window(query: &[(String, String)], start_key: &str, end_key: &str) -> Option<(i64, i64)> {
    let find = |key: &str, prefix: &str| {
        query
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| v.strip_prefix(prefix).and_then(parse_instant))
    };
    let start = find(start_key, "ge")?;
    let end = find(end_key, "le")?;
    (end > start && end - start <= MAX_WINDOW_MS).then_some((start, end))
}

async fn slots(
    State(book): State<Shared>,
    headers: HeaderMap,
    Path(ods): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = admit(&book, &headers, "search:slot-1").await {
        return refused;
    }
    let Some((from, to)) = window(&query, "start", "end") else {
        return outcome(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_PARAMETER",
            "start and end must be given, at most 14 days apart",
        );
    };
    let taken: Vec<String> = lock(&book)
        .appointments
        .values()
        .filter(|a| a.ods == ods && !a.cancelled)
        .map(|a| a.slot_id.clone())
        .collect();
    let mut resources = Vec::new();
    let mut day = uk_local(from).date();
    let last = uk_local(to).date();
    while day <= last {
        let weekday = day.weekday().number_from_monday();
        if weekday <= 5 {
            for quarter in 0..12 {
                let Ok(at) = time::Time::from_hms(9 + quarter / 4, (quarter % 4) * 15, 0) else {
                    continue;
                };
                let start = uk_instant_ms(time::PrimitiveDateTime::new(day, at));
                let end = start + 15 * 60_000;
                let id = format!("{ods}-{start}");
                if start >= from && end <= to && !taken.contains(&id) {
                    resources.push(json!({
                        "resourceType": "Slot",
                        "id": id,
                        "status": "free",
                        "start": instant(start),
                        "end": instant(end),
                        "schedule": { "reference": "Schedule/S1" },
                        "serviceType": [{ "text": if quarter < 8 { "General GP Appointment" } else { "Nurse Appointment" } }]
                    }));
                }
            }
        }
        let Some(next) = day.next_day() else { break };
        day = next;
    }
    if !resources.is_empty() {
        resources.push(json!({
            "resourceType": "Schedule",
            "id": "S1",
            "actor": [{ "reference": "Practitioner/PR1" }, { "reference": "Location/L1" }]
        }));
        resources.push(json!({
            "resourceType": "Practitioner",
            "id": "PR1",
            "name": [{ "family": "Hughes", "given": ["Tom"], "prefix": ["Dr"] }]
        }));
    }
    fhir(StatusCode::OK, bundle(resources))
}

fn appointment_resource(a: &Booked) -> Value {
    json!({
        "resourceType": "Appointment",
        "id": a.id,
        "status": if a.cancelled { "cancelled" } else { "booked" },
        "start": instant(a.start),
        "end": instant(a.end),
        "slot": [{ "reference": format!("Slot/{}", a.slot_id) }],
        "participant": [{ "actor": { "reference": format!("Patient/{}", a.patient) }, "status": "accepted" }]
    })
}

async fn patient_appointments(
    State(book): State<Shared>,
    headers: HeaderMap,
    Path((ods, patient)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = admit(&book, &headers, "search:patient_appointments-1").await {
        return refused;
    }
    let Some((from, to)) = window(&query, "start", "start") else {
        return outcome(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_PARAMETER",
            "start must be bounded (ge and le)",
        );
    };
    let mut found: Vec<Booked> = lock(&book)
        .appointments
        .values()
        .filter(|a| a.ods == ods && a.patient == patient && a.start >= from && a.start <= to)
        .cloned()
        .collect();
    found.sort_by_key(|a| a.start);
    fhir(
        StatusCode::OK,
        bundle(found.iter().map(appointment_resource).collect()),
    )
}

async fn book_slot(
    State(book): State<Shared>,
    headers: HeaderMap,
    Path(ods): Path<String>,
    body: String,
) -> Response {
    if let Err(refused) = admit(&book, &headers, "create:appointment-1").await {
        return refused;
    }
    let Ok(resource) = serde_json::from_str::<Value>(&body) else {
        return outcome(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "The body is not JSON",
        );
    };
    let slot_id = resource["slot"][0]["reference"]
        .as_str()
        .and_then(|r| r.strip_prefix("Slot/"));
    let patient = resource["participant"][0]["actor"]["reference"]
        .as_str()
        .and_then(|r| r.strip_prefix("Patient/"));
    let start = resource["start"].as_str().and_then(parse_instant);
    let end = resource["end"].as_str().and_then(parse_instant);
    let (Some(slot_id), Some(patient), Some(start), Some(end)) = (slot_id, patient, start, end)
    else {
        return outcome(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_RESOURCE",
            "An appointment needs a slot, a patient, a start and an end",
        );
    };
    if slot_id != format!("{ods}-{start}") || end != start + 15 * 60_000 {
        return outcome(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_RESOURCE",
            "The slot does not exist",
        );
    }
    let mut guard = lock(&book);
    if guard
        .appointments
        .values()
        .any(|a| a.slot_id == slot_id && !a.cancelled)
    {
        return outcome(
            StatusCode::CONFLICT,
            "DUPLICATE_REJECTED",
            "The slot is already booked",
        );
    }
    let id = format!("A{}", guard.next_id);
    guard.next_id += 1;
    let booked = Booked {
        id: id.clone(),
        ods,
        slot_id: slot_id.to_string(),
        patient: patient.to_string(),
        start,
        end,
        cancelled: false,
    };
    let body = appointment_resource(&booked);
    guard.appointments.insert(id, booked);
    fhir(StatusCode::CREATED, body)
}

async fn cancel(
    State(book): State<Shared>,
    headers: HeaderMap,
    Path((ods, id)): Path<(String, String)>,
    body: String,
) -> Response {
    if let Err(refused) = admit(&book, &headers, "cancel:appointment-1").await {
        return refused;
    }
    let cancelled = serde_json::from_str::<Value>(&body)
        .map(|r| r["status"] == "cancelled")
        .unwrap_or(false);
    if !cancelled {
        return outcome(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_RESOURCE",
            "A cancellation sets the status to cancelled",
        );
    }
    let mut guard = lock(&book);
    match guard.appointments.get_mut(&id).filter(|a| a.ods == ods) {
        Some(a) => {
            a.cancelled = true;
            let body = appointment_resource(a);
            fhir(StatusCode::OK, body)
        }
        None => outcome(
            StatusCode::NOT_FOUND,
            "NO_RECORD_FOUND",
            "No such appointment",
        ),
    }
}
