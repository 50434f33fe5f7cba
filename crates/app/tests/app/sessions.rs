use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;

fn with_young_person() -> (Fixture, String) {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    (f, id)
}

#[test]
fn session_times_are_checked_and_refusals_change_nothing() {
    let (mut f, yp) = with_young_person();
    let check = |f: &mut Fixture, start: &str, end: &str, code: &str, field: Field| {
        let input = session_input(&yp, start, end);
        f.refuses(code, Some(field), |app| app.record_session(input));
    };
    check(
        &mut f,
        "2025-11-20T18:00",
        "2025-11-20T17:00",
        "end_before_start",
        Field::End,
    );
    check(
        &mut f,
        "2025-11-20T18:00",
        "2025-11-21T18:01",
        "session_too_long",
        Field::End,
    );
    check(
        &mut f,
        "2025-05-30T18:00",
        "2025-05-30T19:00",
        "outside_intervention",
        Field::End,
    );
    check(
        &mut f,
        "2025-11-24T18:00",
        "2025-11-24T19:00",
        "invalid_input",
        Field::Start,
    );
    check(
        &mut f,
        "yesterday",
        "2025-11-20T19:00",
        "invalid_input",
        Field::Start,
    );
    let mut input = session_input(&yp, "2025-11-20T18:00", "2025-11-20T19:00");
    input.attendees.push(AttendeeInput {
        kind: "family_member".into(),
        name: " ".into(),
    });
    f.refuses("invalid_input", Some(Field::Attendees), |app| {
        app.record_session(input)
    });
    let mut input = session_input(&yp, "2025-11-20T18:00", "2025-11-20T19:00");
    input.mode = "telepathy".into();
    f.refuses("invalid_input", Some(Field::Mode), |app| {
        app.record_session(input)
    });
    // The outside-intervention message names the dates.
    let err = f
        .app
        .record_session(session_input(&yp, "2025-05-30T18:00", "2025-05-30T19:00"))
        .unwrap_err();
    assert!(
        err.to_string().contains("2 June 2025 to 1 December 2026"),
        "{err}"
    );
}

#[test]
fn a_note_goes_from_draft_to_finalised_to_addenda() {
    let (mut f, yp) = with_young_person();
    let s = f.record_session(&yp, "2025-11-23T18:00", "2025-11-23T20:30");
    assert_eq!((s.status, s.minutes), (NoteStatus::Draft, 150));
    f.refuses("empty_note", Some(Field::WhatHappened), |app| {
        app.finalise(&s.id)
    });

    for text in ["W", "We went", "We went to the climbing wall."] {
        f.app.save_draft(&s.id, "sitting-1", note(text)).unwrap();
    }
    let mut body = note("We went to the climbing wall.");
    body.voice = "\"I was scared but I did it\"".into();
    body.analysis = "Jay managed anxiety well.".into();
    body.actions = "Book again for next week.".into();
    f.app.save_draft(&s.id, "sitting-1", body.clone()).unwrap();

    let detail = f.app.session(&s.id).unwrap();
    assert_eq!(detail.note, body);
    assert_eq!(
        detail.revisions.len(),
        1,
        "keystrokes in one sitting should keep one revision"
    );
    assert!(detail.last_saved_at.is_some());

    let finalised = f.app.finalise(&s.id).unwrap();
    assert_eq!(finalised.status, NoteStatus::Finalised);
    assert!(finalised.finalised_at.is_some());

    f.refuses("note_finalised", None, |app| {
        app.save_draft(&s.id, "sitting-2", note("Changed my mind"))
    });
    f.refuses("note_finalised", None, |app| app.finalise(&s.id));
    f.refuses("invalid_input", Some(Field::Text), |app| {
        app.add_addendum(&s.id, "   ")
    });

    let with_addendum = f
        .app
        .add_addendum(&s.id, "Correction: it was the indoor wall at Chelmsford.")
        .unwrap();
    assert_eq!(with_addendum.note, body, "the finalised note changed");
    assert_eq!(with_addendum.addenda.len(), 1);
    assert_eq!(
        with_addendum.addenda[0].text,
        "Correction: it was the indoor wall at Chelmsford."
    );
}

#[test]
fn a_second_sitting_keeps_the_first_revision() {
    let (mut f, yp) = with_young_person();
    let s = f.record_session(&yp, "2025-11-23T18:00", "2025-11-23T19:00");
    f.app
        .save_draft(&s.id, "sitting-1", note("First thoughts"))
        .unwrap();
    f.app.lock();
    f.app.unlock(PASSPHRASE).unwrap();
    f.app
        .save_draft(&s.id, "sitting-2", note("First thoughts, then more"))
        .unwrap();
    let detail = f.app.session(&s.id).unwrap();
    let texts: Vec<&str> = detail
        .revisions
        .iter()
        .map(|r| r.note.what_happened.as_str())
        .collect();
    assert_eq!(texts, ["First thoughts", "First thoughts, then more"]);
    assert_eq!(detail.note.what_happened, "First thoughts, then more");
}

