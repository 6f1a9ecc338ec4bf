//! GP Connect Appointment Management (FHIR STU3, JSON) over HTTP(S).
//!
//! Each practice's endpoint is `{GP_CONNECT_URL}/{ODS code}/STU3/1/gpconnect`.
//! Every request carries the headers the specification names
//! (`Ssp-TraceID`, `Ssp-From`, `Ssp-To`, `Ssp-InteractionID`), an unsigned
//! JWT bearer token (`alg: none`) saying who asks and why, and the
//! practice's EMIS API user as HTTP Basic credentials in
//! `Proxy-Authorization`, which the practice's endpoint gateway checks.
//!
//! Answers become `Fault`s: 401 → wrong credentials; 403 (`ACCESS_DENIED`)
//! → product deactivated or login not allowed; 409 (`DUPLICATE_REJECTED`)
//! → slot taken; no connection → unreachable; no answer within
//! GP_CONNECT_TIMEOUT_MS → timed out; anything else → unexpected.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};

use super::{Appointment, Appointments, Call, FreeSlot, Link, Window};
use crate::clinical::model::Fault;

const FHIR_JSON: &str = "application/fhir+json";
const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
const ODS_CODE: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
const INTERACTION: &str = "urn:nhs:names:services:gpconnect:fhir:rest:";
/// Gatehouse's accredited system id (ASID) as consumer; the provider's is
/// looked up by the Spine Secure Proxy in production.
const OUR_ASID: &str = "200000001115";
const THEIR_ASID: &str = "918999198738";

fn build_client(timeout_ms: u64) -> Option<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(timeout_ms))
        .connect_timeout(std::time::Duration::from_millis(timeout_ms))
        .build()
        .map_err(|e| tracing::error!(error = %e, "GP Connect client could not be built"))
        .ok()
}

/// One HTTP client (and so one pool of connections) per timeout for the
/// whole process: the reminder check makes many calls to one practice.
/// Test builds make one per adapter instead: each test has its own async
/// runtime, and a pooled connection must not outlive the runtime it ran on.
fn shared_client(timeout_ms: u64) -> Option<reqwest::Client> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex, PoisonError};
    static CLIENTS: LazyLock<Mutex<HashMap<u64, reqwest::Client>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if cfg!(any(test, feature = "testing")) {
        return build_client(timeout_ms);
    }
    let mut clients = CLIENTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(client) = clients.get(&timeout_ms) {
        return Some(client.clone());
    }
    let client = build_client(timeout_ms)?;
    clients.insert(timeout_ms, client.clone());
    Some(client)
}

pub struct GpConnect {
    base: String,
    client: Option<reqwest::Client>,
}

impl GpConnect {
    pub fn new(base: &str, timeout_ms: u64) -> Self {
        let client = shared_client(timeout_ms);
        Self {
            base: base.trim_end_matches('/').to_string(),
            client,
        }
    }

    fn endpoint(&self, link: &Link) -> String {
        format!("{}/{}/STU3/1/gpconnect", self.base, link.ods_code)
    }

    /// Sends one request and reads the JSON answer (or the fault).
    async fn call(
        &self,
        link: &Link,
        interaction: &str,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<Value, Fault> {
        let client = self.client.as_ref().ok_or(Fault::Unexpected)?;
        let endpoint = self.endpoint(link);
        let mut request = client
            .request(method, format!("{endpoint}{path}"))
            .query(query)
            .header("Accept", FHIR_JSON)
            .header("Ssp-TraceID", uuid::Uuid::new_v4().to_string())
            .header("Ssp-From", OUR_ASID)
            .header("Ssp-To", THEIR_ASID)
            .header("Ssp-InteractionID", format!("{INTERACTION}{interaction}"))
            .header(
                "Authorization",
                format!("Bearer {}", token(link, &endpoint)),
            )
            .header(
                "Proxy-Authorization",
                format!(
                    "Basic {}",
                    STANDARD.encode(format!("{}:{}", link.username, link.password))
                ),
            );
        if let Some(body) = body {
            request = request
                .header("Content-Type", FHIR_JSON)
                .body(body.to_string());
        }
        let response = request.send().await.map_err(|e| {
            if e.is_timeout() {
                Fault::TimedOut
            } else {
                Fault::Unreachable
            }
        })?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| {
            if e.is_timeout() {
                Fault::TimedOut
            } else {
                Fault::Unreachable
            }
        })?;
        match status {
            200..=299 => serde_json::from_str(&text).map_err(|_| Fault::Unexpected),
            401 => Err(Fault::WrongCredentials),
            403 => Err(Fault::Deactivated),
            409 => Err(Fault::SlotTaken),
            _ => {
                tracing::warn!(status, code = %error_code(&text), "GP Connect refused a request");
                Err(Fault::Unexpected)
            }
        }
    }

