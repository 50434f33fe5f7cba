//! Scenario tests: a coach's phone and laptop and a supervisor, syncing through an in-process
//! service over loopback, with real stores and real keys.

mod attacks;
mod harness;

use harness::*;
use insideout_domain::Field;
use insideout_protocol::api::DeviceStatus;
use insideout_server::db::Database;

/// A coach with a phone and a laptop, and a supervisor, all enrolled and approved.
pub(crate) async fn team(org: &Org) -> (Device, Device, Device) {
    team_named(org, "Alex", "Sam").await
}

/// [`team`], with the coach's and the supervisor's names given.
pub(crate) async fn team_named(
    org: &Org,
    coach: &str,
    supervisor: &str,
) -> (Device, Device, Device) {
    let phone = Device::new(coach);
    let laptop = Device::new(coach);
    let sup = Device::new(supervisor);
    phone.enrol(org, "coach-1").await;
    laptop.enrol(org, "coach-1").await;
    sup.enrol(org, "sup-1").await;
    for d in [&phone, &laptop, &sup] {
        org.approve(d).await;
    }
    (phone, laptop, sup)
}

/// The on-call supervisor's device (`sup-2`), enrolled and approved.
pub(crate) async fn on_call_supervisor(org: &Org) -> Device {
    let d = Device::new("Robin");
    d.enrol(org, "sup-2").await;
    org.approve(&d).await;
    d
}

