//! The HTTP API. Every handler checks what it can without keys (version, signature, hash,
//! contiguity, access) and refuses with `{code, message}`; nothing is stored from a refused
//! request. Logs carry method, path, status and time, never a body.

use crate::db::{
    self, Database, DbError, Device, EnvelopeOutcome, NewBatch, NewDevice, PushOutcome, Recipient,
    StoredEnvelope,
};
use crate::limits::RateLimiter;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_protocol::api::*;
use insideout_protocol::{ErrorBody, PROTOCOL_VERSION, Scope, sha256_hex};
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;

/// The service's limits and its clock.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How far ahead of the service's clock a batch's newest stamp may be.
    pub max_clock_ahead_ms: u64,
    /// Requests a second allowed per device (and per address before enrolment), as a burst
    /// that refills at this rate.
    pub requests_per_second: u32,
    /// Enrolment attempts a minute allowed per address.
    pub enrolments_per_minute: u32,
    /// Enrolment attempts a minute allowed from all addresses together: behind a proxy every
    /// device shares one address, and an attacker can rotate through many, so the address alone
    /// does not bound how fast codes can be guessed.
    pub enrolments_per_minute_total: u32,
    /// Requests a minute allowed per address with a missing or unknown token: a guessed token
    /// has no device to be limited by, so its address is.
    pub failed_tokens_per_minute: u32,
    /// The most batches one pull returns.
    pub max_pull_limit: u32,
    /// The most bytes of batches one pull returns (at least one batch is always sent): with
    /// base64 and JSON, the answer stays well under what a device agrees to read.
    pub max_pull_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_body_bytes: 8 * 1024 * 1024,
            max_clock_ahead_ms: 5 * 60 * 1000,
            requests_per_second: 50,
            enrolments_per_minute: 10,
            enrolments_per_minute_total: 60,
            failed_tokens_per_minute: 30,
            max_pull_limit: 1000,
            max_pull_bytes: 16 * 1024 * 1024,
        }
    }
}

pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The wall clock in milliseconds since 1970.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    })
}

pub struct Service<D> {
    pub db: D,
    pub config: Config,
    pub clock: Clock,
    devices_limiter: RateLimiter,
    enrol_limiter: RateLimiter,
    enrol_total_limiter: RateLimiter,
    failed_token_limiter: RateLimiter,
}

impl<D> std::fmt::Debug for Service<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<D: Database> Service<D> {
    pub fn new(db: D, config: Config, clock: Clock) -> Arc<Self> {
        let per_second = f64::from(config.requests_per_second);
        let per_minute = |n: u32| RateLimiter::new(f64::from(n), f64::from(n) / 60.0);
        Arc::new(Self {
            devices_limiter: RateLimiter::new(per_second, per_second),
            enrol_limiter: per_minute(config.enrolments_per_minute),
            enrol_total_limiter: per_minute(config.enrolments_per_minute_total),
            failed_token_limiter: per_minute(config.failed_tokens_per_minute),
            db,
            config,
            clock,
        })
    }

    fn now(&self) -> u64 {
        (self.clock)()
    }
}

/// The routes, with the body limit and the request log.
pub fn router<D: Database>(service: Arc<Service<D>>) -> Router {
    let limit = service.config.max_body_bytes;
    Router::new()
        .route("/health", get(health::<D>))
        .route("/v1/organisation", get(organisation::<D>))
        .route("/v1/enrol", post(enrol::<D>))
        .route("/v1/push", post(push::<D>))
        .route("/v1/pull", post(pull::<D>))
        .route("/v1/envelopes", post(envelopes::<D>))
        .route("/v1/devices", get(team_devices::<D>))
        .route("/v1/directory", post(post_directory::<D>))
        .route("/v1/salvage", post(salvage::<D>))
        .route("/v1/codes", post(issue_code::<D>))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(log_request))
        .with_state(service)
}

