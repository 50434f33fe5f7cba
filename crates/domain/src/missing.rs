//! A missing episode: when the young person went missing and came back, the police reference,
//! where they were found, and the return-home interview that must be offered within 72 hours of
//! their return. Episodes travel before routine records, like concerns.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// How long after the return the return-home interview is due.
pub const INTERVIEW_WITHIN: TimeDelta = TimeDelta::hours(72);

choices!(
    /// What happened about the return-home interview.
    InterviewOutcome {
        Held = "held": "Held",
        Declined = "declined": "Offered, and the young person declined",
        NotOffered = "not_offered": "Not offered",
    }
);

/// The return-home interview, once there is something to record about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnInterview {
    pub outcome: InterviewOutcome,
    /// When it was held or declined; none when it was not offered.
    pub at: Option<NaiveDateTime>,
    pub notes: String,
}

/// The return: when, and where the young person was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    pub at: NaiveDateTime,
    pub where_found: String,
}

/// A missing episode as recorded so far.
///
/// Invariant: nothing is in the future of `now` when recorded; the return is after going
/// missing; an interview is recorded only after a return, and happened after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingEpisode {
    pub went_missing: NaiveDateTime,
    pub police_reference: String,
    pub returned: Option<Return>,
    pub interview: Option<ReturnInterview>,
    pub notes: String,
}

/// Where the 72-hour clock for the return-home interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewClock {
    /// Still missing: the clock has not started.
    StillMissing,
    /// Due by `due`; `minutes_left` is how long remains.
    Due {
        due: NaiveDateTime,
        minutes_left: i64,
    },
    /// The 72 hours passed with nothing recorded.
    Overdue {
        due: NaiveDateTime,
    },
    /// Held (or declined) within 72 hours of the return.
    InTime,
    /// Held (or declined) after the 72 hours.
    Late,
    NotOffered,
}

