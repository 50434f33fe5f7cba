//! The attack suite: an operator who controls the service and its database, with only the
//! shipped tools and SQL, against real coaches' and supervisors' engines. Each attack must give
//! the attacker no key and no plaintext, and lose the coach nothing.

use super::{settle, team};
use crate::harness::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::DeviceKeys;
use insideout_domain::ids::PersonId;
use insideout_protocol::api::{DeviceStatus, Envelope, Role};
use insideout_server::admin;
use insideout_server::api::system_clock;
use insideout_server::db::{Database, Person};

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
