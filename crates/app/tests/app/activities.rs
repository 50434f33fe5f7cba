//! Planning positive activities: provider checks, licences, goals served, edits that merge.

use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;

fn climbing(expires: &str) -> ActivityInput {
    ActivityInput {
        title: "Climbing taster".into(),
        kind: "outdoor_education".into(),
        adventure: "climbing".into(),
        provider_name: "Peak Adventures".into(),
        insurance_checked: true,
        safeguarding_policy_checked: true,
        licence_number: "R1234".into(),
        licence_expires: expires.into(),
        starts: "2025-12-13T10:00".into(),
        ends: "2025-12-13T15:00".into(),
        place: "Ipswich climbing wall".into(),
        cost: "35".into(),
        transport: "Coach's car".into(),
        going: vec![
            GoingInput {
                who: "young_person".into(),
                name: String::new(),
            },
            GoingInput {
                who: "staff".into(),
                name: "Alex Coach".into(),
            },
        ],
        goals: Vec::new(),
        consent_holder: "social_worker".into(),
        consent_given_by: "Priya Shah".into(),
        consent_evidence: "Email to the coach".into(),
        consent_given_on: "2025-11-20".into(),
        ..ActivityInput::default()
    }
}

fn social_worker_consents(f: &mut Fixture, yp: &str) {
    f.app
        .set_authority(
            yp,
            AuthorityInput {
                area: "adventurous".into(),
                holder: "social_worker".into(),
                name: "Priya Shah".into(),
                conditions: String::new(),
            },
        )
        .unwrap();
}

#[test]
fn an_expired_licence_is_a_warning_until_it_is_renewed() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    social_worker_consents(&mut f, &yp);
    let goal = f
        .app
        .agree_goal(
            &yp,
            GoalInput {
                area: "interests".into(),
                words: "Try something I've never done".into(),
                agreed_on: "2025-11-01".into(),
                status: String::new(),
            },
        )
        .unwrap()
        .goals[0]
        .id
        .clone();
    let mut input = climbing("2025-12-01");
    input.goals = vec![goal.clone()];
    let d = f.app.plan_activity(&yp, input.clone()).unwrap();
    let a = &d.activities[0];
    assert_eq!(
        a.warnings,
        [
            "The provider's adventure-activities licence R1234 expires on 1 Dec 2025, before the activity",
            "No risk assessment yet"
        ]
    );
    assert!(
        a.risk_required,
        "climbing needs a signed-off risk assessment"
    );
    assert_eq!(a.input.cost, "35.00");
    assert_eq!(a.input.goals, [goal]);
    assert_eq!(a.adventure_label.as_deref(), Some("Climbing"));
    input.licence_expires = "2026-06-30".into();
    assert!(!a.ready);
    let d = f.app.update_activity(&a.id, input.clone()).unwrap();
    assert_eq!(d.activities[0].warnings, ["No risk assessment yet"]);
    assert!(!d.activities[0].ready);
    assert_eq!(d.activities.len(), 1);
    // The same day out without the climbing needs no risk assessment of its own.
    input.adventure = String::new();
    input.licence_number = String::new();
    input.licence_expires = String::new();
    input.consent_holder = String::new();
    let d = f.app.update_activity(&d.activities[0].id, input).unwrap();
    assert!(!d.activities[0].risk_required);
    assert!(
        d.activities[0]
            .warnings
            .iter()
            .all(|w| !w.contains("risk assessment")),
        "{:?}",
        d.activities[0].warnings
    );
}

#[test]
fn a_missing_expired_or_wrong_consent_keeps_the_plan_from_ready() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let no_consent = ActivityInput {
        consent_holder: String::new(),
        ..climbing("2026-06-30")
    };
    let d = f.app.plan_activity(&yp, no_consent.clone()).unwrap();
    assert_eq!(
        d.activities[0].warnings,
        [
            "No consent yet, and who may consent to adventurous activities (climbing, caving, trekking, watersports) is not recorded on the profile",
            "No risk assessment yet"
        ]
    );
    social_worker_consents(&mut f, &yp);
    let d = f.app.young_person(&yp).unwrap();
    let a = &d.activities[0];
    assert_eq!(
        a.warnings,
        [
            "No consent yet: ask Priya Shah (social worker)",
            "No risk assessment yet"
        ]
    );
    assert_eq!(a.may_consent.as_deref(), Some("Priya Shah (social worker)"));
    let from_the_home = ActivityInput {
        consent_holder: "carer".into(),
        consent_given_by: "Tom Reid".into(),
        ..climbing("2026-06-30")
    };
    let d = f.app.update_activity(&a.id, from_the_home).unwrap();
    assert!(d.activities[0].warnings[0].starts_with("The consent is from the carer"));
    let expired = ActivityInput {
        consent_expires: "2025-12-01".into(),
        ..climbing("2026-06-30")
    };
    let d = f.app.update_activity(&a.id, expired).unwrap();
    assert_eq!(
        d.activities[0].warnings,
        [
            "The consent expires on 1 Dec 2025, before the activity",
            "No risk assessment yet"
        ]
    );
    assert!(!d.activities[0].ready);
    let y = yp.clone();
    let no_evidence = ActivityInput {
        consent_evidence: " ".into(),
        ..climbing("2026-06-30")
    };
    f.refuses("invalid_input", Some(Field::ConsentEvidence), |app| {
        app.plan_activity(&y, no_evidence)
    });
}

#[test]
fn a_refused_plan_names_the_field_and_writes_nothing() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let cases: Vec<(ActivityInput, Field)> = vec![
        (
            ActivityInput {
                title: " ".into(),
                ..climbing("2026-06-30")
            },
            Field::Title,
        ),
        (
            ActivityInput {
                kind: String::new(),
                ..climbing("2026-06-30")
            },
            Field::Kind,
        ),
        (
            ActivityInput {
                provider_name: String::new(),
                ..climbing("2026-06-30")
            },
            Field::ProviderName,
        ),
        (
            ActivityInput {
                licence_expires: "soon".into(),
                ..climbing("")
            },
            Field::LicenceExpires,
        ),
        (
            ActivityInput {
                licence_number: String::new(),
                ..climbing("2026-06-30")
            },
            Field::LicenceNumber,
        ),
        (
            ActivityInput {
                cost: "lots".into(),
                ..climbing("2026-06-30")
            },
            Field::Cost,
        ),
        (
            ActivityInput {
                goals: vec!["01a233c2-bba7-7f30-9719-dd28e0e6aa98".into()],
                ..climbing("2026-06-30")
            },
            Field::Goals,
        ),
    ];
    for (input, field) in cases {
        let y = yp.clone();
        f.refuses("invalid_input", Some(field), |app| {
            app.plan_activity(&y, input)
        });
    }
    let backwards = ActivityInput {
        ends: "2025-12-13T09:00".into(),
        ..climbing("2026-06-30")
    };
    f.refuses("end_before_start", Some(Field::Ends), |app| {
        app.plan_activity(&yp, backwards)
    });
}
