//! The HTTP API, driven over loopback: every refusal has its status and code, and stores
//! nothing.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::{DeviceKeys, RecoveryIdentity, ScopeKey};
use insideout_domain::hlc::Hlc;
use insideout_domain::ids::{DeviceId, YoungPersonId};
use insideout_protocol::api::*;
use insideout_protocol::{BatchHeader, PROTOCOL_VERSION, Priority, Scope, sha256_hex};
use insideout_server::admin;
use insideout_server::api::{Clock, Config, Service};
use insideout_server::db::Database;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::serve::{TlsFiles, serve, spawn_local};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const T0: u64 = 1_790_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    db: SqliteDb,
    url: String,
    now: Arc<AtomicU64>,
    http: reqwest::Client,
}

async fn fixture_with(config: Config, init: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = SqliteDb::open(&dir.path().join("s.db")).unwrap();
    db.migrate().await.unwrap();
    if init {
        admin::init(&db, &RecoveryIdentity::generate().recipient(), T0)
            .await
            .unwrap();
        admin::add_team(&db, "north", T0).await.unwrap();
        admin::add_person(&db, "north", "coach", "coach-1", T0)
            .await
            .unwrap();
        admin::add_person(&db, "north", "coach", "coach-2", T0)
            .await
            .unwrap();
        admin::add_person(&db, "north", "supervisor", "sup-1", T0)
            .await
            .unwrap();
    }
    let now = Arc::new(AtomicU64::new(T0));
    let clock_now = now.clone();
    let clock: Clock = Arc::new(move || clock_now.load(Ordering::SeqCst));
    let addr = spawn_local(Service::new(db.clone(), config, clock))
        .await
        .unwrap();
    Fixture {
        _dir: dir,
        db,
        url: format!("http://{addr}"),
        now,
        http: reqwest::Client::new(),
    }
}

async fn fixture() -> Fixture {
    fixture_with(Config::default(), true).await
}

struct Dev {
    id: DeviceId,
    keys: DeviceKeys,
    token: String,
}

