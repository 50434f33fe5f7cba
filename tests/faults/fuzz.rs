//! Hostile bytes at every decoder that takes them from outside: request bodies at the service,
//! response bodies at the device, pulled batches (headers, signatures, sealed content), key
//! envelopes and scope keys, the key file, a picture given as a QR code, and the text and date
//! fields of the forms. No panic, a clear refusal, and nothing stored. CI runs a bounded
//! number of cases (`FAULT_FUZZ_CASES`, 64 by default); `scripts/faults.sh` runs more.

use crate::harness::{Device, Org, settle};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_protocol::api::PulledBatch;
use insideout_tests::faults::runs;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn cases() -> u32 {
    runs("FAULT_FUZZ_CASES", 64) as u32
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Bytes a hostile peer might send: random, or JSON-shaped with random values.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        "\\PC{0,300}".prop_map(String::into_bytes),
        (any::<i64>(), "\\PC{0,40}", proptest::collection::vec(any::<u8>(), 0..64)).prop_map(
            |(n, s, b)| serde_json::json!({
                "version": n, "code": s, "header": {"scope": s, "device": s, "device_seq": n},
                "signature": B64.encode(&b), "ciphertext": B64.encode(&b), "cursors": [{"scope": s, "after": n}],
                "envelopes": [{"scope": s, "epoch": n, "envelope": B64.encode(&b)}], "records": [s],
                "limit": n, "sealed": B64.encode(&b), "person": s,
            })
            .to_string()
            .into_bytes()
        ),
    ]
}

/// One raw HTTP request to `addr`; the answer's status.
async fn post_raw(addr: SocketAddr, path: &str, token: Option<&str>, body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).await.expect("the service");
    let auth = token.map_or(String::new(), |t| format!("authorization: Bearer {t}\r\n"));
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n{auth}content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("sent");
    stream.write_all(body).await.expect("sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"))
}

/// What the service has stored: batches, envelopes, directory records, salvage, codes.
fn stored(org: &Org) -> Vec<i64> {
    let conn = rusqlite::Connection::open(org.db_path()).expect("the service's database");
    [
        "batches",
        "envelopes",
        "directory",
        "salvage",
        "devices",
        "enrolment_codes",
        "scopes",
        "case_owners",
    ]
    .iter()
    .map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("a table of the service")
    })
    .collect()
}

#[test]
fn hostile_request_bodies_get_a_refusal_from_the_service_and_store_nothing() {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let (org, token) = rt.block_on(async {
        let org = Org::start().await;
        let phone = Device::new("Alex");
        phone.enrol(&org, "coach-1").await;
        org.approve(&phone).await;
        phone.add_young_person("Jay");
        settle(&[&phone]).await;
        let token = phone.with(|app| {
            insideout_sync::Enrolment::load(app.store_for_inspection().unwrap())
                .unwrap()
                .unwrap()
                .token
        });
        (org, token)
    });
    let addr: SocketAddr = org.url.trim_start_matches("http://").parse().unwrap();
    let before = stored(&org);
    let paths = [
        "/v1/enrol",
        "/v1/push",
        "/v1/pull",
        "/v1/envelopes",
        "/v1/directory",
        "/v1/salvage",
        "/v1/codes",
    ];
    let requests = std::cell::Cell::new(0);
    runner()
        .run(
            &(hostile_bytes(), 0usize..paths.len(), any::<bool>()),
            |(body, path, with_token)| {
                let token = with_token.then_some(token.as_str());
                let status = rt.block_on(post_raw(addr, paths[path], token, &body));
                requests.set(requests.get() + 1);
                prop_assert!(
                    (400..500).contains(&status),
                    "{} answered {status} to {:?}",
                    paths[path],
                    String::from_utf8_lossy(&body)
                );
                Ok(())
            },
        )
        .expect("every hostile request refused");
    // A salvage is any sealed bytes by design: a valid device's salvage of random bytes would be
    // stored, so the figures compared leave none in (the generator's salvage is not base64 of
    // an age file, which the service checks).
    assert_eq!(stored(&org), before, "a hostile request stored something");
    crate::report(
        "hostile request bodies",
        &[("requests", requests.get()), ("5xx", 0), ("stored", 0)],
    );
}

