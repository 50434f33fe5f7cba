//! The harness: a real service over SQLite in a temporary directory, on a loopback port, with a
//! clock the test moves by hand; devices with real keys; batches really sealed and signed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::{DeviceKeys, OrgKey, RecoveryIdentity, ScopeKey};
use insideout_domain::hlc::Hlc;
use insideout_domain::ids::{DeviceId, YoungPersonId};
use insideout_protocol::api::*;
use insideout_protocol::directory::{Body, SignedRecord, Signer, next_record};
use insideout_protocol::{BatchHeader, PROTOCOL_VERSION, Priority, Scope, sha256_hex};
use insideout_server::admin;
use insideout_server::api::{Clock, Config, Service};
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::db::{Database, Person, StoredBatch};
use insideout_server::serve;
use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where the service's clock starts.
pub const NOW: u64 = 1_770_000_000_000;
pub const TEAM: &str = "north";
pub const HOUR_MS: u64 = 3_600_000;

/// The limits every test runs with unless it says otherwise: generous, so that only the
/// rate-limit test meets a rate limit.
pub fn config() -> Config {
    Config {
        requests_per_second: 10_000,
        enrolments_per_minute: 10_000,
        enrolments_per_minute_total: 10_000,
        failed_tokens_per_minute: 10_000,
        ..Config::default()
    }
}

/// A store and a service over it, not yet listening.
pub struct Fixture {
    pub db: SqliteDb,
    pub service: Arc<Service<SqliteDb>>,
    pub clock: Arc<AtomicU64>,
    pub recovery: RecoveryIdentity,
    pub org: OrgKey,
    pub team: TeamId,
    _dir: tempfile::TempDir,
}

impl Fixture {
    /// A migrated store; initialised (organisation and team `north`) when `init` is true.
    pub async fn new(config: Config, init: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteDb::open(&dir.path().join("service.db")).unwrap();
        db.migrate().await.unwrap();
        let recovery = RecoveryIdentity::generate();
        let org = OrgKey::generate().unwrap();
        let mut team = TeamId::nil();
        if init {
            admin::init(&db, &org, &recovery.recipient(), NOW)
                .await
                .unwrap();
            team = admin::add_team(&db, TEAM, NOW).await.unwrap();
        }
        let clock = Arc::new(AtomicU64::new(NOW));
        let reading = clock.clone();
        let service_clock: Clock = Arc::new(move || reading.load(Ordering::SeqCst));
        let service = Service::new(db.clone(), config, service_clock);
        Self {
            db,
            service,
            clock,
            recovery,
            org,
            team,
            _dir: dir,
        }
    }
}

/// A response: its status and its body as JSON (or as a JSON string if it was not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let bytes = response.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Self { status, body }
    }

    /// The body of a 200, as `T`.
    #[track_caller]
    pub fn ok<T: DeserializeOwned>(self) -> T {
        assert_eq!(self.status, StatusCode::OK, "expected 200: {}", self.body);
        serde_json::from_value(self.body).unwrap()
    }

    /// Checks a refusal's status and `code`, and that the body is exactly `{code, message}`
    /// (with `expected`, the number the service expects next, for `out_of_order` alone);
    /// returns the message.
    #[track_caller]
    pub fn refused(&self, status: u16, code: &str) -> String {
        assert_eq!(
            (self.status.as_u16(), self.body["code"].as_str()),
            (status, Some(code)),
            "refusal: {}",
            self.body
        );
        let fields = self.body.as_object().unwrap();
        let extra = usize::from(code == "out_of_order");
        assert_eq!(
            fields.len(),
            2 + extra,
            "only code and message: {}",
            self.body
        );
        if code == "out_of_order" {
            assert!(self.body["expected"].as_u64().is_some(), "{}", self.body);
        }
        let message = self.body["message"].as_str().unwrap();
        assert!(!message.is_empty());
        message.to_owned()
    }
}

/// One enrolled device: its keys, its token and whose it is.
#[derive(Debug)]
pub struct Dev {
    pub id: DeviceId,
    pub keys: DeviceKeys,
    pub token: String,
    pub person: Person,
}

impl Dev {
    /// A header for `ciphertext` as the `seq`th batch of this device, stamped close to [`NOW`].
    pub fn header(&self, scope: Scope, seq: u64, epoch: u32, ciphertext: &[u8]) -> BatchHeader {
        let stamp = |wall_ms| Hlc {
            wall_ms,
            counter: 0,
            device: self.id,
        };
        BatchHeader {
            version: PROTOCOL_VERSION,
            scope,
            device: self.id,
            device_seq: seq,
            hlc_first: stamp(NOW + seq * 10),
            hlc_last: stamp(NOW + seq * 10 + 5),
            op_count: 1,
            key_epoch: epoch,
            priority: Priority::Routine,
            ciphertext_sha256: sha256_hex(ciphertext),
        }
    }

