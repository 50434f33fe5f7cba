//! The organisation directory: who the organisation says may read, written as signed records
//! that every device verifies for itself. The service stores and relays the records; it cannot
//! make one, change one, or hide one from a device that has seen it.
//!
//! - A [`Record`] is signed by the organisation key ([`Signer::Org`]) or by a supervisor's
//!   device ([`Signer::Device`]) whose person the organisation key made a supervisor. It says
//!   one thing: the organisation's recovery recipient, a person (team, role), a device (its
//!   person, its age recipient and signing key), or a revocation.
//! - Each signer keeps its own chain: sequence numbers from 1 and the previous record's hash.
//!   The directory is the verified union of those chains ([`verify`]).
//! - A device record counts only once the device itself has countersigned it, after the two
//!   people compared codes in person.
//! - Every signed type carries a context string and a version, and signatures cover canonical
//!   bytes, never JSON.
//!
//! Guarantees of [`verify`]: the result depends only on the set of records given (not their
//! order or repetition), the pinned organisation key and the time; a record that is not signed
//! by a signer allowed to make it is never part of the result; a chain with a hole, a wrong
//! previous hash or two records under one number stops before the damage, and the damage is
//! named in [`Directory::problems`].

use crate::api::{Role, TeamId};
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The version of the record format this build signs and reads.
pub const RECORD_VERSION: u16 = 1;
/// How far ahead of the verifying device's clock a record's time may be.
pub const MAX_SKEW_MS: u64 = 5 * 60 * 1000;

const RECORD_CONTEXT: &[u8] = b"insideout-coach/directory-record\0";
const COUNTERSIGN_CONTEXT: &[u8] = b"insideout-coach/device-countersign\0";
/// The previous hash of a chain's first record.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who signed a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Signer {
    /// The organisation key, kept offline.
    Org,
    /// A supervisor's device, by its signing key.
    Device(DeviceId),
}

impl std::fmt::Display for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Org => f.write_str("the organisation key"),
            Self::Device(d) => write!(f, "device {d}"),
        }
    }
}

/// What a record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    /// The organisation itself: the recipient every scope key is also wrapped to. The first
    /// record of the organisation's chain, and only there.
    Organisation { recovery_recipient: String },
    /// A person, their team and role. A supervisor may sign for the coaches of their own team;
    /// only the organisation key makes a supervisor. `expires_ms` (0: never) ends a supervisor's
    /// power to sign.
    Person {
        person: PersonId,
        team: TeamId,
        role: Role,
        expires_ms: u64,
    },
    /// A device of a person, with the keys it reads and signs with. Counts once the device has
    /// countersigned it.
    Device {
        device: DeviceId,
        person: PersonId,
        age_recipient: String,
        signing_key: String,
    },
    /// A device is revoked. `last_seq` is the last record of the revoked device's own chain that
    /// still counts (0: none), so nothing it signs later counts, whatever time it claims.
    Revoke { device: DeviceId, last_seq: u64 },
    /// A young person's case is held by a coach: allocated to them, confirmed as theirs, or
    /// transferred to them. The newest allocation of a case counts; the coach's devices and
    /// their team's supervisors read it, and nobody else. Says nothing about the young person
    /// but an id the service already has.
    Allocate {
        young_person: YoungPersonId,
        person: PersonId,
    },
}

/// One signed statement of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub version: u16,
    pub signer: Signer,
    /// Dense per signer, from 1.
    pub seq: u64,
    /// The hash of the signer's previous record ([`GENESIS_PREV`] for the first).
    pub prev: String,
    /// When the signer signed it, by its own clock.
    pub signed_ms: u64,
    pub body: Body,
}

/// A record with its signature, and for a device record the device's countersignature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub record: Record,
    /// ed25519 over [`Record::signing_bytes`], hex.
    pub signature: String,
    /// The new device's ed25519 over [`SignedRecord::countersigning_bytes`], hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countersignature: Option<String>,
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_be_bytes());
    out.extend_from_slice(text.as_bytes());
}