async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// A refusal: an HTTP status and `{code, message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                expected: None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        let (status, code) = match &e {
            DbError::CodeUnknown => (StatusCode::FORBIDDEN, "code_unknown"),
            DbError::CodeExpired => (StatusCode::FORBIDDEN, "code_expired"),
            DbError::CodeUsed => (StatusCode::FORBIDDEN, "code_used"),
            DbError::Taken(_) => (StatusCode::CONFLICT, "taken"),
            DbError::UnknownDevice(_) => (StatusCode::NOT_FOUND, "unknown_device"),
            DbError::NotInitialised => (StatusCode::SERVICE_UNAVAILABLE, "not_initialised"),
            _ => {
                tracing::error!(error = %e, "storage error");
                return Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_unavailable",
                    "The service could not reach its storage; try again shortly.",
                );
            }
        };
        Self::new(status, code, e.to_string())
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A JSON body whose rejection is an [`ApiError`].
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(JsonRejection::BytesRejection(r))
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "The request is larger than the service accepts; send fewer ops per batch.",
                ))
            }
            Err(r) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed",
                format!("The request could not be read: {}", r.body_text()),
            )),
        }
    }
}

/// The device behind the request's bearer token. A revoked device is refused; it wipes itself
/// only once it has verified its signed revocation (see [`AnyDevice`]).
#[derive(Debug)]
pub struct Authed(pub Device);

/// The device behind the token, revoked or not: a revoked device may still read the directory
/// (to verify its own revocation) and hand over its sealed outbox, and nothing else.
#[derive(Debug)]
pub struct AnyDevice(pub Device);

impl<D: Database> FromRequestParts<Arc<Service<D>>> for AnyDevice {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        service: &Arc<Service<D>>,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(token_device(parts, service).await?))
    }
}

async fn token_device<D: Database>(
    parts: &Parts,
    service: &Service<D>,
) -> Result<Device, ApiError> {
    // An address that has spent its allowance of failed tokens is refused before its token
    // is even looked up, so guessing costs the guesser time and the database nothing.
    let address = peer_address(parts);
    if service.failed_token_limiter.is_empty(&address) {
        return Err(too_many());
    }
    let failed = |message: &'static str| {
        if service.failed_token_limiter.allow(&address) {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
        } else {
            too_many()
        }
    };
    let token =
        bearer(&parts.headers).ok_or_else(|| failed("This request needs the device's token."))?;
    let hash = sha256_hex(token.as_bytes());
    if !service.devices_limiter.allow(&hash) {
        return Err(too_many());
    }
    let device = service
        .db
        .device_by_token(&hash)
        .await?
        .ok_or_else(|| failed("This device is not enrolled with this service."))?;
    Ok(device)
}

impl<D: Database> FromRequestParts<Arc<Service<D>>> for Authed {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        service: &Arc<Service<D>>,
    ) -> Result<Self, Self::Rejection> {
        let device = token_device(parts, service).await?;
        if device.status == DeviceStatus::Revoked {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "device_revoked",
                "This device has been revoked. It wipes itself once it has verified the signed revocation.",
            ));
        }
        Ok(Self(device))
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn too_many() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests; slow down and retry.",
    )
}

fn check_version(found: u16) -> Result<(), ApiError> {
    if found == PROTOCOL_VERSION {
        return Ok(());
    }
    let e = insideout_protocol::ProtocolError::UnknownVersion { found };
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        e.code(),
        e.to_string(),
    ))
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    protocol: u16,
}

