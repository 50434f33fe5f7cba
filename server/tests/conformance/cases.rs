use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_protocol::api::{DeviceStatus, Role, TeamId};
use insideout_protocol::{Priority, Scope, sha256_hex};
use insideout_server::db::*;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

static IDS: AtomicU64 = AtomicU64::new(1);

fn uuid() -> Uuid {
    Uuid::from_u128(u128::from(IDS.fetch_add(1, Ordering::Relaxed)) + (7 << 100))
}

const NOW: u64 = 1_770_000_000_000;

/// An organisation with two teams: in team A, coaches `coach` and `coach2` and supervisor
/// `sup`; in team B, supervisor `other_sup`. Each has one approved device, except where a case
/// changes that.
struct Org {
    team: TeamId,
    coach: Device,
    coach2: Device,
    sup: Device,
    other_sup: Device,
}

async fn person(db: &impl Database, team: TeamId, role: Role, label: &str) -> PersonId {
    let id = PersonId::from_uuid(uuid());
    db.add_person(&Person {
        id,
        team,
        role,
        label: label.into(),
    })
    .await
    .unwrap();
    id
}

async fn device(db: &impl Database, person: PersonId, approve: bool) -> Device {
    let code = format!("code-{}", uuid());
    db.add_enrolment_code(&sha256_hex(code.as_bytes()), person, NOW + 1000)
        .await
        .unwrap();
    let id = DeviceId::from_uuid(uuid());
    let mut d = db
        .enrol(
            &sha256_hex(code.as_bytes()),
            NOW,
            &NewDevice {
                id,
                token_hash: sha256_hex(id.to_string().as_bytes()),
                age_recipient: format!("age1-{id}"),
                signing_key: format!("key-{id}"),
            },
        )
        .await
        .unwrap();
    if approve {
        db.set_device_status(d.id, DeviceStatus::Approved)
            .await
            .unwrap();
        d.status = DeviceStatus::Approved;
    }
    d
}

async fn org(db: &impl Database) -> Org {
    db.init_org("age1recovery", "00".repeat(32).as_str(), NOW)
        .await
        .unwrap();
    let team = uuid();
    let team_b = uuid();
    db.add_team(team, "north").await.unwrap();
    db.add_team(team_b, "south").await.unwrap();
    let coach = person(db, team, Role::Coach, "coach-1").await;
    let coach2 = person(db, team, Role::Coach, "coach-2").await;
    let sup = person(db, team, Role::Supervisor, "sup-1").await;
    let other_sup = person(db, team_b, Role::Supervisor, "sup-2").await;
    Org {
        team,
        coach: device(db, coach, true).await,
        coach2: device(db, coach2, true).await,
        sup: device(db, sup, true).await,
        other_sup: device(db, other_sup, true).await,
    }
}

fn case_scope() -> Scope {
    Scope::Case(YoungPersonId::from_uuid(uuid()))
}

fn batch(scope: Scope, device_seq: u64, content: &str) -> NewBatch {
    NewBatch {
        scope,
        device_seq,
        key_epoch: 1,
        priority: Priority::Routine,
        header: format!("{{\"seq\":{device_seq}}}"),
        signature: "00".into(),
        ciphertext: content.as_bytes().to_vec(),
        hash: sha256_hex(content.as_bytes()),
        received_ms: NOW,
    }
}

async fn count(db: &impl Database, scope: Scope) -> usize {
    db.batches_after(scope, 0, 10_000).await.unwrap().len()
}

pub(crate) async fn the_organisation_is_initialised_once<D: Database>(db: D, _: Vec<D>) {
    assert_eq!(db.org().await.unwrap(), None);
    db.init_org("age1first", "key-first", NOW).await.unwrap();
    assert!(matches!(
        db.init_org("age1second", "key-second", NOW).await,
        Err(DbError::AlreadyInitialised)
    ));
    let org = db.org().await.unwrap().unwrap();
    assert_eq!(org.recovery_recipient, "age1first");
    assert_eq!(org.org_key, "key-first");
    assert_eq!(org.created_ms, NOW);
}

