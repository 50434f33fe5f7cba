//! Goals and outcomes: goals agreed with the young person and reviewed monthly from both views;
//! the monthly outcome check; and the baseline / 6 / 12 / 18-month comparison drawn from them
//! and from the placements and missing episodes already recorded.

use crate::dto::{
    ComparisonPoint, ComparisonRow, GoalInput, GoalView, GoalsView, OutcomeCheckInput,
    OutcomeCheckView, RatingInput, RatingView,
};
use crate::parse::{choice, choices, date, id};
use crate::{App, AppError, AppResult};
use chrono::{Datelike, Months, NaiveDate};
use insideout_domain::choice::Choice;
use insideout_domain::goals::{Goal, GoalRating, GoalStatus, OutcomeCheck, Score};
use insideout_domain::ids::{GoalId, GoalRatingId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_domain::placement::PlacementEnding;
use insideout_store::Store;
use insideout_store::read::GoalRecord;

/// How far from a comparison point a record may be and still count for it.
const NEAR_DAYS: i64 = 45;

fn score(field: &'static str, raw: &str) -> AppResult<Score> {
    let value: u8 = raw
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, "choose a score from 1 to 10"))?;
    Ok(Score::new(field, value)?)
}

fn optional_score(field: &'static str, raw: &str) -> AppResult<Option<Score>> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        score(field, raw).map(Some)
    }
}