impl Fixture {
    async fn code(&self, person: &str) -> String {
        let p = admin::person_by_label(&self.db, person).await.unwrap();
        admin::enrolment_code(&self.db, p.id, 1, self.now.load(Ordering::SeqCst))
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut r = self.http.post(format!("{}{path}", self.url)).json(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let response = r.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn enrol_request(&self, code: &str, keys: &DeviceKeys, id: DeviceId) -> (u16, Value) {
        let body = json!(EnrolRequest {
            version: PROTOCOL_VERSION,
            code: code.into(),
            device: id,
            age_recipient: keys.age_recipient(),
            signing_key: keys.signing_public_hex(),
        });
        self.post("/v1/enrol", None, &body).await
    }

    async fn device(&self, person: &str, approve: bool) -> Dev {
        let keys = DeviceKeys::generate().unwrap();
        let id = DeviceId::from_uuid(uuid::Uuid::now_v7());
        let code = self.code(person).await;
        let (status, body) = self.enrol_request(&code, &keys, id).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "pending");
        if approve {
            self.db
                .set_device_status(id, DeviceStatus::Approved)
                .await
                .unwrap();
        }
        Dev {
            id,
            keys,
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }

    async fn stored(&self, scope: Scope) -> usize {
        self.db.batches_after(scope, 0, 1000).await.unwrap().len()
    }
}

fn push(
    dev: &Dev,
    scope: Scope,
    seq: u64,
    epoch: u32,
    key: &ScopeKey,
    wall_ms: u64,
) -> PushRequest {
    let ciphertext = key.seal(format!("batch {seq}").as_bytes()).unwrap();
    let hlc = Hlc {
        wall_ms,
        counter: 0,
        device: dev.id,
    };
    let header = BatchHeader {
        version: PROTOCOL_VERSION,
        scope,
        device: dev.id,
        device_seq: seq,
        hlc_first: hlc,
        hlc_last: hlc,
        op_count: 1,
        key_epoch: epoch,
        priority: Priority::Routine,
        ciphertext_sha256: sha256_hex(&ciphertext),
    };
    PushRequest {
        signature: hex::encode(dev.keys.sign(&header.signing_bytes())),
        header,
        ciphertext: B64.encode(&ciphertext),
    }
}

fn case() -> Scope {
    Scope::Case(YoungPersonId::from_uuid(uuid::Uuid::now_v7()))
}

#[tokio::test]
async fn health_says_whether_the_organisation_is_ready() {
    let bare = fixture_with(Config::default(), false).await;
    let r = bare
        .http
        .get(format!("{}/health", bare.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "not_initialised");

    let f = fixture().await;
    let r = f
        .http
        .get(format!("{}/health", f.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["status"].clone(), body["protocol"].clone()),
        (json!("ok"), json!(1))
    );
}

#[tokio::test]
async fn enrolment_codes_are_single_use_expire_and_keys_are_checked() {
    let f = fixture().await;
    let keys = DeviceKeys::generate().unwrap();
    let code = f.code("coach-1").await;
    // Typed in lower case with spaces, it still works, once.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, body) = f
        .enrol_request(&typed, &keys, DeviceId::from_uuid(uuid::Uuid::now_v7()))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["role"], "coach");
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    let (status, body) = f
        .enrol_request(&code, &keys, DeviceId::from_uuid(uuid::Uuid::now_v7()))
        .await;
    assert_eq!((status, body["code"].clone()), (403, json!("code_used")));

    let late = f.code("coach-1").await;
    f.now.fetch_add(3_600_001, Ordering::SeqCst);
    let (status, body) = f
        .enrol_request(&late, &keys, DeviceId::from_uuid(uuid::Uuid::now_v7()))
        .await;
    assert_eq!((status, body["code"].clone()), (403, json!("code_expired")));
    let (status, body) = f
        .enrol_request(
            "NOPE-NOPE-NOPE",
            &keys,
            DeviceId::from_uuid(uuid::Uuid::now_v7()),
        )
        .await;
    assert_eq!((status, body["code"].clone()), (403, json!("code_unknown")));

    let fresh = f.code("coach-1").await;
    let mut bad = json!(EnrolRequest {
        version: PROTOCOL_VERSION,
        code: fresh.clone(),
        device: DeviceId::from_uuid(uuid::Uuid::now_v7()),
        age_recipient: "age1notakey".into(),
        signing_key: keys.signing_public_hex(),
    });
    let (status, body) = f.post("/v1/enrol", None, &bad).await;
    assert_eq!((status, body["code"].clone()), (400, json!("bad_key")));
    bad["age_recipient"] = json!(keys.age_recipient());
    bad["signing_key"] = json!("abcd");
    let (status, body) = f.post("/v1/enrol", None, &bad).await;
    assert_eq!((status, body["code"].clone()), (400, json!("bad_key")));
    bad["signing_key"] = json!(keys.signing_public_hex());
    bad["version"] = json!(99);
    let (status, body) = f.post("/v1/enrol", None, &bad).await;
    assert_eq!(
        (status, body["code"].clone()),
        (400, json!("unknown_version"))
    );
    // None of the refusals used the code.
    bad["version"] = json!(PROTOCOL_VERSION);
    let (status, _) = f.post("/v1/enrol", None, &bad).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn bad_batches_are_refused_with_their_code_and_nothing_is_stored() {
    let f = fixture_with(
        Config {
            max_body_bytes: 64 * 1024,
            ..Config::default()
        },
        true,
    )
    .await;
    let coach = f.device("coach-1", true).await;
    let other = f.device("coach-2", true).await;
    let sup = f.device("sup-1", true).await;
    let key = ScopeKey::generate(1);
    let s = case();
    let now = T0;
    let ok = push(&coach, s, 1, 1, &key, now);
    let (status, body) = f.post("/v1/push", Some(&coach.token), &json!(ok)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["server_seq"].clone(), body["repeat"].clone()),
        (json!(1), json!(false))
    );
    let (status, body) = f.post("/v1/push", Some(&coach.token), &json!(ok)).await;
    assert_eq!((status, body["repeat"].clone()), (200, json!(true)));

    let mut cases: Vec<(&str, u16, Value, &str)> = Vec::new();
    cases.push(("malformed", 400, json!({"header": 1}), &coach.token));
    let mut huge = push(&coach, s, 2, 1, &key, now);
    huge.ciphertext = "A".repeat(100 * 1024);
    cases.push(("too_large", 413, json!(huge), &coach.token));
    cases.push((
        "replayed",
        409,
        json!(push(&coach, s, 1, 1, &key, now + 1)),
        &coach.token,
    ));
    cases.push((
        "out_of_order",
        409,
        json!(push(&coach, s, 3, 1, &key, now)),
        &coach.token,
    ));
    let mut forged = push(&coach, s, 2, 1, &key, now);
    forged.header.op_count = 7;
    cases.push(("bad_signature", 403, json!(forged), &coach.token));
    let mut signed_by_other = push(&coach, s, 2, 1, &key, now);
    signed_by_other.signature =
        hex::encode(other.keys.sign(&signed_by_other.header.signing_bytes()));
    cases.push(("bad_signature", 403, json!(signed_by_other), &coach.token));
    let mut swapped = push(&coach, s, 2, 1, &key, now);
    swapped.ciphertext = B64.encode(key.seal(b"something else").unwrap());
    cases.push(("hash_mismatch", 400, json!(swapped), &coach.token));
    cases.push((
        "wrong_device",
        403,
        json!(push(&coach, s, 2, 1, &key, now)),
        &other.token,
    ));
    cases.push((
        "wrong_scope",
        403,
        json!(push(&other, s, 1, 1, &key, now)),
        &other.token,
    ));
    cases.push((
        "wrong_scope",
        403,
        json!(push(&sup, case(), 1, 1, &key, now)),
        &sup.token,
    ));
    cases.push((
        "stale_epoch",
        409,
        json!(push(&coach, s, 2, 2, &key, now)),
        &coach.token,
    ));
    cases.push((
        "clock_ahead",
        409,
        json!(push(&coach, s, 2, 1, &key, now + 3_600_000)),
        &coach.token,
    ));
    cases.push((
        "unauthenticated",
        401,
        json!(push(&coach, s, 2, 1, &key, now)),
        "not-a-token",
    ));
    for (code, status, body, token) in cases {
        let (got, reply) = f.post("/v1/push", Some(token), &body).await;
        assert_eq!(
            (got, reply["code"].as_str().unwrap_or("")),
            (status, code),
            "{reply}"
        );
        assert!(!reply["message"].as_str().unwrap_or("").is_empty());
        if code == "clock_ahead" {
            assert!(
                reply["message"]
                    .as_str()
                    .unwrap()
                    .contains("60 minutes ahead"),
                "{reply}"
            );
        }
        assert_eq!(f.stored(s).await, 1, "{code} stored something");
    }
    // After all of that, the next batch is still number 2.
    let (status, body) = f
        .post(
            "/v1/push",
            Some(&coach.token),
            &json!(push(&coach, s, 2, 1, &key, now)),
        )
        .await;
    assert_eq!((status, body["server_seq"].clone()), (200, json!(2)));
}

#[tokio::test]
async fn pending_devices_receive_nothing_and_revoked_devices_are_told_to_wipe() {
    let f = fixture().await;
    let coach = f.device("coach-1", true).await;
    let sup = f.device("sup-1", true).await;
    let phone = f.device("coach-1", false).await;
    let key = ScopeKey::generate(1);
    let s = case();
    f.post(
        "/v1/push",
        Some(&coach.token),
        &json!(push(&coach, s, 1, 1, &key, T0)),
    )
    .await;
    let pull = json!(PullRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        limit: 10
    });
    let (status, body) = f.post("/v1/pull", Some(&phone.token), &pull).await;
    assert_eq!((status, body["status"].clone()), (200, json!("pending")));
    assert_eq!(body["batches"], json!([]));

    // The coach cannot approve; the supervisor can.
    let approve = format!("/v1/devices/{}/approve", phone.id);
    let (status, body) = f.post(&approve, Some(&coach.token), &json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("not_supervisor"))
    );
    let (status, _) = f.post(&approve, Some(&sup.token), &json!({})).await;
    assert_eq!(status, 200);
    let (_, body) = f.post("/v1/pull", Some(&phone.token), &pull).await;
    assert_eq!(body["status"], "approved");
    assert_eq!(body["batches"].as_array().unwrap().len(), 1);
    assert!(body["done"].as_bool().unwrap());
    assert_eq!(body["roster"].as_array().unwrap().len(), 3);