/// Directory records are appended once each (a countersigned copy is a row of its own), read
/// back in the order they were added, a page at a time; salvaged outboxes are kept as given.
pub(crate) async fn directory_records_are_kept_once_in_order<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let row = |hash: &str, counter: &str| DirectoryRow {
        hash: hash.into(),
        countersignature: counter.into(),
        record: format!("{{\"{hash}\":\"{counter}\"}}"),
    };
    db.add_directory(&[row("a", ""), row("b", "")])
        .await
        .unwrap();
    db.add_directory(&[row("a", ""), row("b", "sig"), row("c", "")])
        .await
        .unwrap();
    let all = db.directory_after(0, 100).await.unwrap();
    let records: Vec<&str> = all.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        records,
        vec![
            r#"{"a":""}"#,
            r#"{"b":""}"#,
            r#"{"b":"sig"}"#,
            r#"{"c":""}"#
        ]
    );
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "{all:?}");
    let after_second = db.directory_after(all[1].0, 1).await.unwrap();
    assert_eq!(after_second, vec![all[2].clone()]);
    assert!(db.directory_after(all[3].0, 10).await.unwrap().is_empty());

    let salvage = Salvage {
        device: o.coach.id,
        received_ms: NOW,
        sealed: vec![1, 2, 3],
    };
    db.add_salvage(&salvage).await.unwrap();
    assert_eq!(db.salvage().await.unwrap(), vec![salvage]);
}

pub(crate) async fn teams_and_people_are_checked<D: Database>(db: D, _: Vec<D>) {
    let team = uuid();
    db.add_team(team, "north").await.unwrap();
    assert!(matches!(
        db.add_team(uuid(), "north").await,
        Err(DbError::Taken(_))
    ));
    let p = Person {
        id: PersonId::from_uuid(uuid()),
        team: uuid(),
        role: Role::Coach,
        label: "coach-1".into(),
    };
    assert!(matches!(
        db.add_person(&p).await,
        Err(DbError::UnknownTeam(_))
    ));
    let p = Person { team, ..p };
    db.add_person(&p).await.unwrap();
    assert!(matches!(
        db.add_person(&Person {
            id: PersonId::from_uuid(uuid()),
            ..p.clone()
        })
        .await,
        Err(DbError::Taken(_))
    ));
    assert_eq!(db.people().await.unwrap(), vec![p]);
    assert_eq!(db.teams().await.unwrap(), vec![(team, "north".to_owned())]);
    assert!(matches!(
        db.add_enrolment_code("h", PersonId::from_uuid(uuid()), NOW)
            .await,
        Err(DbError::UnknownPerson(_))
    ));
}

pub(crate) async fn enrolment_codes_are_single_use_and_expire<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let new_device = |n: u128| NewDevice {
        id: DeviceId::from_uuid(Uuid::from_u128(n)),
        token_hash: format!("token-{n}"),
        age_recipient: "age1x".into(),
        signing_key: "k".into(),
    };
    assert!(matches!(
        db.enrol("nope", NOW, &new_device(1)).await,
        Err(DbError::CodeUnknown)
    ));
    db.add_enrolment_code("expiring", o.coach.person, NOW + 10)
        .await
        .unwrap();
    assert!(matches!(
        db.enrol("expiring", NOW + 10, &new_device(2)).await,
        Err(DbError::CodeExpired)
    ));
    db.add_enrolment_code("good", o.coach.person, NOW + 10)
        .await
        .unwrap();
    let d = db.enrol("good", NOW + 9, &new_device(3)).await.unwrap();
    assert_eq!(
        (d.person, d.role, d.team, d.status),
        (o.coach.person, Role::Coach, o.team, DeviceStatus::Pending)
    );
    assert!(matches!(
        db.enrol("good", NOW + 9, &new_device(4)).await,
        Err(DbError::CodeUsed)
    ));
    assert_eq!(db.device_by_token("token-3").await.unwrap(), Some(d));
    assert_eq!(db.device_by_token("token-4").await.unwrap(), None);
    assert_eq!(db.device_by_token("token-2").await.unwrap(), None);
}

