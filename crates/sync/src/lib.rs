//! The client's sync engine: enrol a device, push the outbox, pull every readable scope, share
//! and rotate scope keys. A service's word that the device was revoked is reported, never obeyed
//! by wiping: only a signed revocation this device has verified may wipe it.
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

pub mod background;
pub mod names;
pub mod verify;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::ScopeKey;
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_protocol::api::*;
use insideout_protocol::directory::{self, Directory, Problem, SignedRecord};
use insideout_protocol::{ErrorBody, PROTOCOL_VERSION, Scope};
use insideout_store::sync::OwnScope;
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
    /// The service expects batch `expected` from this device next: lower than this device's
    /// own when the service lost batches it had acknowledged.
    #[error("{message}")]
    OutOfOrder { expected: u64, message: String },
    #[error(
        "this device was revoked by a signed record; it handed over its unsent records and wiped itself"
    )]
    Revoked,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Crypto(#[from] insideout_crypto::CryptoError),
}

impl SyncError {
    /// What the person is told, in this app's own words and with what to do next. The service
    /// is not trusted to word anything a coach acts on: for a refusal this app knows, the
    /// service's own message is not shown.
    pub fn advice(&self) -> String {
        let ask = "ask your supervisor or administrator for a new one";
        match self.code() {
            "code_unknown" => format!(
                "the service does not know this enrolment code: check it against the one you were given, or {ask}"
            ),
            "code_used" => format!("this enrolment code has been used already (each works once): {ask}"),
            "code_expired" => format!("this enrolment code has expired: {ask}"),
            "offline" => "the service cannot be reached: check that this device has a signal and that the address is the one you were given, then try again".to_owned(),
            _ => self.to_string(),
        }
    }

    /// A stable code, for the UI.
    pub fn code(&self) -> &str {
        match self {
            Self::NotEnrolled => "not_enrolled",
            Self::Locked => "locked",
            Self::Offline(_) => "offline",
            Self::Refused { code, .. } => code,
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Revoked => "wiped",
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
    /// The device's clock, in milliseconds since the epoch: the one its ops are stamped with.
    fn now_ms(&self) -> u64 {
        report_time()
    }
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
    /// The organisation key this device pinned at enrolment (hex): every directory record it
    /// accepts chains to it.
    pub org_key: String,
}

impl Enrolment {
    pub fn load(store: &Store) -> SyncResult<Option<Self>> {
        let get = |k| store.sync_get(k);
        let (Some(service), Some(token), Some(person), Some(role), Some(status), Some(org_key)) = (
            get("service")?,
            get("token")?,
            get("person")?,
            get("role")?,
            get("status")?,
            get("org_key")?,
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
            org_key,
        }))
    }