impl MissingEpisode {
    pub fn new(
        went_missing: NaiveDateTime,
        police_reference: &str,
        returned: Option<Return>,
        interview: Option<ReturnInterview>,
        notes: &str,
        now: NaiveDateTime,
    ) -> DomainResult<Self> {
        if went_missing > now {
            return Err(DomainError::invalid(
                Field::WentMissing,
                "the time they went missing must be now or in the past",
            ));
        }
        let police_reference = optional_text(
            Field::PoliceReference,
            "the police reference",
            police_reference,
            60,
        )?;
        let returned = match returned {
            None => None,
            Some(r) => {
                if r.at <= went_missing {
                    return Err(DomainError::invalid(
                        Field::ReturnedAt,
                        "the time they came back must be after the time they went missing",
                    ));
                }
                if r.at > now {
                    return Err(DomainError::invalid(
                        Field::ReturnedAt,
                        "the time they came back must be now or in the past",
                    ));
                }
                Some(Return {
                    at: r.at,
                    where_found: optional_text(
                        Field::WhereFound,
                        "where they were found",
                        &r.where_found,
                        500,
                    )?,
                })
            }
        };
        let interview = match (interview, &returned) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(DomainError::invalid(
                    Field::InterviewOutcome,
                    "record the return first: the interview follows it",
                ));
            }
            (Some(i), Some(r)) => {
                let at = match (i.outcome, i.at) {
                    (InterviewOutcome::NotOffered, _) => None,
                    (_, None) => {
                        return Err(DomainError::invalid(
                            Field::InterviewAt,
                            "enter when the interview was held or declined",
                        ));
                    }
                    (_, Some(at)) if at < r.at || at > now => {
                        return Err(DomainError::invalid(
                            Field::InterviewAt,
                            "the interview must be between the return and now",
                        ));
                    }
                    (_, Some(at)) => Some(at),
                };
                Some(ReturnInterview {
                    outcome: i.outcome,
                    at,
                    notes: optional_text(
                        Field::InterviewNotes,
                        "the interview notes",
                        &i.notes,
                        5_000,
                    )?,
                })
            }
        };
        Ok(Self {
            went_missing,
            police_reference,
            returned,
            interview,
            notes: optional_text(Field::Notes, "the notes", notes, 5_000)?,
        })
    }

    /// The 72-hour clock at `now`.
    pub fn clock(&self, now: NaiveDateTime) -> InterviewClock {
        let Some(r) = &self.returned else {
            return InterviewClock::StillMissing;
        };
        let due = r.at + INTERVIEW_WITHIN;
        match &self.interview {
            Some(ReturnInterview {
                outcome: InterviewOutcome::NotOffered,
                ..
            }) => InterviewClock::NotOffered,
            Some(ReturnInterview { at: Some(at), .. }) if *at <= due => InterviewClock::InTime,
            Some(_) => InterviewClock::Late,
            None if now > due => InterviewClock::Overdue { due },
            None => InterviewClock::Due {
                due,
                minutes_left: (due - now).num_minutes(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }
    const NOW: &str = "2025-11-23T21:30";

    fn back(when: &str) -> Option<Return> {
        Some(Return {
            at: at(when),
            where_found: "Ipswich bus station".into(),
        })
    }

    fn interview(outcome: InterviewOutcome, when: Option<&str>) -> Option<ReturnInterview> {
        Some(ReturnInterview {
            outcome,
            at: when.map(at),
            notes: String::new(),
        })
    }

    fn episode(
        returned: Option<Return>,
        i: Option<ReturnInterview>,
    ) -> DomainResult<MissingEpisode> {
        MissingEpisode::new(at("2025-11-20T19:00"), "SC-123", returned, i, "", at(NOW))
    }

    #[test]
    fn times_run_in_order_up_to_now() {
        let field = |r: DomainResult<MissingEpisode>| r.unwrap_err().field().unwrap();
        let future = MissingEpisode::new(at("2025-11-24T01:00"), "", None, None, "", at(NOW));
        assert_eq!(field(future), Field::WentMissing);
        assert_eq!(
            field(episode(back("2025-11-20T18:00"), None)),
            Field::ReturnedAt
        );
        assert_eq!(
            field(episode(back("2025-11-24T08:00"), None)),
            Field::ReturnedAt
        );
        assert_eq!(
            field(episode(
                None,
                interview(InterviewOutcome::Held, Some("2025-11-21T10:00"))
            )),
            Field::InterviewOutcome
        );
        let before_return = interview(InterviewOutcome::Held, Some("2025-11-21T07:00"));
        assert_eq!(
            field(episode(back("2025-11-21T08:00"), before_return)),
            Field::InterviewAt
        );
        let no_time = interview(InterviewOutcome::Declined, None);
        assert_eq!(
            field(episode(back("2025-11-21T08:00"), no_time)),
            Field::InterviewAt
        );
        // Not offered needs no time, and any time given is dropped.
        let not_offered = interview(InterviewOutcome::NotOffered, Some("2025-11-22T08:00"));
        let e = episode(back("2025-11-21T08:00"), not_offered).unwrap();
        assert_eq!(e.interview.unwrap().at, None);
    }

    #[test]
    fn the_interview_clock_runs_72_hours_from_the_return() {
        let now = at(NOW);
        assert_eq!(
            episode(None, None).unwrap().clock(now),
            InterviewClock::StillMissing
        );
        // Back 20:30 on the 21st: due 20:30 on the 24th, 23 hours from now.
        let due = episode(back("2025-11-21T20:30"), None).unwrap().clock(now);
        assert_eq!(
            due,
            InterviewClock::Due {
                due: at("2025-11-24T20:30"),
                minutes_left: 23 * 60,
            }
        );
        let overdue = MissingEpisode::new(
            at("2025-11-10T19:00"),
            "",
            back("2025-11-11T08:00"),
            None,
            "",
            now,
        )
        .unwrap();
        assert_eq!(
            overdue.clock(now),
            InterviewClock::Overdue {
                due: at("2025-11-14T08:00")
            }
        );
        let check = |returned: &str, held: &str, expected: InterviewClock| {
            let e = MissingEpisode::new(
                at("2025-11-10T19:00"),
                "",
                back(returned),
                interview(InterviewOutcome::Held, Some(held)),
                "",
                now,
            )
            .unwrap();
            assert_eq!(e.clock(now), expected, "{returned} → {held}");
        };
        check(
            "2025-11-11T08:00",
            "2025-11-14T08:00",
            InterviewClock::InTime,
        );
        check("2025-11-11T08:00", "2025-11-14T08:01", InterviewClock::Late);
    }
}