pub(crate) async fn pushes_are_dense_idempotent_and_refuse_replays<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let s = case_scope();
    assert_eq!(
        db.push(&o.coach, &batch(s, 1, "one")).await.unwrap(),
        PushOutcome::Stored { server_seq: 1 }
    );
    assert_eq!(
        db.push(&o.coach, &batch(s, 1, "one")).await.unwrap(),
        PushOutcome::Repeat { server_seq: 1 }
    );
    assert_eq!(
        db.push(&o.coach, &batch(s, 1, "ONE")).await.unwrap(),
        PushOutcome::Replayed
    );
    assert_eq!(
        db.push(&o.coach, &batch(s, 3, "three")).await.unwrap(),
        PushOutcome::Gap { expected: 2 }
    );
    assert_eq!(count(&db, s).await, 1, "refusals stored nothing");
    assert_eq!(
        db.push(&o.coach, &batch(s, 2, "two")).await.unwrap(),
        PushOutcome::Stored { server_seq: 2 }
    );
    // Device numbers run across scopes; server sequences are per scope.
    let other = case_scope();
    assert_eq!(
        db.push(&o.coach, &batch(other, 3, "three")).await.unwrap(),
        PushOutcome::Stored { server_seq: 1 }
    );
    let stored = db.batches_after(s, 0, 10).await.unwrap();
    assert_eq!(
        stored
            .iter()
            .map(|b| (b.server_seq, b.device_seq, b.ciphertext.clone()))
            .collect::<Vec<_>>(),
        vec![(1, 1, b"one".to_vec()), (2, 2, b"two".to_vec())]
    );
    assert_eq!(db.batches_after(s, 1, 10).await.unwrap().len(), 1);
    assert_eq!(db.batches_after(s, 0, 1).await.unwrap().len(), 1);
}

pub(crate) async fn only_members_write_and_read_a_scope<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let s = case_scope();
    assert_eq!(
        db.push(&o.sup, &batch(s, 1, "a")).await.unwrap(),
        PushOutcome::Forbidden,
        "a supervisor does not open cases"
    );
    db.push(&o.coach, &batch(s, 1, "a")).await.unwrap();
    assert_eq!(
        db.push(&o.coach2, &batch(s, 1, "b")).await.unwrap(),
        PushOutcome::Forbidden,
        "another coach's case"
    );
    assert_eq!(
        db.push(&o.other_sup, &batch(s, 1, "c")).await.unwrap(),
        PushOutcome::Forbidden,
        "another team's supervisor"
    );
    assert_eq!(
        db.push(&o.sup, &batch(s, 1, "comment")).await.unwrap(),
        PushOutcome::Stored { server_seq: 2 },
        "the team's supervisor comments"
    );
    assert_eq!(
        db.push(&o.coach2, &batch(Scope::Own(o.coach.person), 1, "x"))
            .await
            .unwrap(),
        PushOutcome::Forbidden,
        "someone else's own scope"
    );
    let own = Scope::Own(o.coach2.person);
    db.push(&o.coach2, &batch(own, 1, "mine")).await.unwrap();

    let scopes = |d: Device| {
        let db = &db;
        async move {
            db.readable_scopes(&d)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.scope)
                .collect::<BTreeSet<_>>()
        }
    };
    assert_eq!(scopes(o.coach.clone()).await, BTreeSet::from([s]));
    assert_eq!(scopes(o.coach2.clone()).await, BTreeSet::from([own]));
    assert_eq!(scopes(o.sup.clone()).await, BTreeSet::from([s, own]));
    assert_eq!(scopes(o.other_sup.clone()).await, BTreeSet::new());
    let pending = device(&db, o.coach.person, false).await;
    assert_eq!(
        scopes(pending.clone()).await,
        BTreeSet::new(),
        "pending reads nothing"
    );
    assert_eq!(
        db.push(&pending, &batch(s, 1, "from the new phone"))
            .await
            .unwrap(),
        PushOutcome::Stored { server_seq: 3 },
        "pending may push"
    );
}

