use insideout_crypto::DatabaseKey;
use insideout_domain::Field;
use insideout_domain::ids::{RevisionId, SessionId, YoungPersonId};
use insideout_domain::intervention::InterventionDates;
use insideout_domain::note::NoteBody;
use insideout_domain::op::OpBody;
use insideout_domain::rules::ProgrammeRules;
use insideout_domain::session::{ActivityType, Mode, SessionDetails, SessionTimes, Setting};
use insideout_domain::text::Line;
use insideout_domain::young_person::{LegalStatus, ProfileParts, YoungPersonProfile};
use insideout_store::{Durability, Store};
use std::collections::BTreeSet;

const T0: u64 = 1_750_000_000_000;

fn store(dir: &tempfile::TempDir) -> (Store, DatabaseKey) {
    let key = DatabaseKey::generate().unwrap();
    let path = dir.path().join("coach.db");
    let store = Store::create(
        &path,
        &key,
        Line::parse(Field::Name, "n", "Alex").unwrap(),
        T0,
    )
    .unwrap();
    (store, key)
}

fn add_young_person(store: &mut Store) -> YoungPersonId {
    let id = YoungPersonId::from_uuid(Store::new_uuid(T0).unwrap());
    let profile = YoungPersonProfile::new(
        ProfileParts {
            preferred_name: Line::parse(Field::Name, "n", "Jay").unwrap(),
            date_of_birth: "2009-04-01".parse().unwrap(),
            local_authority: Line::parse(Field::Name, "n", "Essex").unwrap(),
            legal_status: LegalStatus::CareOrder,
            send: false,
            send_details: String::new(),
            referral_criteria: BTreeSet::new(),
            risk_indicators: BTreeSet::new(),
        },
        "2025-06-01".parse().unwrap(),
    )
    .unwrap();
    let dates = InterventionDates::new(
        "2025-01-01".parse().unwrap(),
        "2025-01-06".parse().unwrap(),
        "2026-07-01".parse().unwrap(),
        &ProgrammeRules::default(),
    )
    .unwrap();
    store
        .commit(T0 + 1, OpBody::YoungPersonAdded { id, profile, dates })
        .unwrap();
    id
}

fn add_session(store: &mut Store, yp: YoungPersonId) -> SessionId {
    let id = SessionId::from_uuid(Store::new_uuid(T0).unwrap());
    let times = SessionTimes::new(
        "2025-02-03T18:00:00".parse().unwrap(),
        "2025-02-03T20:00:00".parse().unwrap(),
    )
    .unwrap();
    let details = SessionDetails {
        times,
        setting: Setting::Community,
        mode: Mode::FaceToFace,
        attendees: BTreeSet::new(),
        activity: ActivityType::Coaching,
        significant: false,
        plan: None,
    };
    store
        .commit(
            T0 + 2,
            OpBody::SessionRecorded {
                id,
                young_person: yp,
                details,
            },
        )
        .unwrap();
    id
}

#[test]
fn ops_have_dense_device_sequence_numbers_and_increasing_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = store(&dir);
    let yp = add_young_person(&mut store);
    add_session(&mut store, yp);
    drop(store);
    let mut store = Store::open(&dir.path().join("coach.db"), &key, Durability::Full).unwrap();
    add_session(&mut store, yp);
    let ops = store.ops().unwrap();
    let seqs: Vec<u64> = ops.iter().map(|o| o.device_seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4]);
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc));
    assert!(ops.iter().all(|o| o.hlc.device == store.device()));
}

