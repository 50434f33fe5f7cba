//! Goals and outcomes: agreed, reviewed from both views, checked monthly, compared at the
//! baseline and 6, 12 and 18 months.

use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;

fn with_young_person() -> (Fixture, String) {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    (f, id)
}

fn goal(words: &str) -> GoalInput {
    GoalInput {
        area: "education".into(),
        words: words.into(),
        agreed_on: "2025-06-10".into(),
        status: String::new(),
    }
}

fn rating(on: &str, yp: &str, coach: &str) -> RatingInput {
    RatingInput {
        on: on.into(),
        young_person_score: yp.into(),
        coach_score: coach.into(),
        note: String::new(),
    }
}

fn check(month: &str, eet: &str, risks: &[&str], wellbeing: &str) -> OutcomeCheckInput {
    OutcomeCheckInput {
        month: month.into(),
        eet: eet.into(),
        risk_indicators: risks.iter().map(|r| (*r).to_owned()).collect(),
        wellbeing: wellbeing.into(),
        family: String::new(),
        note: String::new(),
    }
}

#[test]
fn goals_are_reviewed_from_both_views_and_fall_due_monthly() {
    let (mut f, yp) = with_young_person();
    let g = f
        .app
        .agree_goal(&yp, goal("Get onto the motor vehicle course"))
        .unwrap();
    let id = g.goals[0].id.clone();
    assert_eq!(g.goals[0].input.status, "active");
    assert_eq!(g.points_without_check, ["Baseline (June 2025)"]);
    assert!(g.goals[0].review_due, "agreed in June, never reviewed");
    f.app
        .rate_goal(&id, rating("2025-07-01", "3", "2"))
        .unwrap();
    let g = f
        .app
        .rate_goal(&id, rating("2025-11-20", "7", "6"))
        .unwrap();
    let ratings: Vec<(u8, u8)> = g.goals[0]
        .ratings
        .iter()
        .map(|r| (r.young_person_score, r.coach_score))
        .collect();
    assert_eq!(ratings, [(3, 2), (7, 6)]);
    assert!(!g.goals[0].review_due, "reviewed three days ago");
    let mut achieved = goal("Get onto the motor vehicle course");
    achieved.status = "achieved".into();
    let g = f.app.update_goal(&id, achieved).unwrap();
    assert_eq!(g.goals[0].status_label, "Achieved");
    assert_eq!(g.goals[0].ratings.len(), 2);
}

#[test]
fn the_comparison_reads_the_checks_nearest_each_point() {
    let (mut f, yp) = with_young_person();
    // The intervention started on 2 June 2025: the baseline is then, 6 months is 2 December
    // (not yet reached on 23 November), 12 and 18 months later.
    f.app
        .record_outcome_check(
            &yp,
            check("2025-06", "neet", &["neet", "missing", "cse"], "3"),
        )
        .unwrap();
    f.app
        .record_outcome_check(&yp, check("2025-11", "part_time", &["cse"], "6"))
        .unwrap();
    // A second check of the same month replaces the first.
    let g = f
        .app
        .record_outcome_check(&yp, check("2025-11", "full_time", &["cse"], "7"))
        .unwrap();
    assert_eq!(g.checks.len(), 2);
    assert_eq!(g.checks[1].eet_label, "In full-time education");
    assert_eq!(g.check_due, None, "November has its check");
    let labels: Vec<&str> = g.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Baseline", "6 months", "12 months", "18 months"]);
    assert_eq!(g.points[1].date, "2025-12-02");
    assert!(g.points[0].reached && !g.points[1].reached);
    assert!(
        g.points_without_check.is_empty(),
        "June's check is the baseline"
    );
    let row = |m: &str| {
        g.comparison
            .iter()
            .find(|r| r.measure.starts_with(m))
            .unwrap()
            .values
            .clone()
    };
    assert_eq!(
        row("Education"),
        ["Not in education, employment or training", "—", "—", "—"]
    );
    assert_eq!(row("Risk indicators"), ["3", "—", "—", "—"]);
    assert_eq!(row("Wellbeing"), ["3", "—", "—", "—"]);
}

#[test]
fn refused_goal_and_outcome_input_names_the_field_and_writes_nothing() {
    let (mut f, yp) = with_young_person();
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::Words), |app| {
        app.agree_goal(&y, goal("  "))
    });
    let y = yp.clone();
    let mut bad_area = goal("x");
    bad_area.area = "chess".into();
    f.refuses("invalid_input", Some(Field::Area), |app| {
        app.agree_goal(&y, bad_area)
    });
    let id = f.app.agree_goal(&yp, goal("Cook a meal")).unwrap().goals[0]
        .id
        .clone();
    for (input, field) in [
        (rating("2025-11-20", "11", "5"), Field::YoungPersonScore),
        (rating("2025-11-20", "5", ""), Field::CoachScore),
        (rating("2025-06-01", "5", "5"), Field::On),
        (rating("2025-12-01", "5", "5"), Field::On),
    ] {
        let i = id.clone();
        f.refuses("invalid_input", Some(field), |app| app.rate_goal(&i, input));
    }
    for (input, field) in [
        (check("2025-12", "neet", &[], ""), Field::Month),
        (check("November", "neet", &[], ""), Field::Month),
        (check("2025-11", "", &[], ""), Field::Eet),
        (
            check("2025-11", "neet", &["bored"], ""),
            Field::RiskIndicators,
        ),
        (check("2025-11", "neet", &[], "0"), Field::Wellbeing),
    ] {
        let y = yp.clone();
        f.refuses("invalid_input", Some(field), |app| {
            app.record_outcome_check(&y, input)
        });
    }
}
