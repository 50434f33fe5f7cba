//! What each form must have before anything else is checked. Every empty required field is named
//! at once, so a coach fixes them all in one pass; the forms show what this says and do not
//! repeat the rules.

use crate::dto::{
    ActivityInput, ChronologyNoteInput, ConcernDecisionInput, ConcernInput, EnrolInput, GoalInput,
    MissingEpisodeInput, OutcomeCheckInput, PlannedSessionInput, RatingInput, ResidentialInput,
    RiskInput,
};
use crate::{AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::concern::ToldRole;

/// The empty required fields of one input, each with what to do.
#[derive(Default)]
struct Required(Vec<(Field, String)>);

impl Required {
    /// `raw` must have something in it besides spaces.
    fn text(self, field: Field, raw: &str, message: &str) -> Self {
        self.unless(!raw.trim().is_empty(), field, message)
    }

    /// `present` must hold.
    fn unless(mut self, present: bool, field: Field, message: &str) -> Self {
        if !present {
            self.0.push((field, message.to_owned()));
        }
        self
    }

    /// Further requirements that apply only when `applies`.
    fn when(self, applies: bool, more: impl FnOnce(Self) -> Self) -> Self {
        if applies { more(self) } else { self }
    }

    fn check(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Incomplete(self.0))
        }
    }
}

/// Consent, once its holder is chosen, needs its evidence and its date.
fn consent(r: Required, holder: &str, evidence: &str, given_on: &str) -> Required {
    r.when(!holder.trim().is_empty(), |r| {
        r.text(
            Field::ConsentEvidence,
            evidence,
            "enter how the consent was given",
        )
        .text(
            Field::ConsentGivenOn,
            given_on,
            "enter when the consent was given",
        )
    })
}

pub(crate) fn activity(i: &ActivityInput) -> AppResult<()> {
    let r = Required::default()
        .text(Field::Title, &i.title, "enter what the activity is")
        .text(Field::Kind, &i.kind, "choose what kind of activity it is")
        .text(Field::ProviderName, &i.provider_name, "enter who runs it")
        .text(Field::Starts, &i.starts, "enter when it starts")
        .text(Field::Ends, &i.ends, "enter when it ends");
    consent(
        r,
        &i.consent_holder,
        &i.consent_evidence,
        &i.consent_given_on,
    )
    .check()
}

pub(crate) fn residential(i: &ResidentialInput) -> AppResult<()> {
    let r = Required::default()
        .text(Field::Title, &i.title, "enter what the residential is")
        .text(Field::Venue, &i.venue, "enter where you are staying")
        .text(Field::Arrives, &i.arrives, "enter the day you arrive")
        .text(Field::Leaves, &i.leaves, "enter the day you leave");
    let c = &i.consent;
    consent(r, &c.holder, &c.evidence, &c.given_on).check()
}

pub(crate) fn risk(i: &RiskInput) -> AppResult<()> {
    Required::default()
        .unless(
            i.hazards.iter().any(|h| !h.hazard.trim().is_empty()),
            Field::Hazards,
            "list at least one hazard and how it is controlled",
        )
        .text(
            Field::Staffing,
            &i.staffing,
            "enter who is staffing it, and the ratio",
        )
        .text(
            Field::EmergencyPlan,
            &i.emergency_plan,
            "enter the emergency plan",
        )
        .check()
}

pub(crate) fn case_discussion(i: &crate::dto::CaseDiscussionInput) -> AppResult<()> {
    let mut r = Required::default()
        .text(Field::On, &i.on, "enter the date of the discussion")
        .text(Field::Discussed, &i.discussed, "write what was discussed");
    for a in &i.actions {
        let typed = [&a.what, &a.owner, &a.due]
            .iter()
            .any(|t| !t.trim().is_empty());
        r = r.when(typed, |r| {
            r.text(Field::What, &a.what, "write the action")
                .text(Field::Owner, &a.owner, "enter who does the action")
                .text(Field::Due, &a.due, "enter when the action is due")
        });
    }
    r.check()
}

pub(crate) fn check_in(i: &crate::dto::CheckInInput) -> AppResult<()> {
    Required::default()
        .text(Field::WithWhom, &i.with_whom, "enter who you are with")
        .text(
            Field::Area,
            &i.area,
            "enter the area you will be in, like a town centre or a park (not an address)",
        )
        .text(
            Field::ExpectedEnd,
            &i.expected_end,
            "enter when you expect to finish",
        )
        .check()
}

pub(crate) fn safety_plan(i: &crate::dto::SafetyPlanInput) -> AppResult<()> {
    Required::default()
        .text(
            Field::Description,
            &i.description,
            "describe them as you would to the police: height, build, hair, what they usually wear",
        )
        .text(
            Field::WhoToCall,
            &i.who_to_call,
            "write who to call if they go missing, in order, with their numbers",
        )
        .check()
}

