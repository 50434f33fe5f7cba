//! The baseline / 6 / 12 / 18-month comparison of one young person's intervention: drawn from
//! the monthly outcome checks, the goals' ratings, the placements and the missing episodes. Pure:
//! the app reads the records and shows what this returns.

use crate::choice::Choice;
use crate::goals::{GoalRating, OutcomeCheck};
use crate::placement::{Placement, PlacementEnd, PlacementEnding};
use chrono::{Months, NaiveDate};

/// How far from a comparison point a record may be and still count for it.
pub const NEAR_DAYS: i64 = 45;

/// Shown for a point not reached yet, or with nothing recorded near it.
pub const NOTHING: &str = "—";

/// What the comparison is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// When the intervention started: the baseline.
    pub start: NaiveDate,
    pub checks: &'a [OutcomeCheck],
    /// Each goal's ratings.
    pub ratings: &'a [&'a [GoalRating]],
    /// Each placement, with its end once it has ended.
    pub placements: &'a [(&'a Placement, Option<&'a PlacementEnd>)],
    /// When each missing episode began.
    pub went_missing: &'a [NaiveDate],
}

/// One point of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// "Baseline", "6 months"…
    pub label: String,
    pub date: NaiveDate,
    pub reached: bool,
}

/// One measure across the points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub measure: &'static str,
    /// One value per point; [`NOTHING`] for a point not reached or with nothing near it.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub points: Vec<Point>,
    pub rows: Vec<Row>,
    /// Points reached with no outcome check near them ("6 months (May 2026)").
    pub without_check: Vec<String>,
}

