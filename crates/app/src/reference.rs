//! The closed lists and their labels, for the UI's selects and checkboxes.

use crate::App;
use crate::dto::{Choice as ChoiceDto, ReferenceData};
use insideout_domain::activity::{ActivityKind, Adventure};
use insideout_domain::authority::{AuthorityHolder, ConsentArea};
use insideout_domain::choice::Choice;
use insideout_domain::concern::{ConcernCategory, ConcernDecision, ToldRole, Urgency};
use insideout_domain::contact::ContactRole;
use insideout_domain::goals::{EetStatus, GoalArea, GoalStatus};
use insideout_domain::intervention::{ClosureReason, Phase};
use insideout_domain::placement::{PlacementEnding, PlacementType};
use insideout_domain::session::{ActivityType, AttendeeKind, Mode, Setting};
use insideout_domain::young_person::{LegalStatus, ReferralCriterion, RiskIndicator};

fn list<T: Choice>() -> Vec<ChoiceDto> {
    T::ALL
        .iter()
        .map(|c| ChoiceDto {
            value: c.value().to_owned(),
            label: c.label().to_owned(),
            hint: c.hint().map(str::to_owned),
        })
        .collect()
}

impl App {
    pub fn reference_data(&self) -> ReferenceData {
        ReferenceData {
            risk_indicators: list::<RiskIndicator>(),
            referral_criteria: list::<ReferralCriterion>(),
            legal_statuses: list::<LegalStatus>(),
            placement_types: list::<PlacementType>(),
            settings: list::<Setting>(),
            modes: list::<Mode>(),
            activity_types: list::<ActivityType>(),
            attendee_kinds: list::<AttendeeKind>(),
            contact_roles: list::<ContactRole>(),
            phases: list::<Phase>(),
            closure_reasons: list::<ClosureReason>(),
            placement_endings: list::<PlacementEnding>(),
            concern_categories: list::<ConcernCategory>(),
            urgencies: list::<Urgency>(),
            told_roles: list::<ToldRole>(),
            concern_decisions: list::<ConcernDecision>(),
            known_risks: list::<insideout_domain::safety::KnownRisk>(),
            goal_areas: list::<GoalArea>(),
            goal_statuses: list::<GoalStatus>(),
            eet_statuses: list::<EetStatus>(),
            consent_areas: list::<ConsentArea>(),
            authority_holders: list::<AuthorityHolder>(),
            activity_kinds: list::<ActivityKind>(),
            adventures: list::<Adventure>(),
            personal_risks: list::<insideout_domain::risk::PersonalRisk>(),
        }
    }
}
