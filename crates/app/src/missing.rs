//! Missing episodes: recorded while the young person is missing, brought up to date when they
//! return, and watched by the 72-hour clock for the return-home interview. Sent before routine
//! records, like concerns.

use crate::dto::{ClockState, MissingEpisodeInput, MissingEpisodeView, YoungPersonDetail};
use crate::parse::{choice, date_time, id, local};
use crate::required;
use crate::{App, AppResult};
use chrono::NaiveDateTime;
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::ids::{MissingEpisodeId, YoungPersonId};
use insideout_domain::missing::{InterviewClock, MissingEpisode, Return, ReturnInterview};
use insideout_domain::op::OpBody;
use insideout_store::Store;
use insideout_store::read::MissingRecord;

impl App {
    /// Records a missing episode (often while the young person is still missing).
    pub fn record_missing_episode(
        &mut self,
        young_person: &str,
        input: MissingEpisodeInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(young_person)?;
        let episode = self.episode(&input)?;
        let now_ms = self.now_ms();
        let id = MissingEpisodeId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::MissingEpisodeRecorded {
                id,
                young_person,
                episode,
            },
        )?;
        self.young_person(&young_person.to_string())
    }

    /// Brings an episode up to date: the return, where they were found, the interview.
    pub fn update_missing_episode(
        &mut self,
        episode_id: &str,
        input: MissingEpisodeInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id: MissingEpisodeId = id("missing episode", episode_id)?;
        let record = self.store()?.missing_episode(id)?;
        let episode = self.episode(&input)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::MissingEpisodeEdited {
                id,
                young_person: record.young_person,
                episode,
                base: Some(record.episode),
            },
        )?;
        self.young_person(&record.young_person.to_string())
    }

    fn episode(&self, input: &MissingEpisodeInput) -> AppResult<MissingEpisode> {
        required::missing_episode(input)?;
        let went_missing = date_time(
            Field::WentMissing,
            "when they went missing",
            &input.went_missing,
        )?;
        let returned = match input.came_back {
            false => None,
            true => Some(Return {
                at: date_time(Field::ReturnedAt, "when they came back", &input.returned_at)?,
                where_found: input.where_found.clone(),
            }),
        };
        let interview = match input.interview_outcome.trim() {
            _ if !input.came_back => None,
            "" => None,
            raw => Some(ReturnInterview {
                outcome: choice(Field::InterviewOutcome, raw)?,
                at: match input.interview_at.trim() {
                    "" => None,
                    raw => Some(date_time(
                        Field::InterviewAt,
                        "when the interview was",
                        raw,
                    )?),
                },
                notes: input.interview_notes.clone(),
            }),
        };
        Ok(MissingEpisode::new(
            went_missing,
            &input.police_reference,
            returned,
            interview,
            &input.notes,
            self.now().naive_local(),
        )?)
    }
}

pub(crate) fn view(r: &MissingRecord, now: NaiveDateTime) -> MissingEpisodeView {
    let e = &r.episode;
    let clock = e.clock(now);
    let interview_due = e
        .returned
        .as_ref()
        .map(|ret| local(ret.at + insideout_domain::missing::INTERVIEW_WITHIN));
    MissingEpisodeView {
        id: r.id.to_string(),
        young_person_id: r.young_person.to_string(),
        input: MissingEpisodeInput {
            went_missing: local(e.went_missing),
            police_reference: e.police_reference.clone(),
            came_back: e.returned.is_some(),
            returned_at: e.returned.as_ref().map(|x| local(x.at)).unwrap_or_default(),
            where_found: e
                .returned
                .as_ref()
                .map(|x| x.where_found.clone())
                .unwrap_or_default(),
            interview_outcome: e
                .interview
                .as_ref()
                .map(|i| i.outcome.value().to_owned())
                .unwrap_or_default(),
            interview_at: e
                .interview
                .as_ref()
                .and_then(|i| i.at)
                .map(local)
                .unwrap_or_default(),
            interview_notes: e
                .interview
                .as_ref()
                .map(|i| i.notes.clone())
                .unwrap_or_default(),
            notes: e.notes.clone(),
        },
        interview_outcome_label: e.interview.as_ref().map(|i| i.outcome.label().to_owned()),
        clock: clock_state(clock),
        clock_text: clock_text(clock),
        interview_due,
        written_at: r.written_at.clone(),
    }
}

fn clock_state(clock: InterviewClock) -> ClockState {
    match clock {
        InterviewClock::StillMissing => ClockState::StillMissing,
        InterviewClock::Due { .. } => ClockState::Due,
        InterviewClock::Overdue { .. } => ClockState::Overdue,
        InterviewClock::InTime => ClockState::InTime,
        InterviewClock::Late => ClockState::Late,
        InterviewClock::NotOffered => ClockState::NotOffered,
    }
}

/// The 72-hour clock in words.
pub(crate) fn clock_text(clock: InterviewClock) -> String {
    let when = |t: NaiveDateTime| t.format("%a %-d %b %H:%M").to_string();
    match clock {
        InterviewClock::StillMissing => "Still missing".to_owned(),
        InterviewClock::Due { due, minutes_left } => {
            let left = if minutes_left >= 120 {
                format!("{} hours left", minutes_left / 60)
            } else {
                format!("{minutes_left} minutes left")
            };
            format!("Return-home interview due by {} ({left})", when(due))
        }
        InterviewClock::Overdue { due } => {
            format!("Return-home interview overdue: it was due by {}", when(due))
        }
        InterviewClock::InTime => "Return-home interview within 72 hours".to_owned(),
        InterviewClock::Late => "Return-home interview after the 72 hours".to_owned(),
        InterviewClock::NotOffered => "Return-home interview not offered".to_owned(),
    }
}

/// What the caseload says about an episode that needs the coach now, if anything.
pub(crate) fn alert(e: &MissingEpisode, now: NaiveDateTime) -> Option<String> {
    let when = |t: NaiveDateTime| t.format("%a %-d %b %H:%M").to_string();
    match e.clock(now) {
        InterviewClock::StillMissing => Some(format!("Missing since {}", when(e.went_missing))),
        clock @ (InterviewClock::Due { .. } | InterviewClock::Overdue { .. }) => {
            Some(clock_text(clock))
        }
        InterviewClock::InTime | InterviewClock::Late | InterviewClock::NotOffered => None,
    }
}

/// The supervisor's one-line summary of an episode (the team updates carry its JSON).
pub(crate) fn headline(json: &str, now: NaiveDateTime) -> String {
    match serde_json::from_str::<MissingEpisode>(json) {
        Ok(e) if e.returned.is_none() => {
            format!("Missing since {}", e.went_missing.format("%a %-d %b %H:%M"))
        }
        Ok(e) => format!("Missing episode: back. {}", clock_text(e.clock(now))),
        Err(_) => "Missing episode".to_owned(),
    }
}
