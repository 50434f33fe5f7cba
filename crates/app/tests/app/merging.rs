//! Merging edits made on two devices at once (DESIGN.md §3): per-field last writer wins with
//! the loser in a visible conflict log, add-wins sets with the more severe safety value kept
//! and flagged, and tombstones for removed contacts.

use crate::converge::{deliver, ops_of, tables};
use crate::fixture::*;
use chrono::TimeDelta;
use insideout_app::dto::*;
use insideout_domain::Field;
use insideout_domain::choice::Choice;

/// A young person on device A, copied to device B; both then work offline.
fn two_devices() -> (Fixture, Fixture, String) {
    let mut a = unlocked();
    let id = a.add_young_person("Jay").profile.id;
    let mut b = unlocked();
    deliver(&mut b, &ops_of(&mut a), &[50]);
    (a, b, id)
}

/// Each device receives the other's ops; both must then hold identical tables.
fn exchange(a: &mut Fixture, b: &mut Fixture) {
    let (from_a, from_b) = (ops_of(a), ops_of(b));
    deliver(a, &from_b, &[7]);
    deliver(b, &from_a, &[3]);
    assert_eq!(tables(a), tables(b), "the two devices did not converge");
}

fn edit(f: &mut Fixture, id: &str, change: impl FnOnce(&mut YoungPersonInput)) {
    let mut input = young_person_input("Jay");
    change(&mut input);
    f.app.update_young_person(id, input).unwrap();
    f.clock.advance(TimeDelta::milliseconds(5));
}

#[test]
fn edits_to_different_fields_on_two_devices_both_stand_without_a_conflict() {
    let (mut a, mut b, id) = two_devices();
    edit(&mut a, &id, |i| i.local_authority = "Suffolk".into());
    edit(&mut b, &id, |i| i.preferred_name = "Jaden".into());
    exchange(&mut a, &mut b);
    let on_a = a.app.young_person(&id).unwrap();
    assert_eq!(on_a.profile.preferred_name, "Jaden");
    assert_eq!(on_a.profile.local_authority, "Suffolk");
    assert!(on_a.conflicts.is_empty(), "{:?}", on_a.conflicts);
}

#[test]
fn the_same_field_edited_on_two_devices_keeps_the_later_and_shows_the_other() {
    let (mut a, mut b, id) = two_devices();
    edit(&mut a, &id, |i| i.local_authority = "Suffolk".into());
    b.clock.advance(TimeDelta::seconds(2));
    edit(&mut b, &id, |i| i.local_authority = "Norfolk".into());
    exchange(&mut a, &mut b);
    for f in [&mut a, &mut b] {
        let detail = f.app.young_person(&id).unwrap();
        assert_eq!(detail.profile.local_authority, "Norfolk");
        assert_eq!(detail.conflicts.len(), 1, "{:?}", detail.conflicts);
        let c = &detail.conflicts[0];
        assert_eq!(c.what, "Profile: local authority");
        assert_eq!((c.kept.as_str(), c.other.as_str()), ("Norfolk", "Suffolk"));
        assert!(!c.safety);
    }
}

#[test]
fn a_risk_added_on_one_device_survives_a_removal_on_the_other_and_is_flagged() {
    // Jay starts with "NEET" and "missing".
    let (mut a, mut b, id) = two_devices();
    edit(&mut a, &id, |i| i.risk_indicators.push("cse".into()));
    b.clock.advance(TimeDelta::seconds(2));
    // Later, and without seeing A's change, B removes "missing".
    edit(&mut b, &id, |i| i.risk_indicators = vec!["neet".into()]);
    exchange(&mut a, &mut b);
    let detail = a.app.young_person(&id).unwrap();
    let mut risks = detail.profile.risk_indicators.clone();
    risks.sort();
    assert_eq!(risks, vec!["cse".to_owned(), "neet".to_owned()]);
    assert_eq!(detail.conflicts.len(), 1);
    let c = &detail.conflicts[0];
    assert!(c.safety, "a safety field's conflict must be flagged");
    assert_eq!(c.what, "Profile: risk indicators");
    assert!(c.kept.contains("child sexual exploitation"), "{}", c.kept);
}

#[test]
fn a_phase_set_on_one_device_after_the_other_closed_the_intervention_leaves_it_closed() {
    let (mut a, mut b, id) = two_devices();
    a.app
        .close_intervention(
            &id,
            CloseInput {
                date: "2025-11-01".into(),
                reason: "planned_end".into(),
                note: String::new(),
            },
        )
        .unwrap();
    b.clock.advance(TimeDelta::seconds(2));
    b.app.set_phase(&id, "intensive").unwrap();
    exchange(&mut a, &mut b);
    let detail = b.app.young_person(&id).unwrap();
    assert_eq!(detail.intervention.phase.value(), "closed");
    assert_eq!(detail.conflicts.len(), 1);
    assert_eq!(
        (
            detail.conflicts[0].kept.as_str(),
            detail.conflicts[0].other.as_str()
        ),
        ("Closed", "Intensive")
    );
}