pub(crate) async fn key_epochs_move_forward_only<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let s = case_scope();
    let envelope = |epoch, recipient| StoredEnvelope {
        scope: s,
        epoch,
        recipient,
        envelope: vec![epoch as u8],
    };
    assert_eq!(
        db.put_envelopes(
            &o.coach,
            &[envelope(1, Recipient::Device(o.coach.id))],
            false
        )
        .await
        .unwrap(),
        EnvelopeOutcome::UnknownScope(s)
    );
    db.push(&o.coach, &batch(s, 1, "a")).await.unwrap();
    db.put_envelopes(
        &o.coach,
        &[
            envelope(1, Recipient::Device(o.coach.id)),
            envelope(1, Recipient::Device(o.sup.id)),
            envelope(1, Recipient::Recovery),
        ],
        false,
    )
    .await
    .unwrap();
    // Envelopes are written once: nobody replaces the recovery envelope or another's key.
    let mut replaced = envelope(1, Recipient::Recovery);
    replaced.envelope = vec![99];
    db.put_envelopes(&o.sup, &[replaced], false).await.unwrap();
    assert_eq!(
        db.envelopes_for(Recipient::Recovery).await.unwrap()[0].envelope,
        vec![1]
    );
    // Without declaring a rotation, a key for the next epoch is refused.
    assert_eq!(
        db.put_envelopes(&o.sup, &[envelope(2, Recipient::Device(o.sup.id))], false)
            .await
            .unwrap(),
        EnvelopeOutcome::StaleEpoch {
            scope: s,
            current: 1
        }
    );
    assert_eq!(
        db.put_envelopes(
            &o.coach2,
            &[envelope(1, Recipient::Device(o.coach2.id))],
            false
        )
        .await
        .unwrap(),
        EnvelopeOutcome::Forbidden(s)
    );
    // A device nobody has approved yet may file keys, but not move the scope to a new epoch.
    let pending = device(&db, o.coach.person, false).await;
    assert_eq!(
        db.put_envelopes(
            &pending,
            &[envelope(2, Recipient::Device(pending.id))],
            true
        )
        .await
        .unwrap(),
        EnvelopeOutcome::Forbidden(s)
    );
    let mut b = batch(s, 2, "b");
    b.key_epoch = 2;
    assert_eq!(
        db.push(&o.coach, &b).await.unwrap(),
        PushOutcome::WrongEpoch { current: 1 }
    );
    // Rotation: epoch 2 for the remaining devices.
    db.put_envelopes(
        &o.sup,
        &[
            envelope(2, Recipient::Device(o.sup.id)),
            envelope(2, Recipient::Recovery),
        ],
        true,
    )
    .await
    .unwrap();
    // A second holder rotating at the same time is told the epoch is taken: one key per epoch.
    let mut other_key = envelope(2, Recipient::Device(o.coach.id));
    other_key.envelope = vec![77];
    assert_eq!(
        db.put_envelopes(&o.coach, &[other_key], true)
            .await
            .unwrap(),
        EnvelopeOutcome::EpochTaken {
            scope: s,
            current: 2
        }
    );
    assert!(
        db.envelopes_for(Recipient::Device(o.coach.id))
            .await
            .unwrap()
            .iter()
            .all(|e| e.epoch == 1),
        "the losing rotation left an envelope"
    );
    // A rotation may only go to the next epoch.
    assert_eq!(
        db.put_envelopes(&o.sup, &[envelope(4, Recipient::Device(o.sup.id))], true)
            .await
            .unwrap(),
        EnvelopeOutcome::StaleEpoch {
            scope: s,
            current: 2
        }
    );
    assert_eq!(
        db.push(&o.coach, &batch(s, 2, "stale")).await.unwrap(),
        PushOutcome::WrongEpoch { current: 2 }
    );
    // An earlier epoch's key may still be filed for a reader who lacks it (a device approved
    // since, to read the history sealed under it), once per recipient.
    let laptop = device(&db, o.coach.person, true).await;
    assert_eq!(
        db.put_envelopes(
            &o.coach,
            &[envelope(1, Recipient::Device(laptop.id))],
            false
        )
        .await
        .unwrap(),
        EnvelopeOutcome::Stored
    );
    assert_eq!(
        db.envelopes_for(Recipient::Device(laptop.id))
            .await
            .unwrap()
            .iter()
            .map(|e| e.epoch)
            .collect::<Vec<_>>(),
        vec![1]
    );
    assert_eq!(
        db.push(&o.coach, &b).await.unwrap(),
        PushOutcome::Stored { server_seq: 2 }
    );
    let sup = db.envelopes_for(Recipient::Device(o.sup.id)).await.unwrap();
    assert_eq!(
        sup.iter()
            .map(|e| (e.epoch, e.envelope.clone()))
            .collect::<Vec<_>>(),
        vec![(1, vec![1]), (2, vec![2])]
    );
    assert_eq!(
        db.envelopes_for(Recipient::Recovery).await.unwrap().len(),
        2
    );
    assert_eq!(
        db.envelopes_for(Recipient::Device(o.coach2.id))
            .await
            .unwrap(),
        vec![]
    );
}

