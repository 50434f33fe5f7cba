//! Export with the organisation's recovery identity, over batches pushed through the API.

use crate::support::*;
use insideout_crypto::{RecoveryIdentity, ScopeKey};
use insideout_protocol::api::Role;
use insideout_server::admin::{self, AdminError};
use serde_json::json;

#[tokio::test]
async fn export_opens_a_scope_with_the_recovery_identity_in_order() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    h.push_ok(&coach, &coach.batch(&key, case, 1, "first"), 1)
        .await;
    let recipients = [coach.keys.age_recipient(), h.fx.recovery.recipient()];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    h.put_envelopes(
        &coach,
        vec![
            envelope(case, &key, Some(coach.id), &recipients),
            envelope(case, &key, None, &recipients),
        ],
    )
    .await
    .ok::<serde_json::Value>();
    h.push_ok(&coach, &coach.batch(&key, case, 2, "second"), 2)
        .await;
    // Another scope's batch is not part of the export.
    h.push_ok(&coach, &coach.batch(&key, new_case(), 3, "elsewhere"), 1)
        .await;

    let exported = admin::export(h.db(), &case.to_string(), &h.fx.recovery)
        .await
        .unwrap();
    let rows: Vec<_> = exported
        .iter()
        .map(|b| {
            (
                b.server_seq,
                b.device,
                b.device_seq,
                b.key_epoch,
                b.content.clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, coach.id, 1, 1, json!({ "note": "first" })),
            (2, coach.id, 2, 1, json!({ "note": "second" })),
        ]
    );

    // Someone else's identity opens nothing.
    let stranger = RecoveryIdentity::generate();
    let err = admin::export(h.db(), &case.to_string(), &stranger)
        .await
        .unwrap_err();
    assert!(matches!(err, AdminError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("cannot open"), "{err}");
    assert!(
        admin::export(h.db(), "case:nope", &h.fx.recovery)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn export_follows_a_key_rotation_and_needs_every_epochs_recovery_envelope() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let case = new_case();
    let key1 = ScopeKey::generate(1);
    h.push_ok(&coach, &coach.batch(&key1, case, 1, "epoch one"), 1)
        .await;
    let recovery = h.fx.recovery.recipient();
    let coach_age = coach.keys.age_recipient();
    let both = [coach_age.as_str(), recovery.as_str()];
    h.put_envelopes(&coach, vec![envelope(case, &key1, None, &both)])
        .await
        .ok::<serde_json::Value>();

    // The supervisor rotates, but files the new key for the coach only.
    let key2 = ScopeKey::generate(2);
    h.rotate(
        &sup,
        vec![envelope(case, &key2, Some(coach.id), &[coach_age.as_str()])],
    )
    .await
    .ok::<serde_json::Value>();
    h.push_ok(&coach, &coach.batch(&key2, case, 2, "epoch two"), 2)
        .await;
    let err = admin::export(h.db(), &case.to_string(), &h.fx.recovery)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no recovery envelope for key epoch 2"),
        "{err}"
    );

    // With the recovery envelope of the new epoch, the whole history opens.
    h.put_envelopes(&sup, vec![envelope(case, &key2, None, &both)])
        .await
        .ok::<serde_json::Value>();
    let exported = admin::export(h.db(), &case.to_string(), &h.fx.recovery)
        .await
        .unwrap();
    let rows: Vec<_> = exported
        .iter()
        .map(|b| (b.server_seq, b.key_epoch, b.content.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, 1, json!({ "note": "epoch one" })),
            (2, 2, json!({ "note": "epoch two" })),
        ]
    );
}

#[cfg(unix)]
#[test]
fn the_recovery_identity_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recovery.txt");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_insideout-server"))
        .args(["--database", &dir.path().join("s.db").display().to_string()])
        .args(["recovery-identity", "--out", &out.display().to_string()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("age1"));
}