#[test]
fn phases_set_on_two_devices_keep_the_later_and_log_the_other() {
    let (mut a, mut b, id) = two_devices();
    a.app.set_phase(&id, "intensive").unwrap();
    b.clock.advance(TimeDelta::seconds(2));
    b.app.set_phase(&id, "step_down").unwrap();
    exchange(&mut a, &mut b);
    let detail = a.app.young_person(&id).unwrap();
    assert_eq!(detail.intervention.phase.value(), "step_down");
    assert_eq!(detail.conflicts.len(), 1);
    // A phase change made after seeing the other is not a conflict.
    a.clock.advance(TimeDelta::seconds(5));
    a.app.set_phase(&id, "intensive").unwrap();
    assert_eq!(a.app.young_person(&id).unwrap().conflicts.len(), 1);
}

fn contact(name: &str, phone: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        role: "social_worker".into(),
        phone: phone.into(),
        ..Default::default()
    }
}

#[test]
fn a_removed_contact_is_kept_with_its_reason_and_can_no_longer_be_edited() {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    let detail = f
        .app
        .add_contact(&id, contact("Priya Shah", "01245 000000"))
        .unwrap();
    let priya = detail.contacts[0].id.clone();
    let err = f.app.remove_contact(&priya, "   ").unwrap_err();
    assert_eq!(
        (err.code().as_str(), err.field()),
        ("invalid_input", Some(Field::Reason))
    );
    assert_eq!(
        f.app.young_person(&id).unwrap().contacts.len(),
        1,
        "a refused removal changed something"
    );

    let detail = f
        .app
        .remove_contact(&priya, "Moved to the leaving-care team")
        .unwrap();
    assert!(detail.contacts.is_empty());
    assert_eq!(detail.former_contacts.len(), 1);
    let former = &detail.former_contacts[0];
    assert_eq!(former.name, "Priya Shah");
    assert_eq!(
        former.removed_reason.as_deref(),
        Some("Moved to the leaving-care team")
    );
    assert!(former.removed_at.is_some());

    let err = f
        .app
        .update_contact(&priya, contact("Priya", "01245 111111"))
        .unwrap_err();
    assert_eq!(err.field(), Some(Field::Contact));
    let err = f.app.remove_contact(&priya, "again").unwrap_err();
    assert_eq!(err.field(), Some(Field::Contact));
    // The tombstone survives a rebuild from the op log.
    let store = f.app.store_for_inspection().unwrap();
    let before = store.dump_tables().unwrap();
    store.rebuild().unwrap();
    assert_eq!(store.dump_tables().unwrap(), before);
}

#[test]
fn a_contact_edited_on_one_device_and_removed_on_the_other_stays_removed_with_the_edit_kept() {
    let mut a = unlocked();
    let id = a.add_young_person("Jay").profile.id;
    let priya = a
        .app
        .add_contact(&id, contact("Priya Shah", "01245 000000"))
        .unwrap()
        .contacts[0]
        .id
        .clone();
    let mut b = unlocked();
    deliver(&mut b, &ops_of(&mut a), &[50]);
    a.clock.advance(TimeDelta::seconds(1));
    a.app.remove_contact(&priya, "Case transferred").unwrap();
    b.clock.advance(TimeDelta::seconds(3));
    b.app
        .update_contact(&priya, contact("Priya Shah", "07700 900123"))
        .unwrap();
    exchange(&mut a, &mut b);
    let detail = b.app.young_person(&id).unwrap();
    assert!(detail.contacts.is_empty());
    assert_eq!(detail.former_contacts[0].phone, "07700 900123");
}

#[test]
fn contact_fields_edited_on_two_devices_merge_field_by_field() {
    let mut a = unlocked();
    let id = a.add_young_person("Jay").profile.id;
    let priya = a
        .app
        .add_contact(&id, contact("Priya Shah", "01245 000000"))
        .unwrap()
        .contacts[0]
        .id
        .clone();
    let mut b = unlocked();
    deliver(&mut b, &ops_of(&mut a), &[50]);
    a.clock.advance(TimeDelta::seconds(1));
    a.app
        .update_contact(
            &priya,
            ContactInput {
                email: "priya.shah@essex.example".into(),
                ..contact("Priya Shah", "01245 000000")
            },
        )
        .unwrap();
    b.clock.advance(TimeDelta::seconds(3));
    b.app
        .update_contact(&priya, contact("Priya Shah", "07700 900123"))
        .unwrap();
    exchange(&mut a, &mut b);
    let c = &a.app.young_person(&id).unwrap().contacts[0];
    assert_eq!(
        (c.phone.as_str(), c.email.as_str()),
        ("07700 900123", "priya.shah@essex.example")
    );
}

