//! Checking a pulled batch before anything in it is stored: the service is trusted with
//! ordering, never with content.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::{ScopeKey, verify_signature};
use insideout_domain::ids::{PersonId, YoungPersonId};
use insideout_domain::op::{Op, OpBody, OpScope, RecordRef};
use insideout_protocol::api::{PulledBatch, Role};
use insideout_protocol::directory::{Directory, Head};
use insideout_protocol::{PROTOCOL_VERSION, Scope};
use insideout_store::sync::{BatchContent, Received};
use std::collections::HashMap;

/// Checks each batch of a page. A batch whose key this device does not hold yet stops its
/// scope there (it and the scope's later batches are left for the next pull); every other
/// problem quarantines the batch with its reason.
///
/// `case_of` finds the young person a record belongs to from what this device already stores
/// (records created earlier in the page are found here): each op's scope is recomputed from its
/// body and must be the batch's.
///
/// `now_ms` is this device's time: a batch stamped more than [`MAX_AHEAD_OF_READER_MS`] after
/// it is quarantined, so a writer cannot win every merge for years by dating its ops ahead.
pub fn check_page(
    batches: &[PulledBatch],
    directory: &Directory,
    keys: &[(Scope, ScopeKey)],
    case_of: &dyn Fn(RecordRef) -> Option<YoungPersonId>,
    now_ms: u64,
) -> Vec<Received> {
    let mut created: HashMap<RecordRef, YoungPersonId> = HashMap::new();
    let mut stalled: Vec<Scope> = Vec::new();
    let mut out = Vec::with_capacity(batches.len());
    for batch in batches {
        if stalled.contains(&batch.scope) {
            continue;
        }
        let key = keys
            .iter()
            .find(|(s, k)| *s == batch.scope && k.epoch == batch.header.key_epoch)
            .map(|(_, k)| k);
        let Some(key) = key else {
            stalled.push(batch.scope);
            continue;
        };
        let cases = Cases {
            stored: case_of,
            page: &created,
        };
        let (outcome, heads) = match check(batch, directory, key, &cases, now_ms) {
            Ok((ops, heads)) => (Ok(ops), heads),
            Err(refused) => (Err(refused), Vec::new()),
        };
        // Records created by a batch that passed can be named by the page's later batches.
        if let Ok(ops) = &outcome {
            created.extend(ops.iter().filter_map(|op| op.body.creates()));
        }
        out.push(Received {
            scope: batch.scope,
            server_seq: batch.server_seq,
            author: batch.header.device,
            outcome,
            heads,
        });
    }
    out
}

/// A batch that passed: its ops, and the directory heads its author held.
type Checked = Result<(Vec<Op>, Vec<Head>), (String, Option<String>)>;

/// The most text a quarantined batch keeps: enough to read what went wrong, never enough for a
/// hostile writer to fill the device.
pub const MAX_QUARANTINE_TEXT: usize = 64 * 1024;

/// The content as text for the quarantine, cut at [`MAX_QUARANTINE_TEXT`] with a note saying so.
fn bounded_text(plain: &[u8]) -> String {
    if plain.len() <= MAX_QUARANTINE_TEXT {
        return String::from_utf8_lossy(plain).into_owned();
    }
    let mut text = String::from_utf8_lossy(&plain[..MAX_QUARANTINE_TEXT]).into_owned();
    text.push_str(&format!(
        "\n[cut here: the batch holds {} bytes; only the first {} are kept]",
        plain.len(),
        MAX_QUARANTINE_TEXT
    ));
    text
}

/// Where the young person of a named record is found: earlier in this page, or in the store.
struct Cases<'a> {
    stored: &'a dyn Fn(RecordRef) -> Option<YoungPersonId>,
    page: &'a HashMap<RecordRef, YoungPersonId>,
}

impl Cases<'_> {
    fn find(
        &self,
        record: RecordRef,
        batch: &HashMap<RecordRef, YoungPersonId>,
    ) -> Option<YoungPersonId> {
        batch
            .get(&record)
            .or_else(|| self.page.get(&record))
            .copied()
            .or_else(|| (self.stored)(record))
    }
}

/// How far ahead of this device's clock a batch's newest stamp may be. The service already
/// refuses a batch more than five minutes ahead of its own clock; the rest allows for this
/// device's clock being wrong.
pub const MAX_AHEAD_OF_READER_MS: u64 = 60 * 60 * 1000;

