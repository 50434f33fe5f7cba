//! A coach lives a whole week of the programme on one device, offline: three young people,
//! sessions in the daytime, evenings and at the weekend, a timer, notes written a keystroke at a
//! time through idle locks, a concern raised from inside a note, a missing episode over the
//! weekend, goals reviewed, the month's outcome check and the chronology. At the end the week
//! adds up and nothing was lost.

use crate::fixture::*;
use chrono::{DateTime, FixedOffset, TimeDelta};
use insideout_app::dto::*;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}:00+00:00")).unwrap()
}

/// Records a session that has just ended and writes its note in small saves, as typing does.
fn session(f: &mut Fixture, yp: &str, start: &str, end: &str, what: &str) -> String {
    f.clock.set(at(end) + TimeDelta::minutes(5));
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    let s = f.record_session(yp, start, end);
    let mut typed = String::new();
    for word in what.split(' ') {
        typed.push_str(word);
        typed.push(' ');
        f.app
            .save_draft(&s.id, "sitting-1", note(typed.trim_end()))
            .unwrap();
    }
    s.id
}

#[test]
fn a_coach_lives_a_week_of_the_programme_offline() {
    let mut f = unlocked();
    let mut input = young_person_input("Jay");
    input.planned_end_date = "2026-12-01".into();
    let jay = f.app.add_young_person(input).unwrap().profile.id;
    let sam = f.add_young_person("Sam").profile.id;
    let kai = f.add_young_person("Kai").profile.id;

    // Monday: an afternoon into the evening with Jay; a note finalised.
    let mon = session(
        &mut f,
        &jay,
        "2025-11-24T14:00",
        "2025-11-24T20:00",
        "Walked to the college open evening and met the tutor.",
    );
    f.app.finalise(&mon).unwrap();
    // Tuesday: a timer with Sam, started on arrival, kept through an idle lock and a restart.
    f.clock.set(at("2025-11-25T18:00"));
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    f.app.start_timer(&sam).unwrap();
    f.clock.set(at("2025-11-25T21:15"));
    f.app.lock();
    f.restart();
    f.app.unlock(PASSPHRASE).unwrap();
    let started = f.app.young_person(&sam).unwrap().timer_started.unwrap();
    let mut timed = session_input(&sam, &started, "2025-11-25T21:15");
    timed.from_timer = true;
    let tue = f.app.record_session(timed).unwrap();
    assert_eq!(tue.minutes, 195);
    // Wednesday evening with Jay; during the note Jay discloses something: a concern, raised
    // from inside the note, and the draft carries on.
    let wed = session(
        &mut f,
        &jay,
        "2025-11-26T16:00",
        "2025-11-26T22:00",
        "Cooked tea together at the flat.",
    );
    f.app
        .raise_concern(
            &jay,
            ConcernInput {
                category: "exploitation".into(),
                urgency: "today".into(),
                noticed_at: "2025-11-26T21:00".into(),
                what: "Said an older man has been giving him lifts and cash.".into(),
                told: vec![ToldInput {
                    who: "emergency_duty_team".into(),
                    at: "2025-11-26T22:00".into(),
                }],
                actions: "Strategy discussion requested.".into(),
            },
        )
        .unwrap();
    f.app
        .save_draft(
            &wed,
            "sitting-1",
            note("Cooked tea together at the flat. Concern raised."),
        )
        .unwrap();
    // Thursday daytime with Kai: a goal agreed and reviewed; Jay's month's outcome check.
    session(
        &mut f,
        &kai,
        "2025-11-27T10:00",
        "2025-11-27T14:00",
        "Went to the gym induction.",
    );
    let goals = f
        .app
        .agree_goal(
            &kai,
            GoalInput {
                area: "health".into(),
                words: "Go to the gym twice a week".into(),
                agreed_on: "2025-11-27".into(),
                status: String::new(),
            },
        )
        .unwrap();
    f.app
        .rate_goal(
            &goals.goals[0].id,
            RatingInput {
                on: "2025-11-27".into(),
                young_person_score: "4".into(),
                coach_score: "3".into(),
                note: String::new(),
            },
        )
        .unwrap();
    f.app
        .record_outcome_check(
            &jay,
            OutcomeCheckInput {
                month: "2025-11".into(),
                eet: "part_time".into(),
                risk_indicators: vec!["cse".into()],
                wellbeing: "6".into(),
                family: "4".into(),
                note: String::new(),
            },
        )
        .unwrap();
    // Friday night Sam goes missing; back on Saturday morning; a weekend session with Sam.
    f.clock.set(at("2025-11-28T23:30"));
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    let missing = f
        .app
        .record_missing_episode(
            &sam,
            MissingEpisodeInput {
                went_missing: "2025-11-28T22:00".into(),
                police_reference: "SC-4411".into(),
                ..MissingEpisodeInput::default()
            },
        )
        .unwrap()
        .missing_episodes[0]
        .clone();
    session(
        &mut f,
        &sam,
        "2025-11-29T11:00",
        "2025-11-29T16:00",
        "Back home; went bowling and talked about Friday.",
    );
    f.app
        .update_missing_episode(
            &missing.id,
            MissingEpisodeInput {
                came_back: true,
                returned_at: "2025-11-29T09:30".into(),
                where_found: "A friend's flat".into(),
                ..missing.input.clone()
            },
        )
        .unwrap();
    // Sunday: a family session for Jay, marked as significant; Jay's week is then 25 hours.
    let mut sunday = session_input(&jay, "2025-11-30T09:00", "2025-11-30T22:00");
    sunday.significant = true;
    sunday.attendees.push(AttendeeInput {
        kind: "family_member".into(),
        name: "Mum".into(),
    });
    f.clock.set(at("2025-11-30T22:30"));
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    f.app.record_session(sunday).unwrap();
    f.app
        .add_chronology_note(
            &jay,
            ChronologyNoteInput {
                on: "2025-11-30".into(),
                title: "First family day out in a year".into(),
                detail: String::new(),
            },
        )
        .unwrap();

    // The week adds up: Jay 25 h (6 + 6 + 13, evenings and the weekend), Sam 8 h 15, Kai 4 h.
    let hours = f.app.hours().unwrap();
    let of = |id: &str| {
        hours
            .young_people
            .iter()
            .find(|y| y.id == id)
            .unwrap()
            .this_week
    };
    let j = of(&jay);
    assert_eq!(j.minutes, 25 * 60);
    assert_eq!((j.daytime, j.evening, j.weekend), (6 * 60, 6 * 60, 13 * 60));
    assert_eq!(of(&sam).minutes, 195 + 300);
    assert_eq!(of(&kai).minutes, 240);
    assert_eq!(hours.total_this_week.minutes, 25 * 60 + 495 + 240);
    let caseload = f.app.caseload().unwrap();
    let jay_card = caseload.young_people.iter().find(|y| y.id == jay).unwrap();
    assert_eq!(jay_card.minutes_this_week, jay_card.target_minutes);

    // Nothing typed was lost through the locks and the restart.
    let wed_note = f.app.session(&wed).unwrap();
    assert_eq!(
        wed_note.note.what_happened,
        "Cooked tea together at the flat. Concern raised."
    );
    assert_eq!(f.app.session(&mon).unwrap().status, NoteStatus::Finalised);

    // Safeguarding first: the concern and the missing episode head the updates.
    let updates = f.app.team_updates().unwrap();
    assert_eq!(updates[0].kind, "concern");
    assert_eq!(updates[1].kind, "missing");
    let sam_detail = f.app.young_person(&sam).unwrap();
    assert_eq!(sam_detail.missing_episodes[0].clock, ClockState::Due);
    assert_eq!(
        sam_detail.missing_episodes[0].interview_due.as_deref(),
        Some("2025-12-02T09:30")
    );

    // The chronology gathered the week by itself, and the coach's own entry.
    let kinds: Vec<String> = f
        .app
        .chronology(&jay)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in ["started", "concern", "session", "note"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "{kind} missing from {kinds:?}"
        );
    }
    let sam_kinds: Vec<String> = f
        .app
        .chronology(&sam)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(
        sam_kinds.contains(&"missing".to_owned()) && sam_kinds.contains(&"returned".to_owned())
    );
    // Goals and the month's check are in place; nothing left the device.
    assert_eq!(f.app.goals(&kai).unwrap().goals[0].ratings.len(), 1);
    assert_eq!(f.app.goals(&jay).unwrap().check_due, None);
    assert!(!f.app.sync_status().unwrap().enrolled);
}
