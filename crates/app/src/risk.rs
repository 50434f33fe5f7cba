//! Risk assessments of plans and the supervisor's sign-off. The coach writes the assessment and
//! sends it; the supervisor, on their own device, approves it or returns it with comments; the
//! decision travels back through sync. An approval counts only for the version it approved.

use crate::dto::{HazardInput, PersonalRiskInput, RiskInput, RiskView, SignOffItem, StandingKind};
use crate::parse::{choice, id};
use crate::required;
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::ids::{ActivityId, PlannedSessionId, ResidentialId, YoungPersonId};
use insideout_domain::op::{OpBody, SharedOp};
use insideout_domain::risk::{PlanRef, RiskAssessment, SignOff, Standing};
use insideout_domain::text::Line;
use insideout_store::Store;
use insideout_store::read::RiskRecord;

/// A plan on this device: what it is, whose, and when, in words.
pub(crate) struct Plan {
    pub plan: PlanRef,
    pub young_person: YoungPersonId,
    pub title: String,
    pub when: String,
    /// The plan as a sign-off compares it (empty for a planned session).
    pub text: String,
}

pub(crate) fn find_plan(store: &Store, plan_id: &str) -> AppResult<Plan> {
    if let Ok(aid) = plan_id.parse::<ActivityId>()
        && let Ok(a) = store.activity(aid)
    {
        return Ok(Plan {
            plan: PlanRef::Activity(aid),
            young_person: a.young_person,
            text: insideout_domain::risk::activity_text(&a.activity),
            title: a.activity.title.as_str().to_owned(),
            when: format!(
                "{}–{}",
                a.activity.starts.format("%a %-d %b %Y, %H:%M"),
                a.activity.ends.format("%H:%M")
            ),
        });
    }
    if let Ok(pid) = plan_id.parse::<PlannedSessionId>()
        && let Ok((young_person, Some(p))) = store.planned_session(pid)
    {
        return Ok(Plan {
            plan: PlanRef::Session(pid),
            young_person,
            text: String::new(),
            title: if p.purpose.is_empty() {
                "Planned session".to_owned()
            } else {
                p.purpose.clone()
            },
            when: format!(
                "{}–{}",
                p.starts.format("%a %-d %b %Y, %H:%M"),
                p.ends.format("%H:%M")
            ),
        });
    }
    let rid: ResidentialId = id("plan", plan_id)?;
    let r = store
        .residential(rid)
        .map_err(|_| AppError::NotFound { what: "plan" })?;
    Ok(Plan {
        text: insideout_domain::risk::residential_text(&r.residential),
        plan: PlanRef::Residential(rid),
        young_person: r.young_person,
        title: r.residential.title.as_str().to_owned(),
        when: format!(
            "{} – {}",
            r.residential.arrives.format("%a %-d %b"),
            r.residential.leaves.format("%a %-d %b %Y")
        ),
    })
}

pub(crate) fn standing(r: Option<&RiskRecord>, plan_text: &str) -> Standing {
    r.map_or(Standing::Missing, |r| r.standing(plan_text))
}

/// What the supervisor read: the assessment and the plan, as one short token. A decision made
/// on another version is refused.
fn version(r: &RiskRecord, plan_text: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    serde_json::to_string(&r.assessment)
        .unwrap_or_default()
        .hash(&mut h);
    plan_text.hash(&mut h);
    format!("{}-{:016x}", r.hlc, h.finish())
}

fn input(a: &RiskAssessment) -> RiskInput {
    RiskInput {
        hazards: a
            .hazards
            .iter()
            .map(|h| HazardInput {
                hazard: h.hazard.as_str().to_owned(),
                controls: h.controls.clone(),
            })
            .collect(),
        personal: a
            .personal
            .iter()
            .map(|m| PersonalRiskInput {
                risk: m.risk.value().to_owned(),
                plan: m.plan.clone(),
            })
            .collect(),
        staffing: a.staffing.clone(),
        emergency_plan: a.emergency_plan.clone(),
    }
}

pub(crate) fn view(plan_id: &str, plan_text: &str, r: Option<&RiskRecord>) -> RiskView {
    let s = standing(r, plan_text);
    // The latest decision's comments stay in view while the coach works on them.
    let last_comments = r
        .and_then(|r| r.sign_off.as_ref())
        .map(|(s, _, _)| s.comments.clone())
        .unwrap_or_default();
    let (key, label, comments) = match &s {
        Standing::Missing => (
            StandingKind::Missing,
            "No risk assessment yet".to_owned(),
            String::new(),
        ),
        Standing::Draft {
            changed_since_sign_off,
        } => (
            StandingKind::Draft,
            if *changed_since_sign_off {
                "Changed since the supervisor's decision: not sent again yet".to_owned()
            } else {
                "Written, not sent for sign-off".to_owned()
            },
            last_comments,
        ),
        Standing::Awaiting => (
            StandingKind::Awaiting,
            "Waiting for the supervisor's sign-off".to_owned(),
            last_comments,
        ),
        Standing::Approved { by } => (
            StandingKind::Approved,
            format!("Signed off by {by}"),
            last_comments,
        ),
        Standing::Returned { by, comments } => (
            StandingKind::Returned,
            format!("Returned by {by} with comments"),
            comments.clone(),
        ),
    };
    RiskView {
        plan_id: plan_id.to_owned(),
        standing: key,
        label,
        comments,
        comments_on_earlier_version: !matches!(
            s,
            Standing::Approved { .. } | Standing::Returned { .. }
        ),
        decided_at: r
            .and_then(|r| r.sign_off.as_ref())
            .map(|(_, at, _)| at.clone()),
        version: r.map(|r| version(r, plan_text)).unwrap_or_default(),
        input: r.map(|r| input(&r.assessment)),
    }
}