impl Record {
    /// The canonical bytes the signer signs: a context string, then every field in a fixed
    /// order and width (strings length-prefixed), big-endian.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(RECORD_CONTEXT.len() + 200);
        out.extend_from_slice(RECORD_CONTEXT);
        out.extend_from_slice(&self.version.to_be_bytes());
        match self.signer {
            Signer::Org => out.push(0),
            Signer::Device(d) => {
                out.push(1);
                out.extend_from_slice(d.as_uuid().as_bytes());
            }
        }
        out.extend_from_slice(&self.seq.to_be_bytes());
        put_str(&mut out, &self.prev);
        out.extend_from_slice(&self.signed_ms.to_be_bytes());
        match &self.body {
            Body::Organisation { recovery_recipient } => {
                out.push(1);
                put_str(&mut out, recovery_recipient);
            }
            Body::Person {
                person,
                team,
                role,
                expires_ms,
            } => {
                out.push(2);
                out.extend_from_slice(person.as_uuid().as_bytes());
                out.extend_from_slice(team.as_bytes());
                out.push(match role {
                    Role::Coach => 1,
                    Role::Supervisor => 2,
                });
                out.extend_from_slice(&expires_ms.to_be_bytes());
            }
            Body::Device {
                device,
                person,
                age_recipient,
                signing_key,
            } => {
                out.push(3);
                out.extend_from_slice(device.as_uuid().as_bytes());
                out.extend_from_slice(person.as_uuid().as_bytes());
                put_str(&mut out, age_recipient);
                put_str(&mut out, signing_key);
            }
            Body::Revoke { device, last_seq } => {
                out.push(4);
                out.extend_from_slice(device.as_uuid().as_bytes());
                out.extend_from_slice(&last_seq.to_be_bytes());
            }
            Body::Allocate {
                young_person,
                person,
            } => {
                out.push(5);
                out.extend_from_slice(young_person.as_uuid().as_bytes());
                out.extend_from_slice(person.as_uuid().as_bytes());
            }
        }
        out
    }
}

impl SignedRecord {
    /// The record's identity and the next record's `prev`: SHA-256 over the signed bytes and
    /// the signature, hex. The countersignature is not part of it: it is added later.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.record.signing_bytes());
        hasher.update(self.signature.as_bytes());
        hex::encode(hasher.finalize())
    }

    /// Signs `record` with the organisation key.
    pub fn by_org(key: &insideout_crypto::OrgKey, record: Record) -> Self {
        let signature = hex::encode(key.sign(&record.signing_bytes()));
        Self {
            record,
            signature,
            countersignature: None,
        }
    }

    /// Signs `record` with a (supervisor's) device key.
    pub fn by_device(keys: &insideout_crypto::DeviceKeys, record: Record) -> Self {
        let signature = hex::encode(keys.sign(&record.signing_bytes()));
        Self {
            record,
            signature,
            countersignature: None,
        }
    }

    /// The new device confirms its own record.
    pub fn countersign(&mut self, keys: &insideout_crypto::DeviceKeys) {
        self.countersignature = Some(hex::encode(keys.sign(&self.countersigning_bytes())));
    }

    /// What the new device signs to say "these are my keys, and I compared codes".
    pub fn countersigning_bytes(&self) -> Vec<u8> {
        let mut out = COUNTERSIGN_CONTEXT.to_vec();
        put_str(&mut out, &self.hash());
        out
    }
}