    let revoke = format!("/v1/devices/{}/revoke", phone.id);
    let (status, _) = f.post(&revoke, Some(&sup.token), &json!({})).await;
    assert_eq!(status, 200);
    for (path, body) in [
        ("/v1/pull", pull.clone()),
        ("/v1/push", json!(push(&phone, s, 1, 1, &key, T0))),
    ] {
        let (status, reply) = f.post(path, Some(&phone.token), &body).await;
        assert_eq!(
            (status, reply["code"].clone()),
            (403, json!("device_revoked"))
        );
        assert!(reply["message"].as_str().unwrap().contains("wipe"));
    }
    let (status, body) = f.post(&approve, Some(&sup.token), &json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (409, json!("device_revoked"))
    );
}

#[tokio::test]
async fn a_device_that_floods_the_service_is_slowed() {
    let f = fixture_with(
        Config {
            requests_per_second: 3,
            ..Config::default()
        },
        true,
    )
    .await;
    let coach = f.device("coach-1", true).await;
    let pull = json!(PullRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        limit: 10
    });
    let mut codes = Vec::new();
    for _ in 0..10 {
        let (status, body) = f.post("/v1/pull", Some(&coach.token), &pull).await;
        codes.push((status, body["code"].as_str().unwrap_or("").to_owned()));
    }
    assert!(codes.iter().take(3).all(|(s, _)| *s == 200), "{codes:?}");
    assert!(
        codes.contains(&(429, "rate_limited".to_owned())),
        "{codes:?}"
    );
}

#[tokio::test]
async fn the_service_speaks_tls_when_given_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.key_pair.serialize_pem()).unwrap();
    let db = SqliteDb::open(&dir.path().join("s.db")).unwrap();
    db.migrate().await.unwrap();
    admin::init(&db, &RecoveryIdentity::generate().recipient(), T0)
        .await
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let service = Service::new(db, Config::default(), insideout_server::api::system_clock());
    tokio::spawn(serve(
        service,
        listener,
        Some(TlsFiles {
            cert: cert_path,
            key: key_path,
        }),
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let mut answer = None;
    for _ in 0..50 {
        if let Ok(r) = client
            .get(format!("https://localhost:{port}/health"))
            .send()
            .await
        {
            answer = Some(r.status().as_u16());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(answer, Some(200));
    let plain = reqwest::get(format!("http://localhost:{port}/health")).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
}