fn assessment_from(i: &RiskInput) -> AppResult<RiskAssessment> {
    required::risk(i)?;
    let personal = i
        .personal
        .iter()
        .map(|p| Ok((choice(Field::Personal, &p.risk)?, p.plan.clone())))
        .collect::<AppResult<_>>()?;
    Ok(RiskAssessment::new(
        i.hazards
            .iter()
            .map(|h| (h.hazard.clone(), h.controls.clone()))
            .collect(),
        personal,
        &i.staffing,
        &i.emergency_plan,
    )?)
}

impl App {
    /// Saves the coach's risk assessment of a plan; `request_sign_off` sends it to the
    /// supervisor.
    pub fn assess_risk(
        &mut self,
        plan_id: &str,
        input: RiskInput,
        request_sign_off: bool,
    ) -> AppResult<RiskView> {
        self.coach()?;
        let plan = find_plan(&*self.store()?, plan_id)?;
        if let PlanRef::Session(_) = plan.plan {
            return Err(AppError::invalid(
                Field::Plan,
                "a planned session has no risk assessment of its own — plan an activity or a residential to assess its risks",
            ));
        }
        let assessment = assessment_from(&input)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::RiskAssessed {
                plan: plan.plan,
                young_person: plan.young_person,
                assessment,
                request_sign_off,
            },
        )?;
        self.risk(plan_id)
    }

    /// Where a plan's risk assessment stands.
    pub fn risk(&mut self, plan_id: &str) -> AppResult<RiskView> {
        let store = &self.store()?;
        let plan = find_plan(store, plan_id)?;
        Ok(view(
            plan_id,
            &plan.text,
            store.risk(&plan.plan.id())?.as_ref(),
        ))
    }

    /// The supervisor's decision on the version they read (`version`, from the [`RiskView`]
    /// they were shown): `approved`, or `returned` with comments. Only a supervisor's device
    /// may decide, only on an assessment sent for sign-off, and only on the version that is
    /// still current.
    pub fn sign_off(
        &mut self,
        plan_id: &str,
        version_read: &str,
        decision: &str,
        comments: &str,
    ) -> AppResult<RiskView> {
        let store = &self.store()?;
        if store.sync_get("role")?.as_deref() != Some("supervisor") {
            return Err(AppError::invalid(
                Field::Decision,
                "only a supervisor signs off a plan: send it for sign-off and your supervisor decides on their device",
            ));
        }
        required::sign_off(decision, comments)?;
        let plan = find_plan(store, plan_id)?;
        let Some(record) = store.risk(&plan.plan.id())? else {
            return Err(AppError::invalid(
                Field::Decision,
                "there is no risk assessment to sign off yet — wait until the coach sends one",
            ));
        };
        if version(&record, &plan.text) != version_read {
            return Err(AppError::invalid(
                Field::Decision,
                "the coach changed the plan or its risk assessment while you were reading it: read it again, then decide",
            ));
        }
        if record.standing(&plan.text) != Standing::Awaiting {
            return Err(AppError::invalid(
                Field::Decision,
                "the coach has not sent this version for sign-off — wait until they send it, then decide",
            ));
        }
        let by = Line::parse(Field::By, "your name", &store.person_name()?)?;
        let sign_off = SignOff::new(
            choice(Field::Decision, decision)?,
            comments,
            by,
            record.assessment,
            plan.text,
        )?;
        let now_ms = self.now_ms();
        self.store()?.commit_shared(
            now_ms,
            SharedOp::sign_off(plan.plan, plan.young_person, sign_off),
        )?;
        self.risk(plan_id)
    }

    /// Plans whose risk assessment waits for sign-off, then those decided, newest first: the
    /// supervisor's list.
    pub fn sign_offs(&mut self) -> AppResult<Vec<SignOffItem>> {
        let store = &self.store()?;
        let mut out = Vec::new();
        for r in store.risks()? {
            let Ok(plan) = find_plan(store, &r.plan_id) else {
                continue;
            };
            let name = store
                .young_person(plan.young_person)?
                .profile
                .preferred_name;
            out.push(SignOffItem {
                plan_id: r.plan_id.clone(),
                plan_kind: plan.plan.kind().to_owned(),
                title: plan.title,
                young_person_id: plan.young_person.to_string(),
                young_person_name: name.as_str().to_owned(),
                when: plan.when,
                risk: view(&r.plan_id, &plan.text, Some(&r)),
            });
        }
        out.sort_by_key(|i| i.risk.standing != StandingKind::Awaiting);
        Ok(out)
    }
}