    fn save(&self, store: &Store) -> SyncResult<()> {
        store.sync_set("service", &self.service)?;
        store.sync_set("token", &self.token)?;
        store.sync_set("person", &self.person.to_string())?;
        store.sync_set("role", self.role.as_str())?;
        store.sync_set("status", self.status.as_str())?;
        store.sync_set("org_key", &self.org_key)?;
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
    /// Cases that moved to another coach and were removed from this device.
    pub cases_moved_away: usize,
    /// Batches the service had acknowledged and then lost, sent again.
    pub resent_batches: usize,
    /// Scopes whose head went back behind this device's cursor, read again from the start.
    pub rewound_scopes: usize,
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
    /// `fingerprint` is the organisation's, as handed over with the code (never taken from the
    /// service): a service whose organisation key does not match it is refused.
    pub async fn enrol(
        &self,
        access: &impl StoreAccess,
        service: &str,
        code: &str,
        fingerprint: &str,
    ) -> SyncResult<Enrolment> {
        if insideout_crypto::normalise_code(fingerprint).len() != 16 {
            return Err(SyncError::Refused {
                code: "bad_fingerprint".into(),
                message: "Type the organisation's fingerprint as it was given to you with the code: 16 letters and digits, like ABCD-EFGH-JKLM-NPQR.".into(),
            });
        }
        let service = service.trim().trim_end_matches('/').to_owned();
        check_service_address(&service)?;
        let request = access.with_store(|store| {
            if Enrolment::load(store)?.is_some() {
                return Err(SyncError::Refused {
                    code: "already_enrolled".into(),
                    message: "This device is already connected to a service: see Sync in Settings."
                        .into(),
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
        // The organisation is checked before the single-use code is spent on it.
        let info: OrganisationInfo =
            reply(self.http.get(format!("{service}/v1/organisation"))).await?;
        let theirs = insideout_crypto::fingerprint(&info.org_key).unwrap_or_default();
        if insideout_crypto::normalise_code(&theirs)
            != insideout_crypto::normalise_code(fingerprint)
        {
            return Err(SyncError::Refused {
                code: "wrong_organisation".into(),
                message: format!(
                    "This service belongs to another organisation (fingerprint {theirs}), not the \
                     one you were given. Nothing was saved and your code is unused. Check the \
                     address and the fingerprint with your supervisor."
                ),
            });
        }
        let response: EnrolResponse = self.post(&service, "/v1/enrol", None, &request).await?;
        if response.org_key != info.org_key {
            return Err(refused(
                "wrong_organisation",
                "The service changed its organisation key while enrolling; nothing was saved.",
            ));
        }
        let enrolment = Enrolment {
            service,
            token: response.token,
            person: response.person,
            role: response.role,
            status: response.status,
            org_key: response.org_key,
        };
        access.with_store(|store| {
            enrolment.save(store)?;
            store.observe_time(response.server_time_ms, report_time());
            Ok(())
        })?;
        Ok(enrolment)
    }

    /// One full sync: seal and push the outbox, pull everything readable and the directory,
    /// share keys with the devices the verified directory makes readers, rotate keys a revoked
    /// device could read. A device wipes itself only on a signed revocation it has verified,
    /// after handing over its unsent records sealed to the recovery recipient.
    pub async fn sync_once(&self, access: &impl StoreAccess) -> SyncResult<SyncReport> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let result = self.sync_inner(access, &enrolment).await;
        match &result {
            Err(SyncError::Revoked) => {
                self.salvage(access, &enrolment).await?;
                access.wipe()?;
            }
            Err(e) => {
                let message = e.to_string();
                let _ = access.with_store(|store| Ok(store.sync_set("last_error", &message)?));
            }
            Ok(_) => {}
        }
        result
    }

    /// The directory as this device verifies it from the records it holds.
    pub fn directory(store: &Store, enrolment: &Enrolment) -> SyncResult<Directory> {
        let records = store.directory_records()?;
        let mut directory = directory::verify(&enrolment.org_key, &records, report_time());
        // What other devices' batches said they held: a record they have and this device
        // lacks, or a different record under one number, is the service's doing.
        let seen = store.seen_heads()?;
        let found = directory.compare(&seen);
        directory.problems.extend(found);
        Ok(directory)
    }

    async fn sync_inner(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
    ) -> SyncResult<SyncReport> {
        let me = enrolment.person;
        let mut report = SyncReport::default();
        let now_ms = access.now_ms();
        let (approved, directory) = access.with_store(|store| {
            // Ops written while the clock ran ahead, now that it is right again, are stamped
            // anew: sealed as they were, the service would refuse them until real time caught up.
            store.restamp_future(now_ms)?;
            let directory = Self::directory(store, enrolment)?;
            let approved = directory.is_approved(store.device());
            if approved {
                names::name_this_device(store, me, report_time())?;
            }
            let own = own_scope(&directory, store.device(), me);
            store.seal_outbox(me, OPS_PER_BATCH, &directory.heads(), own)?;
            Ok((approved, directory))
        })?;
        // A case that moved to another coach leaves this device before anything is sent.
        self.forget_moved_cases(access, enrolment, &directory, &mut report)
            .await?;
        // Until the directory approves this device, its changes wait here: the service would
        // refuse them, and no reader would apply them.
        let mut directory = directory;
        if approved {
            match self.push_outbox(access, enrolment, &mut report).await {
                Err(SyncError::Refused { code, .. }) if code == "device_revoked" => {}
                Err(SyncError::Refused { code, .. }) if code == "wrong_scope" => {
                    // A case this device wrote in may have moved to another coach: the pull
                    // brings the allocation, the case leaves this device, the rest is sent.
                    let (_, fresh) = self
                        .pull_all(access, enrolment, directory, &mut report)
                        .await?;
                    self.forget_moved_cases(access, enrolment, &fresh, &mut report)
                        .await?;
                    access.with_store(|store| {
                        let own = own_scope(&fresh, store.device(), me);
                        store.seal_outbox(me, OPS_PER_BATCH, &fresh.heads(), own)?;
                        Ok(())
                    })?;
                    self.push_outbox(access, enrolment, &mut report).await?;
                    directory = fresh;
                }
                other => other?,
            }
        }
        let (heads, directory) = self
            .pull_all(access, enrolment, directory, &mut report)
            .await?;
        let mine = access.with_store(|store| Ok(store.device()))?;
        if directory
            .devices
            .get(&mine)
            .is_some_and(|d| d.revoked.is_some())
        {
            return Err(SyncError::Revoked);
        }
        if report.status == Some(DeviceStatus::Revoked) {
            return Err(SyncError::Refused {
                code: "revoked_unsigned".into(),
                message: "The service says this device was revoked, but sent no signed \
                          revocation; nothing was wiped. Tell your supervisor."
                    .into(),
            });
        }
        self.forget_moved_cases(access, enrolment, &directory, &mut report)
            .await?;
        if directory.is_approved(mine) {
            self.share_keys(access, enrolment, &heads, &directory, &mut report)
                .await?;
        }
        let now = report_time();
        let warnings: Vec<String> = directory.problems.iter().map(|p| p.to_string()).collect();
        access.with_store(|store| {
            let warnings = serde_json::to_string(&warnings).map_err(StoreError::from)?;
            store.sync_set("directory_warnings", &warnings)?;
            store.sync_set("last_ok_ms", &now.to_string())?;
            store.sync_clear("last_error")?;
            if let Some(status) = report.status {
                store.sync_set("status", status.as_str())?;
            }
            Ok(())
        })?;
        Ok(report)
    }

    /// Seals this device's unsent ops to the organisation's recovery recipient (from the
    /// verified directory) and hands them to the service, so a wipe loses nothing.
    async fn salvage(&self, access: &impl StoreAccess, enrolment: &Enrolment) -> SyncResult<()> {
        let sealed = access.with_store(|store| {
            let unsent = store.unsent_ops()?;
            if unsent.is_empty() {
                return Ok(None);
            }
            let directory = Self::directory(store, enrolment)?;
            let recipient = directory
                .recovery_recipient
                .ok_or_else(|| SyncError::Refused {
                    code: "no_recovery".into(),
                    message: "The organisation's directory on this device is incomplete, so nothing was wiped: sync again, and if it happens again tell your supervisor.".into(),
                })?;
            let mut text = String::new();
            for line in unsent {
                text.push_str(&line);
                text.push('\n');
            }
            Ok(Some(insideout_crypto::seal_to(
                &recipient,
                text.as_bytes(),
            )?))
        })?;
        if let Some(sealed) = sealed {
            self.post_salvage(enrolment, &sealed).await?;
        }
        Ok(())
    }

    /// Hands the service changes sealed to the recovery recipient, which only the organisation
    /// can open.
    async fn post_salvage(&self, enrolment: &Enrolment, sealed: &[u8]) -> SyncResult<()> {
        let _: serde_json::Value = self
            .post(
                &enrolment.service,
                "/v1/salvage",
                Some(&enrolment.token),
                &SalvageRequest {
                    version: PROTOCOL_VERSION,
                    sealed: B64.encode(sealed),
                },
            )
            .await?;
        Ok(())
    }

    /// On a coach's device, removes every case the verified directory now allocates to
    /// another coach. This device's unsent changes to it are first handed to the service
    /// sealed to the organisation's recovery recipient, as a revoked device's are: only the
    /// organisation can open them.
    async fn forget_moved_cases(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        directory: &Directory,
        report: &mut SyncReport,
    ) -> SyncResult<()> {
        if enrolment.role != Role::Coach {
            return Ok(());
        }
        let me = enrolment.person;
        let moved: Vec<YoungPersonId> = access.with_store(|store| {
            Ok(store
                .cases_held()?
                .into_iter()
                .filter(|yp| directory.case_owner(*yp).is_some_and(|o| o != me))
                .collect())
        })?;
        for young_person in moved {
            let sealed = access.with_store(|store| {
                let unsent = store.unsent_ops_in_case(young_person)?;
                if unsent.is_empty() {
                    return Ok(None);
                }
                let recipient = directory.recovery_recipient.clone().ok_or_else(|| {
                    SyncError::Refused {
                        code: "no_recovery".into(),
                        message: "The organisation's directory on this device is incomplete, so a case that moved to another coach stays here for now: sync again, and if it happens again tell your supervisor.".into(),
                    }
                })?;
                Ok(Some(insideout_crypto::seal_to(
                    &recipient,
                    (unsent.join("\n") + "\n").as_bytes(),
                )?))
            })?;
            if let Some(sealed) = sealed {
                report.requests += 1;
                self.post_salvage(enrolment, &sealed).await?;
            }
            access.with_store(|store| {
                // The coach is told which case went, by the name they knew it by.
                let name = store
                    .young_person(young_person)
                    .map(|r| r.profile.preferred_name.as_str().to_owned())
                    .unwrap_or_default();
                store.forget_case(young_person)?;
                let mut moved: Vec<String> = store
                    .sync_get(MOVED_AWAY)?
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default();
                moved.push(name);
                let json = serde_json::to_string(&moved).map_err(StoreError::from)?;
                Ok(store.sync_set(MOVED_AWAY, &json)?)
            })?;
            report.cases_moved_away += 1;
        }
        Ok(())
    }

    async fn push_outbox(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        report: &mut SyncReport,
    ) -> SyncResult<()> {
        let pending = access.with_store(|store| Ok(store.outbox_pending()?))?;
        let mut resealed = false;
        let mut resent = false;
        let mut queue = pending.into_iter();
        let mut next = queue.next();
        while let Some(batch) = next.take() {
            report.requests += 1;
            let result = self.push_one(enrolment, &batch).await;
            match result {
                Err(SyncError::OutOfOrder { expected, .. }) if expected < batch.seq && !resent => {
                    // The service lost batches it had acknowledged (restored from a backup, or
                    // its database lost its last commits). This device keeps every batch it
                    // sealed: they go again, byte for byte, from the one the service expects.
                    resent = true;
                    let lost =
                        access.with_store(|store| Ok(store.outbox_range(expected, batch.seq)?))?;
                    for old in lost {
                        report.requests += 1;
                        let response = self.push_one(enrolment, &old).await?;
                        report.resent_batches += 1;
                        access.with_store(|store| {
                            Ok(store.outbox_acknowledged(old.seq, response.server_seq)?)
                        })?;
                    }
                    next = Some(batch);
                }
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
                    let directory = access.with_store(|store| Self::directory(store, enrolment))?;
                    let _ = self.pull_all(access, enrolment, directory, report).await?;
                    let seq = batch.seq;
                    let me = enrolment.person;
                    let fresh = access.with_store(|store| {
                        let heads = Self::directory(store, enrolment)?.heads();
                        store.reseal(seq, me, &heads)?;
                        Ok(store.outbox_pending()?)
                    })?;
                    queue = fresh.into_iter();
                    next = queue.next();
                }
                Err(SyncError::Refused { code, message }) if code == "too_large" => {
                    // Too big for the service: split it in two and send the halves; a single
                    // change too big to send is set aside (kept here, shown in Settings) so
                    // the changes behind it still go.
                    let seq = batch.seq;
                    let count = batch.header.op_count as usize;
                    let me = enrolment.person;
                    let fresh = access.with_store(|store| {
                        let directory = Self::directory(store, enrolment)?;
                        let heads = directory.heads();
                        let own = own_scope(&directory, store.device(), me);
                        if count > 1 {
                            store.unseal_from(seq)?;
                            store.seal_outbox(me, count / 2, &heads, own)?;
                        } else {
                            store.set_aside(seq, &too_large_reason(&message))?;
                            store.seal_outbox(me, OPS_PER_BATCH, &heads, own)?;
                        }
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

    /// Sends one sealed batch.
    async fn push_one(
        &self,
        enrolment: &Enrolment,
        batch: &insideout_store::sync::OutboxBatch,
    ) -> SyncResult<PushResponse> {
        let request = PushRequest {
            header: batch.header.clone(),
            signature: batch.signature.clone(),
            ciphertext: B64.encode(&batch.ciphertext),
        };
        self.post(
            &enrolment.service,
            "/v1/push",
            Some(&enrolment.token),
            &request,
        )
        .await
    }

    /// Pulls until the service says done. Returns the heads of every readable scope and the
    /// verified directory.
    /// `directory` is the one verified before the pull; it is verified again only when the
    /// pull brings records or batches (whose heads may show a problem).
    async fn pull_all(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        mut directory: Directory,
        report: &mut SyncReport,
    ) -> SyncResult<(Vec<ScopeHead>, Directory)> {
        let me = enrolment.person;
        let mut changed = false;
        let heads = loop {
            let (cursors, directory_after) = access.with_store(|store| {
                let after = store
                    .sync_get("directory_after")?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                Ok((store.cursors(me)?, after))
            })?;
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
                directory_after,
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
            let (applied, rewound, done) = access.with_store(|store| {
                if let Some(last) = page.directory.iter().map(|e| e.position).max() {
                    let records: Vec<SignedRecord> =
                        page.directory.iter().map(|e| e.record.clone()).collect();
                    store.save_directory(&records)?;
                    store.sync_set("directory_after", &last.to_string())?;
                    directory = Self::directory(store, enrolment)?;
                }
                let keys = store.device_keys()?;
                for envelope in &page.envelopes {
                    if let Some(key) = open_envelope(envelope, &keys, &directory, me) {
                        store.save_scope_key(envelope.scope, me, &key)?;
                    }
                }
                let scope_keys = store.scope_keys(me)?;
                let started = std::time::Instant::now();
                let case_of = |record| store.case_of(record).ok().flatten();
                let received = verify::check_page(
                    &page.batches,
                    &directory,
                    &scope_keys,
                    &case_of,
                    report_time(),
                );
                verify_time = started.elapsed();
                let started = std::time::Instant::now();
                let applied = store.apply_received(me, &received, &received_at, report_time())?;
                store_time = started.elapsed();
                store.observe_time(page.server_time_ms, report_time());
                // A batch whose key has not arrived yet stops its scope's cursor: the page is
                // not done until the key comes.
                let stalled = received.len() < page.batches.len();
                changed |= received.iter().any(|r| !r.heads.is_empty());
                // A scope whose head went back behind this device's cursor is read again.
                let heads: Vec<(Scope, u64)> =
                    page.heads.iter().map(|h| (h.scope, h.head)).collect();
                let rewound = store.rewind_cursors(me, &heads)?;
                Ok((applied, rewound, (page.done || stalled) && rewound == 0))
            })?;
            report.rewound_scopes += rewound;
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
        // Checked again with the heads this pull's batches carried.
        if changed {
            directory = access.with_store(|store| Self::directory(store, enrolment))?;
        }
        Ok((heads, directory))
    }

    /// Wraps each scope key this device holds for every reader the verified directory names
    /// that lacks it (the owner's devices, the team's supervisors) and for the organisation's
    /// recovery recipient, and rotates the key of any scope a revoked device was given. Each
    /// envelope is signed by this device.
    async fn share_keys(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        heads: &[ScopeHead],
        directory: &Directory,
        report: &mut SyncReport,
    ) -> SyncResult<()> {
        let me = enrolment.person;
        let Some(recovery) = directory.recovery_recipient.clone() else {
            return Ok(());
        };
        let held_back = directory
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Behind { .. } | Problem::Fork { .. }));
        let plan = access.with_store(|store| {
            let mine = store.device();
            let mut keys: Vec<(Scope, ScopeKey)> = store.scope_keys(me)?;
            // Each scope's newest epoch first: it is the one that may need replacing.
            keys.reverse();
            let mut seen = Vec::new();
            let mut plan = Vec::new();
            for (scope, key) in keys {
                let newest = !seen.contains(&scope);
                seen.push(scope);
                let Some(owner) = scope_owner(store, directory, scope, me, heads)? else {
                    continue;
                };
                if !newest {
                    // An earlier epoch goes to readers who lack it (a case's new coach, a
                    // device approved since), so they can read the history sealed under it.
                    let wrapped = store.wrapped_for(scope, me, key.epoch)?;
                    let missing: Vec<(DeviceId, String)> = directory
                        .readers(owner)
                        .iter()
                        .filter(|d| d.device != store.device())
                        .filter(|d| !wrapped.contains(&d.device.to_string()))
                        .filter(|_| !held_back)
                        .map(|d| (d.device, d.age_recipient.clone()))
                        .collect();
                    if !missing.is_empty() {
                        plan.push((scope, key, missing, false, false));
                    }
                    continue;
                }
                let readers = directory.readers(owner);
                let wrapped = store.wrapped_for(scope, me, key.epoch)?;
                // A key a revoked device was given, or one its case's former coach holds (the
                // case was shared under another owner), is replaced.
                let shared_under = store.sync_get(&owner_key(scope, key.epoch))?;
                let moved = shared_under
                    .as_ref()
                    .is_some_and(|p| *p != owner.to_string());
                if shared_under.is_none() {
                    store.sync_set(&owner_key(scope, key.epoch), &owner.to_string())?;
                }
                let revoked_had_it = moved
                    || directory
                        .devices
                        .values()
                        .any(|d| d.revoked.is_some() && wrapped.contains(&d.device.to_string()));
                let active: Vec<(DeviceId, String)> = readers
                    .iter()
                    .map(|d| (d.device, d.age_recipient.clone()))
                    .filter(|(d, _)| *d != mine || !wrapped.contains(&mine.to_string()))
                    // While the service is seen holding directory records back, or showing
                    // devices different directories, no device gets a key it did not have: the
                    // missing record may be the revocation of the device asking.
                    .filter(|(d, _)| !held_back || wrapped.contains(&d.to_string()))
                    .collect();
                if revoked_had_it {
                    // Kept only once the service accepts it: if another holder rotated first,
                    // this key never seals anything and the other one arrives with the next pull.
                    let fresh = ScopeKey::generate(key.epoch + 1);
                    plan.push((scope, fresh, active, true, true));
                } else {
                    let missing: Vec<(DeviceId, String)> = active
                        .into_iter()
                        .filter(|(d, _)| !wrapped.contains(&d.to_string()))
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
            let (envelopes, names) = access.with_store(|store| {
                let keys = store.device_keys()?;
                let signer = store.device();
                let commitment = key_commitment(&key.recipient());
                let mut envelopes = Vec::with_capacity(devices.len() + 1);
                let mut names = Vec::with_capacity(devices.len() + 1);
                let targets = devices
                    .iter()
                    .map(|(d, r)| (Some(*d), r.as_str()))
                    .chain(with_recovery.then_some((None, recovery.as_str())));
                for (device, recipient) in targets {
                    let mut envelope = Envelope {
                        scope,
                        epoch: key.epoch,
                        device,
                        envelope: B64.encode(key.wrap_for(&[recipient])?),
                        signer,
                        key_commitment: commitment.clone(),
                        signature: String::new(),
                    };
                    envelope.signature = hex::encode(keys.sign(&envelope.signing_bytes()));
                    envelopes.push(envelope);
                    names.push(device.map_or_else(|| "recovery".to_owned(), |d| d.to_string()));
                }
                Ok((envelopes, names))
            })?;
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
                        if let Some(owner) = scope_owner(store, directory, scope, me, heads)? {
                            store.sync_set(&owner_key(scope, key.epoch), &owner.to_string())?;
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

/// The sync-state key of the names of cases that moved to another coach and left this device,
/// until the coach has read the notice.
pub const MOVED_AWAY: &str = "cases_moved_away";

/// Whether this device makes the first key of its person's own scope.
fn own_scope(directory: &Directory, device: DeviceId, me: PersonId) -> OwnScope {
    if directory.own_scope_opener(me) == Some(device) {
        OwnScope::Open
    } else {
        OwnScope::Wait
    }
}

/// Under whose ownership this device shared a scope's key at an epoch.
fn owner_key(scope: Scope, epoch: u32) -> String {
    format!("key_owner:{scope}:{epoch}")
}

/// What a coach is told about a change set aside as too large, with the service's own words.
fn too_large_reason(service_said: &str) -> String {
    format!(
        "This change is larger than the service accepts, so it stays on this device and is not \
         sent. Your supervisor can ask for the service's limit to be raised; then choose \
         \"Try sending again\". The service said: {service_said}"
    )
}

/// Whose scope `scope` is, as far as this device can tell without trusting the service: its
/// own scope names its owner; a coach's device shares only its own cases; a supervisor's device
/// takes the owner the service names only if that person is a coach of its team and one of
/// their devices wrote in the scope.
fn scope_owner(
    store: &Store,
    directory: &Directory,
    scope: Scope,
    me: PersonId,
    heads: &[ScopeHead],
) -> SyncResult<Option<PersonId>> {
    match scope {
        Scope::Own(person) => Ok(Some(person)),
        // An allocated case is its coach's: a coach's device shares it only while it is this
        // coach's, a supervisor's only while the coach is of its team.
        Scope::Case(young_person) if directory.case_owner(young_person).is_some() => {
            let owner = directory.case_owner(young_person);
            let mine = store.device();
            Ok(match directory.role_of(mine) {
                Some(Role::Coach) => owner.filter(|o| *o == me),
                Some(Role::Supervisor) => {
                    let my_team = directory.people.get(&me).map(|p| p.team);
                    owner.filter(|o| {
                        directory
                            .people
                            .get(o)
                            .is_some_and(|p| p.role == Role::Coach && Some(p.team) == my_team)
                    })
                }
                None => None,
            })
        }
        Scope::Case(_) => {
            let mine = store.device();
            match directory.role_of(mine) {
                Some(Role::Coach) => Ok(Some(me)),
                Some(Role::Supervisor) => {
                    let Some(claimed) = heads.iter().find(|h| h.scope == scope).map(|h| h.owner)
                    else {
                        return Ok(None);
                    };
                    let my_team = directory.people.get(&me).map(|p| p.team);
                    let theirs = directory.people.get(&claimed);
                    let coach_of_team =
                        theirs.is_some_and(|p| p.role == Role::Coach && Some(p.team) == my_team);
                    let wrote_here = store.scope_authors(scope, me)?.iter().any(|d| {
                        directory
                            .devices
                            .get(d)
                            .is_some_and(|e| e.person == claimed)
                    });
                    Ok((coach_of_team && wrote_here).then_some(claimed))
                }
                None => Ok(None),
            }
        }
    }
}

/// Opens a key envelope only if a reader of the scope signed it for this device and the key
/// inside is the one the signature commits to.
fn open_envelope(
    envelope: &Envelope,
    keys: &insideout_crypto::DeviceKeys,
    directory: &Directory,
    me: PersonId,
) -> Option<ScopeKey> {
    let signer = directory.devices.get(&envelope.signer)?;
    if !directory.is_approved(envelope.signer) {
        return None;
    }
    let signature = hex::decode(&envelope.signature).ok()?;
    insideout_crypto::verify_signature(&signer.signing_key, &envelope.signing_bytes(), &signature)
        .ok()?;
    // The signer must read this scope as this device does: its own person, or a supervisor of
    // this person's team, or (for a supervisor) a coach of the same team.
    let my_team = directory.people.get(&me)?.team;
    let theirs = directory.people.get(&signer.person)?;
    let reads = match envelope.scope {
        Scope::Own(owner) => {
            signer.person == owner
                || (theirs.role == Role::Supervisor
                    && directory
                        .people
                        .get(&owner)
                        .is_some_and(|o| o.team == theirs.team))
        }
        // A case allocated to another coach is not this coach's to hold any more.
        Scope::Case(young_person) => {
            (signer.person == me || theirs.team == my_team)
                && (directory.people.get(&me)?.role == Role::Supervisor
                    || directory.case_owner(young_person).is_none_or(|o| o == me))
        }
    };
    if !reads {
        return None;
    }
    let bytes = B64.decode(&envelope.envelope).ok()?;
    let key = keys.unwrap_scope_key(&bytes).ok()?;
    (key.epoch == envelope.epoch && key_commitment(&key.recipient()) == envelope.key_commitment)
        .then_some(key)
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

    /// Signs `body` as the next record of this device's own chain, sends it, and keeps it.
    async fn sign_and_send(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        body: directory::Body,
    ) -> SyncResult<()> {
        let record = access.with_store(|store| {
            let dir = Self::directory(store, enrolment)?;
            let signer = directory::Signer::Device(store.device());
            let head = dir.heads().into_iter().find(|h| h.signer == signer);
            let record = directory::next_record(signer, head.as_ref(), report_time(), body);
            Ok(SignedRecord::by_device(&store.device_keys()?, record))
        })?;
        self.send_records(access, enrolment, vec![record]).await
    }

    /// Signs `bodies` as the next records of this device's chain, in order, and sends them in
    /// one request: the service keeps all of them or none.
    async fn sign_and_send_all(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        bodies: Vec<directory::Body>,
    ) -> SyncResult<()> {
        let records = access.with_store(|store| {
            let dir = Self::directory(store, enrolment)?;
            let signer = directory::Signer::Device(store.device());
            let keys = store.device_keys()?;
            let mut head = dir.heads().into_iter().find(|h| h.signer == signer);
            let mut out = Vec::with_capacity(bodies.len());
            for body in bodies {
                let record = directory::next_record(signer, head.as_ref(), report_time(), body);
                let signed = SignedRecord::by_device(&keys, record);
                head = Some(directory::Head {
                    signer,
                    seq: signed.record.seq,
                    hash: signed.hash(),
                });
                out.push(signed);
            }
            Ok(out)
        })?;
        self.send_records(access, enrolment, records).await
    }

    /// A supervisor allocates a young person's case to a coach of the team: a new case, one a
    /// coach added (confirming it is theirs), or a transfer. The coach's devices and the
    /// team's supervisors read it from then on; a former coach's devices remove it on their
    /// next sync, and the case's key is replaced so they cannot read what comes after.
    pub async fn allocate_case(
        &self,
        access: &impl StoreAccess,
        young_person: YoungPersonId,
        coach: PersonId,
    ) -> SyncResult<()> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let directory = access.with_store(|store| Self::directory(store, &enrolment))?;
        let my_team = directory.people.get(&enrolment.person).map(|p| p.team);
        let is_coach = directory
            .people
            .get(&coach)
            .is_some_and(|p| p.role == Role::Coach && Some(p.team) == my_team);
        if enrolment.role != Role::Supervisor || !is_coach {
            return Err(refused(
                "not_a_coach_of_team",
                "A case can be given only to a coach of your team, by a supervisor's device.",
            ));
        }
        self.sign_and_send(
            access,
            &enrolment,
            directory::Body::Allocate {
                young_person,
                person: coach,
            },
        )
        .await
    }

    /// A supervisor issues a single-use enrolment code for a coach of the team (or for their
    /// own next device). Returns the code, when it expires, and the connection link that
    /// carries it with the service's address and the organisation's fingerprint.
    pub async fn issue_code(
        &self,
        access: &impl StoreAccess,
        person: PersonId,
    ) -> SyncResult<(String, u64, String)> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        check_service_address(&enrolment.service)?;
        let reply: CodeResponse = self
            .post(
                &enrolment.service,
                "/v1/codes",
                Some(&enrolment.token),
                &CodeRequest {
                    version: PROTOCOL_VERSION,
                    person,
                },
            )
            .await?;
        let fingerprint = insideout_crypto::fingerprint(&enrolment.org_key)?;
        let link = insideout_protocol::link::enrolment_link(
            &enrolment.service,
            &fingerprint,
            Some(&reply.code),
        );
        Ok((reply.code, reply.expires_ms, link))
    }

    /// A supervisor deactivates a person of the team who is leaving: every device of theirs is
    /// revoked in one step, and each wipes itself once it verifies that. Returns how many
    /// devices were revoked.
    pub async fn deactivate_person(
        &self,
        access: &impl StoreAccess,
        person: PersonId,
    ) -> SyncResult<usize> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        if person == enrolment.person {
            return Err(refused(
                "deactivate_self",
                "You cannot deactivate yourself: ask another supervisor, or whoever holds the organisation key.",
            ));
        }
        let directory = access.with_store(|store| Self::directory(store, &enrolment))?;
        let bodies: Vec<directory::Body> = directory
            .devices
            .values()
            .filter(|d| d.person == person && d.revoked.is_none())
            .map(|d| directory::Body::Revoke {
                device: d.device,
                last_seq: directory
                    .chains
                    .get(&directory::Signer::Device(d.device))
                    .map_or(0, |c| c.len() as u64),
            })
            .collect();
        if bodies.is_empty() {
            return Err(refused(
                "nothing_to_deactivate",
                "This person has no devices that are still active: nothing to do.",
            ));
        }
        let count = bodies.len();
        self.sign_and_send_all(access, &enrolment, bodies).await?;
        Ok(count)
    }

    async fn send_records(
        &self,
        access: &impl StoreAccess,
        enrolment: &Enrolment,
        records: Vec<SignedRecord>,
    ) -> SyncResult<()> {
        let _: serde_json::Value = self
            .post(
                &enrolment.service,
                "/v1/directory",
                Some(&enrolment.token),
                &DirectoryPost {
                    version: PROTOCOL_VERSION,
                    records: records.clone(),
                },
            )
            .await?;
        access.with_store(|store| {
            store.save_directory(&records)?;
            Ok(())
        })
    }

    /// A supervisor approves a device of the team, in person: `code` is what the new device's
    /// own screen shows, and must match the code of the keys the service holds for it.
    pub async fn approve_device(
        &self,
        access: &impl StoreAccess,
        device: DeviceId,
        code: &str,
    ) -> SyncResult<()> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let listed = self.team_devices(access).await?;
        let target = listed
            .into_iter()
            .find(|d| d.device == device)
            .ok_or_else(|| refused("unknown_device", "That device is not in your team."))?;
        let expected = insideout_crypto::device_code(&target.signing_key, &target.age_recipient)?;
        if insideout_crypto::normalise_code(code) != insideout_crypto::normalise_code(&expected) {
            return Err(refused(
                "code_mismatch",
                "That is not the code this device's keys give. Do not approve it: check that you are \
                 looking at the right device; if the codes still differ, enrol it again.",
            ));
        }
        let known = access.with_store(|store| {
            Ok(Self::directory(store, &enrolment)?
                .people
                .contains_key(&target.person))
        })?;
        if !known {
            return Err(refused(
                "unknown_person",
                "This person is not in the organisation's directory yet: ask whoever holds the \
                 organisation key to add them, then approve the device.",
            ));
        }
        self.sign_and_send(
            access,
            &enrolment,
            directory::Body::Device {
                device,
                person: target.person,
                age_recipient: target.age_recipient,
                signing_key: target.signing_key,
            },
        )
        .await
    }

    /// A supervisor revokes a device of the team: nothing it signs from now on counts, and it
    /// wipes itself once it has verified this.
    pub async fn revoke_device(
        &self,
        access: &impl StoreAccess,
        device: DeviceId,
    ) -> SyncResult<()> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let last_seq = access.with_store(|store| {
            Ok(Self::directory(store, &enrolment)?
                .chains
                .get(&directory::Signer::Device(device))
                .map_or(0, |c| c.len() as u64))
        })?;
        self.sign_and_send(
            access,
            &enrolment,
            directory::Body::Revoke { device, last_seq },
        )
        .await
    }

    /// This device's approval, waiting for its owner to compare codes and confirm: who approved
    /// it, and the code that approver's screen shows (the organisation's fingerprint when the
    /// organisation key approved it).
    pub fn approval_waiting(store: &Store) -> SyncResult<Option<ApprovalWaiting>> {
        let Some(enrolment) = Enrolment::load(store)? else {
            return Ok(None);
        };
        // Only a device the service still counts as pending can have an approval waiting; the
        // screens ask on every status refresh, so an approved device skips the verification.
        if enrolment.status != DeviceStatus::Pending {
            return Ok(None);
        }
        let dir = Self::directory(store, &enrolment)?;
        let keys = store.device_keys()?;
        let Some(entry) = dir.devices.get(&store.device()) else {
            return Ok(None);
        };
        if entry.countersigned
            || entry.signing_key != keys.signing_public_hex()
            || entry.age_recipient != keys.age_recipient()
        {
            return Ok(None);
        }
        let code = match entry.approved_by {
            directory::Signer::Org => insideout_crypto::fingerprint(&enrolment.org_key)?,
            directory::Signer::Device(d) => {
                let approver = dir
                    .devices
                    .get(&d)
                    .ok_or(SyncError::Store(StoreError::Damaged))?;
                insideout_crypto::device_code(&approver.signing_key, &approver.age_recipient)?
            }
        };
        Ok(Some(ApprovalWaiting {
            by_organisation: entry.approved_by == directory::Signer::Org,
            approver_code: code,
            record_hash: entry.record_hash.clone(),
        }))
    }

    /// The owner confirms the approval after comparing codes: this device countersigns its own
    /// record, and from then on reads and writes.
    pub async fn confirm_approval(&self, access: &impl StoreAccess) -> SyncResult<()> {
        let enrolment = access
            .with_store(|store| Enrolment::load(store))?
            .ok_or(SyncError::NotEnrolled)?;
        let record = access.with_store(|store| {
            let waiting = Self::approval_waiting(store)?.ok_or_else(|| {
                refused(
                    "nothing_to_confirm",
                    "There is no approval waiting on this device.",
                )
            })?;
            let mut record = store
                .directory_records()?
                .into_iter()
                .find(|r| r.hash() == waiting.record_hash)
                .ok_or(SyncError::Store(StoreError::Damaged))?;
            record.countersign(&store.device_keys()?);
            Ok(record)
        })?;
        self.send_records(access, &enrolment, vec![record]).await
    }

    /// This device's own code, for its owner to show the supervisor approving it.
    pub fn own_code(store: &Store) -> SyncResult<String> {
        let keys = store.device_keys()?;
        Ok(insideout_crypto::device_code(
            &keys.signing_public_hex(),
            &keys.age_recipient(),
        )?)
    }
}

/// An approval waiting for the device's owner to compare codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalWaiting {
    pub by_organisation: bool,
    pub approver_code: String,
    record_hash: String,
}

fn refused(code: &str, message: &str) -> SyncError {
    SyncError::Refused {
        code: code.into(),
        message: message.into(),
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
/// A `device_revoked` refusal is only the service's word: an error to show, never a wipe.
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
            message: format!(
                "The service's answer could not be read ({e}): nothing was changed; sync again later, and if it keeps happening tell your supervisor."
            ),
        });
    }
    let body: ErrorBody = serde_json::from_slice(&bytes).unwrap_or(ErrorBody {
        code: format!("http_{}", status.as_u16()),
        message: format!(
            "The service could not take this sync (it answered {}): nothing was lost; this device tries again by itself.",
            status.as_u16()
        ),
        expected: None,
    });
    if body.code == "out_of_order"
        && let Some(expected) = body.expected
    {
        return Err(SyncError::OutOfOrder {
            expected,
            message: body.message,
        });
    }
    if body.code == "device_revoked" {
        return Err(SyncError::Refused {
            code: "device_revoked".into(),
            message: "The service says this device was revoked, but sent no signed revocation; \
                      nothing was wiped. Ask your supervisor."
                .into(),
        });
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
    fn backoff_doubles_to_five_minutes_and_resets() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..9).map(|_| b.failed().as_secs()).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80, 160, 300, 300, 300]);
        b.succeeded();
        assert_eq!(b.failed().as_secs(), 5);
    }

    #[test]
    fn a_refused_enrolment_is_told_in_this_apps_words_with_what_to_do() {
        let refused = |code: &str| SyncError::Refused {
            code: code.into(),
            message: "click here to restore your account".into(),
        };
        for code in ["code_unknown", "code_used", "code_expired"] {
            let advice = refused(code).advice();
            assert!(!advice.contains("click here"), "{code}: {advice}");
            assert!(advice.contains("ask your supervisor"), "{code}: {advice}");
        }
        assert!(
            SyncError::Offline("timed out".into())
                .advice()
                .contains("try again")
        );
        // A refusal this app has no words for keeps the service's message.
        assert_eq!(
            refused("epoch_taken").advice(),
            "click here to restore your account"
        );
    }

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
}