#[test]
fn draft_saves_in_one_sitting_keep_one_revision_and_one_op() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _key) = store(&dir);
    let yp = add_young_person(&mut store);
    let session = add_session(&mut store, yp);
    let revision = RevisionId::from_uuid(Store::new_uuid(T0).unwrap());
    let before = store.op_count().unwrap();
    for (i, text) in ["W", "We", "We w", "We went bowling"].iter().enumerate() {
        let body = NoteBody::new(text, "", "", "").unwrap();
        store
            .commit_draft(
                T0 + 10 + i as u64,
                OpBody::NoteDrafted {
                    session,
                    revision,
                    parent: None,
                    body,
                    merged: None,
                },
            )
            .unwrap();
    }
    assert_eq!(store.op_count().unwrap(), before + 1);
    let revisions = store.revisions(session).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].note.what_happened(), "We went bowling");
    assert_eq!(
        store.session(session).unwrap().note.what_happened(),
        "We went bowling"
    );

    // A second sitting is a second revision, and the first is kept.
    let second = RevisionId::from_uuid(Store::new_uuid(T0 + 100).unwrap());
    let body = NoteBody::new("We went bowling with Mum", "", "", "").unwrap();
    store
        .commit_draft(
            T0 + 100,
            OpBody::NoteDrafted {
                session,
                revision: second,
                parent: Some(revision),
                body,
                merged: None,
            },
        )
        .unwrap();
    let revisions = store.revisions(session).unwrap();
    assert_eq!(
        revisions
            .iter()
            .map(|r| r.note.what_happened())
            .collect::<Vec<_>>(),
        ["We went bowling", "We went bowling with Mum"]
    );

    let dump = store.dump_tables().unwrap();
    store.rebuild().unwrap();
    assert_eq!(store.dump_tables().unwrap(), dump);
}

#[test]
fn search_finds_note_text_by_prefix_and_survives_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _key) = store(&dir);
    let yp = add_young_person(&mut store);
    let session = add_session(&mut store, yp);
    let revision = RevisionId::from_uuid(Store::new_uuid(T0).unwrap());
    let body = NoteBody::new(
        "We went climbing at the quarry.",
        "\"I want to go back to college\"",
        "",
        "",
    )
    .unwrap();
    store
        .commit_draft(
            T0 + 10,
            OpBody::NoteDrafted {
                session,
                revision,
                parent: None,
                body,
                merged: None,
            },
        )
        .unwrap();

    let hits = store.search("colleg", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].session_id, session.to_string());
    assert_eq!(hits[0].young_person_name, "Jay");
    assert!(hits[0].snippet.contains("[college]"), "{}", hits[0].snippet);
    assert!(store.search("climbing college", 10).unwrap().len() == 1);
    assert!(store.search("climbing football", 10).unwrap().is_empty());
    assert!(store.search("\"unbalanced AND (", 10).unwrap().is_empty());

    store.rebuild().unwrap();
    assert_eq!(store.search("quarry", 10).unwrap().len(), 1);
}

#[test]
fn after_a_restart_the_clock_stamps_after_what_other_devices_wrote() {
    use insideout_domain::hlc::Hlc;
    use insideout_domain::ids::{DeviceId, OpId};
    use insideout_domain::op::Op;
    use insideout_protocol::Scope;
    use insideout_store::sync::Received;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = store(&dir);
    let yp = add_young_person(&mut store);
    // A colleague's device, its clock a minute ahead of this one, wrote a session.
    let other = DeviceId::from_uuid(uuid::Uuid::from_u128(9));
    let theirs = Op {
        id: OpId::from_uuid(Store::new_uuid(T0).unwrap()),
        hlc: Hlc {
            wall_ms: T0 + 60_000,
            counter: 3,
            device: other,
        },
        device_seq: 1,
        body: OpBody::SessionRecorded {
            id: SessionId::from_uuid(Store::new_uuid(T0).unwrap()),
            young_person: yp,
            details: SessionDetails {
                times: SessionTimes::new(
                    "2025-02-04T18:00:00".parse().unwrap(),
                    "2025-02-04T19:00:00".parse().unwrap(),
                )
                .unwrap(),
                setting: Setting::Community,
                mode: Mode::FaceToFace,
                attendees: BTreeSet::new(),
                activity: ActivityType::Coaching,
                significant: false,
                plan: None,
            },
        },
    };
    let me = store.person();
    store
        .apply_received(
            me,
            &[Received {
                scope: Scope::Case(yp),
                server_seq: 1,
                author: other,
                outcome: Ok(vec![theirs.clone()]),
                heads: Vec::new(),
            }],
            "2025-06-13T15:00:00Z",
            T0 + 10,
        )
        .unwrap();
    store.finish_pull().unwrap();
    // The app is closed and opened again, and this device writes at its own (slower) time.
    drop(store);
    let mut store = Store::open(&dir.path().join("coach.db"), &key, Durability::Full).unwrap();
    add_session(&mut store, yp);
    let mine = store.ops().unwrap().into_iter().last().unwrap();
    assert_eq!(mine.hlc.device, store.device());
    assert!(
        mine.hlc > theirs.hlc,
        "{:?} sorts before the colleague's {:?}, which this device had already seen",
        mine.hlc,
        theirs.hlc
    );
}
