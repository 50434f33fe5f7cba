//! Safeguarding concerns: recorded from anywhere in a few fields, sent before everything else,
//! and shown first to the supervisor.

use crate::dto::{
    ConcernDecisionInput, ConcernInput, ConcernStepView, ConcernView, SafetyPlanInput,
    SafetyPlanView, ToldView, YoungPersonDetail,
};
use crate::parse::{choice, choices, date_time, id, local};
use crate::required;
use crate::{App, AppError, AppResult};
use chrono::{DateTime, FixedOffset};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::concern::{Concern, ConcernState, ConcernStep, Told, ToldRole};
use insideout_domain::ids::{ConcernId, ConcernStepId, YoungPersonId};
use insideout_domain::op::{OpBody, SharedOp};
use insideout_domain::rules::ProgrammeRules;
use insideout_domain::safety::{SafetyPlan, SafetyPlanTexts};
use insideout_domain::text::Line;
use insideout_store::Store;
use insideout_store::read::ConcernRecord;

impl App {
    /// Records a safeguarding concern about a young person.
    pub fn raise_concern(
        &mut self,
        young_person: &str,
        input: ConcernInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(young_person)?;
        required::concern(&input)?;
        let told = input
            .told
            .iter()
            .map(|t| {
                let who: ToldRole = choice(Field::Told, &t.who)?;
                let label = format!("when you told the {}", who.label().to_lowercase());
                Ok(Told {
                    who,
                    at: date_time(who.field(), &label, &t.at)?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        let concern = Concern::new(
            choice(Field::Category, &input.category)?,
            choice(Field::Urgency, &input.urgency)?,
            date_time(Field::NoticedAt, "when you noticed it", &input.noticed_at)?,
            &input.what,
            told,
            &input.actions,
            self.now().naive_local(),
        )?;
        let now_ms = self.now_ms();
        let id = ConcernId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ConcernRaised {
                id,
                young_person,
                concern,
            },
        )?;
        self.young_person(&young_person.to_string())
    }
}

impl App {
    /// Writes or changes the young person's safety plan. A change made at the same time on
    /// another device is merged field by field.
    pub fn set_safety_plan(
        &mut self,
        young_person: &str,
        input: SafetyPlanInput,
    ) -> AppResult<YoungPersonDetail> {
        let yp: YoungPersonId = id("young person", young_person)?;
        self.coach()?.young_person(yp)?;
        required::safety_plan(&input)?;
        let plan = SafetyPlan::new(
            SafetyPlanTexts {
                description: &input.description,
                places: &input.places,
                who_to_call: &input.who_to_call,
                risk_notes: &input.risk_notes,
                triggers: &input.triggers,
                what_helps: &input.what_helps,
            },
            choices(Field::Risks, &input.risks)?,
        )?;
        let now_ms = self.now_ms();
        let mut coach = self.coach()?;
        let base = coach.safety_plan(yp)?.map(|(seen, _)| Box::new(seen));
        if base.as_deref() == Some(&plan) {
            return self.young_person(young_person);
        }
        coach.commit(
            now_ms,
            OpBody::SafetyPlanSet {
                young_person: yp,
                plan,
                base,
            },
        )?;
        self.young_person(young_person)
    }

    /// The coach's follow-up to a concern: what was done or learnt since.
    pub fn follow_up_concern(&mut self, concern: &str, text: &str) -> AppResult<YoungPersonDetail> {
        let step = ConcernStep::follow_up(text)?;
        self.concern_step(concern, step, Field::Text)
    }

    /// A supervisor has read the concern. Acknowledging twice records it once.
    pub fn acknowledge_concern(&mut self, concern: &str) -> AppResult<YoungPersonDetail> {
        self.concern_step(concern, ConcernStep::Acknowledged, Field::Decision)
    }

    /// A supervisor's management decision on a concern.
    pub fn decide_concern(
        &mut self,
        concern: &str,
        input: ConcernDecisionInput,
    ) -> AppResult<YoungPersonDetail> {
        required::concern_decision(&input)?;
        let step = ConcernStep::decided(choice(Field::Decision, &input.decision)?, &input.reason)?;
        self.concern_step(concern, step, Field::Decision)
    }

    /// A supervisor closes a concern with its outcome; it leaves the open list.
    pub fn close_concern(&mut self, concern: &str, outcome: &str) -> AppResult<YoungPersonDetail> {
        let step = ConcernStep::closed(outcome)?;
        self.concern_step(concern, step, Field::Outcome)
    }

    /// Checks who may take `step` on the concern as it stands, then records it; a refusal
    /// names `field`.
    fn concern_step(
        &mut self,
        concern: &str,
        step: ConcernStep,
        field: Field,
    ) -> AppResult<YoungPersonDetail> {
        let concern_id: ConcernId = id("concern", concern)?;
        let now_ms = self.now_ms();
        let mut device = self.store()?;
        let young_person = device.concern_case(concern_id)?;
        let supervisor = device.sync_get("role")?.as_deref() == Some("supervisor");
        if step.supervisor_only() && !supervisor {
            return Err(AppError::invalid(
                field,
                "only a supervisor acknowledges, decides on or closes a concern: add a follow-up, and phone your supervisor if it cannot wait",
            ));
        }
        let record = device
            .concerns(young_person)?
            .into_iter()
            .find(|c| c.id == concern_id.to_string())
            .ok_or(AppError::NotFound { what: "concern" })?;
        if record.state == ConcernState::Closed {
            return Err(AppError::invalid(
                field,
                "this concern is closed: if something new has happened, raise a new concern",
            ));
        }
        if matches!(step, ConcernStep::Closed { .. }) && record.state < ConcernState::Decided {
            return Err(AppError::invalid(
                field,
                "record the management decision before closing the concern",
            ));
        }
        let acknowledged = record
            .steps
            .iter()
            .any(|s| s.step == ConcernStep::Acknowledged);
        if step == ConcernStep::Acknowledged && acknowledged {
            return self.young_person(&young_person.to_string());
        }
        let author = Line::parse(Field::Author, "your name", &device.person_name()?)?;
        let step_id = ConcernStepId::from_uuid(Store::new_uuid(now_ms)?);
        // A decision or closure acknowledges the concern too, if nobody had.
        if supervisor && !acknowledged && step != ConcernStep::Acknowledged {
            let ack_id = ConcernStepId::from_uuid(Store::new_uuid(now_ms)?);
            device.commit_shared(
                now_ms,
                SharedOp::concern_step(
                    ack_id,
                    concern_id,
                    young_person,
                    author.clone(),
                    ConcernStep::Acknowledged,
                ),
            )?;
        }
        device.commit_shared(
            now_ms,
            SharedOp::concern_step(step_id, concern_id, young_person, author, step),
        )?;
        self.young_person(&young_person.to_string())
    }
}

/// Whether a concern raised at `written_at` (UTC, RFC 3339) and still `state` is overdue for
/// a supervisor's acknowledgement at `now`.
pub(crate) fn overdue(
    rules: &ProgrammeRules,
    concern: &Concern,
    state: ConcernState,
    written_at: &str,
    now: DateTime<FixedOffset>,
) -> bool {
    state == ConcernState::Open
        && DateTime::parse_from_rfc3339(written_at)
            .is_ok_and(|t| now - t > rules.acknowledge_within(concern.urgency))
}

pub(crate) fn step_view(s: &insideout_store::read::ConcernStepRecord) -> ConcernStepView {
    let (title, text) = match &s.step {
        ConcernStep::FollowUp { text } => ("Follow-up".to_owned(), text.clone()),
        ConcernStep::Acknowledged => ("Acknowledged".to_owned(), String::new()),
        ConcernStep::Decided { decision, reason } => {
            (format!("Decision: {}", decision.label()), reason.clone())
        }
        ConcernStep::Closed { outcome } => ("Closed".to_owned(), outcome.clone()),
    };
    ConcernStepView {
        id: s.id.clone(),
        kind: s.step.kind().to_owned(),
        title,
        text,
        author: s.author.clone(),
        written_at: s.written_at.clone(),
    }
}

/// Where a concern stands, in words.
fn state_label(r: &ConcernRecord) -> String {
    let latest = |kind: &str| r.steps.iter().rev().find(|s| s.step.kind() == kind);
    match r.state {
        ConcernState::Open => "Waiting for a supervisor to acknowledge it".to_owned(),
        ConcernState::Acknowledged => match latest("acknowledged") {
            Some(s) => format!("Acknowledged by {}", s.author),
            None => "Acknowledged".to_owned(),
        },
        ConcernState::Decided => match latest("decided").map(|s| &s.step) {
            Some(ConcernStep::Decided { decision, .. }) => {
                format!("Decision: {}", decision.label())
            }
            _ => "Decided".to_owned(),
        },
        ConcernState::Closed => "Closed".to_owned(),
    }
}

pub(crate) fn view(
    r: &ConcernRecord,
    rules: &ProgrammeRules,
    now: DateTime<FixedOffset>,
) -> ConcernView {
    let c = &r.concern;
    ConcernView {
        id: r.id.clone(),
        category_label: c.category.label().to_owned(),
        urgency: c.urgency,
        urgency_label: c.urgency.label().to_owned(),
        noticed_at: local(c.noticed_at),
        what: c.what.clone(),
        told: c
            .told
            .iter()
            .map(|t| ToldView {
                who_label: t.who.label().to_owned(),
                at: local(t.at),
            })
            .collect(),
        actions: c.actions.clone(),
        written_at: r.written_at.clone(),
        state: r.state,
        state_label: state_label(r),
        overdue: overdue(rules, c, r.state, &r.written_at, now),
        steps: r.steps.iter().map(step_view).collect(),
    }
}

/// The supervisor's one-line summary of a concern (the team updates carry its JSON).
pub(crate) fn headline(json: &str) -> String {
    match serde_json::from_str::<Concern>(json) {
        Ok(c) => format!(
            "Safeguarding concern: {} ({})",
            c.category.label(),
            c.urgency.label()
        ),
        Err(_) => "Safeguarding concern".to_owned(),
    }
}

/// The safety plan as the forms show it.
pub(crate) fn safety_view(plan: &SafetyPlan, updated_at: &str) -> SafetyPlanView {
    SafetyPlanView {
        input: SafetyPlanInput {
            description: plan.description.clone(),
            places: plan.places.clone(),
            who_to_call: plan.who_to_call.clone(),
            risks: plan.risks.iter().map(|r| r.value().to_owned()).collect(),
            risk_notes: plan.risk_notes.clone(),
            triggers: plan.triggers.clone(),
            what_helps: plan.what_helps.clone(),
        },
        risk_labels: plan.risks.iter().map(|r| r.label().to_owned()).collect(),
        updated_at: updated_at.to_owned(),
    }
}