async fn health<D: Database>(State(service): State<Arc<Service<D>>>) -> Response {
    match service.db.org().await {
        Ok(Some(_)) => Json(Health {
            status: "ok",
            protocol: PROTOCOL_VERSION,
        })
        .into_response(),
        Ok(None) => ApiError::from(DbError::NotInitialised).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn organisation<D: Database>(
    State(service): State<Arc<Service<D>>>,
) -> ApiResult<OrganisationInfo> {
    let org = service.db.org().await?.ok_or(DbError::NotInitialised)?;
    Ok(Json(OrganisationInfo {
        org_key: org.org_key,
    }))
}

/// Normalises a typed enrolment code: case, spaces and dashes do not matter.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

async fn enrol<D: Database>(
    State(service): State<Arc<Service<D>>>,
    PeerAddr(address): PeerAddr,
    Body(req): Body<EnrolRequest>,
) -> ApiResult<EnrolResponse> {
    // Per address first, so one noisy address does not spend everyone's allowance.
    if !service.enrol_limiter.allow(&address) || !service.enrol_total_limiter.allow("all") {
        return Err(too_many());
    }
    check_version(req.version)?;
    let bad = |what: &str| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_key",
            format!("The device's {what} is not valid."),
        )
    };
    insideout_crypto::check_recipient(&req.age_recipient).map_err(|_| bad("age recipient"))?;
    insideout_crypto::check_signing_key(&req.signing_key).map_err(|_| bad("signing key"))?;
    let org = service.db.org().await?.ok_or(DbError::NotInitialised)?;
    let token_bytes: [u8; 32] = insideout_crypto::random_bytes().map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "random_failed",
            e.to_string(),
        )
    })?;
    let token = hex::encode(token_bytes);
    let now = service.now();
    let device = service
        .db
        .enrol(
            &sha256_hex(normalise_code(&req.code).as_bytes()),
            now,
            &NewDevice {
                id: req.device,
                token_hash: sha256_hex(token.as_bytes()),
                age_recipient: req.age_recipient,
                signing_key: req.signing_key,
            },
        )
        .await?;
    tracing::info!(device = %device.id, person = %device.person, "device enrolled, pending approval");
    Ok(Json(EnrolResponse {
        person: device.person,
        role: device.role,
        team: device.team,
        token,
        status: device.status,
        org_key: org.org_key,
        server_time_ms: now,
    }))
}

fn refuse(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(status, code, message)
}

async fn push<D: Database>(
    State(service): State<Arc<Service<D>>>,
    Authed(device): Authed,
    Body(req): Body<PushRequest>,
) -> ApiResult<PushResponse> {
    if device.status != DeviceStatus::Approved {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "not_approved",
            "This device is not approved yet: its changes stay on it until a supervisor approves it in person.",
        ));
    }
    let header = &req.header;
    header
        .check()
        .map_err(|e| refuse(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?;
    if header.device != device.id {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "wrong_device",
            "The batch names a different device from the one sending it.",
        ));
    }
    let signature = hex::decode(&req.signature).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "bad_signature",
            "The signature is not hex.",
        )
    })?;
    insideout_crypto::verify_signature(&device.signing_key, &header.signing_bytes(), &signature)
        .map_err(|_| {
            refuse(
                StatusCode::FORBIDDEN,
                "bad_signature",
                "The batch's signature does not match this device's key.",
            )
        })?;
    let ciphertext = B64.decode(&req.ciphertext).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "malformed",
            "The ciphertext is not base64.",
        )
    })?;
    header
        .check_ciphertext(&ciphertext)
        .map_err(|e| refuse(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?;
    let now = service.now();
    let ahead = header.hlc_last.wall_ms.saturating_sub(now);
    if ahead > service.config.max_clock_ahead_ms {
        return Err(refuse(
            StatusCode::CONFLICT,
            "clock_ahead",
            format!(
                "This device's clock is {} minutes ahead of the service. Set the correct time; \
                 nothing has been lost and the changes will be sent once it is fixed.",
                ahead.div_ceil(60_000)
            ),
        ));
    }
    let outcome = service
        .db
        .push(
            &device,
            &NewBatch {
                scope: header.scope,
                device_seq: header.device_seq,
                key_epoch: header.key_epoch,
                priority: header.priority,
                header: serde_json::to_string(header)
                    .map_err(|e| refuse(StatusCode::BAD_REQUEST, "malformed", e.to_string()))?,
                signature: req.signature.clone(),
                hash: header.ciphertext_sha256.clone(),
                ciphertext,
                received_ms: now,
            },
        )
        .await?;
    let (server_seq, repeat) = match outcome {
        PushOutcome::Stored { server_seq } => (server_seq, false),
        PushOutcome::Repeat { server_seq } => (server_seq, true),
        PushOutcome::Gap { expected } => {
            let mut refusal = refuse(
                StatusCode::CONFLICT,
                "out_of_order",
                format!("Expected batch number {expected} from this device next."),
            );
            refusal.body.expected = Some(expected);
            return Err(refusal);
        }
        PushOutcome::Replayed => {
            return Err(refuse(
                StatusCode::CONFLICT,
                "replayed",
                "A different batch was already received under this number.",
            ));
        }
        PushOutcome::WrongEpoch { current } => {
            return Err(refuse(
                StatusCode::CONFLICT,
                "stale_epoch",
                format!("This scope's key is now at epoch {current}; fetch it and reseal."),
            ));
        }
        PushOutcome::Forbidden => {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "wrong_scope",
                "This device may not write to that scope.",
            ));
        }
    };
    Ok(Json(PushResponse {
        server_seq,
        repeat,
        server_time_ms: now,
    }))
}