/// Why a record or chain does not count. Shown to people as its `Display`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// Two different records under one number: the signer (or the service) forked the chain.
    Fork {
        signer: Signer,
        seq: u64,
    },
    /// A record is missing: nothing after it counts until it arrives.
    Hole {
        signer: Signer,
        missing: u64,
    },
    /// A record does not follow the one before it.
    BadLink {
        signer: Signer,
        seq: u64,
    },
    BadSignature {
        signer: Signer,
        seq: u64,
    },
    /// Signed properly, but not something this signer may say.
    Refused {
        signer: Signer,
        seq: u64,
        reason: String,
    },
    /// Records from a device that never became an approved supervisor's.
    NotASigner {
        signer: Signer,
    },
    /// A peer saw more of a signer's chain than this device has: the service may be holding
    /// records back.
    Behind {
        signer: Signer,
        have: u64,
        seen: u64,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fork { signer, seq } => write!(
                f,
                "Two different directory records were signed as number {seq} by {signer}; neither counts."
            ),
            Self::Hole { signer, missing } => write!(
                f,
                "Directory record {missing} from {signer} is missing; the ones after it wait for it."
            ),
            Self::BadLink { signer, seq } => write!(
                f,
                "Directory record {seq} from {signer} does not follow the one before it."
            ),
            Self::BadSignature { signer, seq } => {
                write!(
                    f,
                    "Directory record {seq} from {signer} has a bad signature."
                )
            }
            Self::Refused {
                signer,
                seq,
                reason,
            } => write!(
                f,
                "Directory record {seq} from {signer} was refused: {reason}."
            ),
            Self::NotASigner { signer } => write!(
                f,
                "Directory records from {signer} were ignored: it is not an approved supervisor's device."
            ),
            Self::Behind { signer, have, seen } => write!(
                f,
                "Another device has seen {seen} directory records from {signer}, this device only {have}: the service may be holding some back."
            ),
        }
    }
}

/// A person as the directory knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEntry {
    pub team: TeamId,
    pub role: Role,
    pub expires_ms: u64,
    pub signed_by: Signer,
    pub since_ms: u64,
}

/// A device as the directory knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEntry {
    pub device: DeviceId,
    pub person: PersonId,
    pub age_recipient: String,
    pub signing_key: String,
    pub approved_by: Signer,
    pub since_ms: u64,
    /// The device confirmed its own record: until then it reads and writes nothing.
    pub countersigned: bool,
    pub revoked: Option<Revocation>,
    /// The hash of the record that approved it (the one the device countersigns).
    pub record_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub by: Signer,
    pub at_ms: u64,
    pub last_seq: u64,
}

/// One allocation of a case to a coach, as the directory knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub person: PersonId,
    pub by: Signer,
    pub at_ms: u64,
    /// The record's hash: it breaks a tie between two allocations signed in the same
    /// millisecond, so every device picks the same one.
    pub hash: String,
}

/// The newest record of a signer's chain that this device holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub signer: Signer,
    pub seq: u64,
    pub hash: String,
}

/// The verified directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directory {
    pub recovery_recipient: Option<String>,
    pub people: BTreeMap<PersonId, PersonEntry>,
    pub devices: BTreeMap<DeviceId, DeviceEntry>,
    /// Every allocation of each case, oldest first; the last is the one that counts.
    pub allocations: BTreeMap<YoungPersonId, Vec<Allocation>>,
    /// Each signer's usable chain, as the hashes of records 1, 2, …
    pub chains: BTreeMap<Signer, Vec<String>>,
    pub problems: BTreeSet<Problem>,
}

impl Directory {
    /// Whether `device` is approved now: countersigned and not revoked.
    pub fn is_approved(&self, device: DeviceId) -> bool {
        self.devices
            .get(&device)
            .is_some_and(|d| d.countersigned && d.revoked.is_none())
    }

    /// Whether `device` may have written something stamped `at_ms`: it was approved, and not
    /// revoked before then. What it wrote before its revocation still counts.
    pub fn may_author(&self, device: DeviceId, at_ms: u64) -> Option<&DeviceEntry> {
        self.devices
            .get(&device)
            .filter(|d| d.countersigned && d.revoked.as_ref().is_none_or(|r| at_ms <= r.at_ms))
    }

    pub fn role_of(&self, device: DeviceId) -> Option<Role> {
        let entry = self.devices.get(&device)?;
        self.people.get(&entry.person).map(|p| p.role)
    }

    /// The coach a case is allocated to now, if it has been allocated (until then it is its
    /// creator's).
    pub fn case_owner(&self, young_person: YoungPersonId) -> Option<PersonId> {
        self.allocations
            .get(&young_person)
            .and_then(|a| a.last())
            .map(|a| a.person)
    }

