//! Checking a pulled batch before anything in it is stored: the service is trusted with
//! ordering, never with content.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::{ScopeKey, verify_signature};
use insideout_domain::op::Op;
use insideout_protocol::api::{PulledBatch, Role, RosterEntry};
use insideout_protocol::{PROTOCOL_VERSION, Scope};
use insideout_store::sync::{BatchContent, Received};

/// Checks each batch of a page. A batch whose key this device does not hold yet stops its
/// scope there (it and the scope's later batches are left for the next pull); every other
/// problem quarantines the batch with its reason.
pub fn check_page(
    batches: &[PulledBatch],
    roster: &[RosterEntry],
    keys: &[(Scope, ScopeKey)],
) -> Vec<Received> {
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
        out.push(Received {
            scope: batch.scope,
            server_seq: batch.server_seq,
            author: batch.header.device,
            outcome: check(batch, roster, key),
        });
    }
    out
}

type Outcome = Result<Vec<Op>, (String, Option<String>)>;

fn check(batch: &PulledBatch, roster: &[RosterEntry], key: &ScopeKey) -> Outcome {
    let refuse = |reason: &str| Err((reason.to_owned(), None));
    let header = &batch.header;
    if header.check().is_err() {
        return refuse("the batch header is inconsistent or of an unknown version");
    }
    if header.scope != batch.scope {
        return refuse("the batch names a different scope from the one it was filed under");
    }
    let Some(author) = roster.iter().find(|d| d.device == header.device) else {
        return refuse("the author device is not on the team's roster");
    };
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
    let text = String::from_utf8_lossy(&plain).into_owned();
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
        if author.role == Role::Supervisor && !op.body.allowed_for_supervisor() {
            return Err((
                format!(
                    "a supervisor's device wrote a change only a coach may make ({})",
                    op.body.kind()
                ),
                Some(text),
            ));
        }
        if author.role != Role::Supervisor && op.body.supervisor_only() {
            return Err((
                format!(
                    "a device that is not a supervisor's signed off a plan ({})",
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
    Ok(ops)
}
