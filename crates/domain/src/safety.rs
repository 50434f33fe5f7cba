//! A young person's safety plan: the missing-from-care protocol (how to describe them, where
//! they may go, who to call), the risks known to the team, what sets things off and what helps.
//! The coach keeps it; it travels in the trip pack and sits beside the missing-episode and
//! concern forms, where it is needed at 2 am.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

choices!(
    /// A risk the team knows about.
    KnownRisk {
        Exploitation = "exploitation": "Sexual or criminal exploitation",
        Gangs = "gangs": "Gangs or county lines",
        SelfHarm = "self_harm": "Self-harm or suicidal thoughts",
        Substances = "substances": "Drugs or alcohol",
        Online = "online": "Online harm",
        GoingMissing = "going_missing": "Going missing",
    }
);

/// The safety plan as the coach wrote it.
///
/// Invariant: the missing-from-care protocol has a description and who to call; every text is
/// bounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyPlan {
    /// What they look like and usually wear, for the police if they go missing.
    pub description: String,
    /// Places and people they may go to.
    pub places: String,
    /// Who to call, in order, if they go missing.
    pub who_to_call: String,
    pub risks: BTreeSet<KnownRisk>,
    /// What is known about those risks.
    pub risk_notes: String,
    /// What sets things off.
    pub triggers: String,
    /// What helps.
    pub what_helps: String,
}

/// The texts of a safety plan as typed.
#[derive(Debug, Clone, Copy)]
pub struct SafetyPlanTexts<'a> {
    pub description: &'a str,
    pub places: &'a str,
    pub who_to_call: &'a str,
    pub risk_notes: &'a str,
    pub triggers: &'a str,
    pub what_helps: &'a str,
}

impl SafetyPlan {
    pub fn new(texts: SafetyPlanTexts<'_>, risks: BTreeSet<KnownRisk>) -> DomainResult<Self> {
        let text = |field, label, raw| optional_text(field, label, raw, 5_000);
        let description = text(Field::Description, "the description", texts.description)?;
        let who_to_call = text(Field::WhoToCall, "who to call", texts.who_to_call)?;
        if description.is_empty() {
            return Err(DomainError::invalid(
                Field::Description,
                "describe them as you would to the police: height, build, hair, what they usually wear",
            ));
        }
        if who_to_call.is_empty() {
            return Err(DomainError::invalid(
                Field::WhoToCall,
                "write who to call if they go missing, in order, with their numbers",
            ));
        }
        Ok(Self {
            description,
            places: text(Field::Places, "the places they may go", texts.places)?,
            who_to_call,
            risks,
            risk_notes: text(
                Field::RiskNotes,
                "what is known about the risks",
                texts.risk_notes,
            )?,
            triggers: text(Field::Triggers, "what sets things off", texts.triggers)?,
            what_helps: text(Field::WhatHelps, "what helps", texts.what_helps)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(description: &'a str, who_to_call: &'a str) -> SafetyPlanTexts<'a> {
        SafetyPlanTexts {
            description,
            places: "",
            who_to_call,
            risk_notes: "",
            triggers: "",
            what_helps: "",
        }
    }

    #[test]
    fn the_missing_protocol_needs_a_description_and_who_to_call() {
        let e = SafetyPlan::new(texts(" ", "Home 01245 000000"), BTreeSet::new()).unwrap_err();
        assert_eq!(e.field(), Some(Field::Description));
        let e = SafetyPlan::new(texts("Tall, red coat", ""), BTreeSet::new()).unwrap_err();
        assert_eq!(e.field(), Some(Field::WhoToCall));
        let plan = SafetyPlan::new(
            texts(" Tall, red coat ", "Home 01245 000000"),
            [KnownRisk::Gangs].into(),
        )
        .unwrap();
        assert_eq!(plan.description, "Tall, red coat");
        assert!(plan.risks.contains(&KnownRisk::Gangs));
    }
}