    /// Whether `person` held the case at `at_ms`, by its allocations: true before the first
    /// allocation (the creator holds an unallocated case) and for whoever it was allocated to
    /// at that time.
    pub fn held_case_at(&self, young_person: YoungPersonId, person: PersonId, at_ms: u64) -> bool {
        let Some(all) = self.allocations.get(&young_person) else {
            return true;
        };
        match all.iter().rev().find(|a| a.at_ms <= at_ms) {
            Some(a) => a.person == person,
            None => true,
        }
    }

    /// The devices that may read what `owner` owns (a case of theirs, or their own records):
    /// the owner's approved devices and the approved devices of their team's supervisors.
    pub fn readers(&self, owner: PersonId) -> Vec<&DeviceEntry> {
        let Some(team) = self.people.get(&owner).map(|p| p.team) else {
            return Vec::new();
        };
        self.devices
            .values()
            .filter(|d| d.countersigned && d.revoked.is_none())
            .filter(|d| {
                d.person == owner
                    || self
                        .people
                        .get(&d.person)
                        .is_some_and(|p| p.role == Role::Supervisor && p.team == team)
            })
            .collect()
    }

    /// The device that opens `person`'s own scope (makes its first key): their approved device
    /// approved first, ties broken by id. Every device of theirs works it out from the same
    /// verified directory, so two of them never make two first keys that readers could not tell
    /// apart; if that device is revoked before it opens the scope, the next one does.
    pub fn own_scope_opener(&self, person: PersonId) -> Option<DeviceId> {
        self.devices
            .values()
            .filter(|d| d.person == person && d.countersigned && d.revoked.is_none())
            .min_by_key(|d| (d.since_ms, d.device))
            .map(|d| d.device)
    }

    /// The newest record of every chain.
    pub fn heads(&self) -> Vec<Head> {
        self.chains
            .iter()
            .filter_map(|(signer, hashes)| {
                Some(Head {
                    signer: *signer,
                    seq: hashes.len() as u64,
                    hash: hashes.last()?.clone(),
                })
            })
            .collect()
    }

    /// Compares another device's heads with this directory: a record it has that this device
    /// lacks, or a different record under the same number.
    pub fn compare(&self, seen: &[Head]) -> Vec<Problem> {
        let mut out = Vec::new();
        for head in seen {
            let mine = self.chains.get(&head.signer).map_or(&[][..], Vec::as_slice);
            match mine.get((head.seq as usize).wrapping_sub(1)) {
                Some(hash) if *hash == head.hash => {}
                Some(_) => out.push(Problem::Fork {
                    signer: head.signer,
                    seq: head.seq,
                }),
                None if head.seq > 0 => out.push(Problem::Behind {
                    signer: head.signer,
                    have: mine.len() as u64,
                    seen: head.seq,
                }),
                None => {}
            }
        }
        out
    }
}

/// Verifies `records` against the pinned organisation key `org_key` (hex) at `now_ms`.
pub fn verify(org_key: &str, records: &[SignedRecord], now_ms: u64) -> Directory {
    let (chains, problems) = chains(records);
    let mut checked = Signatures::default();
    let mut cutoffs: BTreeMap<DeviceId, u64> = BTreeMap::new();
    // A revocation cuts its signer's chain, which may drop a revocation that signer made: run
    // again until the cuts settle. Each round only adds or lowers cuts, so this ends.
    for _ in 0..=records.len() {
        let (mut directory, found) = derive(org_key, &chains, &cutoffs, now_ms, &mut checked);
        if found == cutoffs {
            directory.problems.extend(problems);
            return directory;
        }
        cutoffs = found;
    }
    Directory {
        problems,
        ..Directory::default()
    }
}

/// Signature checks already done, by record hash and kind, so repeated rounds cost nothing.
#[derive(Default)]
struct Signatures(HashSet<(String, bool)>);

impl Signatures {
    fn check(
        &mut self,
        hash: &str,
        countersign: bool,
        key: &str,
        message: &[u8],
        sig: &str,
    ) -> bool {
        if self.0.contains(&(hash.to_owned(), countersign)) {
            return true;
        }
        let ok = hex::decode(sig)
            .is_ok_and(|s| insideout_crypto::verify_signature(key, message, &s).is_ok());
        if ok {
            self.0.insert((hash.to_owned(), countersign));
        }
        ok
    }
}