/// A service that answers every request with `status` and `body`.
async fn hostile_service(status: u16, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 65536];
                let _ = client.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = client.write_all(head.as_bytes()).await;
                let _ = client.write_all(&body).await;
            });
        }
    });
    url
}

#[test]
fn hostile_response_bodies_fail_the_sync_and_store_nothing() {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let phone = rt.block_on(async {
        let org = Org::start().await;
        let phone = Device::new("Alex");
        phone.enrol(&org, "coach-1").await;
        org.approve(&phone).await;
        let jay = phone.add_young_person("Jay");
        phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
        settle(&[&phone]).await;
        phone.record_session(&jay, "2026-11-21T18:00", "2026-11-21T19:00");
        // The organisation's service is left behind: from now on a hostile one answers.
        std::mem::forget(org);
        phone
    });
    let before = phone.tables();
    let answers = std::cell::Cell::new(0);
    runner()
        .run(
            &(
                hostile_bytes(),
                prop_oneof![Just(200u16), Just(409), Just(500)],
            ),
            |(body, status)| {
                let result = rt.block_on(async {
                    let url = hostile_service(status, body.clone()).await;
                    phone.with(|app| {
                        app.store_for_inspection()
                            .unwrap()
                            .sync_set("service", &url)
                            .unwrap()
                    });
                    phone.try_sync().await
                });
                answers.set(answers.get() + 1);
                prop_assert!(
                    result.is_err(),
                    "a sync succeeded on {:?}",
                    String::from_utf8_lossy(&body)
                );
                prop_assert_eq!(phone.tables(), before.clone());
                Ok(())
            },
        )
        .expect("every hostile answer refused");
    let waiting = phone.with(|app| app.sync_status().unwrap()).waiting;
    assert_eq!(waiting, 1, "the unsent session is still waiting");
    crate::report(
        "hostile response bodies",
        &[("answers", answers.get()), ("panics", 0), ("stored", 0)],
    );
}

