//! Goals and outcomes: goals agreed with the young person and reviewed monthly from both views;
//! the monthly outcome check; and the baseline / 6 / 12 / 18-month comparison drawn from them
//! and from the placements and missing episodes already recorded.

use crate::dto::{
    ComparisonPoint, ComparisonRow, GoalInput, GoalView, GoalsView, OutcomeCheckInput,
    OutcomeCheckView, RatingInput, RatingView,
};
use crate::parse::{choice, choices, date, id};
use crate::required;
use crate::{App, AppError, AppResult};
use chrono::{Datelike, Months, NaiveDate};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::comparison::{History, compare};
use insideout_domain::goals::{Goal, GoalRating, GoalStatus, OutcomeCheck, Score};
use insideout_domain::ids::{GoalId, GoalRatingId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_store::Store;
use insideout_store::read::GoalRecord;

fn score(field: Field, raw: &str) -> AppResult<Score> {
    let value: u8 = raw
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, "choose a score from 1 to 10"))?;
    Ok(Score::new(field, value)?)
}

fn optional_score(field: Field, raw: &str) -> AppResult<Option<Score>> {
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

        let ratings: Vec<&[GoalRating]> = goals.iter().map(|g| g.ratings.as_slice()).collect();
        let placements: Vec<_> = placements
            .iter()
            .map(|p| (&p.placement, p.end.as_ref()))
            .collect();
        let went_missing: Vec<NaiveDate> = missing
            .iter()
            .map(|m| m.episode.went_missing.date())
            .collect();
        let compared = compare(
            &History {
                start: record.dates.start(),
                checks: &checks,
                ratings: &ratings,
                placements: &placements,
                went_missing: &went_missing,
            },
            today,
        );
        let this_month = today.with_day(1).unwrap_or(today);
        let open = record.closure.is_none();
        Ok(GoalsView {
            young_person_id: yp.to_string(),
            young_person_name: record.profile.preferred_name.as_str().to_owned(),
            goals: goals.iter().map(|g| goal_view(g, today)).collect(),
            check_due: (open && !checks.iter().any(|c| c.month == this_month))
                .then(|| this_month.format("%Y-%m").to_string()),
            checks: checks.iter().map(check_view).collect(),
            points: compared
                .points
                .iter()
                .map(|p| ComparisonPoint {
                    label: p.label.clone(),
                    date: p.date.to_string(),
                    reached: p.reached,
                })
                .collect(),
            comparison: compared
                .rows
                .into_iter()
                .map(|r| ComparisonRow {
                    measure: r.measure.to_owned(),
                    values: r.values,
                })
                .collect(),
            points_without_check: compared.without_check,
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
        required::rating(&input)?;
        let on = date(Field::On, "the date of the review", &input.on)?;
        let rating = GoalRating::new(
            &record.goal,
            on,
            score(Field::YoungPersonScore, &input.young_person_score)?,
            score(Field::CoachScore, &input.coach_score)?,
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
        required::outcome_check(&input)?;
        let month = date(
            Field::Month,
            "the month",
            &format!("{}-01", input.month.trim()),
        )
        .map_err(|_| {
            AppError::invalid(
                Field::Month,
                "enter the month as a number and the year, like 11 2025",
            )
        })?;
        let check = OutcomeCheck::new(
            month,
            choice(Field::Eet, &input.eet)?,
            choices(Field::RiskIndicators, &input.risk_indicators)?,
            optional_score(Field::Wellbeing, &input.wellbeing)?,
            optional_score(Field::Family, &input.family)?,
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
        required::goal(input)?;
        Ok(Goal::new(
            choice(Field::Area, &input.area)?,
            &input.words,
            date(Field::AgreedOn, "the date it was agreed", &input.agreed_on)?,
            if input.status.trim().is_empty() {
                GoalStatus::Active
            } else {
                choice(Field::Status, &input.status)?
            },
            self.today(),
        )?)
    }
}

/// An active goal not reviewed for a month or more.
pub(crate) fn review_due(g: &GoalRecord, today: NaiveDate) -> bool {
    let last = g.ratings.last().map_or(g.goal.agreed_on, |r| r.on);
    g.goal.status == GoalStatus::Active && last + Months::new(1) <= today
}

fn goal_view(g: &GoalRecord, today: NaiveDate) -> GoalView {
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
        review_due: review_due(g, today),
    }
}

fn check_view(c: &OutcomeCheck) -> OutcomeCheckView {
    OutcomeCheckView {
        month: c.month.format("%Y-%m").to_string(),
        eet: c.eet,
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