fn roster_entry(d: &Device) -> RosterEntry {
    RosterEntry {
        device: d.id,
        person: d.person,
        role: d.role,
        status: d.status,
        age_recipient: d.age_recipient.clone(),
        signing_key: d.signing_key.clone(),
    }
}

/// Directory records after `after`, as the pull answer carries them.
async fn directory_page<D: Database>(
    service: &Service<D>,
    after: u64,
) -> Result<Vec<DirectoryEntry>, ApiError> {
    service
        .db
        .directory_after(after, 1000)
        .await?
        .into_iter()
        .map(|(position, json)| {
            Ok(DirectoryEntry {
                position,
                record: serde_json::from_str(&json).map_err(|e| {
                    ApiError::from(DbError::Damaged(format!("directory record: {e}")))
                })?,
            })
        })
        .collect()
}

async fn pull<D: Database>(
    State(service): State<Arc<Service<D>>>,
    AnyDevice(device): AnyDevice,
    Body(req): Body<PullRequest>,
) -> ApiResult<PullResponse> {
    check_version(req.version)?;
    let now = service.now();
    let directory = directory_page(&service, req.directory_after).await?;
    if device.status != DeviceStatus::Approved {
        // A pending device reads the directory (to find and countersign its approval); a
        // revoked one reads it to verify its revocation. Neither reads anything else.
        return Ok(Json(PullResponse {
            status: device.status,
            batches: Vec::new(),
            done: true,
            heads: Vec::new(),
            envelopes: Vec::new(),
            directory,
            server_time_ms: now,
        }));
    }
    let limit = req.limit.clamp(1, service.config.max_pull_limit);
    let cursors: Vec<(Scope, u64)> = req.cursors.iter().map(|c| (c.scope, c.after)).collect();
    let (page, scopes) = db::pull_bounded(
        &service.db,
        &device,
        &cursors,
        limit,
        service.config.max_pull_bytes,
    )
    .await?;
    // Stored envelopes are the signed wire form; one that no longer reads is left out.
    let envelopes = service
        .db
        .envelopes_for(Recipient::Device(device.id))
        .await?
        .into_iter()
        .filter_map(|e| serde_json::from_slice::<Envelope>(&e.envelope).ok())
        .collect();
    Ok(Json(PullResponse {
        status: device.status,
        batches: page
            .batches
            .into_iter()
            .map(|b| {
                Ok(PulledBatch {
                    scope: b.scope,
                    server_seq: b.server_seq,
                    header: serde_json::from_str(&b.header).map_err(|e| {
                        ApiError::from(DbError::Damaged(format!("stored header: {e}")))
                    })?,
                    signature: b.signature,
                    ciphertext: B64.encode(&b.ciphertext),
                })
            })
            .collect::<Result<_, ApiError>>()?,
        done: page.done,
        heads: scopes
            .iter()
            .map(|s| ScopeHead {
                scope: s.scope,
                owner: s.owner,
                head: s.head(),
                epoch: s.epoch,
            })
            .collect(),
        envelopes,
        directory,
        server_time_ms: now,
    }))
}