#[test]
fn hostile_pulled_batches_are_quarantined_never_applied() {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let (phone, sup) = rt.block_on(async {
        let org = Org::start().await;
        let phone = Device::new("Alex");
        let sup = Device::new("Sam");
        phone.enrol(&org, "coach-1").await;
        sup.enrol(&org, "sup-1").await;
        org.approve(&phone).await;
        org.approve(&sup).await;
        let jay = phone.add_young_person("Jay");
        let s = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
        phone.draft(&s, "a", "Climbing.");
        settle(&[&phone, &sup]).await;
        std::mem::forget(org);
        (phone, sup)
    });
    // A real batch of the phone's, as the service would hand it to the supervisor.
    let real: Vec<PulledBatch> = phone.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let conn = store.connection();
        let mut stmt = conn
            .prepare(
                "SELECT scope, header, signature, ciphertext, server_seq FROM outbox ORDER BY seq",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(PulledBatch {
                scope: r.get::<_, String>(0)?.parse().unwrap_or_else(|_| {
                    serde_json::from_str::<insideout_protocol::BatchHeader>(
                        &r.get::<_, String>(1).unwrap(),
                    )
                    .unwrap()
                    .scope
                }),
                server_seq: r.get::<_, Option<u64>>(4)?.unwrap_or(1),
                header: serde_json::from_str(&r.get::<_, String>(1)?).unwrap(),
                signature: r.get(2)?,
                ciphertext: B64.encode(r.get::<_, Vec<u8>>(3)?),
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    });
    assert!(!real.is_empty());
    let (directory, keys, me) = sup.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let enrolment = insideout_sync::Enrolment::load(store).unwrap().unwrap();
        let directory = insideout_sync::Engine::directory(store, &enrolment).unwrap();
        (
            directory,
            store.scope_keys(enrolment.person).unwrap(),
            enrolment.person,
        )
    });
    let _ = me;
    let now = chrono::Utc::now().timestamp_millis() as u64;
    // The real batches pass: the check can tell a good batch from a bad one.
    let good = insideout_sync::verify::check_page(&real, &directory, &keys, &|_| None, now);
    assert!(
        good.iter().all(|r| r.outcome.is_ok()),
        "{:?}",
        good.iter().map(|r| &r.outcome).collect::<Vec<_>>()
    );
    let batches = std::cell::Cell::new(0);
    runner()
        .run(
            &(
                0usize..real.len(),
                0u8..4,
                proptest::collection::vec(any::<u8>(), 1..512),
                any::<usize>(),
            ),
            |(pick, how, bytes, at)| {
                let mut batch = real[pick].clone();
                match how {
                    // Random content under a real signed header.
                    0 => batch.ciphertext = B64.encode(&bytes),
                    // One byte of the sealed content changed.
                    1 => {
                        let mut sealed = B64.decode(&batch.ciphertext).unwrap();
                        let i = at % sealed.len();
                        sealed[i] ^= bytes[0] | 1;
                        batch.ciphertext = B64.encode(&sealed);
                    }
                    // A random signature.
                    2 => batch.signature = hex_of(&bytes),
                    // Not base64 at all.
                    _ => batch.ciphertext = String::from_utf8_lossy(&bytes).into_owned() + "%",
                }
                let checked =
                    insideout_sync::verify::check_page(&[batch], &directory, &keys, &|_| None, now);
                batches.set(batches.get() + 1);
                prop_assert_eq!(checked.len(), 1);
                prop_assert!(checked[0].outcome.is_err(), "a tampered batch was accepted");
                Ok(())
            },
        )
        .expect("every tampered batch quarantined");
    // Scope keys and envelopes: random bytes never open.
    runner()
        .run(&proptest::collection::vec(any::<u8>(), 0..1024), |bytes| {
            for (_, key) in &keys {
                prop_assert!(key.open(&bytes).is_err());
            }
            let device =
                phone.with(|app| app.store_for_inspection().unwrap().device_keys().unwrap());
            prop_assert!(device.unwrap_scope_key(&bytes).is_err());
            Ok(())
        })
        .expect("random bytes never open");
    crate::report(
        "hostile pulled batches",
        &[("batches", batches.get()), ("accepted", 0), ("panics", 0)],
    );
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_damaged_key_file_is_refused_and_left_as_it_is() {
    let files = std::cell::Cell::new(0);
    runner()
        .run(&proptest::collection::vec(any::<u8>(), 0..600), |bytes| {
            let device = Device::new("Alex");
            device.with(|app| app.lock());
            let path = device.dir.path().join("key.age");
            std::fs::write(&path, &bytes).unwrap();
            let result = device.with(|app| app.unlock(insideout_app::testkit::PASSPHRASE));
            prop_assert!(result.is_err(), "a damaged key file unlocked");
            prop_assert_eq!(std::fs::read(&path).unwrap(), bytes);
            files.set(files.get() + 1);
            Ok(())
        })
        .expect("every damaged key file refused");
    crate::report(
        "damaged key files",
        &[("files", files.get()), ("unlocked", 0), ("changed", 0)],
    );
}

#[test]
fn hostile_pictures_and_form_fields_get_a_clear_refusal() {
    let device = Device::new("Alex");
    let jay = device.add_young_person("Jay");
    let before = device.tables();
    let inputs = std::cell::Cell::new(0);
    runner()
        .run(
            &(
                proptest::collection::vec(any::<u8>(), 0..4096),
                "\\PC{0,200}",
                "\\PC{0,30}",
            ),
            |(picture, text, date)| {
                prop_assert!(insideout_app::qr::link_from_picture(&picture).is_err());
                prop_assert!(insideout_app::qr::parse_enrolment_link(&text).is_err());
                let session = insideout_app::testkit::session_input(&jay, &date, &text);
                let refused = device.with(|app| app.record_session(session));
                prop_assert!(
                    refused.is_err(),
                    "a session with times {date:?}–{text:?} was recorded"
                );
                let e = insideout_app::dto::ErrorDto::from(refused.unwrap_err());
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.field.is_some(), "no field named: {e:?}");
                inputs.set(inputs.get() + 1);
                Ok(())
            },
        )
        .expect("every hostile input refused");
    assert_eq!(device.tables(), before, "a refused input changed something");
    crate::report(
        "hostile pictures and form fields",
        &[("inputs", inputs.get()), ("stored", 0)],
    );
}