impl App {
    pub fn goals(&mut self, young_person: &str) -> AppResult<GoalsView> {
        let yp: YoungPersonId = id("young person", young_person)?;
        let today = self.today();
        let store = &self.store()?;
        let record = store.young_person(yp)?;
        let goals = store.goals(yp)?;
        let checks = store.outcome_checks(yp)?;
        let placements = store.placements(yp)?;
        let missing = store.missing_episodes(yp)?;

        let start = record.dates.start();
        let points: Vec<(String, NaiveDate)> = [0u32, 6, 12, 18]
            .iter()
            .map(|m| {
                let label = if *m == 0 {
                    "Baseline".to_owned()
                } else {
                    format!("{m} months")
                };
                (label, start + Months::new(*m))
            })
            .collect();
        let near = |d: NaiveDate, p: NaiveDate| (d - p).num_days().abs() <= NEAR_DAYS;
        let check_at = |p: NaiveDate| {
            checks
                .iter()
                .filter(|c| near(c.month, p))
                .min_by_key(|c| (c.month - p).num_days().abs())
        };
        let dash = || "—".to_owned();
        let per_point = |f: &dyn Fn(NaiveDate) -> String| -> Vec<String> {
            points
                .iter()
                .map(|(_, p)| if *p <= today { f(*p) } else { dash() })
                .collect()
        };
        let six_months_before = |p: NaiveDate| p - Months::new(6);
        let in_window = |d: NaiveDate, p: NaiveDate| d > six_months_before(p) && d <= p;
        let average = |scores: Vec<u8>| {
            if scores.is_empty() {
                dash()
            } else {
                format!(
                    "{:.1}",
                    f64::from(scores.iter().map(|s| u32::from(*s)).sum::<u32>())
                        / scores.len() as f64
                )
            }
        };
        let ratings_near = |p: NaiveDate| -> Vec<&GoalRating> {
            goals
                .iter()
                .filter_map(|g| {
                    g.ratings
                        .iter()
                        .filter(|r| near(r.on, p))
                        .min_by_key(|r| (r.on - p).num_days().abs())
                })
                .collect()
        };
        let comparison = vec![
            ComparisonRow {
                measure: "Education, employment or training".to_owned(),
                values: per_point(&|p| check_at(p).map_or_else(dash, |c| c.eet.label().to_owned())),
            },
            ComparisonRow {
                measure: "Risk indicators".to_owned(),
                values: per_point(&|p| {
                    check_at(p).map_or_else(dash, |c| c.risk_indicators.len().to_string())
                }),
            },
            ComparisonRow {
                measure: "Wellbeing (1–10)".to_owned(),
                values: per_point(&|p| {
                    check_at(p)
                        .and_then(|c| c.wellbeing)
                        .map_or_else(dash, |s| s.get().to_string())
                }),
            },
            ComparisonRow {
                measure: "Family relationships (1–10)".to_owned(),
                values: per_point(&|p| {
                    check_at(p)
                        .and_then(|c| c.family)
                        .map_or_else(dash, |s| s.get().to_string())
                }),
            },
            ComparisonRow {
                measure: "Goals, young person's view (average)".to_owned(),
                values: per_point(&|p| {
                    average(
                        ratings_near(p)
                            .iter()
                            .map(|r| r.young_person.get())
                            .collect(),
                    )
                }),
            },
            ComparisonRow {
                measure: "Goals, coach's view (average)".to_owned(),
                values: per_point(&|p| {
                    average(ratings_near(p).iter().map(|r| r.coach.get()).collect())
                }),
            },
            ComparisonRow {
                measure: "Placement moves in the 6 months before".to_owned(),
                values: per_point(&|p| {
                    placements
                        .iter()
                        .filter(|pl| in_window(pl.placement.start, p))
                        .count()
                        .to_string()
                }),
            },
            ComparisonRow {
                measure: "Placement breakdowns in the 6 months before".to_owned(),
                values: per_point(&|p| {
                    placements
                        .iter()
                        .filter_map(|pl| pl.end.as_ref())
                        .filter(|e| {
                            e.ending() == PlacementEnding::Unplanned && in_window(e.date(), p)
                        })
                        .count()
                        .to_string()
                }),
            },
            ComparisonRow {
                measure: "Missing episodes in the 6 months before".to_owned(),
                values: per_point(&|p| {
                    missing
                        .iter()
                        .filter(|m| in_window(m.episode.went_missing.date(), p))
                        .count()
                        .to_string()
                }),
            },
            ComparisonRow {
                measure: "Living at the time".to_owned(),
                values: per_point(&|p| {
                    placements
                        .iter()
                        .filter(|pl| {
                            pl.placement.start <= p && pl.end.as_ref().is_none_or(|e| e.date() > p)
                        })
                        .max_by_key(|pl| pl.placement.start)
                        .map_or_else(dash, |pl| pl.placement.placement_type.label().to_owned())
                }),
            },
        ];
        let points_without_check = points
            .iter()
            .filter(|(_, p)| *p <= today && check_at(*p).is_none())
            .map(|(label, p)| format!("{label} ({})", p.format("%B %Y")))
            .collect();
        let this_month = today.with_day(1).unwrap_or(today);
        let open = record.closure.is_none();
        Ok(GoalsView {
            young_person_id: yp.to_string(),
            young_person_name: record.profile.preferred_name.as_str().to_owned(),
            goals: goals.iter().map(|g| goal_view(g, today)).collect(),
            check_due: (open && !checks.iter().any(|c| c.month == this_month))
                .then(|| this_month.format("%Y-%m").to_string()),
            checks: checks.iter().map(check_view).collect(),
            points: points
                .iter()
                .map(|(label, d)| ComparisonPoint {
                    label: label.clone(),
                    date: d.to_string(),
                    reached: *d <= today,
                })
                .collect(),
            comparison,
            points_without_check,
        })
    }

