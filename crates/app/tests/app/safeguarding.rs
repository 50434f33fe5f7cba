//! Safeguarding concerns and missing episodes, through the same API the window calls.

use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;
use insideout_domain::choice::Choice;

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
    assert_eq!(c.urgency.value(), "today");
    let who: Vec<&str> = c.told.iter().map(|t| t.who_label.as_str()).collect();
    assert_eq!(who, ["Emergency duty team", "Designated safeguarding lead"]);
    assert_eq!(c.told[0].at, "2025-11-23T20:40");
}

#[test]
fn a_refused_concern_names_the_field_and_writes_nothing() {
    let (mut f, yp) = with_young_person();
    let mut empty = concern(vec![]);
    empty.what = "  ".into();
    f.refuses("invalid_input", Some(Field::What), |app| {
        app.raise_concern(&yp, empty)
    });
    let mut no_urgency = concern(vec![]);
    no_urgency.urgency = String::new();
    f.refuses("invalid_input", Some(Field::Urgency), |app| {
        app.raise_concern(&yp, no_urgency)
    });
    // The police were told before the concern was noticed: the error sits on the police's time.
    let early = concern(vec![
        told("social_worker", "2025-11-23T20:30"),
        told("police", "2025-11-23T19:00"),
    ]);
    let err = f.refuses("invalid_input", Some(Field::ToldPolice), |app| {
        app.raise_concern(&yp, early)
    });
    assert!(err.to_string().contains("told the police"), "{err}");
    let unreadable = concern(vec![told("emergency_duty_team", "tonight")]);
    f.refuses("invalid_input", Some(Field::ToldEmergencyDutyTeam), |app| {
        app.raise_concern(&yp, unreadable)
    });
    let future = ConcernInput {
        noticed_at: "2025-11-23T23:00".into(),
        ..concern(vec![])
    };
    f.refuses("invalid_input", Some(Field::NoticedAt), |app| {
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

fn missing(went: &str) -> MissingEpisodeInput {
    MissingEpisodeInput {
        went_missing: went.into(),
        police_reference: "SC-2025-4411".into(),
        ..MissingEpisodeInput::default()
    }
}

#[test]
fn a_missing_episode_runs_from_missing_to_back_to_the_interview() {
    let (mut f, yp) = with_young_person();
    // Friday evening: gone, reported to the police.
    let detail = f
        .app
        .record_missing_episode(&yp, missing("2025-11-21T19:00"))
        .unwrap();
    let e = &detail.missing_episodes[0];
    assert_eq!(e.clock, ClockState::StillMissing);
    assert_eq!(e.clock_text, "Still missing");
    assert_eq!(e.input.police_reference, "SC-2025-4411");
    let id = e.id.clone();
    assert_eq!(
        f.app.caseload().unwrap().young_people[0].alerts,
        ["Missing since Fri 21 Nov 19:00"]
    );

    // Back on Saturday morning: the 72-hour clock starts.
    let back = MissingEpisodeInput {
        came_back: true,
        returned_at: "2025-11-22T08:00".into(),
        where_found: "A friend's flat in Ipswich".into(),
        ..missing("2025-11-21T19:00")
    };
    let detail = f.app.update_missing_episode(&id, back.clone()).unwrap();
    let e = &detail.missing_episodes[0];
    assert_eq!(e.clock, ClockState::Due);
    assert_eq!(e.interview_due.as_deref(), Some("2025-11-25T08:00"));
    // Now is Sunday 21:30: 34½ hours left.
    assert_eq!(
        e.clock_text,
        "Return-home interview due by Tue 25 Nov 08:00 (34 hours left)"
    );
    assert_eq!(e.input.where_found, "A friend's flat in Ipswich");

    // The interview, held on Monday: within the 72 hours.
    f.clock.advance(chrono::TimeDelta::hours(20));
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    let held = MissingEpisodeInput {
        interview_outcome: "held".into(),
        interview_at: "2025-11-24T16:00".into(),
        interview_notes: "Said he went to see an older friend.".into(),
        ..back
    };
    let detail = f.app.update_missing_episode(&id, held).unwrap();
    let e = &detail.missing_episodes[0];
    assert_eq!(e.clock, ClockState::InTime);
    assert!(f.app.caseload().unwrap().young_people[0].alerts.is_empty());
    assert_eq!(e.interview_outcome_label.as_deref(), Some("Held"));
    assert_eq!(detail.missing_episodes.len(), 1);
}

#[test]
fn an_unrecorded_interview_goes_overdue_after_72_hours() {
    let (mut f, yp) = with_young_person();
    let input = MissingEpisodeInput {
        came_back: true,
        returned_at: "2025-11-18T22:00".into(),
        ..missing("2025-11-18T17:00")
    };
    let detail = f.app.record_missing_episode(&yp, input).unwrap();
    let e = &detail.missing_episodes[0];
    assert_eq!(e.clock, ClockState::Overdue);
    assert_eq!(
        e.clock_text,
        "Return-home interview overdue: it was due by Fri 21 Nov 22:00"
    );
}

#[test]
fn a_refused_episode_names_the_field_and_writes_nothing() {
    let (mut f, yp) = with_young_person();
    let check = |f: &mut Fixture, input: MissingEpisodeInput, field: Field| {
        let yp = yp.clone();
        f.refuses("invalid_input", Some(field), |app| {
            app.record_missing_episode(&yp, input)
        });
    };
    check(&mut f, missing(""), Field::WentMissing);
    check(&mut f, missing("2025-11-24T09:00"), Field::WentMissing);
    let back_before = MissingEpisodeInput {
        came_back: true,
        returned_at: "2025-11-21T18:00".into(),
        ..missing("2025-11-21T19:00")
    };
    check(&mut f, back_before, Field::ReturnedAt);
    let back_without_a_time = MissingEpisodeInput {
        came_back: true,
        where_found: "Bus station".into(),
        ..missing("2025-11-21T19:00")
    };
    check(&mut f, back_without_a_time, Field::ReturnedAt);
    let interview_without_a_return = MissingEpisodeInput {
        came_back: true,
        interview_outcome: "held".into(),
        interview_at: "2025-11-22T09:00".into(),
        ..missing("2025-11-21T19:00")
    };
    check(&mut f, interview_without_a_return, Field::ReturnedAt);
    let bad_outcome = MissingEpisodeInput {
        came_back: true,
        returned_at: "2025-11-22T08:00".into(),
        interview_outcome: "maybe".into(),
        interview_at: "2025-11-22T09:00".into(),
        ..missing("2025-11-21T19:00")
    };
    check(&mut f, bad_outcome, Field::InterviewOutcome);
}

#[test]
fn missing_episodes_and_concerns_head_the_supervisors_updates() {
    let (mut f, yp) = with_young_person();
    let s = f.record_session(&yp, "2025-11-22T10:00", "2025-11-22T12:00");
    f.app
        .record_missing_episode(&yp, missing("2025-11-21T19:00"))
        .unwrap();
    f.record_session(&yp, "2025-11-23T10:00", "2025-11-23T12:00");
    f.app.raise_concern(&yp, concern(vec![])).unwrap();
    let updates = f.app.team_updates().unwrap();
    let kinds: Vec<&str> = updates.iter().map(|u| u.kind.as_str()).collect();
    assert_eq!(kinds, ["concern", "missing", "session", "session"]);
    assert_eq!(updates[1].what, "Missing since Fri 21 Nov 19:00");
    assert!(updates.iter().any(|u| u.session_id == s.id));
}

fn safety_plan() -> SafetyPlanInput {
    SafetyPlanInput {
        description: "Tall, short dark hair, usually a grey hoodie.".into(),
        places: "His cousin's flat on Moor Lane; the retail park.".into(),
        who_to_call: "Oak House 01245 000222, then EDT 0345 606 1212.".into(),
        risks: vec!["gangs".into(), "going_missing".into()],
        risk_notes: "Older boys have asked him to carry bags.".into(),
        triggers: "Contact with his father cancelled.".into(),
        what_helps: "Football; time with his key worker.".into(),
    }
}

#[test]
fn a_safety_plan_is_kept_changed_and_shown_with_its_risks() {
    let (mut f, yp) = with_young_person();
    assert!(f.app.young_person(&yp).unwrap().safety_plan.is_none());
    let detail = f.app.set_safety_plan(&yp, safety_plan()).unwrap();
    let plan = detail.safety_plan.unwrap();
    assert_eq!(plan.input, safety_plan());
    assert_eq!(plan.risk_labels, ["Gangs or county lines", "Going missing"]);
    // Saving it unchanged writes nothing; a change is one op.
    let ops = f.op_count();
    f.app.set_safety_plan(&yp, safety_plan()).unwrap();
    assert_eq!(f.op_count(), ops);
    let changed = SafetyPlanInput {
        what_helps: "Football; cooking with his key worker.".into(),
        ..safety_plan()
    };
    let detail = f.app.set_safety_plan(&yp, changed).unwrap();
    assert_eq!(f.op_count(), ops + 1);
    assert!(
        detail
            .safety_plan
            .unwrap()
            .input
            .what_helps
            .contains("cooking")
    );
    // An unknown risk is refused at the risks, and nothing is written.
    let bad = SafetyPlanInput {
        risks: vec!["dragons".into()],
        ..safety_plan()
    };
    let e = f.app.set_safety_plan(&yp, bad).unwrap_err();
    assert_eq!(e.field(), Some(Field::Risks));
    assert_eq!(f.op_count(), ops + 1);
}