    /// The hex signature of `header` by this device.
    pub fn sign(&self, header: &BatchHeader) -> String {
        hex::encode(self.keys.sign(&header.signing_bytes()))
    }

    /// `header` and `ciphertext` signed by this device.
    pub fn signed(&self, header: BatchHeader, ciphertext: &[u8]) -> PushRequest {
        PushRequest {
            signature: self.sign(&header),
            header,
            ciphertext: B64.encode(ciphertext),
        }
    }

    /// A routine batch holding `{"note": note}`, sealed to `key` and signed.
    pub fn batch(&self, key: &ScopeKey, scope: Scope, seq: u64, note: &str) -> PushRequest {
        let ciphertext = seal(key, note);
        self.signed(self.header(scope, seq, key.epoch, &ciphertext), &ciphertext)
    }

    pub fn own_scope(&self) -> Scope {
        Scope::Own(self.person.id)
    }
}

/// `{"note": note}` sealed to `key`.
pub fn seal(key: &ScopeKey, note: &str) -> Vec<u8> {
    key.seal(&serde_json::to_vec(&json!({ "note": note })).unwrap())
        .unwrap()
}

/// What a sealed batch opens to with `key`.
pub fn open(key: &ScopeKey, ciphertext_b64: &str) -> Value {
    let sealed = B64.decode(ciphertext_b64).unwrap();
    serde_json::from_slice(&key.open(&sealed).unwrap()).unwrap()
}

/// A new young person's case.
pub fn new_case() -> Scope {
    Scope::Case(YoungPersonId::new_v7(NOW, random()))
}

pub fn random<const N: usize>() -> [u8; N] {
    insideout_crypto::random_bytes().unwrap()
}

/// `key` wrapped to each of `recipients`, filed for `device` (`None`: the recovery recipient).
pub fn envelope(
    scope: Scope,
    key: &ScopeKey,
    device: Option<DeviceId>,
    recipients: &[&str],
) -> Envelope {
    Envelope {
        scope,
        epoch: key.epoch,
        device,
        envelope: B64.encode(key.wrap_for(recipients).unwrap()),
        // Signed by whoever sends it (see `Harness::envelopes`).
        signer: DeviceId::from_uuid(uuid::Uuid::nil()),
        key_commitment: key_commitment(&key.recipient()),
        signature: String::new(),
    }
}

/// Signs `envelope` as `dev`.
pub fn sign_envelope(dev: &Dev, mut envelope: Envelope) -> Envelope {
    envelope.signer = dev.id;
    envelope.signature = hex::encode(dev.keys.sign(&envelope.signing_bytes()));
    envelope
}