/// A record of a chain, its hash, and every countersignature offered for it (a service may
/// add false ones; any one that verifies counts).
struct Link<'a> {
    record: &'a SignedRecord,
    hash: String,
    countersignatures: BTreeSet<&'a str>,
}

/// One signer's usable chain: records 1..=n, each following the one before.
type Chains<'a> = BTreeMap<Signer, Vec<Link<'a>>>;

/// Sorts records into chains and keeps each chain's sound prefix.
fn chains(records: &[SignedRecord]) -> (Chains<'_>, BTreeSet<Problem>) {
    let mut by_signer: BTreeMap<Signer, BTreeMap<u64, Vec<Link<'_>>>> = BTreeMap::new();
    for record in records {
        let hash = record.hash();
        let slot = by_signer
            .entry(record.record.signer)
            .or_default()
            .entry(record.record.seq)
            .or_default();
        let link = match slot.iter_mut().position(|l| l.hash == hash) {
            Some(i) => &mut slot[i],
            None => {
                slot.push(Link {
                    record,
                    hash,
                    countersignatures: BTreeSet::new(),
                });
                slot.last_mut().expect("just pushed")
            }
        };
        if let Some(c) = &record.countersignature {
            link.countersignatures.insert(c.as_str());
        }
    }
    let mut problems = BTreeSet::new();
    let mut out = Chains::new();
    for (signer, by_seq) in by_signer {
        let mut chain: Vec<Link<'_>> = Vec::new();
        for (expected, (seq, mut copies)) in (1u64..).zip(by_seq) {
            if seq != expected {
                problems.insert(Problem::Hole {
                    signer,
                    missing: expected,
                });
                break;
            }
            if copies.len() > 1 {
                problems.insert(Problem::Fork { signer, seq });
                break;
            }
            let link = copies.remove(0);
            let prev = chain.last().map_or(GENESIS_PREV, |l| l.hash.as_str());
            if link.record.record.prev != prev {
                problems.insert(Problem::BadLink { signer, seq });
                break;
            }
            chain.push(link);
        }
        out.insert(signer, chain);
    }
    (out, problems)
}

struct Derivation<'a> {
    org_key: &'a str,
    now_ms: u64,
    directory: Directory,
    cutoffs: BTreeMap<DeviceId, u64>,
}

/// Builds the directory from sound chains, given the revocation cuts found so far. Returns the
/// cuts this round found.
fn derive(
    org_key: &str,
    chains: &Chains<'_>,
    cutoffs: &BTreeMap<DeviceId, u64>,
    now_ms: u64,
    checked: &mut Signatures,
) -> (Directory, BTreeMap<DeviceId, u64>) {
    let mut d = Derivation {
        org_key,
        now_ms,
        directory: Directory::default(),
        cutoffs: BTreeMap::new(),
    };
    if let Some(chain) = chains.get(&Signer::Org) {
        d.run_chain(Signer::Org, chain, None, checked);
    }
    let mut waiting: Vec<DeviceId> = chains
        .keys()
        .filter_map(|s| match s {
            Signer::Device(id) => Some(*id),
            Signer::Org => None,
        })
        .collect();
    loop {
        let ready = waiting.iter().position(|id| d.delegation(*id).is_some());
        let Some(index) = ready else { break };
        let id = waiting.remove(index);
        let chain = &chains[&Signer::Device(id)];
        d.run_chain(
            Signer::Device(id),
            chain,
            cutoffs.get(&id).copied(),
            checked,
        );
    }
    for id in waiting {
        d.directory.problems.insert(Problem::NotASigner {
            signer: Signer::Device(id),
        });
        d.directory.chains.insert(
            Signer::Device(id),
            chains[&Signer::Device(id)]
                .iter()
                .map(|l| l.hash.clone())
                .collect(),
        );
    }
    (d.directory, d.cutoffs)
}

/// What a supervisor's device may sign for: its person's team, until the delegation ends.
struct Delegation {
    team: TeamId,
    expires_ms: u64,
    signing_key: String,
}