pub(crate) async fn a_revoked_device_stays_revoked<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let s = case_scope();
    db.push(&o.coach, &batch(s, 1, "a")).await.unwrap();
    db.set_device_status(o.coach.id, DeviceStatus::Revoked)
        .await
        .unwrap();
    db.set_device_status(o.coach.id, DeviceStatus::Approved)
        .await
        .unwrap();
    let revoked = db
        .device_by_token(&sha256_hex(o.coach.id.to_string().as_bytes()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(revoked.status, DeviceStatus::Revoked);
    assert_eq!(
        db.push(&revoked, &batch(s, 2, "b")).await.unwrap(),
        PushOutcome::Forbidden
    );
    assert!(db.readable_scopes(&revoked).await.unwrap().is_empty());
    assert!(matches!(
        db.set_device_status(DeviceId::from_uuid(uuid()), DeviceStatus::Approved)
            .await,
        Err(DbError::UnknownDevice(_))
    ));
}

pub(crate) async fn pulls_page_with_safeguarding_first<D: Database>(db: D, _: Vec<D>) {
    let o = org(&db).await;
    let (a, b) = (case_scope(), case_scope());
    let plan = [
        (a, 5, Priority::Routine),
        (b, 3, Priority::Routine),
        (b, 1, Priority::Safeguarding),
    ];
    let mut seq = 0;
    for (scope, n, priority) in plan {
        for _ in 0..n {
            seq += 1;
            let mut batch = batch(scope, seq, &format!("b{seq}"));
            batch.priority = priority;
            db.push(&o.coach, &batch).await.unwrap();
        }
    }
    let (first, heads) = pull(&db, &o.sup, &[], 4).await.unwrap();
    assert_eq!(heads.len(), 2);
    assert!(!first.done);
    assert!(
        first.batches.iter().all(|x| x.scope == b),
        "the scope with a concern comes first"
    );
    assert_eq!(
        first
            .batches
            .iter()
            .map(|x| x.server_seq)
            .collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(first.batches[3].priority, Priority::Safeguarding);
    let (second, _) = pull(&db, &o.sup, &[(b, 4)], 4).await.unwrap();
    assert!(!second.done);
    assert_eq!(second.batches.len(), 4);
    let (third, _) = pull(&db, &o.sup, &[(b, 4), (a, 4)], 4).await.unwrap();
    assert!(third.done);
    assert_eq!(
        third
            .batches
            .iter()
            .map(|x| (x.scope, x.server_seq))
            .collect::<Vec<_>>(),
        vec![(a, 5)]
    );
    let (nothing, _) = pull(&db, &o.sup, &[(b, 4), (a, 5)], 4).await.unwrap();
    assert!(nothing.done && nothing.batches.is_empty());
}

/// Several writers (through two service instances where the backend allows) push to one scope
/// while a reader pulls in small pages; the reader must see every sequence number exactly once,
/// in order: a pull never skips a batch that commits later.
pub(crate) async fn concurrent_writers_never_make_a_reader_skip<D: Database + Clone>(
    db: D,
    others: Vec<D>,
) {
    let o = org(&db).await;
    let s = case_scope();
    db.push(&o.coach, &batch(s, 1, "first")).await.unwrap();
    const WRITERS: usize = 6;
    const EACH: u64 = 40;
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let instance = if w % 2 == 0 || others.is_empty() {
            db.clone()
        } else {
            others[0].clone()
        };
        let d = device(&instance, o.coach.person, true).await;
        writers.push(tokio::spawn(async move {
            for n in 1..=EACH {
                let outcome = instance
                    .push(&d, &batch(s, n, &format!("w{w}-{n}")))
                    .await
                    .unwrap();
                assert!(matches!(outcome, PushOutcome::Stored { .. }), "{outcome:?}");
            }
        }));
    }
    let total = 1 + WRITERS as u64 * EACH;
    let reader_db = others.first().cloned().unwrap_or_else(|| db.clone());
    let sup = o.sup.clone();
    let reader = tokio::spawn(async move {
        let mut cursor = 0;
        let mut seen = Vec::new();
        while cursor < total {
            let (page, _) = pull(&reader_db, &sup, &[(s, cursor)], 7).await.unwrap();
            for b in page.batches {
                assert_eq!(b.server_seq, cursor + 1, "skipped after {cursor}");
                cursor = b.server_seq;
                seen.push(cursor);
            }
            tokio::task::yield_now().await;
        }
        seen
    });
    for w in writers {
        w.await.unwrap();
    }
    let seen = tokio::time::timeout(std::time::Duration::from_secs(60), reader)
        .await
        .expect("the reader caught up")
        .unwrap();
    assert_eq!(seen, (1..=total).collect::<Vec<_>>());
    assert_eq!(count(&db, s).await as u64, total);
}