    /// Records a goal agreed with the young person.
    pub fn agree_goal(&mut self, young_person: &str, input: GoalInput) -> AppResult<GoalsView> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(yp)?;
        let goal = self.goal_from(&input)?;
        let now_ms = self.now_ms();
        let id = GoalId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::GoalAgreed {
                id,
                young_person: yp,
                goal,
            },
        )?;
        self.goals(young_person)
    }

    /// Changes a goal's words, area or status.
    pub fn update_goal(&mut self, goal_id: &str, input: GoalInput) -> AppResult<GoalsView> {
        self.coach()?;
        let gid: GoalId = id("goal", goal_id)?;
        let record = self.store()?.goal(gid)?;
        let goal = self.goal_from(&input)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::GoalEdited {
                id: gid,
                young_person: record.young_person,
                goal,
                base: Some(record.goal),
            },
        )?;
        self.goals(&record.young_person.to_string())
    }

    /// Adds a review of a goal, scored from both views.
    pub fn rate_goal(&mut self, goal_id: &str, input: RatingInput) -> AppResult<GoalsView> {
        self.coach()?;
        let gid: GoalId = id("goal", goal_id)?;
        let record = self.store()?.goal(gid)?;
        let on = date("on", "the date of the review", &input.on)?;
        let rating = GoalRating::new(
            &record.goal,
            on,
            score("youngPersonScore", &input.young_person_score)?,
            score("coachScore", &input.coach_score)?,
            &input.note,
            self.today(),
        )?;
        let now_ms = self.now_ms();
        let id = GoalRatingId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::GoalRated {
                id,
                goal: gid,
                young_person: record.young_person,
                rating,
            },
        )?;
        self.goals(&record.young_person.to_string())
    }

    /// Records the month's outcome check (a second check of the same month replaces it).
    pub fn record_outcome_check(
        &mut self,
        young_person: &str,
        input: OutcomeCheckInput,
    ) -> AppResult<GoalsView> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(yp)?;
        let month = date("month", "the month", &format!("{}-01", input.month.trim()))
            .map_err(|_| AppError::invalid("month", "choose the month, like 2025-11"))?;
        let check = OutcomeCheck::new(
            month,
            choice("eet", &input.eet)?,
            choices("riskIndicators", &input.risk_indicators)?,
            optional_score("wellbeing", &input.wellbeing)?,
            optional_score("family", &input.family)?,
            &input.note,
            self.today(),
        )?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::OutcomeChecked {
                young_person: yp,
                check,
            },
        )?;
        self.goals(young_person)
    }

    fn goal_from(&self, input: &GoalInput) -> AppResult<Goal> {
        Ok(Goal::new(
            choice("area", &input.area)?,
            &input.words,
            date("agreedOn", "the date it was agreed", &input.agreed_on)?,
            if input.status.trim().is_empty() {
                GoalStatus::Active
            } else {
                choice("status", &input.status)?
            },
            self.today(),
        )?)
    }
}

fn goal_view(g: &GoalRecord, today: NaiveDate) -> GoalView {
    let last = g.ratings.last().map_or(g.goal.agreed_on, |r| r.on);
    GoalView {
        id: g.id.to_string(),
        input: GoalInput {
            area: g.goal.area.value().to_owned(),
            words: g.goal.words.as_str().to_owned(),
            agreed_on: g.goal.agreed_on.to_string(),
            status: g.goal.status.value().to_owned(),
        },
        area_label: g.goal.area.label().to_owned(),
        status_label: g.goal.status.label().to_owned(),
        ratings: g
            .ratings
            .iter()
            .map(|r| RatingView {
                on: r.on.to_string(),
                young_person_score: r.young_person.get(),
                coach_score: r.coach.get(),
                note: r.note.clone(),
            })
            .collect(),
        review_due: g.goal.status == GoalStatus::Active && last + Months::new(1) <= today,
    }
}

fn check_view(c: &OutcomeCheck) -> OutcomeCheckView {
    OutcomeCheckView {
        month: c.month.format("%Y-%m").to_string(),
        eet: c.eet.value().to_owned(),
        eet_label: c.eet.label().to_owned(),
        risk_labels: c
            .risk_indicators
            .iter()
            .map(|r| r.label().to_owned())
            .collect(),
        wellbeing: c.wellbeing.map(Score::get),
        family: c.family.map(Score::get),
        note: c.note.clone(),
    }
}