impl Derivation<'_> {
    /// The power a device signs with: an approved device of a person the organisation key
    /// made a supervisor. Its revocation is applied by the cut on its chain, not here.
    fn delegation(&self, device: DeviceId) -> Option<Delegation> {
        let entry = self.directory.devices.get(&device)?;
        let person = self.directory.people.get(&entry.person)?;
        (entry.countersigned && person.role == Role::Supervisor && person.signed_by == Signer::Org)
            .then(|| Delegation {
                team: person.team,
                expires_ms: person.expires_ms,
                signing_key: entry.signing_key.clone(),
            })
    }

    fn run_chain(
        &mut self,
        signer: Signer,
        chain: &[Link<'_>],
        cutoff: Option<u64>,
        checked: &mut Signatures,
    ) {
        for link in chain {
            if let Err(problem) = self.accept(signer, link, cutoff, checked) {
                self.directory.problems.insert(problem);
                break;
            }
        }
        // Heads compare what was received in order, counted or not, so a peer can tell
        // whether the service held anything back.
        self.directory
            .chains
            .insert(signer, chain.iter().map(|l| l.hash.clone()).collect());
    }

    fn accept(
        &mut self,
        signer: Signer,
        link: &Link<'_>,
        cutoff: Option<u64>,
        checked: &mut Signatures,
    ) -> Result<(), Problem> {
        let signed = link.record;
        let hash = link.hash.as_str();
        let record = &signed.record;
        let seq = record.seq;
        let refuse = |reason: &str| Problem::Refused {
            signer,
            seq,
            reason: reason.to_owned(),
        };
        if record.version != RECORD_VERSION {
            return Err(refuse("it is of a version this app does not read"));
        }
        if cutoff.is_some_and(|last| seq > last) {
            return Err(refuse("it was signed after its signer was revoked"));
        }
        if record.signed_ms > self.now_ms.saturating_add(MAX_SKEW_MS) {
            return Err(refuse("it is dated in the future"));
        }
        let (key, team) = match signer {
            Signer::Org => (self.org_key.to_owned(), None),
            Signer::Device(id) => {
                let delegation = self
                    .delegation(id)
                    .ok_or_else(|| refuse("its signer is not an approved supervisor's device"))?;
                if delegation.expires_ms != 0 && record.signed_ms > delegation.expires_ms {
                    return Err(refuse(
                        "it was signed after the supervisor's delegation expired",
                    ));
                }
                (delegation.signing_key, Some(delegation.team))
            }
        };
        if !checked.check(
            hash,
            false,
            &key,
            &record.signing_bytes(),
            &signed.signature,
        ) {
            return Err(Problem::BadSignature { signer, seq });
        }
        let first = signer == Signer::Org && seq == 1;
        match &record.body {
            Body::Organisation { recovery_recipient } => {
                if !first {
                    return Err(refuse(
                        "only the organisation key's first record may name the organisation",
                    ));
                }
                self.directory.recovery_recipient = Some(recovery_recipient.clone());
            }
            _ if first => {
                return Err(refuse(
                    "the organisation key's first record must name the organisation",
                ));
            }
            Body::Person {
                person,
                team: person_team,
                role,
                expires_ms,
            } => {
                if let Some(team) = team {
                    if *role != Role::Coach {
                        return Err(refuse("only the organisation key may make a supervisor"));
                    }
                    if *person_team != team {
                        return Err(refuse("a supervisor may sign only for their own team"));
                    }
                    if self
                        .directory
                        .people
                        .get(person)
                        .is_some_and(|p| p.signed_by == Signer::Org)
                    {
                        return Err(refuse(
                            "only the organisation key may change a person it signed",
                        ));
                    }
                }
                self.directory.people.insert(
                    *person,
                    PersonEntry {
                        team: *person_team,
                        role: *role,
                        expires_ms: *expires_ms,
                        signed_by: signer,
                        since_ms: record.signed_ms,
                    },
                );
            }
            Body::Device {
                device,
                person,
                age_recipient,
                signing_key,
            } => {
                let owner = self
                    .directory
                    .people
                    .get(person)
                    .ok_or_else(|| refuse("it names a person the directory does not know"))?;
                if team.is_some_and(|t| t != owner.team) {
                    return Err(refuse(
                        "a supervisor may approve only their own team's devices",
                    ));
                }
                if insideout_crypto::check_recipient(age_recipient).is_err()
                    || insideout_crypto::check_signing_key(signing_key).is_err()
                {
                    return Err(refuse("it names keys that are not valid"));
                }
                let message = signed.countersigning_bytes();
                let countersigned = link
                    .countersignatures
                    .iter()
                    .any(|sig| checked.check(hash, true, signing_key, &message, sig));
                match self.directory.devices.get_mut(device) {
                    Some(known)
                        if known.person != *person
                            || known.age_recipient != *age_recipient
                            || known.signing_key != *signing_key =>
                    {
                        return Err(refuse("it changes the keys or person of a known device"));
                    }
                    Some(known) if known.revoked.is_some() => {
                        return Err(refuse("a revoked device cannot come back"));
                    }
                    // The same device approved again: it counts once countersigned by either.
                    Some(known) => {
                        if countersigned && !known.countersigned {
                            known.countersigned = true;
                            known.record_hash = hash.to_owned();
                        }
                    }
                    None => {
                        self.directory.devices.insert(
                            *device,
                            DeviceEntry {
                                device: *device,
                                person: *person,
                                age_recipient: age_recipient.clone(),
                                signing_key: signing_key.clone(),
                                approved_by: signer,
                                since_ms: record.signed_ms,
                                countersigned,
                                revoked: None,
                                record_hash: hash.to_owned(),
                            },
                        );
                    }
                }
            }
            Body::Revoke { device, last_seq } => {
                let target = self
                    .directory
                    .devices
                    .get(device)
                    .ok_or_else(|| refuse("it revokes a device the directory does not know"))?;
                if let Some(team) = team
                    && self.directory.people.get(&target.person).map(|p| p.team) != Some(team)
                {
                    return Err(refuse(
                        "a supervisor may revoke only their own team's devices",
                    ));
                }
                let entry = self
                    .directory
                    .devices
                    .get_mut(device)
                    .expect("checked above");
                let earlier = entry
                    .revoked
                    .as_ref()
                    .is_some_and(|r| r.last_seq <= *last_seq);
                if !earlier {
                    entry.revoked = Some(Revocation {
                        by: signer,
                        at_ms: record.signed_ms,
                        last_seq: *last_seq,
                    });
                }
                let cut = self.cutoffs.entry(*device).or_insert(*last_seq);
                *cut = (*cut).min(*last_seq);
            }
            Body::Allocate {
                young_person,
                person,
            } => {
                let coach = self.directory.people.get(person).ok_or_else(|| {
                    refuse("it allocates a case to a person the directory does not know")
                })?;
                if coach.role != Role::Coach {
                    return Err(refuse("a case is allocated only to a coach"));
                }
                if team.is_some_and(|t| t != coach.team) {
                    return Err(refuse(
                        "a supervisor may allocate cases only to their own team's coaches",
                    ));
                }
                let all = self.directory.allocations.entry(*young_person).or_default();
                let allocation = Allocation {
                    person: *person,
                    by: signer,
                    at_ms: record.signed_ms,
                    hash: hash.to_owned(),
                };
                let at = all
                    .iter()
                    .position(|a| (a.at_ms, &a.hash) > (allocation.at_ms, &allocation.hash))
                    .unwrap_or(all.len());
                all.insert(at, allocation);
            }
        }
        Ok(())
    }
}

/// Makes the next record of a signer's chain, for the signer to sign.
pub fn next_record(signer: Signer, head: Option<&Head>, signed_ms: u64, body: Body) -> Record {
    Record {
        version: RECORD_VERSION,
        signer,
        seq: head.map_or(1, |h| h.seq + 1),
        prev: head.map_or_else(|| GENESIS_PREV.to_owned(), |h| h.hash.clone()),
        signed_ms,
        body,
    }
}
