//! Where a young person lives, and how each placement ended.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choices!(
    /// The kind of placement.
    PlacementType {
        ChildrensHome = "childrens_home": "Children's home (residential)",
        FosterCare = "foster_care": "Foster care",
        Kinship = "kinship": "Kinship care (family and friends)",
        Supported = "supported": "Supported accommodation",
        Secure = "secure": "Secure children's home",
        ResidentialSchool = "residential_school": "Residential school",
        Home = "home": "At home with family",
        Other = "other": "Other",
    }
);

choices!(
    /// Whether a placement ended as planned or broke down.
    PlacementEnding {
        Planned = "planned": "Planned move",
        Unplanned = "unplanned": "Unplanned ending (breakdown)",
    }
);

/// A placement as it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub placement_type: PlacementType,
    pub provider_name: Line,
    pub start: NaiveDate,
}

/// How a placement ended.
///
/// Invariant: the end date is on or after the placement's start; the reason is bounded text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementEnd {
    date: NaiveDate,
    ending: PlacementEnding,
    reason: String,
}

impl PlacementEnd {
    pub fn new(
        placement: &Placement,
        date: NaiveDate,
        ending: PlacementEnding,
        reason: &str,
    ) -> DomainResult<Self> {
        if date < placement.start {
            return Err(DomainError::EndBeforeStart {
                field: Field::EndDate,
            });
        }
        let reason = optional_text(Field::Reason, "the reason", reason, 2_000)?;
        if ending == PlacementEnding::Unplanned && reason.is_empty() {
            return Err(DomainError::invalid(
                Field::Reason,
                "say why the placement broke down",
            ));
        }
        Ok(Self {
            date,
            ending,
            reason,
        })
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn ending(&self) -> PlacementEnding {
        self.ending
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placement() -> Placement {
        Placement {
            placement_type: PlacementType::ChildrensHome,
            provider_name: Line::parse(Field::ProviderName, "the provider", "Oak House").unwrap(),
            start: "2025-03-01".parse().unwrap(),
        }
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let err = PlacementEnd::new(
            &placement(),
            "2025-02-28".parse().unwrap(),
            PlacementEnding::Planned,
            "",
        )
        .unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("end_before_start", Some(Field::EndDate))
        );
    }

    #[test]
    fn a_breakdown_needs_a_reason() {
        let err = PlacementEnd::new(
            &placement(),
            "2025-04-01".parse().unwrap(),
            PlacementEnding::Unplanned,
            "  ",
        )
        .unwrap_err();
        assert_eq!(err.field(), Some(Field::Reason));
        assert!(
            PlacementEnd::new(
                &placement(),
                "2025-04-01".parse().unwrap(),
                PlacementEnding::Unplanned,
                "Assault on staff"
            )
            .is_ok()
        );
    }
}
