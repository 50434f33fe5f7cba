//! Safeguarding concerns and missing episodes, through the same API the window calls.

use crate::fixture::*;
use insideout_app::dto::*;

fn with_young_person() -> (Fixture, String) {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    (f, id)
}

fn concern(told: Vec<ToldInput>) -> ConcernInput {
    ConcernInput {
        category: "exploitation".into(),
        urgency: "today".into(),
        noticed_at: "2025-11-23T20:15".into(),
        what: "Said an older man drives him to a flat and gives him cash.".into(),
        told,
        actions: "Strategy discussion requested.".into(),
    }
}

fn told(who: &str, at: &str) -> ToldInput {
    ToldInput {
        who: who.into(),
        at: at.into(),
    }
}

#[test]
fn a_concern_is_listed_with_who_was_told() {
    let (mut f, yp) = with_young_person();
    let detail = f
        .app
        .raise_concern(
            &yp,
            concern(vec![
                told("emergency_duty_team", "2025-11-23T20:40"),
                told("safeguarding_lead", "2025-11-23T21:00"),
            ]),
        )
        .unwrap();
    assert_eq!(detail.concerns.len(), 1);
    let c = &detail.concerns[0];
    assert_eq!(c.category_label, "Sexual or criminal exploitation");
    assert_eq!(c.urgency, "today");
    let who: Vec<&str> = c.told.iter().map(|t| t.who_label.as_str()).collect();
    assert_eq!(who, ["Emergency duty team", "Designated safeguarding lead"]);
    assert_eq!(c.told[0].at, "2025-11-23T20:40");
}

#[test]
fn a_refused_concern_names_the_field_and_writes_nothing() {
    let (mut f, yp) = with_young_person();
    let mut empty = concern(vec![]);
    empty.what = "  ".into();
    f.refuses("invalid_input", Some("what"), |app| {
        app.raise_concern(&yp, empty)
    });
    let mut no_urgency = concern(vec![]);
    no_urgency.urgency = String::new();
    f.refuses("invalid_input", Some("urgency"), |app| {
        app.raise_concern(&yp, no_urgency)
    });
    // The police were told before the concern was noticed: the error sits on the police's time.
    let early = concern(vec![
        told("social_worker", "2025-11-23T20:30"),
        told("police", "2025-11-23T19:00"),
    ]);
    let err = f.refuses("invalid_input", Some("told.police"), |app| {
        app.raise_concern(&yp, early)
    });
    assert!(err.to_string().contains("told the police"), "{err}");
    let unreadable = concern(vec![told("emergency_duty_team", "tonight")]);
    f.refuses("invalid_input", Some("told.emergency_duty_team"), |app| {
        app.raise_concern(&yp, unreadable)
    });
    let future = ConcernInput {
        noticed_at: "2025-11-23T23:00".into(),
        ..concern(vec![])
    };
    f.refuses("invalid_input", Some("noticedAt"), |app| {
        app.raise_concern(&yp, future)
    });
}

#[test]
fn the_out_of_hours_team_and_safeguarding_lead_are_roles_in_the_team() {
    let f = unlocked();
    let roles: Vec<String> = f
        .app
        .reference_data()
        .contact_roles
        .into_iter()
        .map(|c| c.value)
        .collect();
    for role in ["emergency_duty_team", "safeguarding_lead", "social_worker"] {
        assert!(roles.iter().any(|r| r == role), "{role} missing: {roles:?}");
    }
    let told: Vec<String> = f
        .app
        .reference_data()
        .told_roles
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(
        told,
        [
            "social_worker",
            "emergency_duty_team",
            "police",
            "safeguarding_lead"
        ]
    );
}