pub(crate) fn concern_decision(i: &ConcernDecisionInput) -> AppResult<()> {
    Required::default()
        .text(Field::Decision, &i.decision, "choose the decision")
        .when(i.decision == "no_further_action", |r| {
            r.text(
                Field::Reason,
                &i.reason,
                "write why no further action is needed",
            )
        })
        .check()
}

pub(crate) fn missing_episode(i: &MissingEpisodeInput) -> AppResult<()> {
    let interviewed = !matches!(i.interview_outcome.trim(), "" | "not_offered");
    Required::default()
        .text(
            Field::WentMissing,
            &i.went_missing,
            "enter when they went missing",
        )
        .when(i.came_back, |r| {
            r.text(
                Field::ReturnedAt,
                &i.returned_at,
                "enter when they came back",
            )
            .when(interviewed, |r| {
                r.text(
                    Field::InterviewAt,
                    &i.interview_at,
                    "enter when the interview was held or declined",
                )
            })
        })
        .check()
}

pub(crate) fn concern(i: &ConcernInput) -> AppResult<()> {
    let mut r = Required::default()
        .text(Field::Urgency, &i.urgency, "choose how urgent it is")
        .text(
            Field::Category,
            &i.category,
            "choose what the concern is about",
        )
        .text(
            Field::NoticedAt,
            &i.noticed_at,
            "enter when you saw or heard it",
        )
        .text(
            Field::What,
            &i.what,
            "write what was seen or said, in the young person's words where you can",
        );
    for told in &i.told {
        if let Some(who) = ToldRole::from_value(told.who.trim()) {
            r = r.text(
                who.field(),
                &told.at,
                &format!("enter when you told the {}", who.label().to_lowercase()),
            );
        }
    }
    r.check()
}

pub(crate) fn chronology_note(i: &ChronologyNoteInput) -> AppResult<()> {
    Required::default()
        .text(Field::On, &i.on, "enter the date it happened")
        .text(Field::Title, &i.title, "enter what happened, in a line")
        .check()
}

pub(crate) fn goal(i: &GoalInput) -> AppResult<()> {
    Required::default()
        .text(Field::Area, &i.area, "choose what the goal is about")
        .text(
            Field::Words,
            &i.words,
            "write the goal as the young person put it",
        )
        .check()
}

pub(crate) fn rating(i: &RatingInput) -> AppResult<()> {
    Required::default()
        .text(
            Field::YoungPersonScore,
            &i.young_person_score,
            "choose the young person's score",
        )
        .text(Field::CoachScore, &i.coach_score, "choose your score")
        .check()
}

pub(crate) fn outcome_check(i: &OutcomeCheckInput) -> AppResult<()> {
    Required::default()
        .text(Field::Month, &i.month, "choose the month")
        .text(
            Field::Eet,
            &i.eet,
            "choose where things stand with education, work or training",
        )
        .check()
}

pub(crate) fn planned_session(young_person: &str, i: &PlannedSessionInput) -> AppResult<()> {
    Required::default()
        .text(
            Field::YoungPerson,
            young_person,
            "choose who the session is with",
        )
        .text(Field::Starts, &i.starts, "enter when it starts")
        .text(Field::Ends, &i.ends, "enter when it ends")
        .check()
}

pub(crate) fn sign_off(decision: &str, comments: &str) -> AppResult<()> {
    Required::default()
        .text(
            Field::Decision,
            decision,
            "choose whether to approve it or return it",
        )
        .when(decision.trim() == "returned", |r| {
            r.text(
                Field::Comments,
                comments,
                "say what the coach should change",
            )
        })
        .check()
}

/// What enrolling needs: the connection link, and the single-use code unless the link has it.
/// Returns the service's address, the code and the organisation's fingerprint.
pub fn enrolment(i: &EnrolInput) -> AppResult<(String, String, String)> {
    let link_given = !i.link.trim().is_empty();
    let parsed = crate::qr::parse_enrolment_link(&i.link);
    let mut r = Required::default().text(
        Field::Link,
        &i.link,
        "paste the connection link from your supervisor's device (Settings, Connect another device) or take a picture of its QR code",
    );
    if let (true, Err(e)) = (link_given, &parsed) {
        r = r.unless(false, Field::Link, &e.to_string());
    }
    let code_in_link = matches!(&parsed, Ok(l) if l.code.is_some());
    r.unless(
        code_in_link || !i.code.trim().is_empty(),
        Field::Code,
        "enter the single-use enrolment code you were given",
    )
    .check()?;
    let link = parsed?;
    let code = match i.code.trim() {
        "" => link.code.unwrap_or_default(),
        typed => typed.to_owned(),
    };
    Ok((link.service, code, link.fingerprint))
}