/// `POST /v1/directory`: keeps records that verify and count; refuses the rest, storing none.
async fn post_directory<D: Database>(
    State(service): State<Arc<Service<D>>>,
    AnyDevice(device): AnyDevice,
    Body(req): Body<DirectoryPost>,
) -> ApiResult<serde_json::Value> {
    check_version(req.version)?;
    if req.records.is_empty() || req.records.len() > 100 {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "malformed",
            "Send between 1 and 100 directory records.",
        ));
    }
    match crate::directory::add(&service.db, &req.records, service.now()).await {
        Ok(_) => {
            tracing::info!(device = %device.id, records = req.records.len(), "directory records added");
            Ok(Json(serde_json::json!({ "stored": req.records.len() })))
        }
        Err(crate::directory::DirectoryError::Db(e)) => Err(e.into()),
        Err(crate::directory::DirectoryError::Refused(why)) => Err(refuse(
            StatusCode::CONFLICT,
            "directory_refused",
            format!("The directory did not take these records: {why}"),
        )),
    }
}

/// `POST /v1/salvage`: a revoked device hands over its unsent records, sealed to the recovery
/// recipient, before it wipes itself. The service cannot open them.
async fn salvage<D: Database>(
    State(service): State<Arc<Service<D>>>,
    AnyDevice(device): AnyDevice,
    Body(req): Body<SalvageRequest>,
) -> ApiResult<serde_json::Value> {
    check_version(req.version)?;
    let sealed = B64.decode(&req.sealed).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "malformed",
            "The sealed records are not base64.",
        )
    })?;
    service
        .db
        .add_salvage(&db::Salvage {
            device: device.id,
            received_ms: service.now(),
            sealed,
        })
        .await?;
    tracing::info!(device = %device.id, "sealed outbox received before a wipe");
    Ok(Json(serde_json::json!({ "stored": true })))
}

async fn envelopes<D: Database>(
    State(service): State<Arc<Service<D>>>,
    Authed(device): Authed,
    Body(req): Body<EnvelopesRequest>,
) -> ApiResult<serde_json::Value> {
    check_version(req.version)?;
    if device.status != DeviceStatus::Approved {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "not_approved",
            "Only an approved device may hand out keys.",
        ));
    }
    let team: Vec<Device> = service
        .db
        .devices()
        .await?
        .into_iter()
        .filter(|d| d.team == device.team && d.status == DeviceStatus::Approved)
        .collect();
    let author_scopes = service.db.readable_scopes(&device).await?;
    let mut stored = Vec::with_capacity(req.envelopes.len());
    for e in req.envelopes {
        let signature = hex::decode(&e.signature).unwrap_or_default();
        if e.signer != device.id
            || insideout_crypto::verify_signature(
                &device.signing_key,
                &e.signing_bytes(),
                &signature,
            )
            .is_err()
        {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "bad_signature",
                "A key envelope is not signed by the device sending it.",
            ));
        }
        let recipient = match e.device {
            None => Recipient::Recovery,
            Some(id) => {
                // The recipient must be an approved device that reads this scope. (A scope the
                // sender cannot read, or that does not exist yet, is refused below as such.)
                // The service's one access rule decides, over the scope's row as the sender
                // reads it: no second query per envelope.
                let reads = match author_scopes.iter().find(|row| row.scope == e.scope) {
                    None => true,
                    Some(row) => team
                        .iter()
                        .find(|d| d.id == id)
                        .is_some_and(|d| db::access::can_read(d, row)),
                };
                if !reads {
                    return Err(refuse(
                        StatusCode::FORBIDDEN,
                        "wrong_recipient",
                        format!("Device {id} is not an approved reader of {}.", e.scope),
                    ));
                }
                Recipient::Device(id)
            }
        };
        if B64.decode(&e.envelope).is_err() {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "malformed",
                "An envelope is not base64.",
            ));
        }
        let envelope = serde_json::to_vec(&e)
            .map_err(|err| refuse(StatusCode::BAD_REQUEST, "malformed", err.to_string()))?;
        stored.push(StoredEnvelope {
            scope: e.scope,
            epoch: e.epoch,
            recipient,
            envelope,
        });
    }
    match service
        .db
        .put_envelopes(&device, &stored, req.rotate)
        .await?
    {
        EnvelopeOutcome::Stored => Ok(Json(serde_json::json!({ "stored": stored.len() }))),
        EnvelopeOutcome::Forbidden(scope) => Err(refuse(
            StatusCode::FORBIDDEN,
            "wrong_scope",
            format!("This device may not hold the key of {scope}."),
        )),
        EnvelopeOutcome::StaleEpoch { scope, current } => Err(refuse(
            StatusCode::CONFLICT,
            "stale_epoch",
            format!("{scope} is at key epoch {current} already."),
        )),
        EnvelopeOutcome::EpochTaken { scope, current } => Err(refuse(
            StatusCode::CONFLICT,
            "epoch_taken",
            format!("Another device moved {scope} to key epoch {current} first; use its key."),
        )),
        EnvelopeOutcome::UnknownScope(scope) => Err(refuse(
            StatusCode::NOT_FOUND,
            "unknown_scope",
            format!("{scope} has no batches yet; push its first batch before its keys."),
        )),
    }
}

