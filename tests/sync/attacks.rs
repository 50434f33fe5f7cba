//! The attack suite: an operator who controls the service and its database, with only the
//! shipped tools and SQL, against real coaches' and supervisors' engines. Each attack must give
//! the attacker no key and no plaintext, and lose the coach nothing.

use super::{settle, team};
use crate::harness::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::DeviceKeys;
use insideout_crypto::MAX_OPENED_BYTES;
use insideout_domain::hlc::{Hlc, MAX_SKEW_MS};
use insideout_domain::ids::OpId;
use insideout_domain::ids::PersonId;
use insideout_domain::intervention::Phase;
use insideout_domain::op::{Op, OpBody};
use insideout_protocol::api::{DeviceStatus, Envelope, Role};
use insideout_protocol::{BatchHeader, PROTOCOL_VERSION, Priority, Scope, sha256_hex};
use insideout_server::admin;
use insideout_server::api::system_clock;
use insideout_server::db::{Database, NewBatch, Person};
use insideout_store::sync::BatchContent;

/// The operator's direct line to the service's database.
fn sql(org: &Org) -> rusqlite::Connection {
    rusqlite::Connection::open(org.db_path()).unwrap()
}

/// Every envelope the service holds, as stored.
fn all_envelopes(org: &Org) -> Vec<Envelope> {
    let conn = sql(org);
    let mut stmt = conn.prepare("SELECT envelope FROM envelopes").unwrap();
    stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|bytes| serde_json::from_slice(&bytes.unwrap()).unwrap())
        .collect()
}

/// Whether `keys` open any envelope the service holds.
fn opens_any(org: &Org, keys: &DeviceKeys) -> bool {
    all_envelopes(org).iter().any(|e| {
        keys.unwrap_scope_key(&B64.decode(&e.envelope).unwrap())
            .is_ok()
    })
}

fn keys_of(device: &Device) -> DeviceKeys {
    device.with(|app| app.store_for_inspection().unwrap().device_keys().unwrap())
}

/// A device the operator enrols with `code` (it holds the device's keys) and marks approved in
/// its own database, with no signed record.
async fn operator_device(org: &Org, code: &str) -> Device {
    let fake = Device::new("Mallory");
    fake.engine
        .enrol(&fake.access(), &org.url, code, &org.org.fingerprint())
        .await
        .unwrap();
    org.db
        .set_device_status(fake.id(), DeviceStatus::Approved)
        .await
        .unwrap();
    fake
}

