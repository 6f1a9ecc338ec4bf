//! The words and views of practice requirements and offers of cover.

use serde::{Deserialize, Serialize};

use super::{check_shift, NewShift, ShiftView, ValidShift};
use crate::error::AppError;
use crate::ids::OfferId;

/// A locum's offer to cover a practice's requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Offered,
    Accepted,
    Declined,
    Withdrawn,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Offered => "offered",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(stored: &str) -> Option<OfferStatus> {
        [
            OfferStatus::Offered,
            OfferStatus::Accepted,
            OfferStatus::Declined,
            OfferStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)
    }

    /// The words on an offer's tag.
    pub fn label(self) -> &'static str {
        match self {
            OfferStatus::Offered => "Offered",
            OfferStatus::Accepted => "Accepted",
            OfferStatus::Declined => "Declined",
            OfferStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// One offer of cover as the practice sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub id: OfferId,
    pub locum: String,
    /// "GP", "Nurse" or "Pharmacist" (their registration), when known.
    pub profession: String,
    pub status: OfferStatus,
    /// "3 December 2026 at 09:00".
    pub offered_at: String,
}

/// A practice's requirement with the offers made for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub shift: ShiftView,
    pub offers: Vec<OfferView>,
}

/// "Requirements": the practice's requirements for locum cover from today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeRequirements {
    pub practice_name: String,
    pub requirements: Vec<Requirement>,
}

/// A practice's open requirement in a locum's Schedule, with their own
/// offer for it if they made one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRequirement {
    pub shift: ShiftView,
    pub my_offer: Option<OfferStatus>,
}

/// Checks "Post a requirement": the same fields as a hub shift without a
/// location or a rota (a practice's requirement is one session).
pub fn check_requirement(form: &NewShift, today: (i32, u32, u32)) -> Result<ValidShift, AppError> {
    let session = NewShift {
        location_id: String::new(),
        repeat_day: String::new(),
        repeat_month: String::new(),
        repeat_year: String::new(),
        ..form.clone()
    };
    check_shift(&session, today, &[String::new()])
}