/// Moves a device's clock by `hours`. The idle lock has closed the app by then: its person
/// unlocks it again.
pub(crate) fn hours_on(d: &Device, hours: i64) {
    d.clock.advance(chrono::TimeDelta::hours(hours));
    d.with(|app| {
        app.lock();
        app.unlock(insideout_app::testkit::PASSPHRASE).unwrap()
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_on_two_devices_converge_and_reach_the_supervisor() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;

    let jay = phone.add_young_person("Jay");
    let s1 = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T20:00");
    phone.draft(&s1, "p-1", "Climbing wall; Jay led the route.");
    settle(&[&phone, &laptop, &sup]).await;
    assert_eq!(
        laptop.tables(),
        phone.tables(),
        "the laptop has the phone's records"
    );
    assert_eq!(
        sup.tables(),
        phone.tables(),
        "the supervisor received every update"
    );

    // Both offline: the phone finishes the note, the laptop records another session.
    phone.draft(
        &s1,
        "p-1",
        "Climbing wall; Jay led the route and belayed Sam.",
    );
    let s2 = laptop.record_session(&jay, "2026-11-21T10:00", "2026-11-21T12:30");
    laptop.draft(&s2, "l-1", "Job centre visit; CV started.");
    assert_ne!(laptop.tables(), phone.tables());
    let waiting = phone.with(|app| app.sync_status().unwrap());
    assert_eq!(waiting.waiting, 1, "{waiting:?}");

    settle(&[&phone, &laptop, &sup]).await;
    let tables = phone.tables();
    assert_eq!(laptop.tables(), tables);
    assert_eq!(sup.tables(), tables);
    let detail = laptop.with(|app| app.session(&s1).unwrap());
    assert_eq!(
        detail.note.what_happened,
        "Climbing wall; Jay led the route and belayed Sam."
    );
    let status = phone.with(|app| app.sync_status().unwrap());
    assert_eq!((status.waiting, status.quarantined), (0, 0));
    assert!(
        status.summary.starts_with("All records sent"),
        "{}",
        status.summary
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_edits_to_one_note_are_both_kept() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&s, "p-1", "Football in the park.");
    settle(&[&phone, &laptop, &sup]).await;

    // Both edit the same note from the same head, offline.
    phone.draft(&s, "p-2", "Football in the park; Jay scored twice.");
    laptop.draft(
        &s,
        "l-2",
        "Football in the park; Jay argued with the referee.",
    );
    settle(&[&phone, &laptop, &sup]).await;

    for d in [&phone, &laptop, &sup] {
        let detail = d.with(|app| app.session(&s).unwrap());
        let texts: Vec<&str> = detail
            .revisions
            .iter()
            .map(|r| r.note.what_happened.as_str())
            .collect();
        assert_eq!(detail.revisions.len(), 3, "{texts:?}");
        assert!(texts.contains(&"Football in the park; Jay scored twice."));
        assert!(texts.contains(&"Football in the park; Jay argued with the referee."));
    }
    assert_eq!(phone.tables(), laptop.tables());
    assert_eq!(phone.tables(), sup.tables());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_the_service_made_up_wipes_nothing() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;
    // The laptop records something it has not sent yet.
    laptop.record_session(&jay, "2026-11-22T18:00", "2026-11-22T19:00");
    let before = laptop.tables();

    // The operator marks the laptop revoked in the service's database, with no signed record.
    org.db
        .set_device_status(laptop.id(), DeviceStatus::Revoked)
        .await
        .unwrap();
    let err = laptop.try_sync().await.unwrap_err();
    assert_eq!(err.code(), "revoked_unsigned");
    assert!(err.to_string().contains("nothing was wiped"), "{err}");
    assert!(laptop.dir.path().join("key.age").exists(), "key kept");
    assert!(laptop.dir.path().join("coach.db").exists(), "records kept");
    assert!(!laptop.with(|app| app.was_wiped()));
    let status = laptop.with(|app| app.sync_status().unwrap());
    assert_eq!(
        status.waiting, 1,
        "the unsent session stays in the outbox: {status:?}"
    );
    assert!(
        status
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("no signed revocation")),
        "{status:?}"
    );
    assert_eq!(laptop.tables(), before, "nothing was removed");
    // Nor does anyone rotate a key for it: the directory still says it is a reader.
    assert_eq!(phone.sync().await.rotated_scopes, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_revocation_hands_over_the_outbox_then_wipes_and_keys_are_rotated() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;
    assert_eq!(laptop.tables(), phone.tables());

    // The laptop is lost with a change it never sent: the supervisor revokes it from the app,
    // with a record signed by the supervisor's device.
    laptop.add_young_person("Unsent");
    let laptop_id = laptop.id();
    sup.engine
        .revoke_device(&sup.access(), laptop_id)
        .await
        .unwrap();
    let devices = sup.engine.team_devices(&sup.access()).await.unwrap();
    let listed = devices.iter().find(|d| d.device == laptop.id()).unwrap();
    assert_eq!(listed.status, DeviceStatus::Revoked);

    let err = laptop.try_sync().await.unwrap_err();
    assert_eq!(err.code(), "wiped");
    assert!(!laptop.dir.path().join("key.age").exists(), "key destroyed");
    assert!(
        !laptop.dir.path().join("coach.db").exists(),
        "records destroyed"
    );
    assert!(laptop.with(|app| app.was_wiped()));
    // Its unsent change reached the service sealed to the recovery recipient, and only the
    // recovery identity opens it.
    let salvage = org.db.salvage().await.unwrap();
    assert_eq!(salvage.len(), 1);
    assert_eq!(salvage[0].device, laptop_id);
    let opened = org.recovery().open(&salvage[0].sealed).unwrap();
    assert!(String::from_utf8(opened).unwrap().contains("Unsent"));
    assert!(
        insideout_crypto::RecoveryIdentity::generate()
            .open(&salvage[0].sealed)
            .is_err()
    );

    // The phone, a key holder, rotates the case's key on its next sync; new records still
    // reach the supervisor under the new key.
    let report = phone.sync().await;
    assert!(report.rotated_scopes >= 1, "{report:?}");
    phone.record_session(&jay, "2026-11-21T18:00", "2026-11-21T19:00");
    settle(&[&phone, &sup]).await;
    assert_eq!(sup.tables(), phone.tables());
    let epochs = phone.with(|app| {
        let me = insideout_sync::Enrolment::load(app.store_for_inspection().unwrap())
            .unwrap()
            .unwrap()
            .person;
        app.store_for_inspection()
            .unwrap()
            .scope_keys(me)
            .unwrap()
            .into_iter()
            .map(|(_, k)| k.epoch)
            .max()
    });
    assert_eq!(epochs, Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_pull_pages_loses_nothing() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    // More batches than one pull page holds.
    for day in 1..=20 {
        let s = phone.record_session(
            &jay,
            &format!("2026-10-{day:02}T18:00"),
            &format!("2026-10-{day:02}T19:00"),
        );
        phone.draft(&s, &format!("p-{day}"), &format!("Session on day {day}."));
        phone.sync().await;
    }
    settle(&[&phone, &sup]).await;

    // The laptop's first pulls die after a few local steps, more than once.
    for steps in [3, 6] {
        *laptop.fail_after.lock().unwrap() = Some(steps);
        assert!(laptop.try_sync().await.is_err());
    }
    *laptop.fail_after.lock().unwrap() = None;
    settle(&[&laptop]).await;
    assert_eq!(laptop.tables(), phone.tables());
    assert_eq!(sup.tables(), phone.tables());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_device_keeps_its_changes_until_approved() {
    let org = Org::start().await;
    let phone = Device::new("Alex");
    let sup = Device::new("Sam");
    phone.enrol(&org, "coach-1").await;
    sup.enrol(&org, "sup-1").await;
    org.approve(&sup).await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    let report = phone.sync().await;
    assert_eq!(report.status, Some(DeviceStatus::Pending));
    let status = phone.with(|app| app.sync_status().unwrap());
    assert!(
        status.summary.starts_with("Waiting for your supervisor"),
        "{}",
        status.summary
    );

    // The supervisor sees the pending device and approves it from the app, typing the code
    // the phone shows; a wrong code approves nothing.
    let devices = sup.engine.team_devices(&sup.access()).await.unwrap();
    let pending = devices
        .iter()
        .find(|d| d.device == phone.id())
        .expect("the phone is on the team's list");
    assert_eq!(pending.status, DeviceStatus::Pending);
    let err = sup
        .engine
        .approve_device(&sup.access(), phone.id(), "AAAA-BBBB-CCCC")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_mismatch");
    let phone_code = phone
        .with(|app| insideout_sync::Engine::own_code(app.store_for_inspection().unwrap()).unwrap());
    sup.engine
        .approve_device(&sup.access(), phone.id(), &phone_code)
        .await
        .unwrap();
    // Until the phone's owner compares the supervisor's code and confirms, nothing moves.
    phone.sync().await;
    let sup_code = sup
        .with(|app| insideout_sync::Engine::own_code(app.store_for_inspection().unwrap()).unwrap());
    let waiting = phone.with(|app| {
        insideout_sync::Engine::approval_waiting(app.store_for_inspection().unwrap())
            .unwrap()
            .unwrap()
    });
    assert_eq!(waiting.approver_code, sup_code);
    assert!(!waiting.by_organisation);
    assert!(sup.tables().is_empty() || !sup.tables().iter().any(|r| r.contains("Jay")));
    phone
        .engine
        .confirm_approval(&phone.access())
        .await
        .unwrap();
    settle(&[&phone, &sup]).await;
    assert_eq!(sup.tables(), phone.tables());
    assert!(!sup.tables().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_holds_no_names_and_no_note_text() {
    let org = Org::start().await;
    // Long names: the service's file is mostly ciphertext and base64, in which a three-letter
    // name such as "Sam" can turn up by chance (it did, in one CI run).
    let (phone, laptop, sup) = team_named(&org, "Alexandrina", "Samarendra").await;
    let names = ["Jaydenne", "Kerensa"];
    let notes = [
        "Jaydenne spoke about her brother for the first time",
        "Kerensa wants to train as a paramedic",
    ];
    for (name, note) in names.iter().zip(notes) {
        let yp = phone.add_young_person(name);
        let s = phone.record_session(&yp, "2026-11-20T18:00", "2026-11-20T19:00");
        phone.draft(&s, "p", note);
    }
    settle(&[&phone, &laptop, &sup]).await;
    assert_eq!(sup.tables(), phone.tables());
    assert!(sup.tables().iter().any(|row| row.contains("Kerensa")));
    // Colleagues learn each other's names inside the cases' ciphertext.
    let names_on = |d: &Device| {
        d.with(|app| {
            app.store_for_inspection()
                .unwrap()
                .colleague_names()
                .unwrap()
        })
    };
    let on_sup = names_on(&sup);
    for coach in [&phone, &laptop] {
        let name = on_sup
            .get(&coach.id())
            .expect("the coach's device named itself");
        assert_eq!(
            (name.person.as_str(), name.device.as_str()),
            ("Alexandrina", "Alexandrina's computer")
        );
    }
    let on_phone = names_on(&phone);
    assert_eq!(
        on_phone.get(&sup.id()).map(|n| n.person.as_str()),
        Some("Samarendra"),
        "{on_phone:?}"
    );

    let mut bytes = std::fs::read(org.db_path()).unwrap();
    for suffix in ["-wal", "-shm"] {
        let mut path = org.db_path().into_os_string();
        path.push(suffix);
        if let Ok(more) = std::fs::read(&path) {
            bytes.extend(more);
        }
    }
    assert!(bytes.len() > 10_000, "the service stored the batches");
    let haystack = String::from_utf8_lossy(&bytes);
    for secret in names
        .iter()
        .chain(["paramedic", "brother", "Essex", "Alexandrina", "Samarendra"].iter())
    {
        assert!(
            !haystack.contains(secret),
            "the service's file contains {secret:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recovery_identity_exports_a_case_and_nothing_else_can() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&s, "p", "Talked about moving to semi-independent living.");
    settle(&[&phone, &laptop, &sup]).await;

    let scope = format!("case:{jay}");
    let history = insideout_server::admin::export(&org.db, &scope, org.recovery())
        .await
        .unwrap();
    assert!(!history.is_empty());
    let text =
        serde_json::to_string(&history.iter().map(|b| &b.content).collect::<Vec<_>>()).unwrap();
    assert!(text.contains("semi-independent living"), "{text}");
    assert!(text.contains("young_person_added"));
    let seqs: Vec<u64> = history.iter().map(|b| b.server_seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());

    let stranger = insideout_crypto::RecoveryIdentity::generate();
    assert!(
        insideout_server::admin::export(&org.db, &scope, &stranger)
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervision_comments_reach_the_coach_and_replies_reach_the_supervisor() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&s, "p", "Jay talked about leaving care.");
    settle(&[&phone, &laptop, &sup]).await;

    let updates = sup.with(|app| app.team_updates().unwrap());
    assert!(
        updates
            .iter()
            .any(|u| u.kind == "session" && u.session_id == s && !u.by_this_device),
        "{updates:?}"
    );
    sup.with(|app| {
        app.add_comment(&s, "Good work. What did Jay say about the pathway plan?")
            .unwrap()
    });
    settle(&[&sup, &phone, &laptop]).await;
    let seen = laptop.with(|app| app.session(&s).unwrap()).comments;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].author, "Sam");
    assert!(!seen[0].mine);

    phone.with(|app| {
        app.add_comment(&s, "She wants to read it with her social worker.")
            .unwrap()
    });
    settle(&[&phone, &sup]).await;
    let thread = sup.with(|app| app.session(&s).unwrap()).comments;
    assert_eq!(
        thread
            .iter()
            .map(|c| (c.author.as_str(), c.mine))
            .collect::<Vec<_>>(),
        vec![("Sam", true), ("Alex", false)]
    );
    let err = sup.with(|app| app.add_comment(&s, "   ").unwrap_err());
    assert_eq!(err.code(), "invalid_input");

    // A supervisor's device refuses the coach's use-cases before saving anything.
    let ops = sup.with(|app| app.store_for_inspection().unwrap().op_count().unwrap());
    let err = sup.with(|app| app.add_young_person(young_person_input("Kai")).unwrap_err());
    assert_eq!(err.code(), "supervisor_read_only");
    let err = sup.with(|app| app.add_addendum(&s, "Rewritten").unwrap_err());
    assert_eq!(err.code(), "supervisor_read_only");
    assert_eq!(
        sup.with(|app| app.store_for_inspection().unwrap().op_count().unwrap()),
        ops
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coach_only_change_from_a_supervisor_device_is_quarantined_by_every_reader() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;

    // A supervisor's device writes an addendum (only a coach may) straight into its store, as
    // a faulty or tampered app would; the service lets a team supervisor write to the case.
    sup.with(|app| {
        let store = app.store_for_inspection().unwrap();
        store
            .commit(
                now().timestamp_millis() as u64,
                insideout_domain::op::OpBody::AddendumAdded {
                    id: insideout_domain::ids::AddendumId::from_uuid(uuid_v7()),
                    session: s.parse().unwrap(),
                    text: insideout_domain::note::AddendumText::parse("Rewritten by supervisor")
                        .unwrap(),
                },
            )
            .unwrap();
    });
    let before = phone.tables();
    settle(&[&sup, &phone, &laptop]).await;
    assert_eq!(
        phone.tables(),
        before,
        "the coach's tables did not take the change"
    );
    for d in [&phone, &laptop] {
        let status = d.with(|app| app.sync_status().unwrap());
        assert_eq!(status.quarantined, 1, "{status:?}");
        let reasons = d.with(|app| app.store_for_inspection().unwrap().quarantined().unwrap());
        assert!(
            reasons[0].reason.contains("only a coach may make"),
            "{reasons:?}"
        );
    }
    // The queue behind it still flows.
    phone.record_session(&jay, "2026-11-21T18:00", "2026-11-21T19:00");
    settle(&[&phone, &laptop]).await;
    assert_eq!(laptop.tables(), phone.tables());
}

fn uuid_v7() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// The first page (one batch) the service would hand `reader` on its next pull.
async fn first_pull_page(org: &Org, reader: &Device) -> insideout_server::db::Page {
    let cursors = reader.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let me = insideout_sync::Enrolment::load(store)
            .unwrap()
            .unwrap()
            .person;
        store.cursors(me).unwrap()
    });
    let device = org
        .db
        .devices()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.id == reader.id())
        .unwrap();
    insideout_server::db::pull(&org.db, &device, &cursors, 1)
        .await
        .unwrap()
        .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concern_reaches_the_supervisor_before_older_routine_ops() {
    use insideout_app::dto::{ConcernInput, ToldInput};
    use insideout_protocol::Priority;
    let org = Org::start().await;
    let (phone, _laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let kai = phone.add_young_person("Kai");
    settle(&[&phone, &sup]).await;

    // Offline: a fortnight of routine records for both, then a concern about Kai, then more.
    for day in 1..=14 {
        for (who, hour) in [(&jay, 16), (&kai, 18)] {
            let s = phone.record_session(
                who,
                &format!("2026-10-{day:02}T{hour}:00"),
                &format!("2026-10-{day:02}T{}:00", hour + 1),
            );
            phone.draft(&s, &format!("d-{day}-{hour}"), "Routine session.");
        }
    }
    phone
        .with(|app| {
            app.raise_concern(
                &kai,
                ConcernInput {
                    category: "exploitation".into(),
                    urgency: "today".into(),
                    noticed_at: "2026-10-14T18:40".into(),
                    what: "Kai said an older man gives him lifts and money.".into(),
                    told: vec![ToldInput {
                        who: "social_worker".into(),
                        at: "2026-10-14T19:30".into(),
                    }],
                    actions: "Strategy discussion requested.".into(),
                },
            )
        })
        .unwrap();
    let later = phone.record_session(&jay, "2026-10-15T16:00", "2026-10-15T17:00");
    phone.draft(&later, "d-later", "Routine session.");
    // Until the service has it, the sync line names the concern first.
    let before = phone.with(|app| app.sync_status().unwrap());
    assert_eq!(before.concerns_waiting, 1);
    assert!(
        before.summary.starts_with("1 concern not sent · "),
        "{}",
        before.summary
    );
    phone.sync().await;
    let after = phone.with(|app| app.sync_status().unwrap());
    assert_eq!(after.concerns_waiting, 0);

    // The service hands the supervisor the concern's batch before anything older.
    let page = first_pull_page(&org, &sup).await;
    assert_eq!(page.batches.len(), 1);
    assert_eq!(page.batches[0].priority, Priority::Safeguarding);
    assert!(!page.done, "the routine batches are still to come");

    // And the supervisor's Team page puts it first.
    sup.sync().await;
    let updates = sup.with(|app| app.team_updates().unwrap());
    assert_eq!(updates[0].kind, "concern");
    assert_eq!(
        updates[0].what,
        "Safeguarding concern: Sexual or criminal exploitation (Someone must act today)"
    );
    let detail = sup.with(|app| app.young_person(&kai).unwrap());
    assert_eq!(detail.concerns.len(), 1);
    assert_eq!(detail.concerns[0].told[0].who_label, "Social worker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_episode_reaches_the_supervisor_first_and_its_return_follows() {
    use insideout_app::dto::MissingEpisodeInput;
    use insideout_protocol::Priority;
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    settle(&[&phone, &laptop, &sup]).await;

    // Offline on the phone: a week of routine records, then Jay goes missing.
    for day in 1..=7 {
        let s = phone.record_session(
            &jay,
            &format!("2026-10-{day:02}T16:00"),
            &format!("2026-10-{day:02}T18:00"),
        );
        phone.draft(&s, &format!("d-{day}"), "Routine session.");
    }
    let episode = phone
        .with(|app| {
            app.record_missing_episode(
                &jay,
                MissingEpisodeInput {
                    went_missing: "2026-10-07T21:00".into(),
                    police_reference: "EX-0710-12".into(),
                    ..MissingEpisodeInput::default()
                },
            )
        })
        .unwrap()
        .missing_episodes[0]
        .clone();
    phone.sync().await;

    // The supervisor's first page is the episode's safeguarding batch.
    let page = first_pull_page(&org, &sup).await;
    assert_eq!(page.batches[0].priority, Priority::Safeguarding);
    sup.sync().await;
    let updates = sup.with(|app| app.team_updates().unwrap());
    assert_eq!(updates[0].kind, "missing");
    assert!(
        updates[0].what.starts_with("Missing since"),
        "{}",
        updates[0].what
    );

    // The return is recorded on the laptop; it reaches the supervisor with the clock running.
    laptop.sync().await;
    laptop
        .with(|app| {
            app.update_missing_episode(
                &episode.id,
                MissingEpisodeInput {
                    came_back: true,
                    returned_at: "2026-10-08T09:00".into(),
                    where_found: "Bus station".into(),
                    ..episode.input.clone()
                },
            )
        })
        .unwrap();
    laptop.sync().await;
    sup.sync().await;
    phone.sync().await;
    for device in [&sup, &phone] {
        let detail = device.with(|app| app.young_person(&jay).unwrap());
        let e = &detail.missing_episodes[0];
        assert_eq!(e.input.where_found, "Bus station");
        assert_eq!(e.input.police_reference, "EX-0710-12");
        assert_eq!(e.interview_due.as_deref(), Some("2026-10-11T09:00"));
    }
}

/// A residential ready but for its risk assessment, planned on the phone.
fn plan_residential_but_for_its_assessment(phone: &Device, jay: &str) -> String {
    use insideout_app::dto::*;
    let first = now().date_naive() + chrono::TimeDelta::days(10);
    let day = |n: i64| (first + chrono::TimeDelta::days(n)).to_string();
    phone.with(|app| {
        app.set_authority(
            jay,
            AuthorityInput {
                area: "overnight".into(),
                holder: "social_worker".into(),
                name: "Priya Shah".into(),
                conditions: String::new(),
            },
        )
        .unwrap();
        app.add_contact(
            jay,
            ContactInput {
                name: "Priya Shah".into(),
                role: "social_worker".into(),
                organisation: String::new(),
                phone: "0333 013 2000".into(),
                email: String::new(),
                notes: String::new(),
            },
        )
        .unwrap();
        let going = |who: &str, name: &str| GoingInput {
            who: who.into(),
            name: name.into(),
        };
        app.plan_residential(
            jay,
            ResidentialInput {
                title: "Family weekend".into(),
                venue: "Brandon Lodge".into(),
                venue_phone: "01842 810000".into(),
                arrives: day(0),
                leaves: day(1),
                going: vec![
                    going("young_person", ""),
                    going("family_member", "Donna"),
                    going("staff", "Alex"),
                ],
                itinerary: vec![
                    DayPlanInput {
                        day: day(0),
                        plan: "Arrive, walk".into(),
                    },
                    DayPlanInput {
                        day: day(1),
                        plan: "Canoe, home".into(),
                    },
                ],
                transport: "Minibus".into(),
                consent: ConsentInput {
                    holder: "social_worker".into(),
                    given_by: "Priya Shah".into(),
                    evidence: "Email".into(),
                    given_on: now().date_naive().to_string(),
                    ..ConsentInput::default()
                },
                ..ResidentialInput::default()
            },
        )
        .unwrap()
        .id
    })
}

fn risk_input(staffing: &str) -> insideout_app::dto::RiskInput {
    use insideout_app::dto::*;
    RiskInput {
        hazards: vec![HazardInput {
            hazard: "Open water".into(),
            controls: "Buoyancy aids; instructors".into(),
        }],
        personal: vec![PersonalRiskInput {
            risk: "missing".into(),
            plan: "Check-ins at 9 pm and 11 pm".into(),
        }],
        staffing: staffing.into(),
        emergency_plan: "Call 999; hospital 25 minutes away".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_risk_assessment_is_returned_then_signed_off_from_the_supervisors_device() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let plan = plan_residential_but_for_its_assessment(&phone, &jay);
    phone.with(|app| {
        app.assess_risk(&plan, risk_input("Alex, 1:2"), true)
            .unwrap()
    });
    settle(&[&phone, &laptop, &sup]).await;

    // The supervisor sees it waiting, and returns it with comments.
    let waiting = sup.with(|app| app.sign_offs().unwrap());
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(
        (
            waiting[0].young_person_name.as_str(),
            waiting[0].risk.standing
        ),
        ("Jay", insideout_app::dto::StandingKind::Awaiting)
    );
    let read = waiting[0].risk.version.clone();
    let err = sup.with(|app| app.sign_off(&plan, &read, "returned", " ").unwrap_err());
    assert_eq!(err.field(), Some(Field::Comments));
    sup.with(|app| {
        app.sign_off(&plan, &read, "returned", "Two staff overnight, please")
            .unwrap()
    });
    settle(&[&sup, &phone, &laptop]).await;
    let v = laptop.with(|app| app.residential(&plan).unwrap());
    assert!(!v.ready);
    assert_eq!(v.risk.standing, insideout_app::dto::StandingKind::Returned);
    assert_eq!(v.risk.comments, "Two staff overnight, please");
    // A returned version cannot be approved without the coach sending it again.
    let err = sup.with(|app| app.sign_off(&plan, &read, "approved", "").unwrap_err());
    assert_eq!(err.field(), Some(Field::Decision));

    // The coach changes it and sends it again; the supervisor approves; every device agrees.
    laptop.with(|app| {
        app.assess_risk(&plan, risk_input("Alex and Chris, 1:1 overnight"), true)
            .unwrap()
    });
    settle(&[&laptop, &sup]).await;
    let v2 = sup.with(|app| app.risk(&plan).unwrap());
    assert_eq!(v2.standing, insideout_app::dto::StandingKind::Awaiting);
    assert_eq!(
        v2.comments, "Two staff overnight, please",
        "the comments stay in view while the coach works on them"
    );
    assert!(v2.comments_on_earlier_version);

    // While the supervisor reads, the coach changes the plan itself (another venue): the
    // decision on what was read is refused; read again, it goes through.
    laptop.with(|app| {
        let mut input = app.residential(&plan).unwrap().input;
        input.venue = "Clacton holiday park".into();
        app.update_residential(&plan, input).unwrap()
    });
    settle(&[&laptop, &sup]).await;
    let err = sup.with(|app| {
        app.sign_off(&plan, &v2.version, "approved", "")
            .unwrap_err()
    });
    assert_eq!(err.field(), Some(Field::Decision), "{err}");
    let v3 = sup.with(|app| app.risk(&plan).unwrap());
    assert_eq!(
        v3.standing,
        insideout_app::dto::StandingKind::Awaiting,
        "a changed plan needs the supervisor again"
    );
    sup.with(|app| app.sign_off(&plan, &v3.version, "approved", "").unwrap());
    settle(&[&sup, &phone, &laptop]).await;
    for d in [&phone, &laptop] {
        let v = d.with(|app| app.residential(&plan).unwrap());
        assert!(v.ready, "{:?}", v.checklist);
        assert_eq!(v.risk.label, "Signed off by Sam");
    }
    assert_eq!(phone.tables(), laptop.tables());

    // Changed on the phone after the approval: every device sees it needs signing off again.
    phone.with(|app| {
        app.assess_risk(&plan, risk_input("Alex only"), false)
            .unwrap()
    });
    settle(&[&phone, &laptop, &sup]).await;
    for d in [&phone, &laptop, &sup] {
        let r = d.with(|app| app.risk(&plan).unwrap());
        assert_eq!(r.standing, insideout_app::dto::StandingKind::Draft, "{r:?}");
    }
    assert!(!laptop.with(|app| app.residential(&plan).unwrap()).ready);

    // A coach's device that writes a sign-off of exactly the current version itself is
    // quarantined by every reader, and the plan stays unapproved everywhere else.
    phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let assessment = store.risk(&plan).unwrap().unwrap().assessment;
        let text = insideout_domain::risk::residential_text(
            &store
                .residential(plan.parse().unwrap())
                .unwrap()
                .residential,
        );
        store
            .commit(
                now().timestamp_millis() as u64,
                insideout_domain::op::OpBody::RiskSignedOff {
                    plan: insideout_domain::risk::PlanRef::Residential(plan.parse().unwrap()),
                    young_person: jay.parse().unwrap(),
                    sign_off: insideout_domain::risk::SignOff::new(
                        insideout_domain::risk::Decision::Approved,
                        "",
                        insideout_domain::text::Line::parse(Field::By, "name", "Alex").unwrap(),
                        assessment,
                        text,
                    )
                    .unwrap(),
                },
            )
            .unwrap();
    });
    settle(&[&phone, &laptop, &sup]).await;
    for d in [&laptop, &sup] {
        let reasons = d.with(|app| app.store_for_inspection().unwrap().quarantined().unwrap());
        assert!(
            reasons
                .iter()
                .any(|q| q.reason.contains("signed off a plan")),
            "{reasons:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_lists_its_signed_readers_and_a_new_one_is_a_notice() {
    let org = Org::start().await;
    let phone = Device::new("Alex");
    let sup = Device::new("Sam");
    phone.enrol(&org, "coach-1").await;
    sup.enrol(&org, "sup-1").await;
    org.approve(&phone).await;
    let jay = phone.add_young_person("Jay");
    let readers = |d: &Device| d.with(|app| app.young_person(&jay).unwrap().readers);
    let mine = readers(&phone);
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert!(mine[0].this_device && !mine[0].new);
    assert_eq!(mine[0].approved_by, "the organisation key");

    // The supervisor's device is approved: the coach's record names it, as new, until the
    // coach acknowledges it.
    org.approve(&sup).await;
    settle(&[&phone, &sup]).await;
    let now = readers(&phone);
    assert_eq!(now.len(), 2, "{now:?}");
    let theirs = now.iter().find(|r| !r.this_device).unwrap();
    assert!(theirs.new);
    // By the name the supervisor's device gave itself inside the case, not the service's label.
    assert_eq!(theirs.who, "Sam (supervisor)");
    assert!(theirs.device.starts_with("Sam's computer (…"), "{theirs:?}");
    assert_eq!(theirs.role, Some(insideout_app::dto::Role::Supervisor));
    let after = phone.with(|app| app.acknowledge_readers(&jay).unwrap());
    assert!(after.iter().all(|r| !r.new), "{after:?}");
    assert!(readers(&phone).iter().all(|r| !r.new));
    // The supervisor sees the same readers of the coach's record.
    let theirs = readers(&sup);
    assert_eq!(theirs.len(), 2, "{theirs:?}");
    assert!(theirs.iter().any(|r| r.who == "Alex (coach)"), "{theirs:?}");
}

/// Text that compresses little: `n` hex digits from a simple generator.
fn incompressible(seed: u64, n: usize) -> String {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b"0123456789abcdef"[(x % 16) as usize])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_too_large_for_the_service_is_split_and_a_change_too_large_is_set_aside() {
    // A service that takes at most 24 KiB per request (hex compresses to about half).
    let org = Org::start_with(insideout_server::api::Config {
        requests_per_second: 10_000,
        max_body_bytes: 24 * 1024,
        ..insideout_server::api::Config::default()
    })
    .await;
    let (phone, _laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    settle(&[&phone, &sup]).await;

    // Offline for a while: 20 sessions with 4 KB notes (one batch of about 50 KB sealed), then
    // one note of 45 KB that no batch can carry, then one more session.
    let mut sessions = Vec::new();
    for day in 1..=20 {
        let s = phone.record_session(
            &jay,
            &format!("2026-11-{day:02}T18:00"),
            &format!("2026-11-{day:02}T19:00"),
        );
        phone.draft(&s, "p-1", &incompressible(day, 4_000));
        sessions.push(s);
    }
    let huge = phone.record_session(&jay, "2026-11-21T18:00", "2026-11-21T19:00");
    phone.draft(&huge, "p-1", &incompressible(99, 45_000));
    let last = phone.record_session(&jay, "2026-11-22T18:00", "2026-11-22T19:00");
    settle(&[&phone, &sup]).await;

    // Everything but the huge note reached the supervisor; the huge note is kept on the phone
    // and said so, and nothing waits behind it.
    for s in sessions.iter().chain([&last, &huge]) {
        assert!(
            sup.with(|app| app.session(s)).is_ok(),
            "session {s} did not arrive"
        );
    }
    let on_sup = sup
        .with(|app| app.session(&huge).unwrap())
        .note
        .what_happened;
    assert!(on_sup.is_empty(), "the huge note arrived after all");
    let on_phone = phone
        .with(|app| app.session(&huge).unwrap())
        .note
        .what_happened;
    assert_eq!(on_phone.len(), 45_000, "the phone lost the huge note");
    let status = phone.with(|app| app.sync_status().unwrap());
    assert_eq!((status.set_aside, status.waiting), (1, 0), "{status:?}");
    assert!(
        status
            .set_aside_reason
            .as_deref()
            .is_some_and(|r| r.contains("larger than the service accepts")),
        "{status:?}"
    );
    assert_eq!(status.last_error, None);

    // Trying again puts it back in line; the service still refuses it, and it is set aside
    // again with nothing lost.
    let again = phone.with(|app| app.send_set_aside_again().unwrap());
    assert_eq!((again.set_aside, again.waiting), (0, 1));
    phone.sync().await;
    let status = phone.with(|app| app.sync_status().unwrap());
    assert_eq!((status.set_aside, status.waiting), (1, 0), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_loop_syncs_when_woken_backs_off_when_the_service_is_down_and_idles_when_locked()
 {
    use insideout_sync::background::{self, Attempt, INTERVAL, Trigger};
    use std::time::Duration;
    let org = Org::start().await;
    let (phone, _laptop, _sup) = team(&org).await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(&'static str, usize, Duration)>();
    let trigger = Trigger::default();
    let access = phone.access();
    let looping = background::run(&phone.engine, &access, &trigger, |attempt, wait| {
        let (kind, pushed) = match attempt {
            Attempt::Synced(report) => ("synced", report.pushed_batches),
            Attempt::Idle => ("idle", 0),
            Attempt::Failed(_) => ("failed", 0),
        };
        tx.send((kind, pushed, wait)).unwrap();
    });
    tokio::pin!(looping);
    macro_rules! next_attempt {
        () => {
            tokio::select! {
                () = &mut looping => unreachable!("the loop ended"),
                got = rx.recv() => got.unwrap(),
            }
        };
    }

    // The first attempt comes by itself, a second after start. It sends at most the device's
    // name for the team, which opens the coach's own records if this device is the one that
    // opens them (decision 0014).
    let (kind, pushed, wait) = next_attempt!();
    assert_eq!((kind, wait), ("synced", INTERVAL));
    assert!(pushed <= 1, "the first sync pushed {pushed} batches");
    // A change, and a wake: sent at once, not in half a minute.
    phone.add_young_person("Jay");
    trigger.wake();
    let (kind, pushed, wait) = next_attempt!();
    assert_eq!((kind, wait), ("synced", INTERVAL));
    assert!(pushed >= 1, "nothing was pushed");
    assert_eq!(phone.with(|app| app.sync_status().unwrap()).waiting, 0);

    // The service goes away: each failure waits longer, and the person sees why.
    let service = org.url.clone();
    let move_service = |url: &str| {
        phone.with(|app| {
            app.store_for_inspection()
                .unwrap()
                .sync_set("service", url)
                .unwrap()
        });
    };
    move_service("http://127.0.0.1:9");
    phone.add_young_person("Riley");
    trigger.wake();
    assert_eq!(next_attempt!(), ("failed", 0, Duration::from_secs(5)));
    trigger.wake();
    assert_eq!(next_attempt!(), ("failed", 0, Duration::from_secs(10)));
    let status = phone.with(|app| app.sync_status().unwrap());
    assert!(status.last_error.is_some(), "{status:?}");
    assert_eq!(status.waiting, 1, "the change made offline was lost");

    // Back: the change goes, and the wait is back to the interval.
    move_service(&service);
    trigger.wake();
    let (kind, pushed, wait) = next_attempt!();
    assert_eq!((kind, wait), ("synced", INTERVAL));
    assert!(pushed >= 1);
    assert_eq!(
        phone.with(|app| app.sync_status().unwrap()).last_error,
        None
    );

    // Locked: nothing to do until the person unlocks.
    phone.with(|app| app.lock());
    trigger.wake();
    assert_eq!(next_attempt!(), ("idle", 0, INTERVAL));
}

/// A concern from raised to closed: the coach follows it up, one supervisor acknowledges it,
/// decides and closes it; every device sees every step; the on-call supervisor sees it overdue
/// until it is acknowledged, and the team's updates drop it once it is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concern_goes_from_raised_to_closed_and_every_device_sees_each_step() {
    use insideout_app::dto::{ConcernDecisionInput, ConcernInput};
    use insideout_domain::concern::ConcernState;
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let on_call = on_call_supervisor(&org).await;
    let jay = phone.add_young_person("Jay");
    let all = [&phone, &laptop, &sup, &on_call];
    settle(&all).await;

    let raised = phone
        .with(|app| {
            app.raise_concern(
                &jay,
                ConcernInput {
                    category: "exploitation".into(),
                    urgency: "immediate".into(),
                    noticed_at: now().format("%Y-%m-%dT%H:%M").to_string(),
                    what: "Jay said an older man waits for him outside the home.".into(),
                    told: Vec::new(),
                    actions: String::new(),
                },
            )
        })
        .unwrap();
    let concern = raised.concerns[0].id.clone();
    assert_eq!(raised.concerns[0].state, ConcernState::Open);
    // A coach's device refuses a supervisor's step before saving anything.
    let ops = phone.with(|app| app.store_for_inspection().unwrap().op_count().unwrap());
    let err = phone.with(|app| app.acknowledge_concern(&concern).unwrap_err());
    assert!(err.to_string().contains("only a supervisor"), "{err}");
    let err = phone.with(|app| app.close_concern(&concern, "Safe").unwrap_err());
    assert!(err.to_string().contains("only a supervisor"), "{err}");
    assert_eq!(
        phone.with(|app| app.store_for_inspection().unwrap().op_count().unwrap()),
        ops
    );
    phone.with(|app| {
        app.follow_up_concern(&concern, "Rang the emergency duty team at 21:40.")
            .unwrap()
    });
    settle(&all).await;

    // Two hours on, nobody has acknowledged it: both supervisors see it overdue.
    for s in [&sup, &on_call] {
        hours_on(s, 2);
        let updates = s.with(|app| app.team_updates().unwrap());
        assert_eq!(updates[0].kind, "concern");
        assert_eq!(updates[0].concern_state, Some(ConcernState::Open));
        assert!(updates[0].overdue, "{:?}", updates[0]);
        let detail = s.with(|app| app.young_person(&jay).unwrap());
        assert_eq!(detail.concerns[0].steps[0].title, "Follow-up");
        assert_eq!(detail.concerns[0].steps[0].author, "Alex");
    }
    for s in [&sup, &on_call] {
        hours_on(s, -2);
    }

    sup.with(|app| app.acknowledge_concern(&concern).unwrap());
    settle(&all).await;
    for s in [&sup, &on_call] {
        hours_on(s, 2);
        let updates = s.with(|app| app.team_updates().unwrap());
        assert_eq!(updates[0].concern_state, Some(ConcernState::Acknowledged));
        assert!(!updates[0].overdue, "acknowledged, so not overdue");
        hours_on(s, -2);
    }
    let seen = phone.with(|app| app.young_person(&jay).unwrap());
    assert_eq!(seen.concerns[0].state_label, "Acknowledged by Sam");

    // No further action needs its reason.
    let err = on_call.with(|app| {
        app.decide_concern(
            &concern,
            ConcernDecisionInput {
                decision: "no_further_action".into(),
                reason: " ".into(),
            },
        )
        .unwrap_err()
    });
    assert_eq!(err.field(), Some(insideout_domain::Field::Reason));
    on_call.with(|app| {
        app.decide_concern(
            &concern,
            ConcernDecisionInput {
                decision: "strategy_discussion".into(),
                reason: "Exploitation risk: strategy discussion with the local authority.".into(),
            },
        )
        .unwrap()
    });
    settle(&[&on_call, &sup]).await;
    sup.with(|app| {
        app.close_concern(&concern, "Strategy discussion held; safety plan in place.")
            .unwrap()
    });
    settle(&all).await;

    for d in all {
        let detail = d.with(|app| app.young_person(&jay).unwrap());
        let c = &detail.concerns[0];
        assert_eq!(c.state, ConcernState::Closed);
        assert_eq!(
            c.steps.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>(),
            ["follow_up", "acknowledged", "decided", "closed"]
        );
        assert!(
            c.steps[2].title.contains("Strategy discussion"),
            "{:?}",
            c.steps[2]
        );
        // Closed, it leaves the team's updates.
        let updates = d.with(|app| app.team_updates().unwrap());
        assert!(updates.iter().all(|u| u.kind != "concern"), "{updates:?}");
        // Every step is in the chronology.
        let chronology = d.with(|app| app.chronology(&jay).unwrap());
        let kinds: Vec<&str> = chronology
            .entries
            .iter()
            .map(|e| e.kind.as_str())
            .filter(|k| k.starts_with("concern"))
            .collect();
        assert_eq!(
            kinds,
            [
                "concern",
                "concern_follow_up",
                "concern_acknowledged",
                "concern_decided",
                "concern_closed"
            ]
        );
    }
    // A closed concern takes no more steps.
    let err = phone.with(|app| app.follow_up_concern(&concern, "More").unwrap_err());
    assert!(err.to_string().contains("closed"), "{err}");
    assert_eq!(laptop.tables(), phone.tables());
}

/// The team page: with two coaches and a supervisor, the supervisor sees each coach by name
/// with their own young people and each one's figures; a coach sees only themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_page_shows_each_coach_by_name_with_their_young_peoples_figures() {
    use insideout_app::dto::{ConcernInput, MissingEpisodeInput};
    let org = Org::start().await;
    let (phone, _laptop, sup) = team(&org).await;
    let kim = Device::new("Kim");
    kim.enrol(&org, "coach-2").await;
    org.approve(&kim).await;
    let jay = phone.add_young_person("Jay");
    let kai = kim.add_young_person("Kai");
    let at = |hours_ago: i64| {
        (now() - chrono::TimeDelta::hours(hours_ago))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    // Jay: a session three hours ago (its note a fresh draft), one two days ago whose note was
    // never finalised, a missing episode he came back from this morning with no interview
    // yet, an open concern, and a residential waiting for sign-off.
    let recent = phone.record_session(&jay, &at(3), &at(1));
    phone.draft(&recent, "r", "Fresh note.");
    let old = phone.record_session(&jay, &at(50), &at(48));
    phone.draft(&old, "o", "Left as a draft.");
    phone.with(|app| {
        app.record_missing_episode(
            &jay,
            MissingEpisodeInput {
                went_missing: at(10),
                came_back: true,
                returned_at: at(5),
                ..MissingEpisodeInput::default()
            },
        )
        .unwrap()
    });
    phone.with(|app| {
        app.raise_concern(
            &jay,
            ConcernInput {
                category: "missing".into(),
                urgency: "this_week".into(),
                noticed_at: at(4),
                what: "Came back with new trainers he would not explain.".into(),
                told: Vec::new(),
                actions: String::new(),
            },
        )
        .unwrap()
    });
    let plan = plan_residential_but_for_its_assessment(&phone, &jay);
    phone.with(|app| {
        app.assess_risk(&plan, risk_input("Alex, 1:2"), true)
            .unwrap()
    });
    settle(&[&phone, &kim, &sup]).await;

    let overview = sup.with(|app| app.team_overview().unwrap());
    let coaches: Vec<(&str, Vec<&str>)> = overview
        .coaches
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.young_people
                    .iter()
                    .map(|y| y.preferred_name.as_str())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(coaches, [("Alex", vec!["Jay"]), ("Kim", vec!["Kai"])]);
    let j = &overview.coaches[0].young_people[0];
    assert_eq!(j.id, jay);
    assert_eq!(j.trend.len(), 12);
    let total: u32 = j.trend.iter().flatten().sum();
    assert_eq!(total, 240, "two sessions of two hours: {:?}", j.trend);
    assert_eq!(j.trend.last(), Some(&Some(j.week.minutes)));
    assert_eq!(
        j.week.daytime + j.week.evening + j.week.weekend,
        j.week.minutes
    );
    assert_eq!(j.target_minutes, 25 * 60);
    assert_eq!((j.open_concerns, j.overdue_concerns), (1, 0));
    assert_eq!((j.interviews_due, j.interviews_overdue), (1, 0));
    assert_eq!(j.unfinalised, 1, "only the note two days old counts");
    assert_eq!(j.plans_awaiting_sign_off, 1);
    assert!(!j.ending_soon);
    let k = &overview.coaches[1].young_people[0];
    assert_eq!(
        (
            k.open_concerns,
            k.interviews_due,
            k.unfinalised,
            k.plans_awaiting_sign_off
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(k.trend.iter().flatten().sum::<u32>(), 0);

    // Each coach sees the same page for themselves alone.
    let mine = phone.with(|app| app.team_overview().unwrap());
    assert_eq!(mine.coaches.len(), 1);
    assert!(mine.coaches[0].this_device);
    assert_eq!(mine.coaches[0].young_people[0].unfinalised, 1);
    let kims = kim.with(|app| app.team_overview().unwrap());
    assert_eq!(kims.coaches.len(), 1);
    assert_eq!(kims.coaches[0].name, "Kim");
    assert_eq!(kims.coaches[0].young_people[0].id, kai);
}

/// A safety plan changed on two devices at once keeps both changes, field by field, and the
/// supervisor reads it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_safety_plan_changed_on_two_devices_keeps_both_changes() {
    use insideout_app::dto::SafetyPlanInput;
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let plan = SafetyPlanInput {
        description: "Tall, grey hoodie.".into(),
        who_to_call: "Oak House 01245 000222.".into(),
        risks: vec!["gangs".into()],
        ..SafetyPlanInput::default()
    };
    phone.with(|app| app.set_safety_plan(&jay, plan.clone()).unwrap());
    settle(&[&phone, &laptop, &sup]).await;
    // Offline, each device changes a different part.
    phone.with(|app| {
        app.set_safety_plan(
            &jay,
            SafetyPlanInput {
                what_helps: "Football.".into(),
                ..plan.clone()
            },
        )
        .unwrap()
    });
    laptop.with(|app| {
        app.set_safety_plan(
            &jay,
            SafetyPlanInput {
                triggers: "Cancelled contact with his father.".into(),
                ..plan.clone()
            },
        )
        .unwrap()
    });
    settle(&[&phone, &laptop, &sup]).await;
    for d in [&phone, &laptop, &sup] {
        let seen = d
            .with(|app| app.young_person(&jay).unwrap())
            .safety_plan
            .unwrap()
            .input;
        assert_eq!(seen.what_helps, "Football.");
        assert_eq!(seen.triggers, "Cancelled contact with his father.");
    }
    assert_eq!(phone.tables(), laptop.tables());
}

/// A tampered app on a coach's device closes a concern itself: every reader quarantines the
/// step, and the concern stays open everywhere else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concern_closed_from_a_coachs_device_is_quarantined_by_every_reader() {
    use insideout_app::dto::ConcernInput;
    use insideout_domain::concern::{ConcernState, ConcernStep};
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let raised = phone
        .with(|app| {
            app.raise_concern(
                &jay,
                ConcernInput {
                    category: "online".into(),
                    urgency: "today".into(),
                    noticed_at: now().format("%Y-%m-%dT%H:%M").to_string(),
                    what: "Jay showed messages from an adult asking to meet.".into(),
                    told: Vec::new(),
                    actions: String::new(),
                },
            )
        })
        .unwrap();
    let concern = raised.concerns[0].id.clone();
    settle(&[&phone, &laptop, &sup]).await;
    phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        store
            .commit(
                now().timestamp_millis() as u64,
                insideout_domain::op::OpBody::ConcernUpdated {
                    id: insideout_domain::ids::ConcernStepId::from_uuid(uuid_v7()),
                    concern: concern.parse().unwrap(),
                    young_person: jay.parse().unwrap(),
                    author: insideout_domain::text::Line::parse(Field::Author, "name", "Alex")
                        .unwrap(),
                    step: ConcernStep::closed("Nothing in it.").unwrap(),
                },
            )
            .unwrap();
    });
    settle(&[&phone, &laptop, &sup]).await;
    for d in [&laptop, &sup] {
        let reasons = d.with(|app| app.store_for_inspection().unwrap().quarantined().unwrap());
        assert!(
            reasons
                .iter()
                .any(|q| q.reason.contains("closed a safeguarding concern")),
            "{reasons:?}"
        );
        let detail = d.with(|app| app.young_person(&jay).unwrap());
        assert_eq!(detail.concerns[0].state, ConcernState::Open);
        let updates = d.with(|app| app.team_updates().unwrap());
        assert_eq!(updates[0].concern_state, Some(ConcernState::Open));
    }
}

/// Lone working: a coach checks in; the supervisor and the on-call supervisor see who is out
/// now, both see the check-out overdue once the expected finish has passed, and the check-out
/// clears it everywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_check_out_is_seen_by_both_supervisors_until_the_coach_checks_out() {
    use insideout_app::dto::CheckInInput;
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let on_call = on_call_supervisor(&org).await;
    let jay = phone.add_young_person("Jay");
    let all = [&phone, &laptop, &sup, &on_call];
    settle(&all).await;

    let finish = (now() + chrono::TimeDelta::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let input = CheckInInput {
        with_whom: "Jay".into(),
        area: "Chelmsford town centre".into(),
        expected_end: finish,
    };
    let out = phone.with(|app| app.check_in(&jay, input.clone()).unwrap());
    assert!(out.this_device && !out.overdue);
    // One check-in at a time.
    let err = phone.with(|app| app.check_in(&jay, input.clone()).unwrap_err());
    assert!(err.to_string().contains("still checked in"), "{err}");
    // An address-free area and who they are with are both needed, named at once.
    let err = phone.with(|app| app.check_in(&jay, CheckInInput::default()).unwrap_err());
    let problems: Vec<_> = insideout_app::dto::ErrorDto::from(err)
        .problems
        .iter()
        .filter_map(|p| p.field)
        .collect();
    assert_eq!(problems, [Field::WithWhom, Field::Area, Field::ExpectedEnd]);
    settle(&all).await;

    for s in [&sup, &on_call] {
        let seen = s.with(|app| app.out_now().unwrap());
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].coach_name, "Alex");
        assert_eq!(seen[0].young_person_name, "Jay");
        assert_eq!(seen[0].area, "Chelmsford town centre");
        assert!(!seen[0].overdue);
    }
    // Two hours on, the coach has not checked out: both supervisors see it overdue.
    for s in [&sup, &on_call] {
        hours_on(s, 2);
        let seen = s.with(|app| app.out_now().unwrap());
        assert!(seen[0].overdue, "{seen:?}");
        hours_on(s, -2);
    }
    phone.with(|app| app.check_out(&out.id).unwrap());
    // Checking out twice (from another of the coach's devices, say) changes nothing.
    let ops = phone.with(|app| app.store_for_inspection().unwrap().op_count().unwrap());
    phone.with(|app| app.check_out(&out.id).unwrap());
    assert_eq!(
        phone.with(|app| app.store_for_inspection().unwrap().op_count().unwrap()),
        ops
    );
    settle(&all).await;
    for d in all {
        assert!(d.with(|app| app.out_now().unwrap()).is_empty());
    }
    assert_eq!(laptop.tables(), phone.tables());
}

/// Management oversight and the coach's inbox: a supervisor records a case discussion with an
/// action; it reaches the coach's page and chronology, and the coach's inbox gathers the action,
/// the supervisor's comment and their acknowledgement of a concern, new until it is opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_discussion_reaches_the_coach_and_the_inbox_counts_what_is_new() {
    use insideout_app::dto::{ActionInput, CaseDiscussionInput, ConcernInput};
    let org = Org::start().await;
    let (phone, _laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    let concern = phone
        .with(|app| {
            app.raise_concern(
                &jay,
                ConcernInput {
                    category: "substances".into(),
                    urgency: "this_week".into(),
                    noticed_at: now().format("%Y-%m-%dT%H:%M").to_string(),
                    what: "Smelt of cannabis after school.".into(),
                    told: Vec::new(),
                    actions: String::new(),
                },
            )
        })
        .unwrap()
        .concerns[0]
        .id
        .clone();
    settle(&[&phone, &sup]).await;
    assert_eq!(phone.with(|app| app.inbox().unwrap()).new_count, 0);

    let today = now().date_naive();
    let input = CaseDiscussionInput {
        on: today.to_string(),
        discussed: "Jay's use of cannabis and the missing episodes at weekends.".into(),
        decisions: "Weekend sessions for a month.".into(),
        actions: vec![
            ActionInput {
                what: "Ring the school about attendance".into(),
                owner: "Alex".into(),
                due: (today + chrono::TimeDelta::days(3)).to_string(),
            },
            ActionInput::default(),
        ],
    };
    // Only a supervisor records one.
    let err = phone.with(|app| app.record_case_discussion(&jay, input.clone()).unwrap_err());
    assert_eq!(err.field(), Some(Field::Discussed));
    // An action half typed is refused at its missing parts.
    let half = CaseDiscussionInput {
        actions: vec![ActionInput {
            what: "Ring the school".into(),
            ..ActionInput::default()
        }],
        ..input.clone()
    };
    let err = sup.with(|app| app.record_case_discussion(&jay, half).unwrap_err());
    let fields: Vec<_> = insideout_app::dto::ErrorDto::from(err)
        .problems
        .iter()
        .filter_map(|p| p.field)
        .collect();
    assert_eq!(fields, [Field::Owner, Field::Due]);
    sup.with(|app| app.record_case_discussion(&jay, input).unwrap());
    sup.with(|app| app.add_comment(&s, "Good session.").unwrap());
    sup.with(|app| app.acknowledge_concern(&concern).unwrap());
    settle(&[&sup, &phone]).await;

    let detail = phone.with(|app| app.young_person(&jay).unwrap());
    assert_eq!(detail.case_discussions.len(), 1);
    assert_eq!(detail.case_discussions[0].author, "Sam");
    assert_eq!(detail.case_discussions[0].actions.len(), 1);
    let chronology = phone.with(|app| app.chronology(&jay).unwrap());
    assert!(
        chronology
            .entries
            .iter()
            .any(|e| e.kind == "oversight" && e.title.contains("case discussion with Sam")),
        "{:?}",
        chronology.entries
    );
    let inbox = phone.with(|app| app.inbox().unwrap());
    let mut kinds: Vec<&str> = inbox.items.iter().map(|i| i.kind.as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["action_due", "comment", "concern_step"],
        "{inbox:?}"
    );
    assert_eq!(inbox.new_count, 3);
    // The supervisor's clock runs two minutes ahead of the coach's phone: what it wrote is still
    // seen once the inbox is opened.
    sup.clock.advance(chrono::TimeDelta::minutes(2));
    sup.with(|app| {
        app.lock();
        app.unlock(insideout_app::testkit::PASSPHRASE).unwrap();
        app.add_comment(&s, "And one more thing.").unwrap()
    });
    settle(&[&sup, &phone]).await;
    assert_eq!(phone.with(|app| app.inbox().unwrap()).new_count, 4);
    phone.with(|app| app.mark_inbox_seen().unwrap());
    let inbox = phone.with(|app| app.inbox().unwrap());
    assert_eq!((inbox.items.len(), inbox.new_count), (4, 0));
}

/// Every op, key, cursor and row a device holds that names `case`.
fn traces_of(d: &Device, case: &str) -> Vec<String> {
    d.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let mut out: Vec<String> = store
            .dump_tables()
            .unwrap()
            .into_iter()
            .filter(|row| row.contains(case))
            .collect();
        let scope = format!("case:{case}");
        if store
            .scopes_held(person_of_store(store))
            .unwrap()
            .iter()
            .any(|s| s.to_string() == scope)
        {
            out.push(format!("a key for {scope}"));
        }
        if store
            .cases_held()
            .unwrap()
            .iter()
            .any(|c| c.to_string() == case)
        {
            out.push(format!("ops of {scope}"));
        }
        out
    })
}

fn person_of_store(store: &insideout_store::Store) -> insideout_domain::ids::PersonId {
    insideout_sync::Enrolment::load(store)
        .unwrap()
        .unwrap()
        .person
}

/// A second coach of the same team (`coach-2`), enrolled and approved.
async fn second_coach(org: &Org, name: &str) -> Device {
    let d = Device::new(name);
    d.enrol(org, "coach-2").await;
    org.approve(&d).await;
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_transferred_to_another_coach_leaves_the_former_coachs_devices_and_keeps_its_history()
 {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let sam = second_coach(&org, "Sam Patel").await;
    let jay = phone.add_young_person("Jay");
    let kim = phone.add_young_person("Kim");
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&session, "s1", "Jay talked about the climbing wall");
    phone.record_session(&kim, "2026-11-21T18:00", "2026-11-21T19:00");
    settle(&[&phone, &laptop, &sup, &sam]).await;
    assert!(
        !traces_of(&laptop, &jay).is_empty(),
        "the laptop had Jay's case"
    );
    assert!(traces_of(&sam, &jay).is_empty(), "Sam had nothing of it");

    // Until a supervisor confirms them, both cases wait; Sam is a coach to give one to.
    let before = sup.with(|app| app.team_overview().unwrap());
    let alex = before.coaches.iter().find(|c| c.name == "Alex").unwrap();
    assert_eq!(alex.young_people.len(), 2);
    assert!(alex.young_people.iter().all(|c| !c.allocated));
    let sam_id = person_of(&sam);
    assert!(
        before
            .team_coaches
            .iter()
            .any(|c| c.value == sam_id.to_string()),
        "{:?}",
        before.team_coaches
    );

    // The laptop has a change to Jay's case it has not sent when the case moves.
    laptop.record_session(&jay, "2026-11-22T18:00", "2026-11-22T19:00");
    let jay_id: insideout_domain::ids::YoungPersonId = jay.parse().unwrap();
    let kim_id = kim.parse().unwrap();
    sup.engine
        .allocate_case(&sup.access(), kim_id, person_of(&phone))
        .await
        .unwrap();
    sup.engine
        .allocate_case(&sup.access(), jay_id, sam_id)
        .await
        .unwrap();
    // Only a coach of the team can be given a case, and only by a supervisor.
    let refused = sup
        .engine
        .allocate_case(&sup.access(), jay_id, person_of(&sup))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "not_a_coach_of_team");
    let refused = phone
        .engine
        .allocate_case(&phone.access(), jay_id, person_of(&phone))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "not_a_coach_of_team");

    let report = sup.sync().await;
    assert!(
        report.rotated_scopes >= 1,
        "Jay's key is replaced: {report:?}"
    );
    let report = laptop.sync().await;
    assert_eq!(report.cases_moved_away, 1, "{report:?}");
    // The coach is told which case went; reading the notice clears it.
    let status = laptop.with(|app| app.sync_status().unwrap());
    assert_eq!(status.moved_away, vec!["Jay".to_owned()]);
    let status = laptop.with(|app| app.acknowledge_moved_away().unwrap());
    assert!(status.moved_away.is_empty());
    settle(&[&phone, &laptop, &sup, &sam]).await;

    // The former coach's devices hold nothing of Jay: no row, no op, no key.
    assert_eq!(traces_of(&laptop, &jay), Vec::<String>::new());
    assert_eq!(traces_of(&phone, &jay), Vec::<String>::new());
    assert!(
        laptop.with(|app| app
            .caseload()
            .unwrap()
            .young_people
            .iter()
            .all(|c| c.id != jay)),
        "Jay left the laptop's caseload"
    );
    assert!(!traces_of(&laptop, &kim).is_empty(), "Kim stays with Alex");
    // The laptop's unsent change reached the organisation sealed to its recovery identity.
    let salvage = org.db.salvage().await.unwrap();
    assert_eq!(salvage.len(), 1);
    let opened = String::from_utf8(org.recovery().open(&salvage[0].sealed).unwrap()).unwrap();
    assert!(opened.contains("2026-11-22T18:00"), "{opened}");

    // Sam has the whole history, note included; what Sam writes reaches the supervisor and
    // not the former coach.
    let detail = sam.with(|app| app.young_person(&jay).unwrap());
    assert_eq!(detail.profile.preferred_name, "Jay");
    let sessions = detail.sessions.clone();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let note = sam.with(|app| app.session(&session).unwrap());
    assert!(format!("{note:?}").contains("climbing wall"));
    sam.record_session(&jay, "2026-11-23T18:00", "2026-11-23T19:00");
    settle(&[&phone, &laptop, &sup, &sam]).await;
    assert_eq!(
        sup.with(|app| app.young_person(&jay).unwrap())
            .sessions
            .len(),
        2
    );
    assert_eq!(traces_of(&phone, &jay), Vec::<String>::new());

    // The team page: Jay under Sam, Kim under Alex, both confirmed.
    let after = sup.with(|app| app.team_overview().unwrap());
    let sam_row = after
        .coaches
        .iter()
        .find(|c| c.name == "Sam Patel")
        .unwrap();
    assert_eq!(sam_row.person_id, sam_id.to_string());
    assert_eq!(
        sam_row
            .young_people
            .iter()
            .map(|c| (c.id.as_str(), c.allocated))
            .collect::<Vec<_>>(),
        vec![(jay.as_str(), true)]
    );
    let alex = after.coaches.iter().find(|c| c.name == "Alex").unwrap();
    assert_eq!(
        alex.young_people
            .iter()
            .map(|c| (c.id.as_str(), c.allocated))
            .collect::<Vec<_>>(),
        vec![(kim.as_str(), true)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_coachs_phone_and_laptop_wipe_themselves_and_their_case_moves_on() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let sam = second_coach(&org, "Sam Patel").await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup, &sam]).await;

    // One action revokes every device of Alex's.
    let alex = person_of(&phone);
    let revoked = sup
        .engine
        .deactivate_person(&sup.access(), alex)
        .await
        .unwrap();
    assert_eq!(revoked, 2);
    let again = sup
        .engine
        .deactivate_person(&sup.access(), alex)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "nothing_to_deactivate");
    let own = sup
        .engine
        .deactivate_person(&sup.access(), person_of(&sup))
        .await
        .unwrap_err();
    assert_eq!(own.code(), "deactivate_self");
    for d in [&phone, &laptop] {
        assert_eq!(d.try_sync().await.unwrap_err().code(), "wiped");
        assert!(!d.dir.path().join("coach.db").exists(), "records destroyed");
        assert!(d.with(|app| app.was_wiped()));
    }
    let overview = sup.with(|app| app.team_overview().unwrap());
    let row = overview.coaches.iter().find(|c| c.name == "Alex").unwrap();
    assert!(row.deactivated);
    assert!(
        overview
            .team_coaches
            .iter()
            .all(|c| c.value != alex.to_string())
    );

    // The supervisor gives Jay to Sam, who reads the whole case.
    sup.engine
        .allocate_case(&sup.access(), jay.parse().unwrap(), person_of(&sam))
        .await
        .unwrap();
    settle(&[&sup, &sam]).await;
    assert_eq!(
        sam.with(|app| app.young_person(&jay).unwrap())
            .sessions
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_issues_an_enrolment_code_that_enrols_a_new_device() {
    let org = Org::start().await;
    let (phone, _laptop, sup) = team(&org).await;
    let sam = Device::new("Sam Patel");
    let sam_person = org.person_id("coach-2").await;
    let (code, expires_ms, link) = sup
        .engine
        .issue_code(&sup.access(), sam_person)
        .await
        .unwrap();
    assert_eq!(code.len(), 14, "{code}");
    assert!(expires_ms > now().timestamp_millis() as u64 + 71 * 3_600_000);
    assert!(link.contains(&format!("code={code}")), "{link}");
    assert!(link.contains("fingerprint="), "{link}");
    let parsed = insideout_app::qr::parse_enrolment_link(&link).unwrap();
    assert_eq!(parsed.fingerprint, org.org.fingerprint());
    sam.engine
        .enrol(&sam.access(), &parsed.service, &code, &parsed.fingerprint)
        .await
        .unwrap();
    // A coach's device cannot issue codes; a supervisor cannot issue one for another
    // supervisor.
    let refused = phone
        .engine
        .issue_code(&phone.access(), sam_person)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "not_supervisor");
    let other = org.person_id("sup-2").await;
    let refused = sup
        .engine
        .issue_code(&sup.access(), other)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "not_your_team");
}

/// A supervision input with one action due in three days.
fn supervision_input(discussed: &str) -> insideout_app::dto::CaseDiscussionInput {
    use insideout_app::dto::{ActionInput, CaseDiscussionInput};
    let today = now().date_naive();
    CaseDiscussionInput {
        on: today.to_string(),
        discussed: discussed.into(),
        decisions: "Book the safeguarding refresher.".into(),
        actions: vec![ActionInput {
            what: "Book the safeguarding refresher".into(),
            owner: "Alex".into(),
            due: (today + chrono::TimeDelta::days(3)).to_string(),
        }],
    }
}

/// Formal supervision: recorded by a supervisor in the coach's own records before the coach's
/// devices opened them, it waits on the supervisor's device; once the coach's first-approved
/// device has opened them (one key, which the coach's other device and both supervisors get),
/// it reaches the coach's phone and laptop and the on-call supervisor, with its action in the
/// coach's inbox and the date on the team page. Another coach reads none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coachs_supervision_reaches_the_coach_and_the_teams_supervisors_only() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let robin = on_call_supervisor(&org).await;
    let coach = person_of(&phone).to_string();
    sup.sync().await;
    let page = sup.with(|app| {
        app.record_supervision(
            &coach,
            supervision_input("Caseload, evening work and rest."),
        )
    });
    let page = page.unwrap();
    assert_eq!(
        page.coach_name,
        "A coach (…".to_owned() + &coach[coach.len() - 4..] + ")"
    );
    assert!(page.waiting_for_coach, "{page:?}");
    assert_eq!(page.records.len(), 1);
    sup.sync().await;
    let waiting = sup.with(|app| app.sync_status().unwrap());
    assert!(
        sup.with(|app| app.supervision(&coach).unwrap())
            .waiting_for_coach,
        "{waiting:?}"
    );
    // Only a supervisor records supervision, and a coach reads only their own.
    let err = phone.with(|app| {
        app.record_supervision(&coach, supervision_input("x"))
            .unwrap_err()
    });
    assert_eq!(err.field(), Some(Field::Discussed));
    let pat = second_coach(&org, "Pat").await;
    let err = pat.with(|app| app.supervision(&coach).unwrap_err());
    assert_eq!(err.field(), Some(Field::Coach));

    settle(&[&phone, &laptop, &sup, &robin, &pat]).await;
    let page = sup.with(|app| app.supervision(&coach).unwrap());
    assert!(!page.waiting_for_coach, "{page:?}");
    assert_eq!(page.coach_name, "Alex");
    for d in [&phone, &laptop, &robin] {
        let page = d.with(|app| app.supervision(&coach).unwrap());
        assert_eq!(page.records.len(), 1, "{page:?}");
        assert_eq!(page.records[0].author, "Sam");
        assert_eq!(page.records[0].actions.len(), 1);
        assert!(!page.due);
        assert_eq!(page.can_record, std::ptr::eq(d, &robin));
        let quarantined = d.with(|app| app.store_for_inspection().unwrap().quarantined().unwrap());
        assert!(quarantined.is_empty(), "{quarantined:?}");
    }
    // The phone and the laptop hold the one key of the coach's own records.
    let own_key = |d: &Device| {
        d.with(|app| {
            let store = app.store_for_inspection().unwrap();
            let me = person_of_store(store);
            store
                .scope_keys(me)
                .unwrap()
                .into_iter()
                .filter(|(s, _)| *s == insideout_protocol::Scope::Own(me))
                .map(|(_, k)| k.recipient())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(own_key(&phone).len(), 1);
    assert_eq!(own_key(&phone), own_key(&laptop));
    let inbox = phone.with(|app| app.inbox().unwrap());
    let kinds: Vec<&str> = inbox.items.iter().map(|i| i.kind.as_str()).collect();
    assert!(
        kinds.contains(&"supervision") && kinds.contains(&"action_due"),
        "{inbox:?}"
    );
    assert_eq!(inbox.new_count, 2);
    // The team page: supervision recorded today for Alex, so not due.
    phone.add_young_person("Jay");
    settle(&[&phone, &sup]).await;
    let team = sup.with(|app| app.team_overview().unwrap());
    let alex = team.coaches.iter().find(|c| c.name == "Alex").unwrap();
    assert_eq!(
        alex.last_supervision.as_deref(),
        Some(now().date_naive().to_string().as_str())
    );
    assert!(!alex.supervision_due);
    // Another coach of the team holds nothing of it.
    let held = pat.with(|app| {
        app.store_for_inspection()
            .unwrap()
            .dump_tables()
            .unwrap()
            .into_iter()
            .filter(|row| row.contains("Caseload, evening work"))
            .count()
    });
    assert_eq!(held, 0);
}

/// A coach's device cannot write its own supervision, nor one in a colleague's records: every
/// reader quarantines it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervision_from_a_coachs_device_is_quarantined_by_every_reader() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    settle(&[&phone, &laptop, &sup]).await;
    let coach = person_of(&phone);
    phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let discussion = insideout_domain::oversight::CaseDiscussion::new(
            now().date_naive(),
            "All fine, says I.",
            "",
            Vec::new(),
            now().date_naive(),
        )
        .unwrap();
        store
            .commit(
                now().timestamp_millis() as u64,
                insideout_domain::op::OpBody::SupervisionRecorded {
                    id: insideout_domain::ids::SupervisionId::from_uuid(uuid_v7()),
                    coach,
                    author: insideout_domain::text::Line::parse(Field::Author, "name", "Sam")
                        .unwrap(),
                    supervision: discussion,
                },
            )
            .unwrap();
    });
    settle(&[&phone, &laptop, &sup]).await;
    for d in [&laptop, &sup] {
        let reasons = d.with(|app| app.store_for_inspection().unwrap().quarantined().unwrap());
        assert!(
            reasons
                .iter()
                .any(|q| q.reason.contains("recorded a coach's supervision")),
            "{reasons:?}"
        );
        let page = d.with(|app| app.supervision(&coach.to_string()).unwrap());
        assert!(page.records.is_empty(), "{page:?}");
    }
}

/// A new referral: the supervisor allocates a young person nobody has seen yet to a coach (a
/// signed allocation, the details in the coach's own records); the coach's devices show it, the
/// coach opens the case from it on the phone, and the case is the coach's, confirmed, on every
/// device of theirs and the supervisor's. Another coach sees none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referral_the_supervisor_allocates_becomes_the_coachs_case() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let pat = second_coach(&org, "Pat").await;
    settle(&[&phone, &laptop, &sup, &pat]).await;
    let coach = person_of(&phone);
    let input = young_person_input("Jordan");
    // Refused from a coach's device, and without a coach.
    let err = phone.with(|app| app.check_referral(&coach.to_string(), &input).unwrap_err());
    assert_eq!(err.field(), Some(Field::Coach));
    let err = sup.with(|app| app.check_referral("", &input).unwrap_err());
    assert_eq!(err.field(), Some(Field::Coach));
    let (young_person, to) = sup
        .with(|app| app.check_referral(&coach.to_string(), &input))
        .unwrap();
    assert_eq!(to, coach);
    sup.engine
        .allocate_case(&sup.access(), young_person, coach)
        .await
        .unwrap();
    sup.with(|app| app.record_referral(young_person, coach, &input))
        .unwrap();
    let team_page = sup.with(|app| app.team_overview().unwrap());
    assert_eq!(team_page.referrals.len(), 1);
    assert_eq!(team_page.referrals[0].preferred_name, "Jordan");
    settle(&[&sup, &phone, &laptop, &pat]).await;
    for d in [&phone, &laptop] {
        let caseload = d.with(|app| app.caseload().unwrap());
        assert_eq!(caseload.referrals.len(), 1, "{:?}", caseload.referrals);
        assert_eq!(caseload.referrals[0].author, "Sam");
        assert!(caseload.young_people.is_empty());
    }
    assert!(pat.with(|app| app.caseload().unwrap()).referrals.is_empty());
    // The coach opens the case on the phone.
    let detail = phone
        .with(|app| app.open_referral(&young_person.to_string()))
        .unwrap();
    assert_eq!(detail.profile.preferred_name, "Jordan");
    assert!(
        phone
            .with(|app| app.caseload().unwrap())
            .referrals
            .is_empty()
    );
    settle(&[&phone, &laptop, &sup, &pat]).await;
    assert_eq!(
        laptop
            .with(|app| app.caseload().unwrap())
            .young_people
            .len(),
        1
    );
    assert!(
        laptop
            .with(|app| app.caseload().unwrap())
            .referrals
            .is_empty()
    );
    let team_page = sup.with(|app| app.team_overview().unwrap());
    assert!(team_page.referrals.is_empty());
    let alex = team_page.coaches.iter().find(|c| c.name == "Alex").unwrap();
    assert_eq!(alex.young_people.len(), 1);
    assert!(
        alex.young_people[0].allocated,
        "the case is confirmed by the allocation"
    );
    assert!(
        pat.with(|app| app.young_person(&young_person.to_string()))
            .is_err()
    );
    // Opened once: a second press finds no referral.
    let again = laptop.with(|app| app.open_referral(&young_person.to_string()).unwrap_err());
    assert!(
        matches!(again, insideout_app::AppError::NotFound { .. }),
        "{again:?}"
    );
}

/// A trip pack printed from a case leaves the former coach's device with the case: the PDF
/// holds the young person's details.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trip_pack_printed_from_a_case_that_moves_leaves_the_former_coachs_device() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let pat = second_coach(&org, "Pat").await;
    let jay = phone.add_young_person("Jay");
    let plan = plan_residential_but_for_its_assessment(&phone, &jay);
    let file = phone.with(|app| app.export_trip_pack(&plan)).unwrap();
    assert!(std::path::Path::new(&file.path).exists());
    // A calendar file, which is not the case's, stays.
    let calendar = phone.with(|app| app.export_calendar()).unwrap();
    settle(&[&phone, &laptop, &sup, &pat]).await;
    sup.engine
        .allocate_case(&sup.access(), jay.parse().unwrap(), person_of(&pat))
        .await
        .unwrap();
    settle(&[&sup, &phone, &laptop, &pat]).await;
    assert!(
        phone.with(|app| app.young_person(&jay)).is_err(),
        "the case left"
    );
    assert!(
        !std::path::Path::new(&file.path).exists(),
        "the trip pack stayed at {}",
        file.path
    );
    assert!(std::path::Path::new(&calendar.path).exists());
}