/// The operator adds a "supervisor" of its own (no signed record: it has no organisation key),
/// enrols a device whose keys it holds, and marks it approved in its database.
async fn fake_supervisor(org: &Org) -> Device {
    let now = system_clock()();
    let team = admin::team_by_label(&org.db, "north").await.unwrap();
    let person = Person {
        id: PersonId::from_uuid(uuid::Uuid::now_v7()),
        team,
        role: Role::Supervisor,
        label: "sup-x".into(),
    };
    org.db.add_person(&person).await.unwrap();
    let code = admin::enrolment_code(&org.db, person.id, 1, now)
        .await
        .unwrap();
    operator_device(org, &code).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fake_supervisor_added_by_the_operator_gets_no_key() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;

    let fake = fake_supervisor(&org).await;
    // Every honest device syncs, more than once: none wraps a key to the fake device.
    settle(&[&phone, &laptop, &sup]).await;
    let _ = fake.try_sync().await;
    assert!(!opens_any(&org, &keys_of(&fake)), "a key reached the fake");
    assert!(
        !fake.tables().iter().any(|row| row.contains("Jaydenne")),
        "plaintext reached the fake"
    );
    // The coach lost nothing and the real supervisor still reads everything.
    assert_eq!(phone.tables(), sup.tables());
    assert_eq!(phone.with(|app| app.sync_status().unwrap()).waiting, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swapped_supervisor_recipient_receives_no_rotated_key() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;

    // The operator swaps the supervisor's age recipient for its own, then a revocation makes
    // the coach's phone rotate the case key.
    let attacker = DeviceKeys::generate().unwrap();
    sql(&org)
        .execute(
            "UPDATE devices SET age_recipient = ?1 WHERE id = ?2",
            [attacker.age_recipient(), sup.id().to_string()],
        )
        .unwrap();
    sup.engine
        .revoke_device(&sup.access(), laptop.id())
        .await
        .unwrap();
    // The service, seeing keys that differ from the signed record, no longer counts the
    // supervisor's device as approved and refuses envelopes for it: the rotation waits.
    phone.record_session(&jay, "2026-11-21T18:00", "2026-11-21T19:00");
    let _ = phone.try_sync().await;
    let _ = sup.try_sync().await;
    assert!(
        !opens_any(&org, &attacker),
        "a key reached the swapped recipient"
    );
    // Nothing the coach recorded is lost: it waits on the phone or is stored at the service.
    let waiting = phone.with(|app| app.sync_status().unwrap()).waiting;
    let stored: i64 = sql(&org)
        .query_row(
            "SELECT count(*) FROM batches WHERE device_id = ?1",
            [phone.id().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        waiting >= 1 || stored >= 2,
        "{waiting} waiting, {stored} stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_injected_at_a_new_epoch_seals_nothing() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    settle(&[&phone, &laptop, &sup]).await;

    // The operator wraps a key of its own to the phone at the next epoch, unsigned, and moves
    // the scope there.
    let attacker_key = insideout_crypto::ScopeKey::generate(2);
    let scope = format!("case:{jay}");
    let envelope = Envelope {
        scope: scope.parse().unwrap(),
        epoch: 2,
        device: Some(phone.id()),
        envelope: B64.encode(
            attacker_key
                .wrap_for(&[&keys_of(&phone).age_recipient()])
                .unwrap(),
        ),
        signer: sup.id(),
        key_commitment: insideout_protocol::api::key_commitment(&attacker_key.recipient()),
        signature: "00".repeat(64),
    };
    let conn = sql(&org);
    conn.execute(
        "INSERT INTO envelopes (scope, epoch, recipient, envelope) VALUES (?1, 2, ?2, ?3)",
        rusqlite::params![
            scope,
            phone.id().to_string(),
            serde_json::to_vec(&envelope).unwrap()
        ],
    )
    .unwrap();
    conn.execute("UPDATE scopes SET epoch = 2 WHERE scope = ?1", [&scope])
        .unwrap();

    // The coach records something: it is never sealed to the injected key, and stays waiting.
    phone.record_session(&jay, "2026-11-22T18:00", "2026-11-22T19:00");
    let _ = phone.try_sync().await;
    let held: Vec<u32> = phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let me = insideout_sync::Enrolment::load(store)
            .unwrap()
            .unwrap()
            .person;
        store
            .scope_keys(me)
            .unwrap()
            .into_iter()
            .filter(|(s, _)| s.to_string() == scope)
            .map(|(_, k)| k.epoch)
            .collect()
    });
    assert_eq!(held, vec![1], "the injected key was not taken");
    let stored: Vec<Vec<u8>> = {
        let mut stmt = conn
            .prepare("SELECT ciphertext FROM batches WHERE scope = ?1")
            .unwrap();
        stmt.query_map([&scope], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(stored.iter().all(|c| attacker_key.open(c).is_err()));
    assert!(phone.with(|app| app.sync_status().unwrap()).waiting >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swapped_recovery_recipient_receives_nothing() {
    let org = Org::start().await;
    let attacker = DeviceKeys::generate().unwrap();
    sql(&org)
        .execute(
            "UPDATE org SET recovery_recipient = ?1",
            [attacker.age_recipient()],
        )
        .unwrap();
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jay");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;
    assert!(!opens_any(&org, &attacker));
    // The organisation's own recovery identity still exports the case.
    let history = admin::export(&org.db, &format!("case:{jay}"), org.recovery())
        .await
        .unwrap();
    assert!(!history.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_the_operator_approved_writes_nothing_that_counts() {
    let org = Org::start().await;
    let (phone, _laptop, sup) = team(&org).await;
    settle(&[&phone, &sup]).await;
    // The operator enrols a coach device of its own and marks it approved: the service takes
    // its batches, but every reader refuses them.
    let code = org.code("coach-1").await;
    let fake = operator_device(&org, &code).await;
    fake.add_young_person("Invented");
    // Its own directory does not approve it either, so it does not even push.
    let _ = fake.try_sync().await;
    settle(&[&phone, &sup]).await;
    for d in [&phone, &sup] {
        assert!(!d.tables().iter().any(|row| row.contains("Invented")));
    }
}

/// The scopes and epochs of every envelope `keys` open.
fn opened_by(org: &Org, keys: &DeviceKeys) -> Vec<(String, u32)> {
    all_envelopes(org)
        .iter()
        .filter(|e| {
            keys.unwrap_scope_key(&B64.decode(&e.envelope).unwrap())
                .is_ok()
        })
        .map(|e| (e.scope.to_string(), e.epoch))
        .collect()
}

/// The envelopes the service holds for `device` at `epoch` or later.
fn envelopes_for(org: &Org, device: &Device, epoch: u32) -> Vec<Envelope> {
    all_envelopes(org)
        .into_iter()
        .filter(|e| e.device == Some(device.id()) && e.epoch >= epoch)
        .collect()
}

/// The operator deletes the newest directory record from its database: every device that
/// pulls from now on is told nothing of it.
fn drop_newest_record(org: &Org) -> String {
    let conn = sql(org);
    let record: String = conn
        .query_row(
            "SELECT record FROM directory ORDER BY position DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "DELETE FROM directory WHERE position = (SELECT max(position) FROM directory)",
        [],
    )
    .unwrap();
    record
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_revocation_is_seen_and_the_revoked_device_gets_no_new_key() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;

    // The laptop is stolen: the supervisor revokes it. The operator drops the signed revocation
    // and tells its database the laptop is still approved, so the thief's laptop keeps syncing.
    sup.engine
        .revoke_device(&sup.access(), laptop.id())
        .await
        .unwrap();
    let dropped = drop_newest_record(&org);
    assert!(dropped.contains("revoke"), "{dropped}");
    org.db
        .set_device_status(laptop.id(), DeviceStatus::Approved)
        .await
        .unwrap();

    // The supervisor, who signed the revocation, rotates the case key and comments on the
    // session: the comment's batch carries the supervisor's directory head.
    sup.with(|app| {
        app.add_comment(&session, "Seen. Ring me about the laptop.")
            .unwrap()
    });
    settle(&[&sup, &phone]).await;
    let _ = laptop.try_sync().await;
    settle(&[&sup, &phone]).await;

    // The phone was never sent the revocation, but it sees that the supervisor holds a record
    // it lacks, says so, and gives the laptop none of the rotated keys.
    assert!(
        all_envelopes(&org).iter().any(|e| e.epoch >= 2),
        "the key was rotated"
    );
    assert!(
        envelopes_for(&org, &laptop, 2).is_empty(),
        "a rotated key reached the revoked laptop"
    );
    let status = phone.with(|app| app.sync_status().unwrap());
    assert!(
        status
            .directory_warnings
            .iter()
            .any(|w| w.contains("holding some back")),
        "{status:?}"
    );
    // The coach lost nothing: the comment arrived and nothing waits.
    let comments = phone.with(|app| app.session(&session).unwrap()).comments;
    assert_eq!(comments.len(), 1);
    assert_eq!(status.waiting, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_back_directory_takes_nothing_from_a_device_that_holds_it() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;
    sup.engine
        .revoke_device(&sup.access(), laptop.id())
        .await
        .unwrap();
    phone.sync().await;

    // The phone holds the revocation. The operator rolls the directory back past it, marks the
    // laptop approved again, and the phone syncs on.
    drop_newest_record(&org);
    org.db
        .set_device_status(laptop.id(), DeviceStatus::Approved)
        .await
        .unwrap();
    let laptop_keys = keys_of(&laptop);
    let opened_before = opened_by(&org, &laptop_keys);
    phone.add_young_person("Riley");
    settle(&[&phone, &sup]).await;
    let revoked = phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let enrolment = insideout_sync::Enrolment::load(store).unwrap().unwrap();
        insideout_sync::Engine::directory(store, &enrolment)
            .unwrap()
            .devices[&laptop.id()]
            .revoked
            .is_some()
    });
    assert!(revoked, "the phone forgot a revocation it held");
    // No key made or rotated since, the new case's included, reaches the laptop.
    assert!(all_envelopes(&org).len() > opened_before.len());
    assert_eq!(opened_by(&org, &laptop_keys), opened_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forked_directory_is_seen_by_both_sides() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &laptop, &sup]).await;

    // Two different records under the supervisor device's next number, both truly signed
    // (a supervisor's device restored from a backup signs its next number again): the
    // operator shows the phone one and the laptop the other.
    let sup_keys = keys_of(&sup);
    let signer = insideout_protocol::directory::Signer::Device(sup.id());
    let (head, person, team_id) = sup.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let enrolment = insideout_sync::Enrolment::load(store).unwrap().unwrap();
        let dir = insideout_sync::Engine::directory(store, &enrolment).unwrap();
        let head = dir.heads().into_iter().find(|h| h.signer == signer);
        let person = dir.devices[&laptop.id()].person;
        (head, person, dir.people[&person].team)
    });
    let now_ms = system_clock()();
    let fork = |n: u64| {
        let record = insideout_protocol::directory::next_record(
            signer,
            head.as_ref(),
            now_ms + n,
            insideout_protocol::directory::Body::Person {
                person,
                team: team_id,
                role: Role::Coach,
                expires_ms: now_ms + 1_000_000_000 + n,
            },
        );
        insideout_protocol::directory::SignedRecord::by_device(&sup_keys, record)
    };
    let insert = |record: &insideout_protocol::directory::SignedRecord| {
        sql(&org)
            .execute(
                "INSERT INTO directory (hash, record) VALUES (?1, ?2)",
                rusqlite::params![record.hash(), serde_json::to_string(record).unwrap()],
            )
            .unwrap();
    };
    insert(&fork(1));
    phone.sync().await;
    drop_newest_record(&org);
    insert(&fork(2));
    laptop.sync().await;
    drop_newest_record(&org);

    // Each coach device writes; each reads the other's heads and sees the fork.
    phone.with(|app| app.add_comment(&session, "From the phone").unwrap());
    laptop.with(|app| app.add_comment(&session, "From the laptop").unwrap());
    settle(&[&phone, &laptop]).await;
    for d in [&phone, &laptop] {
        let status = d.with(|app| app.sync_status().unwrap());
        assert!(
            status
                .directory_warnings
                .iter()
                .any(|w| w.contains("Two different directory records")),
            "{status:?}"
        );
    }
    // Nothing the coach wrote was lost.
    assert_eq!(phone.tables(), laptop.tables());
}

/// A batch written with `writer`'s real keys but not by its app (a tampered app, or an
/// insider's own tool), put straight into the service's store: `ops` go into `scope`'s batch
/// as they are, and the signed header covers `range`.
async fn inject(
    org: &Org,
    writer: &Device,
    scope: Scope,
    ops: &[Op],
    plaintext: Option<Vec<u8>>,
    device_seq: u64,
) {
    let (keys, key) = writer.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let enrolment = insideout_sync::Enrolment::load(store).unwrap().unwrap();
        let key = store
            .scope_keys(enrolment.person)
            .unwrap()
            .into_iter()
            .rfind(|(s, _)| *s == scope)
            .unwrap()
            .1;
        (store.device_keys().unwrap(), key)
    });
    let plaintext = plaintext.unwrap_or_else(|| {
        serde_json::to_vec(&BatchContent {
            version: PROTOCOL_VERSION,
            ops: ops
                .iter()
                .map(|op| serde_json::to_value(op).unwrap())
                .collect(),
            heads: Vec::new(),
        })
        .unwrap()
    });
    let ciphertext = key.seal(&plaintext).unwrap();
    let header = BatchHeader {
        version: PROTOCOL_VERSION,
        scope,
        device: writer.id(),
        device_seq,
        hlc_first: ops[0].hlc,
        hlc_last: ops[ops.len() - 1].hlc,
        op_count: ops.len() as u32,
        key_epoch: key.epoch,
        priority: Priority::Routine,
        ciphertext_sha256: sha256_hex(&ciphertext),
    };
    let author = org
        .db
        .devices()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.id == writer.id())
        .unwrap();
    let batch = NewBatch {
        scope,
        device_seq,
        key_epoch: key.epoch,
        priority: Priority::Routine,
        header: serde_json::to_string(&header).unwrap(),
        signature: hex_encode(&keys.sign(&header.signing_bytes())),
        hash: sha256_hex(&ciphertext),
        ciphertext,
        received_ms: system_clock()(),
    };
    org.db.push(&author, &batch).await.unwrap();
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An op by `writer` at `wall_ms` setting `young_person`'s phase.
fn phase_op(writer: &Device, n: u64, wall_ms: u64, young_person: &str) -> Op {
    Op {
        id: OpId::from_uuid(uuid::Uuid::now_v7()),
        hlc: Hlc {
            wall_ms,
            counter: 0,
            device: writer.id(),
        },
        device_seq: 10_000 + n,
        body: OpBody::PhaseSet {
            id: young_person.parse().unwrap(),
            phase: Phase::StepDown,
            from: None,
        },
    }
}

/// The device's own `device_seq` after its last batch, so an injected batch is next in line.
/// A batch in `case`, signed with the phone's own keys, holding one change of `target`'s phase
/// dated `wall_ms`, put straight into the service's database as the phone's next batch.
async fn inject_phase_change(org: &Org, phone: &Device, case: &str, target: &str, wall_ms: u64) {
    let op = phase_op(phone, 1, wall_ms, target);
    let seq = next_batch_seq(org, phone);
    let scope = Scope::Case(case.parse().unwrap());
    inject(org, phone, scope, &[op], None, seq).await;
}

fn next_batch_seq(org: &Org, device: &Device) -> u64 {
    sql(org)
        .query_row(
            "SELECT coalesce(max(device_seq), 0) + 1 FROM batches WHERE device_id = ?1",
            [device.id().to_string()],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_whose_body_names_another_case_changes_nothing() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    let riley = phone.add_young_person("Riley");
    settle(&[&phone, &laptop, &sup]).await;
    let before = sup.tables();

    // Inside Jaydenne's case, a change to Riley's phase.
    inject_phase_change(&org, &phone, &jay, &riley, system_clock()()).await;
    settle(&[&laptop, &sup]).await;
    for d in [&laptop, &sup] {
        assert_eq!(d.tables(), before, "the change was applied");
        let status = d.with(|app| app.sync_status().unwrap());
        assert_eq!(status.quarantined, 1, "{status:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_dated_ten_years_ahead_wins_nothing() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    settle(&[&phone, &laptop, &sup]).await;
    let before = sup.tables();

    let ten_years = 10 * 365 * 24 * 3_600_000;
    inject_phase_change(&org, &phone, &jay, &jay, system_clock()() + ten_years).await;
    settle(&[&laptop, &sup]).await;
    assert_eq!(sup.tables(), before, "the dated change was applied");
    // Nor did it drag a reader's clock along: the laptop's next change is stamped now.
    laptop.add_young_person("Later");
    let newest: u64 = laptop.with(|app| {
        app.store_for_inspection()
            .unwrap()
            .connection()
            .query_row("SELECT max(hlc) FROM ops", [], |r| r.get::<_, String>(0))
            .map(|hlc| hlc.parse::<Hlc>().unwrap().wall_ms)
            .unwrap()
    });
    assert!(
        newest <= system_clock()() + MAX_SKEW_MS,
        "the clock jumped ahead"
    );
    settle(&[&laptop, &sup]).await;
    assert_eq!(laptop.with(|app| app.sync_status().unwrap()).waiting, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_decompression_bombs_is_set_aside_and_the_cursor_moves_on() {
    let org = Org::start().await;
    let (phone, laptop, sup) = team(&org).await;
    let jay = phone.add_young_person("Jaydenne");
    settle(&[&phone, &laptop, &sup]).await;

    // Ten batches, each a few kilobytes that open to more than a reader may hold.
    let bomb = vec![b' '; (MAX_OPENED_BYTES + 1) as usize];
    // The laptop's keys write them (a tampered app); the phone carries on as normal.
    let first = next_batch_seq(&org, &laptop);
    for (seq, n) in (first..).zip(0..10) {
        let op = phase_op(&laptop, n, system_clock()(), &jay);
        inject(
            &org,
            &laptop,
            Scope::Case(jay.parse().unwrap()),
            &[op],
            Some(bomb.clone()),
            seq,
        )
        .await;
    }
    drop(bomb);
    settle(&[&sup]).await;
    let status = sup.with(|app| app.sync_status().unwrap());
    assert_eq!(status.quarantined, 10, "{status:?}");
    // The scope is not wedged: the phone's next real change still arrives.
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    settle(&[&phone, &sup]).await;
    assert!(sup.with(|app| app.session(&session)).is_ok());
}