/// The comparison as it stands on `today`.
pub fn compare(h: &History<'_>, today: NaiveDate) -> Comparison {
    let points: Vec<Point> = [0u32, 6, 12, 18]
        .iter()
        .map(|m| {
            let date = h.start + Months::new(*m);
            Point {
                label: if *m == 0 {
                    "Baseline".to_owned()
                } else {
                    format!("{m} months")
                },
                date,
                reached: date <= today,
            }
        })
        .collect();
    let near = |d: NaiveDate, p: NaiveDate| (d - p).num_days().abs() <= NEAR_DAYS;
    let check_at = |p: NaiveDate| {
        h.checks
            .iter()
            .filter(|c| near(c.month, p))
            .min_by_key(|c| (c.month - p).num_days().abs())
    };
    let dash = || NOTHING.to_owned();
    let per_point = |f: &dyn Fn(NaiveDate) -> String| -> Vec<String> {
        points
            .iter()
            .map(|p| if p.reached { f(p.date) } else { dash() })
            .collect()
    };
    let in_window = |d: NaiveDate, p: NaiveDate| d > p - Months::new(6) && d <= p;
    let average = |scores: Vec<u8>| {
        if scores.is_empty() {
            dash()
        } else {
            format!(
                "{:.1}",
                f64::from(scores.iter().map(|s| u32::from(*s)).sum::<u32>()) / scores.len() as f64
            )
        }
    };
    let ratings_near = |p: NaiveDate| -> Vec<&GoalRating> {
        h.ratings
            .iter()
            .filter_map(|ratings| {
                ratings
                    .iter()
                    .filter(|r| near(r.on, p))
                    .min_by_key(|r| (r.on - p).num_days().abs())
            })
            .collect()
    };
    let row = |measure: &'static str, f: &dyn Fn(NaiveDate) -> String| Row {
        measure,
        values: per_point(f),
    };
    let rows = vec![
        row("Education, employment or training", &|p| {
            check_at(p).map_or_else(dash, |c| c.eet.label().to_owned())
        }),
        row("Risk indicators", &|p| {
            check_at(p).map_or_else(dash, |c| c.risk_indicators.len().to_string())
        }),
        row("Wellbeing (1–10)", &|p| {
            check_at(p)
                .and_then(|c| c.wellbeing)
                .map_or_else(dash, |s| s.get().to_string())
        }),
        row("Family relationships (1–10)", &|p| {
            check_at(p)
                .and_then(|c| c.family)
                .map_or_else(dash, |s| s.get().to_string())
        }),
        row("Goals, young person's view (average)", &|p| {
            average(
                ratings_near(p)
                    .iter()
                    .map(|r| r.young_person.get())
                    .collect(),
            )
        }),
        row("Goals, coach's view (average)", &|p| {
            average(ratings_near(p).iter().map(|r| r.coach.get()).collect())
        }),
        row("Placement moves in the 6 months before", &|p| {
            h.placements
                .iter()
                .filter(|(pl, _)| in_window(pl.start, p))
                .count()
                .to_string()
        }),
        row("Placement breakdowns in the 6 months before", &|p| {
            h.placements
                .iter()
                .filter_map(|(_, end)| *end)
                .filter(|e| e.ending() == PlacementEnding::Unplanned && in_window(e.date(), p))
                .count()
                .to_string()
        }),
        row("Missing episodes in the 6 months before", &|p| {
            h.went_missing
                .iter()
                .filter(|d| in_window(**d, p))
                .count()
                .to_string()
        }),
        row("Living at the time", &|p| {
            h.placements
                .iter()
                .filter(|(pl, end)| pl.start <= p && end.is_none_or(|e| e.date() > p))
                .max_by_key(|(pl, _)| pl.start)
                .map_or_else(dash, |(pl, _)| pl.placement_type.label().to_owned())
        }),
    ];
    let without_check = points
        .iter()
        .filter(|p| p.reached && check_at(p.date).is_none())
        .map(|p| format!("{} ({})", p.label, p.date.format("%B %Y")))
        .collect();
    Comparison {
        points,
        rows,
        without_check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;
    use crate::goals::{EetStatus, Score};
    use crate::placement::PlacementType;
    use crate::text::Line;
    use std::collections::BTreeSet;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn check(month: &str, eet: EetStatus, wellbeing: u8) -> OutcomeCheck {
        OutcomeCheck {
            month: d(month),
            eet,
            risk_indicators: BTreeSet::new(),
            wellbeing: Some(Score::new(Field::Wellbeing, wellbeing).unwrap()),
            family: None,
            note: String::new(),
        }
    }

    fn rating(on: &str, young_person: u8, coach: u8) -> GoalRating {
        GoalRating {
            on: d(on),
            young_person: Score::new(Field::YoungPerson, young_person).unwrap(),
            coach: Score::new(Field::Coach, coach).unwrap(),
            note: String::new(),
        }
    }

    fn placement(kind: PlacementType, start: &str) -> Placement {
        Placement {
            placement_type: kind,
            provider_name: Line::parse(Field::ProviderName, "the provider", "Oak House").unwrap(),
            start: d(start),
        }
    }

    fn row<'a>(c: &'a Comparison, measure: &str) -> &'a [String] {
        &c.rows
            .iter()
            .find(|r| r.measure == measure)
            .unwrap_or_else(|| panic!("no row {measure}"))
            .values
    }

    #[test]
    fn each_point_takes_the_records_near_it_and_nothing_before_it_is_reached() {
        let checks = [
            check("2026-01-01", EetStatus::Neet, 3),
            // 40 days after the 6-month point: near enough.
            check("2026-08-10", EetStatus::PartTime, 6),
        ];
        let goal_a = [rating("2026-01-05", 2, 3), rating("2026-07-01", 6, 7)];
        let goal_b = [rating("2026-07-10", 8, 6)];
        let ratings: [&[GoalRating]; 2] = [&goal_a, &goal_b];
        let home = placement(PlacementType::ChildrensHome, "2025-06-01");
        let foster = placement(PlacementType::FosterCare, "2026-03-01");
        let broke = PlacementEnd::new(
            &home,
            d("2026-02-28"),
            PlacementEnding::Unplanned,
            "it broke down",
        )
        .unwrap();
        let placements = [(&home, Some(&broke)), (&foster, None)];
        let went_missing = [d("2026-02-01"), d("2026-04-20"), d("2025-12-01")];
        let c = compare(
            &History {
                start: d("2026-01-01"),
                checks: &checks,
                ratings: &ratings,
                placements: &placements,
                went_missing: &went_missing,
            },
            d("2026-09-15"),
        );
        let labels: Vec<(&str, bool)> = c
            .points
            .iter()
            .map(|p| (p.label.as_str(), p.reached))
            .collect();
        assert_eq!(
            labels,
            [
                ("Baseline", true),
                ("6 months", true),
                ("12 months", false),
                ("18 months", false)
            ]
        );
        assert_eq!(
            row(&c, "Education, employment or training"),
            [
                EetStatus::Neet.label(),
                EetStatus::PartTime.label(),
                NOTHING,
                NOTHING
            ]
        );
        assert_eq!(row(&c, "Wellbeing (1–10)"), ["3", "6", NOTHING, NOTHING]);
        assert_eq!(row(&c, "Family relationships (1–10)")[0], NOTHING);
        // Each goal's rating nearest the point, averaged: (6 + 8) / 2 at six months.
        assert_eq!(
            row(&c, "Goals, young person's view (average)"),
            ["2.0", "7.0", NOTHING, NOTHING]
        );
        assert_eq!(
            row(&c, "Goals, coach's view (average)"),
            ["3.0", "6.5", NOTHING, NOTHING]
        );
        // In the six months up to each point (the day itself counts, six months before it does not).
        assert_eq!(
            row(&c, "Missing episodes in the 6 months before"),
            ["1", "2", NOTHING, NOTHING]
        );
        assert_eq!(
            row(&c, "Placement moves in the 6 months before"),
            ["0", "1", NOTHING, NOTHING]
        );
        assert_eq!(
            row(&c, "Placement breakdowns in the 6 months before"),
            ["0", "1", NOTHING, NOTHING]
        );
        assert_eq!(
            row(&c, "Living at the time"),
            [
                PlacementType::ChildrensHome.label(),
                PlacementType::FosterCare.label(),
                NOTHING,
                NOTHING
            ]
        );
        assert!(c.without_check.is_empty(), "{:?}", c.without_check);
    }

    #[test]
    fn a_point_reached_with_no_check_near_it_is_named() {
        let checks = [check("2026-01-01", EetStatus::Neet, 3)];
        let c = compare(
            &History {
                start: d("2026-01-01"),
                checks: &checks,
                ratings: &[],
                placements: &[],
                went_missing: &[],
            },
            d("2027-01-01"),
        );
        assert_eq!(
            c.without_check,
            ["6 months (July 2026)", "12 months (January 2027)"]
        );
        assert_eq!(row(&c, "Goals, coach's view (average)")[1], NOTHING);
        assert_eq!(row(&c, "Living at the time")[0], NOTHING);
    }
}
