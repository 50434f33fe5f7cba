//! The client's sync engine: enrol a device, push the outbox, pull every readable scope, share
//! and rotate scope keys. A service's word that the device was revoked is reported, never obeyed
//! by wiping: only a signed revocation may wipe a device.
//!
//! - [`Engine`]: one sync round trip set ([`Engine::sync_once`]) over any [`StoreAccess`].
//! - [`verify`]: every pulled batch is checked (author, signature, hash, key, version, role)
//!   before its ops are stored; a bad batch is quarantined with its reason and never blocks
//!   the ones behind it.
//! - [`Backoff`]: how long to wait after a failed attempt.
//!
//! Guarantees: local ops stay in the outbox until the service acknowledges them, whatever
//! fails; a pulled page and its cursor are stored in one local transaction; the engine holds
//! the store only for short local steps, never across a network call.

pub mod verify;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::ScopeKey;
use insideout_domain::ids::PersonId;
use insideout_protocol::api::*;
use insideout_protocol::{ErrorBody, PROTOCOL_VERSION, Scope};
use insideout_store::{Store, StoreError};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Ops per sealed batch.
pub const OPS_PER_BATCH: usize = 200;
/// Batches per pull page.
pub const PULL_LIMIT: u32 = 200;
/// The most bytes of one answer this device reads. The service bounds a page to 16 MiB of
/// batches (about 22 MiB as base64 and JSON); a larger answer is refused unread, so a hostile
/// service or writer cannot exhaust the device's memory.
pub const MAX_RESPONSE_BYTES: usize = 48 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("this device is not enrolled with a service yet")]
    NotEnrolled,
    #[error("the app is locked; sync resumes after unlocking")]
    Locked,
    #[error("the service cannot be reached: {0}")]
    Offline(String),
    #[error("{message}")]
    Refused { code: String, message: String },
    /// The service answered `device_revoked`. That answer is not signed, so anyone who can
    /// speak for the service (its operator, a stolen token, the network) could send it: the
    /// device keeps its records and its outbox and says so.
    #[error(
        "The service says this device was revoked, but sent no signed revocation; nothing was wiped. Ask your supervisor."
    )]
    Revoked,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Crypto(#[from] insideout_crypto::CryptoError),
}

impl SyncError {
    /// A stable code, for the UI.
    pub fn code(&self) -> &str {
        match self {
            Self::NotEnrolled => "not_enrolled",
            Self::Locked => "locked",
            Self::Offline(_) => "offline",
            Self::Refused { code, .. } => code,
            Self::Revoked => "device_revoked",
            Self::Store(_) => "store",
            Self::Crypto(_) => "crypto",
        }
    }
}

pub type SyncResult<T> = Result<T, SyncError>;

/// How the engine reaches the store: briefly, once per local step. The app implements it over
/// its unlocked store (and refuses while locked); tests over a plain store.
pub trait StoreAccess: Send + Sync {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> SyncResult<R>) -> SyncResult<R>;
    /// Destroys this device's keys, then its records. Only for a revocation this device has
    /// verified as signed by its organisation; never for a bare `device_revoked` answer.
    fn wipe(&self) -> SyncResult<()>;
}

/// What this device knows about its enrolment (kept in the encrypted store's sync state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub service: String,
    pub token: String,
    pub person: PersonId,
    pub role: Role,
    pub status: DeviceStatus,
    pub recovery_recipient: String,
}

impl Enrolment {
    pub fn load(store: &Store) -> SyncResult<Option<Self>> {
        let get = |k| store.sync_get(k);
        let (Some(service), Some(token), Some(person), Some(role), Some(status), Some(recovery)) = (
            get("service")?,
            get("token")?,
            get("person")?,
            get("role")?,
            get("status")?,
            get("recovery")?,
        ) else {
            return Ok(None);
        };
        let damaged = || SyncError::Store(StoreError::Damaged);
        Ok(Some(Self {
            service,
            token,
            person: person.parse().map_err(|_| damaged())?,
            role: Role::parse(&role).ok_or_else(damaged)?,
            status: DeviceStatus::parse(&status).ok_or_else(damaged)?,
            recovery_recipient: recovery,
        }))
    }

