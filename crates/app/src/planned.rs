//! Sessions the coach plans to hold. They fill the calendar (and the calendar file); once one
//! has happened, recording it fills the session form, and the session counts in the hours.

use crate::dto::{PlannedSessionInput, PlannedSessionView};
use crate::parse::{date_time, id, local};
use crate::required;
use crate::{App, AppResult};
use insideout_domain::DomainError;
use insideout_domain::Field;
use insideout_domain::ids::{PlannedSessionId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_domain::planned::PlannedSession;
use insideout_store::Store;

pub(crate) fn view(
    id: PlannedSessionId,
    yp: YoungPersonId,
    plan: Option<&PlannedSession>,
) -> PlannedSessionView {
    PlannedSessionView {
        id: id.to_string(),
        young_person_id: yp.to_string(),
        input: plan
            .map(|p| PlannedSessionInput {
                starts: local(p.starts),
                ends: local(p.ends),
                place: p.place.clone(),
                purpose: p.purpose.clone(),
            })
            .unwrap_or_default(),
        cancelled: plan.is_none(),
    }
}

/// How long before its start a planned session can be started.
pub(crate) const START_WINDOW_MINUTES: i64 = 60;

/// The planned sessions that can be started at `now`: from an hour before their start until
/// their end, with no session recorded as starting in that time.
pub(crate) fn startable(
    plans: Vec<(PlannedSessionId, PlannedSession)>,
    yp: YoungPersonId,
    recorded: &[crate::dto::SessionSummary],
    now: chrono::NaiveDateTime,
) -> Vec<PlannedSessionView> {
    plans
        .into_iter()
        .filter(|(_, p)| {
            let opens = p.starts - chrono::TimeDelta::minutes(START_WINDOW_MINUTES);
            let in_window = |t: chrono::NaiveDateTime| t >= opens && t < p.ends;
            in_window(now)
                && !recorded.iter().any(|s| {
                    chrono::NaiveDateTime::parse_from_str(&s.start, "%Y-%m-%dT%H:%M")
                        .is_ok_and(in_window)
                })
        })
        .map(|(id, p)| view(id, yp, Some(&p)))
        .collect()
}

impl App {
    /// Plans a session with a young person whose intervention is open.
    pub fn plan_session(
        &mut self,
        young_person: &str,
        input: PlannedSessionInput,
    ) -> AppResult<PlannedSessionView> {
        self.coach()?;
        required::planned_session(young_person, &input)?;
        let yp: YoungPersonId = id("young person", young_person)?;
        if self.store()?.young_person(yp)?.closure.is_some() {
            return Err(DomainError::InterventionClosed.into());
        }
        let plan = PlannedSession::new(
            date_time(Field::Starts, "when it starts", &input.starts)?,
            date_time(Field::Ends, "when it ends", &input.ends)?,
            &input.place,
            &input.purpose,
        )?;
        let now_ms = self.now_ms();
        let id = PlannedSessionId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::SessionPlanned {
                id,
                young_person: yp,
                plan: Some(plan.clone()),
            },
        )?;
        Ok(view(id, yp, Some(&plan)))
    }

    /// Cancels a planned session (it leaves the calendar; the op log keeps it).
    pub fn cancel_planned_session(&mut self, planned: &str) -> AppResult<PlannedSessionView> {
        self.coach()?;
        let pid: PlannedSessionId = id("planned session", planned)?;
        let (yp, _) = self.store()?.planned_session(pid)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::SessionPlanned {
                id: pid,
                young_person: yp,
                plan: None,
            },
        )?;
        Ok(view(pid, yp, None))
    }
}
