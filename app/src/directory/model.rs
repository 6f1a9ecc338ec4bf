use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgKind {
    Network,
    Hub,
    Practice,
    ClinicalTeam,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Network => "network",
            OrgKind::Hub => "hub",
            OrgKind::Practice => "practice",
            OrgKind::ClinicalTeam => "clinical_team",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "network" => Some(OrgKind::Network),
            "hub" => Some(OrgKind::Hub),
            "practice" => Some(OrgKind::Practice),
            "clinical_team" => Some(OrgKind::ClinicalTeam),
            _ => None,
        }
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Network => "Network operator",
            OrgKind::Hub => "Federation or PCN hub",
            OrgKind::Practice => "GP practice",
            OrgKind::ClinicalTeam => "Clinical team",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: String,
    pub kind: OrgKind,
    pub name: String,
    pub ods_code: Option<String>,
    pub part_of: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_name() {
        for kind in [
            OrgKind::Network,
            OrgKind::Hub,
            OrgKind::Practice,
            OrgKind::ClinicalTeam,
        ] {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OrgKind::parse("pharmacy"), None);
    }
}