#[test]
fn an_addendum_needs_a_finalised_note() {
    let (mut f, yp) = with_young_person();
    let s = f.record_session(&yp, "2025-11-23T18:00", "2025-11-23T19:00");
    f.refuses("invalid_input", Some(Field::Text), |app| {
        app.add_addendum(&s.id, "Too early")
    });
}

#[test]
fn search_finds_notes_and_addenda_with_marked_snippets() {
    let (mut f, yp) = with_young_person();
    let a = f.record_session(&yp, "2025-11-20T18:00", "2025-11-20T19:00");
    let b = f.record_session(&yp, "2025-11-21T18:00", "2025-11-21T19:00");
    let mut body = note("Talked about going back to college in January.");
    body.voice = "\"I want to be a mechanic\"".into();
    f.app.save_draft(&a.id, "s1", body).unwrap();
    f.app
        .save_draft(&b.id, "s2", note("Football at the leisure centre."))
        .unwrap();
    f.app.finalise(&b.id).unwrap();
    f.app
        .add_addendum(&b.id, "Mum joined us at half time.")
        .unwrap();

    let hits = f.app.search("mechanic").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (
            hits[0].session_id.as_str(),
            hits[0].young_person_name.as_str()
        ),
        (a.id.as_str(), "Jay")
    );
    assert!(
        hits[0].snippet.contains("[mechanic]"),
        "{}",
        hits[0].snippet
    );
    assert_eq!(hits[0].session_start, "2025-11-20T18:00");
    let hits = f.app.search("mum half").unwrap();
    assert_eq!((hits.len(), hits[0].status), (1, NoteStatus::Finalised));
    assert!(
        f.app
            .search("coll")
            .unwrap()
            .iter()
            .any(|h| h.session_id == a.id)
    );
    assert!(f.app.search("NOT (\"").unwrap().is_empty());
}

#[test]
fn one_edit_id_used_for_two_sessions_keeps_their_notes_apart() {
    let (mut f, yp) = with_young_person();
    let first = f.record_session(&yp, "2025-11-23T18:00", "2025-11-23T19:00");
    let second = f.record_session(&yp, "2025-11-23T19:00", "2025-11-23T20:00");
    f.app
        .save_draft(&second.id, "sitting-1", note("Second session"))
        .unwrap();
    f.app
        .save_draft(&first.id, "sitting-1", note("First session"))
        .unwrap();
    let first = f.app.session(&first.id).unwrap();
    let second = f.app.session(&second.id).unwrap();
    assert_eq!(first.note.what_happened, "First session");
    assert_eq!(second.note.what_happened, "Second session");
    assert_eq!((first.revisions.len(), second.revisions.len()), (1, 1));
    assert_ne!(first.revisions[0].id, second.revisions[0].id);
}

#[test]
fn a_timer_survives_locking_and_a_restart_and_stops_when_its_session_is_saved() {
    let (mut f, yp) = with_young_person();
    let detail = f.app.start_timer(&yp).unwrap();
    assert_eq!(detail.timer_started.as_deref(), Some("2025-11-23T21:30"));
    // Starting again keeps the first start.
    f.clock.advance(chrono::TimeDelta::minutes(3));
    let detail = f.app.start_timer(&yp).unwrap();
    assert_eq!(detail.timer_started.as_deref(), Some("2025-11-23T21:30"));
    // Locked by the idle timer, then the app is closed and opened again.
    f.clock.advance(chrono::TimeDelta::minutes(50));
    f.app.lock();
    f.restart();
    f.app.unlock(PASSPHRASE).unwrap();
    let caseload = f.app.caseload().unwrap();
    assert_eq!(
        caseload.young_people[0].timer_started.as_deref(),
        Some("2025-11-23T21:30")
    );
    // The timer is device-local: it is not a record and writes nothing to the op log.
    let ops = f.op_count();
    let mut input = session_input(&yp, "2025-11-23T21:30", "2025-11-23T22:23");
    input.from_timer = true;
    let s = f.app.record_session(input).unwrap();
    assert_eq!(s.minutes, 53);
    assert_eq!(f.op_count(), ops + 1);
    assert_eq!(f.app.young_person(&yp).unwrap().timer_started, None);
}

#[test]
fn a_timer_can_be_discarded_and_never_runs_for_a_closed_intervention() {
    let (mut f, yp) = with_young_person();
    f.app.start_timer(&yp).unwrap();
    let detail = f.app.discard_timer(&yp).unwrap();
    assert_eq!(detail.timer_started, None);
    f.app
        .close_intervention(
            &yp,
            CloseInput {
                date: "2025-11-20".into(),
                reason: "planned_end".into(),
                note: String::new(),
            },
        )
        .unwrap();
    let y = yp.clone();
    f.refuses("intervention_closed", None, |app| app.start_timer(&y));
}