/// A running service on a loopback port, and a client for it.
pub struct Harness {
    pub fx: Fixture,
    pub base: String,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(config()).await
    }

    pub async fn start_with(config: Config) -> Self {
        Self::listen(Fixture::new(config, true).await).await
    }

    pub async fn listen(fx: Fixture) -> Self {
        let addr = serve::spawn_local(fx.service.clone()).await.unwrap();
        Self {
            fx,
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        }
    }

    pub fn db(&self) -> &SqliteDb {
        &self.fx.db
    }

    pub fn now(&self) -> u64 {
        self.fx.clock.load(Ordering::SeqCst)
    }

    pub fn advance(&self, ms: u64) {
        self.fx.clock.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Reply::read(request.send().await.unwrap()).await
    }

    pub async fn post<T: Serialize + ?Sized>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &T,
    ) -> Reply {
        let mut request = self.http.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Reply::read(request.send().await.unwrap()).await
    }

    /// Posts `body` as it is, labelled as JSON.
    pub async fn post_raw(&self, path: &str, token: &str, body: impl Into<reqwest::Body>) -> Reply {
        let response = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        Reply::read(response).await
    }

    pub async fn person(&self, role: Role, label: &str) -> Person {
        admin::add_person(
            self.db(),
            &self.fx.org,
            TEAM,
            role.as_str(),
            label,
            0,
            self.now(),
        )
        .await
        .unwrap()
    }

    /// A code for `person`, valid for an hour from the service's clock.
    pub async fn code(&self, person: &Person) -> String {
        admin::enrolment_code(self.db(), person.id, 1, self.now())
            .await
            .unwrap()
    }

    pub fn enrol_request(code: &str, id: DeviceId, keys: &DeviceKeys) -> EnrolRequest {
        EnrolRequest {
            version: PROTOCOL_VERSION,
            code: code.to_owned(),
            device: id,
            age_recipient: keys.age_recipient(),
            signing_key: keys.signing_public_hex(),
        }
    }

    pub async fn enrol_with(&self, person: &Person, code: &str) -> Dev {
        let keys = DeviceKeys::generate().unwrap();
        let id = DeviceId::new_v7(self.now(), random());
        let response: EnrolResponse = self
            .post("/v1/enrol", None, &Self::enrol_request(code, id, &keys))
            .await
            .ok();
        assert_eq!(response.person, person.id);
        assert_eq!(response.status, DeviceStatus::Pending);
        Dev {
            id,
            keys,
            token: response.token,
            person: person.clone(),
        }
    }

    /// A new person with one enrolled, pending device.
    pub async fn pending(&self, role: Role, label: &str) -> Dev {
        let person = self.person(role, label).await;
        let code = self.code(&person).await;
        self.enrol_with(&person, &code).await
    }

    /// A new person with one device the organisation key approved and the device
    /// countersigned.
    pub async fn approved(&self, role: Role, label: &str) -> Dev {
        let dev = self.pending(role, label).await;
        self.approve(&dev).await;
        dev
    }

    /// The organisation key approves `dev`, and `dev` countersigns through the API.
    pub async fn approve(&self, dev: &Dev) {
        let id = dev.id.to_string();
        let code = admin::device_code(self.db(), &id).await.unwrap();
        admin::approve_device(self.db(), &self.fx.org, &id, &code, self.now())
            .await
            .unwrap();
        let directory = insideout_server::directory::verified(self.db(), self.now())
            .await
            .unwrap();
        let hash = directory.devices[&dev.id].record_hash.clone();
        let (_, records) = insideout_server::directory::load(self.db()).await.unwrap();
        let mut record = records.into_iter().find(|r| r.hash() == hash).unwrap();
        record.countersign(&dev.keys);
        let reply = self
            .post(
                "/v1/directory",
                Some(&dev.token),
                &DirectoryPost {
                    version: PROTOCOL_VERSION,
                    records: vec![record],
                },
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(self.status_of(dev.id).await, DeviceStatus::Approved);
    }

    pub async fn push(&self, dev: &Dev, request: &PushRequest) -> Reply {
        self.post("/v1/push", Some(&dev.token), request).await
    }

    /// Pushes a batch that must be stored as `server_seq`.
    pub async fn push_ok(&self, dev: &Dev, request: &PushRequest, server_seq: u64) {
        let response: PushResponse = self.push(dev, request).await.ok();
        assert_eq!(
            (response.server_seq, response.repeat),
            (server_seq, false),
            "{request:?}"
        );
    }

    pub async fn pull(&self, dev: &Dev, cursors: &[Cursor], limit: u32) -> Reply {
        let request = PullRequest {
            version: PROTOCOL_VERSION,
            cursors: cursors.to_vec(),
            limit,
            directory_after: 0,
        };
        self.post("/v1/pull", Some(&dev.token), &request).await
    }

    /// Files keys at the scope's current epoch.
    pub async fn put_envelopes(&self, dev: &Dev, envelopes: Vec<Envelope>) -> Reply {
        self.envelopes(dev, envelopes, false).await
    }

    /// Introduces the scope's next key epoch.
    pub async fn rotate(&self, dev: &Dev, envelopes: Vec<Envelope>) -> Reply {
        self.envelopes(dev, envelopes, true).await
    }

    async fn envelopes(&self, dev: &Dev, envelopes: Vec<Envelope>, rotate: bool) -> Reply {
        let request = EnvelopesRequest {
            version: PROTOCOL_VERSION,
            envelopes: envelopes
                .into_iter()
                .map(|e| sign_envelope(dev, e))
                .collect(),
            rotate,
        };
        self.post("/v1/envelopes", Some(&dev.token), &request).await
    }

    /// Signs `body` as the next record of `by`'s own chain and posts it to the directory.
    pub async fn sign_as(&self, by: &Dev, body: Body) -> Reply {
        let directory = insideout_server::directory::verified(self.db(), self.now())
            .await
            .unwrap();
        let signer = Signer::Device(by.id);
        let head = directory.heads().into_iter().find(|h| h.signer == signer);
        let record = SignedRecord::by_device(
            &by.keys,
            next_record(signer, head.as_ref(), self.now(), body),
        );
        self.post(
            "/v1/directory",
            Some(&by.token),
            &DirectoryPost {
                version: PROTOCOL_VERSION,
                records: vec![record],
            },
        )
        .await
    }

    /// `dev`'s record as `by` would sign it to approve it.
    pub fn device_body(dev: &Dev) -> Body {
        Body::Device {
            device: dev.id,
            person: dev.person.id,
            age_recipient: dev.keys.age_recipient(),
            signing_key: dev.keys.signing_public_hex(),
        }
    }

    /// Everything stored in `scope`, read from the store itself.
    pub async fn stored(&self, scope: Scope) -> Vec<StoredBatch> {
        self.db().batches_after(scope, 0, 10_000).await.unwrap()
    }

    pub async fn status_of(&self, device: DeviceId) -> DeviceStatus {
        self.db()
            .devices()
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.id == device)
            .unwrap()
            .status
    }
}