#[test]
fn a_flagged_safety_conflict_heads_the_team_updates() {
    let (mut a, mut b, id) = two_devices();
    let session = a
        .record_session(&id, "2025-11-20T18:00", "2025-11-20T19:00")
        .id;
    edit(&mut a, &id, |i| i.risk_indicators.push("gangs".into()));
    b.clock.advance(TimeDelta::seconds(2));
    edit(&mut b, &id, |i| i.risk_indicators = vec![]);
    exchange(&mut a, &mut b);
    let updates = a.app.team_updates().unwrap();
    assert_eq!(updates[0].kind, "flagged");
    assert_eq!(updates[0].young_person_id, id);
    assert!(
        updates[0].what.contains("risk indicators"),
        "{}",
        updates[0].what
    );
    assert!(updates.iter().any(|u| u.session_id == session));
}

#[test]
fn a_note_written_on_two_devices_shows_two_versions_until_the_coach_keeps_or_merges_them() {
    let mut a = unlocked();
    let id = a.add_young_person("Jay").profile.id;
    let session = a
        .record_session(&id, "2025-11-20T18:00", "2025-11-20T19:00")
        .id;
    a.app
        .save_draft(&session, "a-1", note("We met at the park."))
        .unwrap();
    let mut b = unlocked();
    deliver(&mut b, &ops_of(&mut a), &[50]);
    // Both devices go on writing, offline.
    a.clock.advance(TimeDelta::seconds(1));
    a.app
        .save_draft(
            &session,
            "a-2",
            note("We met at the park and talked about college."),
        )
        .unwrap();
    b.clock.advance(TimeDelta::seconds(2));
    b.app
        .save_draft(&session, "b-1", note("We met at the park. Jay was quiet."))
        .unwrap();
    exchange(&mut a, &mut b);

    let on_a = a.app.session(&session).unwrap();
    assert_eq!(
        on_a.other_versions.len(),
        1,
        "both versions must be offered"
    );
    assert_eq!(
        on_a.note.what_happened,
        "We met at the park. Jay was quiet."
    );
    assert_eq!(
        on_a.other_versions[0].note.what_happened,
        "We met at the park and talked about college."
    );
    let err = a.app.finalise(&session).unwrap_err();
    assert_eq!(err.code(), "two_versions");

    // The coach merges both by hand; typing afterwards continues on the merge.
    let other = on_a.other_versions[0].id.clone();
    let merged = "We met at the park and talked about college. Jay was quiet.";
    let err = a
        .app
        .merge_note(&session, &on_a.revisions[0].id, note(merged))
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some(Field::Other),
        "an old revision is not a version to merge"
    );
    let after = a.app.merge_note(&session, &other, note(merged)).unwrap();
    assert!(after.other_versions.is_empty());
    assert_eq!(after.note.what_happened, merged);
    a.clock.advance(TimeDelta::seconds(1));
    a.app
        .save_draft(
            &session,
            "a-2",
            note(&format!("{merged} Next week: the library.")),
        )
        .unwrap();
    exchange(&mut a, &mut b);
    let on_b = b.app.session(&session).unwrap();
    assert!(on_b.other_versions.is_empty(), "{:?}", on_b.other_versions);
    assert!(on_b.note.what_happened.ends_with("the library."));
    // Every version is still in the note's history.
    let texts: Vec<&str> = on_b
        .revisions
        .iter()
        .map(|r| r.note.what_happened.as_str())
        .collect();
    assert!(texts.contains(&"We met at the park. Jay was quiet."));
    assert!(texts.contains(&"We met at the park and talked about college."));
    b.app.finalise(&session).unwrap();
}

#[test]
fn an_intervention_closed_on_two_devices_keeps_the_later_closure_and_logs_the_other() {
    let (mut a, mut b, id) = two_devices();
    let close = |f: &mut Fixture, reason: &str| {
        f.app
            .close_intervention(
                &id,
                CloseInput {
                    date: "2025-11-01".into(),
                    reason: reason.into(),
                    note: String::new(),
                },
            )
            .unwrap();
    };
    close(&mut a, "planned_end");
    b.clock.advance(TimeDelta::seconds(2));
    close(&mut b, "disengaged");
    exchange(&mut a, &mut b);
    let detail = a.app.young_person(&id).unwrap();
    assert_eq!(
        detail.intervention.closure_reason.as_deref(),
        Some("Young person disengaged")
    );
    assert_eq!(detail.conflicts.len(), 1);
    assert!(
        detail.conflicts[0]
            .other
            .starts_with("closed on 2025-11-01 ("),
        "{}",
        detail.conflicts[0].other
    );
}