    fn save(&self, store: &Store) -> SyncResult<()> {
        store.sync_set("service", &self.service)?;
        store.sync_set("token", &self.token)?;
        store.sync_set("person", &self.person.to_string())?;
        store.sync_set("role", self.role.as_str())?;
        store.sync_set("status", self.status.as_str())?;
        store.sync_set("recovery", &self.recovery_recipient)?;
        Ok(())
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed_batches: usize,
    pub received_ops: usize,
    pub quarantined: usize,
    pub envelopes_uploaded: usize,
    pub rotated_scopes: usize,
    pub status: Option<DeviceStatus>,
    pub requests: usize,
    /// Time spent waiting on pull requests, checking and decrypting what they brought, and
    /// storing it (with the rebuild, if one was needed).
    pub pull_network: Duration,
    pub pull_verify: Duration,
    pub pull_store: Duration,
}

/// The exponential backoff between failed attempts: 5 s doubling to at most 5 minutes.
#[derive(Debug, Clone, Default)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    pub fn failed(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let secs = 5u64 << (self.failures - 1).min(6);
        Duration::from_secs(secs.min(300))
    }

    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

#[derive(Debug, Clone)]
pub struct Engine {
    http: reqwest::Client,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap_or_default(),
        }
    }

    async fn post<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        service: &str,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> SyncResult<T> {
        check_service_address(service)?;
        let url = format!("{}{path}", service.trim_end_matches('/'));
        let mut request = self.http.post(&url).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request).await
    }

    /// Registers this device with `service` using a single-use `code`. The device is pending
    /// until a supervisor or administrator approves it.
    pub async fn enrol(
        &self,
        access: &impl StoreAccess,
        service: &str,
        code: &str,
    ) -> SyncResult<Enrolment> {
        let service = service.trim().trim_end_matches('/').to_owned();
        check_service_address(&service)?;
        let request = access.with_store(|store| {
            if Enrolment::load(store)?.is_some() {
                return Err(SyncError::Refused {
                    code: "already_enrolled".into(),
                    message: "This device is already enrolled.".into(),
                });
            }
            let keys = store.device_keys()?;
            Ok(EnrolRequest {
                version: PROTOCOL_VERSION,
                code: code.to_owned(),
                device: store.device(),
                age_recipient: keys.age_recipient(),
                signing_key: keys.signing_public_hex(),
            })
        })?;
        let response: EnrolResponse = self.post(&service, "/v1/enrol", None, &request).await?;
        let enrolment = Enrolment {
            service,
            token: response.token,
            person: response.person,
            role: response.role,
            status: response.status,
            recovery_recipient: response.recovery_recipient,
        };
        access.with_store(|store| {
            enrolment.save(store)?;
            store.observe_time(response.server_time_ms, report_time());
            Ok(())
        })?;
        Ok(enrolment)
    }

    /// One full sync: seal and push the outbox, pull everything readable, share keys with
    /// devices that lack them, rotate keys a revoked device could read.
    pub async fn sync_once(&self, access: &impl StoreAccess) -> SyncResult<SyncReport> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let result = self.sync_inner(access, &enrolment).await;
        // Every failure, an unsigned `device_revoked` included, is only recorded: the outbox
        // stays whole, so no safeguarding record is lost to a forged answer.
        if let Err(e) = &result {
            let message = e.to_string();
            let _ = access.with_store(|store| Ok(store.sync_set("last_error", &message)?));
        }
        result
    }

    async fn sync_inner(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
    ) -> SyncResult<SyncReport> {
        let me = enrolment.person;
        let mut report = SyncReport::default();
        let new_scopes = access.with_store(|store| Ok(store.seal_outbox(me, OPS_PER_BATCH)?))?;
        self.push_outbox(access, enrolment, &mut report).await?;
        let heads = self.pull_all(access, enrolment, &mut report).await?;
        if report.status == Some(DeviceStatus::Approved) || !new_scopes.is_empty() {
            self.share_keys(access, enrolment, &heads, &mut report)
                .await?;
        }
        let now = report_time();
        access.with_store(|store| {
            store.sync_set("last_ok_ms", &now.to_string())?;
            store.sync_clear("last_error")?;
            if let Some(status) = report.status {
                store.sync_set("status", status.as_str())?;
            }
            Ok(())
        })?;
        Ok(report)
    }

    async fn push_outbox(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        report: &mut SyncReport,
    ) -> SyncResult<()> {
        let pending = access.with_store(|store| Ok(store.outbox_pending()?))?;
        let mut resealed = false;
        let mut queue = pending.into_iter();
        let mut next = queue.next();
        while let Some(batch) = next.take() {
            let request = PushRequest {
                header: batch.header.clone(),
                signature: batch.signature.clone(),
                ciphertext: B64.encode(&batch.ciphertext),
            };
            report.requests += 1;
            let result: SyncResult<PushResponse> = self
                .post(
                    &enrolment.service,
                    "/v1/push",
                    Some(&enrolment.token),
                    &request,
                )
                .await;
            match result {
                Ok(response) => {
                    access.with_store(|store| {
                        store.outbox_acknowledged(batch.seq, response.server_seq)?;
                        store.observe_time(response.server_time_ms, report_time());
                        Ok(())
                    })?;
                    report.pushed_batches += 1;
                    next = queue.next();
                }
                Err(SyncError::Refused { code, .. }) if code == "stale_epoch" && !resealed => {
                    // Someone rotated the key: fetch it, seal again, retry this batch once.
                    resealed = true;
                    let _ = self.pull_all(access, enrolment, report).await?;
                    let seq = batch.seq;
                    let me = enrolment.person;
                    let fresh = access.with_store(|store| {
                        store.reseal(seq, me)?;
                        Ok(store.outbox_pending()?)
                    })?;
                    queue = fresh.into_iter();
                    next = queue.next();
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Pulls until the service says done. Returns the heads of every readable scope.
    async fn pull_all(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        report: &mut SyncReport,
    ) -> SyncResult<Vec<ScopeHead>> {
        let me = enrolment.person;
        let heads = loop {
            let cursors = access.with_store(|store| Ok(store.cursors(me)?))?;
            let request = PullRequest {
                version: PROTOCOL_VERSION,
                cursors: cursors
                    .iter()
                    .map(|(scope, after)| Cursor {
                        scope: *scope,
                        after: *after,
                    })
                    .collect(),
                limit: PULL_LIMIT,
            };
            report.requests += 1;
            let started = std::time::Instant::now();
            let page: PullResponse = self
                .post(
                    &enrolment.service,
                    "/v1/pull",
                    Some(&enrolment.token),
                    &request,
                )
                .await?;
            report.pull_network += started.elapsed();
            let mut verify_time = Duration::ZERO;
            let mut store_time = Duration::ZERO;
            report.status = Some(page.status);
            let heads = page.heads.clone();
            let received_at = report_time().to_string();
            let (applied, done) = access.with_store(|store| {
                store.save_roster(&page.roster)?;
                let keys = store.device_keys()?;
                for envelope in &page.envelopes {
                    if let Ok(bytes) = B64.decode(&envelope.envelope)
                        && let Ok(key) = keys.unwrap_scope_key(&bytes)
                    {
                        store.save_scope_key(envelope.scope, me, &key)?;
                    }
                }
                let roster = store.roster()?;
                let scope_keys = store.scope_keys(me)?;
                let started = std::time::Instant::now();
                let case_of = |record| store.case_of(record).ok().flatten();
                let received = verify::check_page(&page.batches, &roster, &scope_keys, &case_of);
                verify_time = started.elapsed();
                let started = std::time::Instant::now();
                let applied = store.apply_received(me, &received, &received_at, report_time())?;
                store_time = started.elapsed();
                store.observe_time(page.server_time_ms, report_time());
                // A batch whose key has not arrived yet stops its scope's cursor: the page is
                // not done until the key comes.
                let stalled = received.len() < page.batches.len();
                Ok((applied, page.done || stalled))
            })?;
            report.pull_verify += verify_time;
            report.pull_store += store_time;
            report.received_ops += applied.new_ops;
            report.quarantined += applied.quarantined;
            if done {
                break heads;
            }
        };
        let started = std::time::Instant::now();
        access.with_store(|store| Ok(store.finish_pull()?))?;
        report.pull_store += started.elapsed();
        Ok(heads)
    }

    /// Wraps each scope key this device holds for every reader that lacks it (the owner's
    /// devices, the team's supervisors, the recovery recipient), and rotates the key of any
    /// scope a revoked device was given.
    async fn share_keys(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        heads: &[ScopeHead],
        report: &mut SyncReport,
    ) -> SyncResult<()> {
        let me = enrolment.person;
        let plan = access.with_store(|store| {
            let roster = store.roster()?;
            let mut keys: Vec<(Scope, ScopeKey)> = store.scope_keys(me)?;
            // Only each scope's newest epoch is shared.
            keys.reverse();
            let mut seen = Vec::new();
            keys.retain(|(scope, _)| {
                let first = !seen.contains(scope);
                seen.push(*scope);
                first
            });
            let mut plan = Vec::new();
            for (scope, key) in keys {
                let owner = heads
                    .iter()
                    .find(|h| h.scope == scope)
                    .map_or(me, |h| h.owner);
                let readers: Vec<&RosterEntry> = roster
                    .iter()
                    .filter(|d| d.person == owner || d.role == Role::Supervisor)
                    .collect();
                let wrapped = store.wrapped_for(scope, me, key.epoch)?;
                let revoked_had_it = readers.iter().any(|d| {
                    d.status == DeviceStatus::Revoked && wrapped.contains(&d.device.to_string())
                });
                let active: Vec<RosterEntry> = readers
                    .into_iter()
                    .filter(|d| d.status == DeviceStatus::Approved || d.device == store.device())
                    .cloned()
                    .collect();
                if revoked_had_it {
                    // Kept only once the service accepts it: if another holder rotated first,
                    // this key never seals anything and the other one arrives with the next pull.
                    let fresh = ScopeKey::generate(key.epoch + 1);
                    plan.push((scope, fresh, active, true, true));
                } else {
                    let missing: Vec<RosterEntry> = active
                        .into_iter()
                        .filter(|d| !wrapped.contains(&d.device.to_string()))
                        .collect();
                    let recovery_missing = !wrapped.iter().any(|w| w == "recovery");
                    if !missing.is_empty() || recovery_missing {
                        plan.push((scope, key, missing, recovery_missing, false));
                    }
                }
            }
            Ok(plan)
        })?;
        for (scope, key, devices, with_recovery, rotated) in plan {
            let mut envelopes = Vec::with_capacity(devices.len() + 1);
            let mut names = Vec::with_capacity(devices.len() + 1);
            for d in &devices {
                envelopes.push(Envelope {
                    scope,
                    epoch: key.epoch,
                    device: Some(d.device),
                    envelope: B64.encode(key.wrap_for(&[&d.age_recipient])?),
                });
                names.push(d.device.to_string());
            }
            if with_recovery {
                envelopes.push(Envelope {
                    scope,
                    epoch: key.epoch,
                    device: None,
                    envelope: B64.encode(key.wrap_for(&[&enrolment.recovery_recipient])?),
                });
                names.push("recovery".into());
            }
            if envelopes.is_empty() {
                continue;
            }
            report.requests += 1;
            let result: SyncResult<serde_json::Value> = self
                .post(
                    &enrolment.service,
                    "/v1/envelopes",
                    Some(&enrolment.token),
                    &EnvelopesRequest {
                        version: PROTOCOL_VERSION,
                        envelopes,
                        rotate: rotated,
                    },
                )
                .await;
            match result {
                Ok(_) => {
                    report.envelopes_uploaded += names.len();
                    if rotated {
                        report.rotated_scopes += 1;
                    }
                    access.with_store(|store| {
                        if rotated {
                            store.save_scope_key(scope, me, &key)?;
                        }
                        Ok(store.mark_wrapped(scope, me, key.epoch, &names)?)
                    })?;
                }
                // Another holder rotated first, or the scope is not there yet: next sync.
                Err(SyncError::Refused { code, .. })
                    if code == "stale_epoch"
                        || code == "epoch_taken"
                        || code == "unknown_scope" => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl Engine {
    /// A supervisor's view of the team's devices.
    pub async fn team_devices(&self, access: &impl StoreAccess) -> SyncResult<Vec<RosterEntry>> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        check_service_address(&enrolment.service)?;
        reply(
            self.http
                .get(format!("{}/v1/devices", enrolment.service))
                .bearer_auth(&enrolment.token),
        )
        .await
    }

    /// A supervisor approves (`true`) or revokes (`false`) a device of the team.
    pub async fn set_device(
        &self,
        access: &impl StoreAccess,
        device: insideout_domain::ids::DeviceId,
        approve: bool,
    ) -> SyncResult<RosterEntry> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let action = if approve { "approve" } else { "revoke" };
        self.post(
            &enrolment.service,
            &format!("/v1/devices/{device}/{action}"),
            Some(&enrolment.token),
            &serde_json::json!({}),
        )
        .await
    }
}

/// Refuses an address the app must not speak to: anything but `https://`, except plain
/// `http://` to this computer (127.0.0.0/8, ::1, localhost), where no network carries the
/// bearer token or the batches. Checked at enrolment and before every request, so a stored
/// address cannot bypass it.
pub fn check_service_address(service: &str) -> SyncResult<()> {
    let bad = |message: &str| SyncError::Refused {
        code: "bad_address".into(),
        message: message.into(),
    };
    let url = reqwest::Url::parse(service.trim())
        .map_err(|_| bad("That is not a web address; it must start with https://"))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(bad(
            "The service address must start with https:// — plain http:// is allowed only to this computer (127.0.0.1, ::1 or localhost)",
        )),
        _ => Err(bad("The service address must start with https://")),
    }
}

/// Sends `request` and reads its answer: the JSON value, or the service's `{code, message}`.
/// A `device_revoked` refusal becomes [`SyncError::Revoked`], an error to show, not an order.
async fn reply<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> SyncResult<T> {
    let response = request
        .send()
        .await
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    let status = response.status();
    let too_large = || SyncError::Refused {
        code: "response_too_large".into(),
        message: format!(
            "The service's answer is larger than {} MiB; it was not read. Ask your administrator to check the service.",
            MAX_RESPONSE_BYTES / (1024 * 1024)
        ),
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut response = response;
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| SyncError::Offline(e.to_string()))?
    {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| SyncError::Refused {
            code: "bad_response".into(),
            message: format!("The service's answer could not be read: {e}"),
        });
    }
    let body: ErrorBody = serde_json::from_slice(&bytes).unwrap_or(ErrorBody {
        code: format!("http_{}", status.as_u16()),
        message: format!("The service answered {status}."),
    });
    if body.code == "device_revoked" {
        return Err(SyncError::Revoked);
    }
    Err(SyncError::Refused {
        code: body.code,
        message: body.message,
    })
}

fn report_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_leaves_this_computer() {
        let check = |address: &str, allowed: bool| {
            let result = check_service_address(address);
            assert_eq!(result.is_ok(), allowed, "{address}: {result:?}");
            if let Err(e) = result {
                assert_eq!(e.code(), "bad_address");
            }
        };
        check("https://sync.example.org", true);
        check("https://203.0.113.9:8443/", true);
        check("http://127.0.0.1:8080", true);
        check("http://127.8.9.10", true);
        check("http://[::1]:8080", true);
        check("http://localhost:8080", true);
        check("http://LOCALHOST", true);
        check("http://sync.example.org", false);
        check("http://192.168.1.5:8080", false);
        check("http://[2001:db8::1]", false);
        check("http://localhost.example.org", false);
        check("http://127.0.0.1.example.org", false);
        check("ftp://127.0.0.1", false);
        check("sync.example.org", false);
        check("", false);
        let message = check_service_address("http://sync.example.org")
            .unwrap_err()
            .to_string();
        assert!(message.contains("https://"), "{message}");
    }

    #[test]
    fn backoff_doubles_to_five_minutes_and_resets() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..9).map(|_| b.failed().as_secs()).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80, 160, 300, 300, 300]);
        b.succeeded();
        assert_eq!(b.failed().as_secs(), 5);
    }
}