    /// The provider's logical id of the patient with this NHS number.
    async fn patient_id(&self, link: &Link, nhs_number: &str) -> Result<Option<String>, Fault> {
        let bundle = self
            .call(
                link,
                "search:patient-1",
                reqwest::Method::GET,
                "/Patient",
                &[("identifier", format!("{NHS_NUMBER}|{nhs_number}"))],
                None,
            )
            .await?;
        let id = resources(&bundle, "Patient")
            .next()
            .and_then(|p| p["id"].as_str())
            .map(str::to_string);
        Ok(id)
    }
}

impl Appointments for GpConnect {
    fn name(&self) -> &'static str {
        "GP Connect Appointment Management"
    }

    fn test<'a>(&'a self, link: &'a Link) -> Call<'a, ()> {
        Box::pin(async move {
            let statement = self
                .call(
                    link,
                    "read:metadata-1",
                    reqwest::Method::GET,
                    "/metadata",
                    &[],
                    None,
                )
                .await?;
            if statement["resourceType"] == "CapabilityStatement" {
                Ok(())
            } else {
                Err(Fault::Unexpected)
            }
        })
    }

    fn free_slots<'a>(&'a self, link: &'a Link, window: Window) -> Call<'a, Vec<FreeSlot>> {
        Box::pin(async move {
            let bundle = self
                .call(
                    link,
                    "search:slot-1",
                    reqwest::Method::GET,
                    "/Slot",
                    &[
                        ("start", format!("ge{}", instant(window.start_ms))),
                        ("end", format!("le{}", instant(window.end_ms))),
                        ("status", "free".to_string()),
                        ("_include", "Slot:schedule".to_string()),
                        (
                            "_include:recurse",
                            "Schedule:actor:Practitioner".to_string(),
                        ),
                        ("searchFilter", format!("{ODS_CODE}|{}", link.ods_code)),
                    ],
                    None,
                )
                .await?;
            let practitioner = |schedule_ref: &str| -> Option<String> {
                let schedule = resources(&bundle, "Schedule").find(|s| {
                    format!("Schedule/{}", s["id"].as_str().unwrap_or("")) == schedule_ref
                })?;
                let actors = schedule["actor"].as_array()?;
                let reference = actors
                    .iter()
                    .filter_map(|a| a["reference"].as_str())
                    .find(|r| r.starts_with("Practitioner/"))?;
                let person = resources(&bundle, "Practitioner").find(|p| {
                    format!("Practitioner/{}", p["id"].as_str().unwrap_or("")) == reference
                })?;
                let name = &person["name"][0];
                let words: Vec<&str> = name["prefix"]
                    .as_array()
                    .into_iter()
                    .chain(name["given"].as_array())
                    .flatten()
                    .filter_map(Value::as_str)
                    .chain(name["family"].as_str())
                    .collect();
                (!words.is_empty()).then(|| words.join(" "))
            };
            let mut slots = Vec::new();
            for slot in resources(&bundle, "Slot") {
                let (Some(id), Some(start), Some(end)) = (
                    slot["id"].as_str(),
                    slot["start"].as_str().and_then(parse_instant),
                    slot["end"].as_str().and_then(parse_instant),
                ) else {
                    return Err(Fault::Unexpected);
                };
                if slot["status"] != "free" {
                    continue;
                }
                slots.push(FreeSlot {
                    id: id.to_string(),
                    start_ms: start,
                    end_ms: end,
                    slot_type: slot["serviceType"][0]["text"]
                        .as_str()
                        .unwrap_or("Appointment")
                        .to_string(),
                    practitioner: slot["schedule"]["reference"]
                        .as_str()
                        .and_then(practitioner),
                });
            }
            slots.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
            Ok(slots)
        })
    }

    fn appointments<'a>(
        &'a self,
        link: &'a Link,
        nhs_number: &'a str,
        window: Window,
    ) -> Call<'a, Vec<Appointment>> {
        Box::pin(async move {
            let Some(patient) = self.patient_id(link, nhs_number).await? else {
                return Ok(Vec::new());
            };
            let bundle = self
                .call(
                    link,
                    "search:patient_appointments-1",
                    reqwest::Method::GET,
                    &format!("/Patient/{patient}/Appointment"),
                    &[
                        ("start", format!("ge{}", instant(window.start_ms))),
                        ("start", format!("le{}", instant(window.end_ms))),
                    ],
                    None,
                )
                .await?;
            resources(&bundle, "Appointment")
                .map(|a| appointment(a, nhs_number))
                .collect()
        })
    }

    fn book<'a>(
        &'a self,
        link: &'a Link,
        slot: &'a FreeSlot,
        nhs_number: &'a str,
    ) -> Call<'a, Appointment> {
        Box::pin(async move {
            let patient = self
                .patient_id(link, nhs_number)
                .await?
                .ok_or(Fault::Unexpected)?;
            let body = json!({
                "resourceType": "Appointment",
                "status": "booked",
                "start": instant(slot.start_ms),
                "end": instant(slot.end_ms),
                "slot": [{ "reference": format!("Slot/{}", slot.id) }],
                "created": instant(link.now_ms),
                "description": "Booked by the patient through Gatehouse",
                "participant": [{
                    "actor": { "reference": format!("Patient/{patient}") },
                    "status": "accepted"
                }]
            });
            let booked = self
                .call(
                    link,
                    "create:appointment-1",
                    reqwest::Method::POST,
                    "/Appointment",
                    &[],
                    Some(body),
                )
                .await?;
            appointment(&booked, nhs_number)
        })
    }

    fn cancel<'a>(&'a self, link: &'a Link, booked: &'a Appointment) -> Call<'a, ()> {
        Box::pin(async move {
            let body = json!({
                "resourceType": "Appointment",
                "id": booked.id,
                "status": "cancelled",
                "start": instant(booked.start_ms),
                "end": instant(booked.end_ms),
                "extension": [{
                    "url": "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1",
                    "valueString": "Cancelled by the patient through Gatehouse"
                }]
            });
            self.call(
                link,
                "cancel:appointment-1",
                reqwest::Method::PUT,
                &format!("/Appointment/{}", booked.id),
                &[],
                Some(body),
            )
            .await?;
            Ok(())
        })
    }
}