fn check(
    batch: &PulledBatch,
    directory: &Directory,
    key: &ScopeKey,
    cases: &Cases<'_>,
    now_ms: u64,
) -> Checked {
    let refuse = |reason: &str| Err((reason.to_owned(), None));
    let header = &batch.header;
    if header.check().is_err() {
        return refuse("the batch header is inconsistent or of an unknown version");
    }
    if header.hlc_last.wall_ms > now_ms.saturating_add(MAX_AHEAD_OF_READER_MS) {
        return refuse(
            "the batch is dated more than an hour after this device's clock; its changes would \
             override everything written until then",
        );
    }
    if header.scope != batch.scope {
        return refuse("the batch names a different scope from the one it was filed under");
    }
    // The author must hold a record in the organisation's directory, countersigned, and not
    // revoked before the newest change it signed: a pending device writes nothing that counts.
    let Some(author) = directory.may_author(header.device, header.hlc_last.wall_ms) else {
        return refuse(
            "the author device has no valid signed record in the organisation's directory",
        );
    };
    let Some(role) = directory.role_of(header.device) else {
        return refuse("the author device's person is not in the organisation's directory");
    };
    // A coach writes in a case only while it is theirs: after it moved to another coach, the
    // former coach's devices write nothing that counts there.
    if let Scope::Case(young_person) = header.scope
        && role == Role::Coach
        && !directory.held_case_at(young_person, author.person, header.hlc_last.wall_ms)
    {
        return refuse(
            "the author's coach did not hold this case when it was written: it had moved to another coach",
        );
    }
    // Another person's own records are written only by a supervisor of their team (formal
    // supervision of a coach); nobody else writes there, whatever the service allowed.
    if let Scope::Own(owner) = header.scope
        && owner != author.person
    {
        let team_of = |p: &PersonId| directory.people.get(p).map(|e| e.team);
        if role != Role::Supervisor
            || team_of(&owner).is_none()
            || team_of(&owner) != team_of(&author.person)
        {
            return refuse(
                "a device wrote in another person's own records, and only a supervisor of their team may",
            );
        }
    }
    let signature = hex::decode(&batch.signature).unwrap_or_default();
    if verify_signature(&author.signing_key, &header.signing_bytes(), &signature).is_err() {
        return refuse("the signature does not match the author device's key");
    }
    let Ok(ciphertext) = B64.decode(&batch.ciphertext) else {
        return refuse("the content is not base64");
    };
    if header.check_ciphertext(&ciphertext).is_err() {
        return refuse("the content does not match the signed hash");
    }
    let Ok(plain) = key.open(&ciphertext) else {
        return refuse("the content cannot be opened with the scope's key");
    };
    let text = bounded_text(&plain);
    let Ok(content) = serde_json::from_slice::<BatchContent>(&plain) else {
        return Err(("the content is not a batch".into(), Some(text)));
    };
    if content.version != PROTOCOL_VERSION {
        return Err((
            format!(
                "written by protocol version {}; kept until this app is updated",
                content.version
            ),
            Some(text),
        ));
    }
    let mut ops = Vec::with_capacity(content.ops.len());
    let mut created_here: HashMap<RecordRef, YoungPersonId> = HashMap::new();
    for value in content.ops {
        let Ok(op) = serde_json::from_value::<Op>(value) else {
            return Err((
                "holds a kind of change this version does not know; kept until this app is updated"
                    .into(),
                Some(text),
            ));
        };
        if op.hlc.device != header.device {
            return Err((
                "an op inside claims a different author device".into(),
                Some(text),
            ));
        }
        // The signed range covers every op: a stamp outside it was not what the author signed
        // for, and one far in the future would drag readers' clocks along.
        if op.hlc < header.hlc_first || op.hlc > header.hlc_last {
            return Err((
                format!(
                    "an op's time ({}) lies outside the batch's signed range",
                    op.body.kind()
                ),
                Some(text),
            ));
        }
        let scope = match op.body.place().scope {
            OpScope::Own => Some(Scope::Own(author.person)),
            OpScope::OwnOf(person) => Some(Scope::Own(person)),
            OpScope::Case(young_person) => Some(Scope::Case(young_person)),
            OpScope::CaseOf(record) => cases.find(record, &created_here).map(Scope::Case),
        };
        match scope {
            Some(scope) if scope == header.scope => {}
            Some(scope) => {
                return Err((
                    format!(
                        "an op ({}) belongs to {scope}, not to the batch's scope {}",
                        op.body.kind(),
                        header.scope
                    ),
                    Some(text),
                ));
            }
            None => {
                return Err((
                    format!(
                        "an op ({}) names a record this device has not received, so its scope cannot be checked",
                        op.body.kind()
                    ),
                    Some(text),
                ));
            }
        }
        if let Some((record, young_person)) = op.body.creates() {
            created_here.insert(record, young_person);
        }
        if role == Role::Supervisor && !op.body.allowed_for_supervisor() {
            return Err((
                format!(
                    "a supervisor's device wrote a change only a coach may make ({})",
                    op.body.kind()
                ),
                Some(text),
            ));
        }
        if let OpBody::DeviceNamed { device, .. } = &op.body
            && *device != header.device
        {
            return Err((
                "a device gave a name to another device; a device names only itself".into(),
                Some(text),
            ));
        }
        if role != Role::Supervisor && op.body.supervisor_only() {
            let what = match &op.body {
                OpBody::ConcernUpdated { .. } => {
                    "acknowledged, decided on or closed a safeguarding concern"
                }
                OpBody::CaseDiscussed { .. } => "recorded a case discussion",
                OpBody::SupervisionRecorded { .. } => "recorded a coach's supervision",
                OpBody::ReferralAllocated { .. } => "allocated a referral",
                _ => "signed off a plan",
            };
            return Err((
                format!(
                    "a device that is not a supervisor's {what} ({})",
                    op.body.kind()
                ),
                Some(text),
            ));
        }
        ops.push(op);
    }
    if ops.len() != header.op_count as usize {
        return Err((
            "the number of changes differs from the signed count".into(),
            Some(text),
        ));
    }
    Ok((ops, content.heads))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Outcome = Result<Vec<Op>, (String, Option<String>)>;
    use insideout_crypto::DeviceKeys;
    use insideout_domain::hlc::Hlc;
    use insideout_domain::ids::{DeviceId, PersonId, RevisionId, SessionId};
    use insideout_domain::intervention::Phase;
    use insideout_protocol::{BatchHeader, Priority, sha256_hex};

    const NOW: u64 = 1_800_000_000_000;

    fn id<T: std::str::FromStr>(n: u8) -> T
    where
        T::Err: std::fmt::Debug,
    {
        format!("0190c3a0-0000-7000-8000-0000000000{n:02x}")
            .parse()
            .unwrap()
    }

    struct Writer {
        keys: DeviceKeys,
        device: DeviceId,
        person: PersonId,
        scope_key: ScopeKey,
    }

    impl Writer {
        fn new() -> Self {
            Self {
                keys: DeviceKeys::generate().unwrap(),
                device: id(1),
                person: id(2),
                scope_key: ScopeKey::generate(1),
            }
        }

        /// A directory in which the organisation approved this writer's device.
        fn directory(&self) -> Directory {
            use insideout_protocol::directory::{Body, SignedRecord, Signer, next_record, verify};
            let org = insideout_crypto::OrgKey::generate().unwrap();
            let mut records = Vec::new();
            let mut head = None;
            for body in [
                Body::Organisation {
                    recovery_recipient: self.keys.age_recipient(),
                },
                Body::Person {
                    person: self.person,
                    team: insideout_protocol::api::TeamId::nil(),
                    role: Role::Coach,
                    expires_ms: 0,
                },
                Body::Device {
                    device: self.device,
                    person: self.person,
                    age_recipient: self.keys.age_recipient(),
                    signing_key: self.keys.signing_public_hex(),
                },
            ] {
                let mut record =
                    SignedRecord::by_org(&org, next_record(Signer::Org, head.as_ref(), 1, body));
                head = Some(insideout_protocol::directory::Head {
                    signer: Signer::Org,
                    seq: record.record.seq,
                    hash: record.hash(),
                });
                if matches!(record.record.body, Body::Device { .. }) {
                    record.countersign(&self.keys);
                }
                records.push(record);
            }
            verify(&org.public_hex(), &records, 1_000)
        }

        fn op(&self, n: u32, wall_ms: u64, body: OpBody) -> Op {
            Op {
                id: id(100 + n as u8),
                hlc: Hlc {
                    wall_ms,
                    counter: 0,
                    device: self.device,
                },
                device_seq: u64::from(n),
                body,
            }
        }

        /// A batch the writer signs honestly; `range` overrides the signed clock range.
        fn batch(&self, scope: Scope, ops: &[Op], range: Option<(Hlc, Hlc)>) -> PulledBatch {
            let content = BatchContent {
                version: PROTOCOL_VERSION,
                ops: ops
                    .iter()
                    .map(|o| serde_json::to_value(o).unwrap())
                    .collect(),
                heads: Vec::new(),
            };
            let ciphertext = self
                .scope_key
                .seal(&serde_json::to_vec(&content).unwrap())
                .unwrap();
            let (hlc_first, hlc_last) =
                range.unwrap_or((ops.first().unwrap().hlc, ops.last().unwrap().hlc));
            let header = BatchHeader {
                version: PROTOCOL_VERSION,
                scope,
                device: self.device,
                device_seq: 1,
                hlc_first,
                hlc_last,
                op_count: ops.len() as u32,
                key_epoch: 1,
                priority: Priority::Routine,
                ciphertext_sha256: sha256_hex(&ciphertext),
            };
            PulledBatch {
                scope,
                server_seq: 1,
                signature: hex::encode(self.keys.sign(&header.signing_bytes())),
                header,
                ciphertext: B64.encode(&ciphertext),
            }
        }

        /// The outcome of checking `batch` alone, with `stored` as what the reader holds.
        fn check(
            &self,
            batch: PulledBatch,
            stored: &dyn Fn(RecordRef) -> Option<YoungPersonId>,
        ) -> Outcome {
            let copy = ScopeKey::from_secret_string(1, &self.scope_key.to_secret_string()).unwrap();
            let keys = vec![(batch.scope, copy)];
            let mut page = check_page(&[batch], &self.directory(), &keys, stored, NOW);
            assert_eq!(page.len(), 1);
            page.remove(0).outcome
        }
    }

    fn phase_set(young_person: YoungPersonId) -> OpBody {
        OpBody::PhaseSet {
            id: young_person,
            phase: Phase::Intensive,
            from: None,
        }
    }

    fn nothing_stored(_: RecordRef) -> Option<YoungPersonId> {
        None
    }

    fn refused(outcome: Outcome) -> String {
        outcome.expect_err("the batch was accepted").0
    }

    #[test]
    fn a_writer_without_a_countersigned_record_is_quarantined() {
        let w = Writer::new();
        let jay: YoungPersonId = id(10);
        let batch = w.batch(Scope::Case(jay), &[w.op(1, NOW, phase_set(jay))], None);
        // A directory that knows nothing of the writer (the service approved it, nobody signed).
        let org = insideout_crypto::OrgKey::generate().unwrap();
        let empty = insideout_protocol::directory::verify(&org.public_hex(), &[], 1_000);
        let copy = ScopeKey::from_secret_string(1, &w.scope_key.to_secret_string()).unwrap();
        let page = check_page(
            &[batch],
            &empty,
            &[(Scope::Case(jay), copy)],
            &nothing_stored,
            NOW,
        );
        let reason = refused(page.into_iter().next().unwrap().outcome);
        assert!(reason.contains("no valid signed record"), "{reason}");
    }

    #[test]
    fn an_op_in_its_own_case_passes() {
        let w = Writer::new();
        let jay: YoungPersonId = id(10);
        let op = w.op(1, NOW, phase_set(jay));
        let ops = w
            .check(w.batch(Scope::Case(jay), &[op], None), &nothing_stored)
            .unwrap();
        assert_eq!(ops.len(), 1);
    }

    #[test]
    fn an_op_naming_another_case_is_quarantined() {
        let w = Writer::new();
        let (jay, kai): (YoungPersonId, YoungPersonId) = (id(10), id(11));
        let op = w.op(1, NOW, phase_set(kai));
        let reason = refused(w.check(
            w.batch(Scope::Case(jay), std::slice::from_ref(&op), None),
            &nothing_stored,
        ));
        assert!(
            reason.contains(&format!("belongs to case:{kai}")),
            "{reason}"
        );
        // Nor may it hide in the author's own scope.
        let reason = refused(w.check(w.batch(Scope::Own(w.person), &[op], None), &nothing_stored));
        assert!(reason.contains("not to the batch's scope"), "{reason}");
    }

    #[test]
    fn an_op_naming_a_session_of_another_case_is_quarantined() {
        let w = Writer::new();
        let (jay, kai): (YoungPersonId, YoungPersonId) = (id(10), id(11));
        let session: SessionId = id(20);
        let finalise = OpBody::NoteFinalised {
            session,
            revision: id::<RevisionId>(21),
        };
        let op = w.op(1, NOW, finalise);
        let kais = |r: RecordRef| (r == RecordRef::Session(session)).then_some(kai);
        let reason = refused(w.check(
            w.batch(Scope::Case(jay), std::slice::from_ref(&op), None),
            &kais,
        ));
        assert!(reason.contains("belongs to"), "{reason}");
        // Filed under Kai's case, it passes.
        assert!(
            w.check(
                w.batch(Scope::Case(kai), std::slice::from_ref(&op), None),
                &kais
            )
            .is_ok()
        );
        // A session this reader has never seen cannot be placed: quarantined, not guessed.
        let reason = refused(w.check(w.batch(Scope::Case(kai), &[op], None), &nothing_stored));
        assert!(reason.contains("has not received"), "{reason}");
    }

    #[test]
    fn an_op_dated_outside_the_signed_range_is_quarantined() {
        let w = Writer::new();
        let jay: YoungPersonId = id(10);
        let ten_years = 10 * 365 * 24 * 3_600_000;
        let first = w.op(1, NOW, phase_set(jay));
        let late = w.op(2, NOW + ten_years, phase_set(jay));
        // The header claims only the first op's time; the second lies ten years past it.
        let range = Some((first.hlc, first.hlc));
        let reason = refused(w.check(
            w.batch(Scope::Case(jay), &[first.clone(), late.clone()], range),
            &nothing_stored,
        ));
        assert!(
            reason.contains("outside the batch's signed range"),
            "{reason}"
        );
        // Before the range too.
        let early = w.op(3, NOW - 3_600_000, phase_set(jay));
        let range = Some((first.hlc, first.hlc));
        let reason = refused(w.check(
            w.batch(Scope::Case(jay), &[early, first], range),
            &nothing_stored,
        ));
        assert!(
            reason.contains("outside the batch's signed range"),
            "{reason}"
        );
    }

    #[test]
    fn a_device_names_only_itself() {
        let w = Writer::new();
        let jay: YoungPersonId = id(10);
        let named = |device: DeviceId| OpBody::DeviceNamed {
            device,
            case: Some(jay),
            person_name: insideout_domain::text::Line::parse(
                insideout_domain::Field::Name,
                "name",
                "Sam",
            )
            .unwrap(),
            device_name: insideout_domain::text::Line::parse(
                insideout_domain::Field::Name,
                "name",
                "Sam's phone",
            )
            .unwrap(),
        };
        let own = Scope::Case(jay);
        let ops = w
            .check(
                w.batch(own, &[w.op(1, NOW, named(w.device))], None),
                &nothing_stored,
            )
            .unwrap();
        assert_eq!(ops.len(), 1);
        let other: DeviceId = id(9);
        let reason = refused(w.check(
            w.batch(own, &[w.op(1, NOW, named(other))], None),
            &nothing_stored,
        ));
        assert!(reason.contains("names only itself"), "{reason}");
    }

    #[test]
    fn a_batch_honestly_signed_ten_years_ahead_is_quarantined() {
        let w = Writer::new();
        let jay: YoungPersonId = id(10);
        let ten_years = 10 * 365 * 24 * 3_600_000;
        let late = w.op(1, NOW + ten_years, phase_set(jay));
        let reason = refused(w.check(w.batch(Scope::Case(jay), &[late], None), &nothing_stored));
        assert!(reason.contains("more than an hour after"), "{reason}");
        // Within the allowance for a wrong clock, it passes.
        let near = w.op(2, NOW + MAX_AHEAD_OF_READER_MS, phase_set(jay));
        let ops = w
            .check(w.batch(Scope::Case(jay), &[near], None), &nothing_stored)
            .unwrap();
        assert_eq!(ops.len(), 1);
    }
}

#[cfg(test)]
mod bounded_tests {
    use super::*;

    #[test]
    fn quarantined_text_is_cut_and_says_so() {
        let small = bounded_text(b"not a batch");
        assert_eq!(small, "not a batch");
        let huge = vec![b'x'; 10 * MAX_QUARANTINE_TEXT];
        let kept = bounded_text(&huge);
        assert!(kept.len() < MAX_QUARANTINE_TEXT + 200, "{}", kept.len());
        assert!(
            kept.contains(&format!("holds {} bytes", huge.len())),
            "{}",
            &kept[MAX_QUARANTINE_TEXT..]
        );
    }
}