fn supervisor(device: &Device) -> Result<(), ApiError> {
    if device.role == Role::Supervisor && device.status == DeviceStatus::Approved {
        Ok(())
    } else {
        Err(refuse(
            StatusCode::FORBIDDEN,
            "not_supervisor",
            "Only a supervisor's approved device can manage devices.",
        ))
    }
}

/// How long a code a supervisor issues from the app stays valid.
const CODE_VALID_HOURS: u32 = 72;

/// `POST /v1/codes`: a single-use enrolment code for a coach of the supervisor's team, or for
/// the supervisor's own next device. The code only lets a device ask to join; it reads
/// nothing until someone approves it in person against the code on its screen.
async fn issue_code<D: Database>(
    State(service): State<Arc<Service<D>>>,
    Authed(device): Authed,
    Body(req): Body<CodeRequest>,
) -> ApiResult<CodeResponse> {
    check_version(req.version)?;
    supervisor(&device)?;
    let people = service.db.people().await?;
    let person = people.iter().find(|p| p.id == req.person);
    let allowed = person
        .is_some_and(|p| p.team == device.team && (p.role == Role::Coach || p.id == device.person));
    if !allowed {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "not_your_team",
            "You can issue codes only for the coaches of your team and for your own devices.",
        ));
    }
    let now = service.now();
    let code = crate::admin::enrolment_code(&service.db, req.person, CODE_VALID_HOURS, now)
        .await
        .map_err(|e| match e {
            crate::admin::AdminError::Db(e) => ApiError::from(e),
            crate::admin::AdminError::Invalid(why) => {
                refuse(StatusCode::BAD_REQUEST, "malformed", why)
            }
        })?;
    tracing::info!(device = %device.id, "enrolment code issued from the app");
    Ok(Json(CodeResponse {
        code,
        expires_ms: now + u64::from(CODE_VALID_HOURS) * 3_600_000,
    }))
}

async fn team_devices<D: Database>(
    State(service): State<Arc<Service<D>>>,
    Authed(device): Authed,
) -> ApiResult<Vec<RosterEntry>> {
    supervisor(&device)?;
    Ok(Json(
        service
            .db
            .devices()
            .await?
            .iter()
            .filter(|d| d.team == device.team)
            .map(roster_entry)
            .collect(),
    ))
}

/// The peer's address, for limits on requests made before a device has a token.
#[derive(Debug)]
pub struct PeerAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(peer_address(parts)))
    }
}

/// The key a peer's address is limited under. An IPv6 peer is limited by its /64 network: one
/// machine is usually given a whole /64 and can take a new address from it at will.
fn peer_address(parts: &Parts) -> String {
    match parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
    {
        Some(std::net::IpAddr::V6(ip)) if ip.to_ipv4_mapped().is_none() => {
            let s = ip.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(std::net::IpAddr::V6(ip)) => ip
            .to_ipv4_mapped()
            .map_or_else(String::new, |v4| v4.to_string()),
        Some(std::net::IpAddr::V4(ip)) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}