/// The unsigned JWT GP Connect asks consumers to send (`alg: none`).
fn token(link: &Link, audience: &str) -> String {
    let now = link.now_ms / 1000;
    let header = json!({ "alg": "none", "typ": "JWT" });
    let claims = json!({
        "iss": "https://gatehouse.nhs.uk",
        "sub": link.username,
        "aud": audience,
        "exp": now + 300,
        "iat": now,
        "reason_for_request": "directcare",
        "requested_scope": "organization/*.read",
        "requesting_device": {
            "resourceType": "Device",
            "identifier": [{ "system": "https://gatehouse.nhs.uk/Id/device", "value": "gatehouse" }],
            "model": "Gatehouse",
            "version": env!("CARGO_PKG_VERSION")
        },
        "requesting_organization": {
            "resourceType": "Organization",
            "identifier": [{ "system": ODS_CODE, "value": link.ods_code }]
        },
        "requesting_practitioner": {
            "resourceType": "Practitioner",
            "id": link.username,
            "identifier": [
                { "system": "https://fhir.nhs.uk/Id/sds-user-id", "value": "UNK" },
                { "system": "https://fhir.nhs.uk/Id/sds-role-profile-id", "value": "UNK" },
                { "system": "https://gatehouse.nhs.uk/Id/emis-api-user", "value": link.username }
            ],
            "name": [{ "family": link.username }]
        }
    });
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// The resources of one type in a searchset Bundle.
fn resources<'a>(bundle: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["resource"])
        .filter(move |r| r["resourceType"] == kind)
}

fn appointment(resource: &Value, nhs_number: &str) -> Result<Appointment, Fault> {
    let (Some(id), Some(start), Some(end)) = (
        resource["id"].as_str(),
        resource["start"].as_str().and_then(parse_instant),
        resource["end"].as_str().and_then(parse_instant),
    ) else {
        return Err(Fault::Unexpected);
    };
    Ok(Appointment {
        id: id.to_string(),
        start_ms: start,
        end_ms: end,
        cancelled: resource["status"] == "cancelled",
        nhs_number: nhs_number.to_string(),
    })
}

/// The `issue[0].details.coding[0].code` of an OperationOutcome, for logs.
fn error_code(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| {
            v["issue"][0]["details"]["coding"][0]["code"]
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// A FHIR instant (RFC 3339, UTC) from Unix milliseconds.
pub fn instant(unix_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Unix milliseconds from a FHIR instant.
pub fn parse_instant(text: &str) -> Option<i64> {
    let t =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}
