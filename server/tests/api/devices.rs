use crate::support::*;
use insideout_crypto::ScopeKey;
use insideout_protocol::api::*;
use insideout_protocol::directory::{Body, SignedRecord, Signer, next_record};
use insideout_server::admin;
use insideout_server::api::Config;
use insideout_server::db::{Database, Recipient};
use std::time::Duration;

#[tokio::test]
async fn a_signed_revocation_is_refused_everywhere_and_cannot_be_undone() {
    let h = Harness::start().await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    h.push_ok(&coach, &coach.batch(&key, case, 1, "before"), 1)
        .await;

    // The supervisor's device signs the revocation; the service takes the standing from it.
    h.sign_as(
        &sup,
        Body::Revoke {
            device: coach.id,
            last_seq: 0,
        },
    )
    .await
    .ok::<serde_json::Value>();
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Revoked);

    let message = h
        .push(&coach, &coach.batch(&key, case, 2, "after"))
        .await
        .refused(403, "device_revoked");
    assert!(message.contains("signed revocation"), "{message}");
    // It may still read the directory, to verify its revocation, and nothing else.
    let pull: PullResponse = h.pull(&coach, &[], 100).await.ok();
    assert_eq!(pull.status, DeviceStatus::Revoked);
    assert!(pull.batches.is_empty() && pull.envelopes.is_empty());
    assert!(pull.directory.iter().any(|e| matches!(
        e.record.record.body,
        Body::Revoke { device, .. } if device == coach.id
    )));
    let recipients = [coach.keys.age_recipient()];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    h.put_envelopes(
        &coach,
        vec![envelope(case, &key, Some(coach.id), &recipients)],
    )
    .await
    .refused(403, "device_revoked");
    assert_eq!(h.stored(case).await.len(), 1, "nothing stored after");

    // No way back: a new approval of the same device is refused, and the service keeps it out.
    let message = h
        .sign_as(&sup, Harness::device_body(&coach))
        .await
        .refused(409, "directory_refused");
    assert!(message.contains("cannot come back"), "{message}");
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Revoked);
    // Nor does the service's own table bring it back: the next directory change resets it.
    h.db()
        .set_device_status(coach.id, DeviceStatus::Approved)
        .await
        .unwrap();
    let later = h.pending(Role::Coach, "coach-2").await;
    h.approve(&later).await;
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Revoked);

    // The rest of the team sees it revoked; the supervisor still reads the case; it is no
    // longer a recipient for a key.
    let team: Vec<RosterEntry> = h.get("/v1/devices", Some(&sup.token)).await.ok();
    let entry = team.iter().find(|d| d.device == coach.id).unwrap();
    assert_eq!(entry.status, DeviceStatus::Revoked);
    let pull: PullResponse = h.pull(&sup, &[], 100).await.ok();
    assert_eq!(pull.batches.len(), 1);
    h.put_envelopes(
        &sup,
        vec![envelope(case, &key, Some(coach.id), &recipients)],
    )
    .await
    .refused(403, "wrong_recipient");
}

#[tokio::test]
async fn only_records_an_approved_supervisor_or_the_organisation_signed_count() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let newcomer = h.pending(Role::Coach, "coach-2").await;
    let pending_sup = h.pending(Role::Supervisor, "sup-1").await;

    // A coach's device, and a supervisor's device nobody approved, sign approvals: refused.
    for actor in [&coach, &pending_sup] {
        let message = h
            .sign_as(actor, Harness::device_body(&newcomer))
            .await
            .refused(409, "directory_refused");
        assert!(message.contains("not an approved supervisor"), "{message}");
    }
    // Not even for its own device.
    h.sign_as(&pending_sup, Harness::device_body(&pending_sup))
        .await
        .refused(409, "directory_refused");
    // A record claiming the organisation key, signed by another key.
    let impostor = insideout_crypto::OrgKey::generate().unwrap();
    let directory = insideout_server::directory::verified(h.db(), h.now())
        .await
        .unwrap();
    let head = directory
        .heads()
        .into_iter()
        .find(|x| x.signer == Signer::Org);
    let forged = SignedRecord::by_org(
        &impostor,
        next_record(
            Signer::Org,
            head.as_ref(),
            h.now(),
            Harness::device_body(&newcomer),
        ),
    );
    let reply = h
        .post(
            "/v1/directory",
            Some(&coach.token),
            &DirectoryPost {
                version: insideout_protocol::PROTOCOL_VERSION,
                records: vec![forged],
            },
        )
        .await;
    let message = reply.refused(409, "directory_refused");
    assert!(message.contains("bad signature"), "{message}");
    // Nothing changed, and only a supervisor lists the team's devices.
    assert_eq!(h.status_of(newcomer.id).await, DeviceStatus::Pending);
    assert_eq!(h.status_of(pending_sup.id).await, DeviceStatus::Pending);
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Approved);
    for actor in [&coach, &pending_sup] {
        h.get("/v1/devices", Some(&actor.token))
            .await
            .refused(403, "not_supervisor");
    }
    h.get("/v1/devices", None)
        .await
        .refused(401, "unauthenticated");
}

#[tokio::test]
async fn a_supervisor_approves_only_devices_of_their_own_team() {
    let h = Harness::start().await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    admin::add_team(h.db(), "south", NOW).await.unwrap();
    let far = admin::add_person(h.db(), &h.fx.org, "south", "coach", "coach-south", 0, NOW)
        .await
        .unwrap();
    let code = h.code(&far).await;
    let far_device = h.enrol_with(&far, &code).await;

    let message = h
        .sign_as(&sup, Harness::device_body(&far_device))
        .await
        .refused(409, "directory_refused");
    assert!(message.contains("own team"), "{message}");
    assert_eq!(h.status_of(far_device.id).await, DeviceStatus::Pending);
    let team: Vec<RosterEntry> = h.get("/v1/devices", Some(&sup.token)).await.ok();
    assert_eq!(
        team.iter().map(|d| d.device).collect::<Vec<_>>(),
        vec![sup.id]
    );
    // A key may not be filed for a device of another team either.
    let key = ScopeKey::generate(1);
    let own = sup.own_scope();
    h.push_ok(&sup, &sup.batch(&key, own, 1, "mine"), 1).await;
    let recipients = [far_device.keys.age_recipient()];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    h.put_envelopes(
        &sup,
        vec![envelope(own, &key, Some(far_device.id), &recipients)],
    )
    .await
    .refused(403, "wrong_recipient");
}

#[tokio::test]
async fn a_supervisor_approves_a_device_in_person_and_it_countersigns() {
    let h = Harness::start().await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let coach = h.pending(Role::Coach, "coach-1").await;
    h.sign_as(&sup, Harness::device_body(&coach))
        .await
        .ok::<serde_json::Value>();
    // Signed by the supervisor, not yet confirmed by the device: still pending.
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Pending);
    let directory = insideout_server::directory::verified(h.db(), h.now())
        .await
        .unwrap();
    let hash = directory.devices[&coach.id].record_hash.clone();
    let (_, records) = insideout_server::directory::load(h.db()).await.unwrap();
    let record = records.into_iter().find(|r| r.hash() == hash).unwrap();
    // A countersignature by another key is refused.
    let mut wrong = record.clone();
    wrong.countersign(&sup.keys);
    let post = |r: SignedRecord| DirectoryPost {
        version: insideout_protocol::PROTOCOL_VERSION,
        records: vec![r],
    };
    h.post("/v1/directory", Some(&coach.token), &post(wrong))
        .await
        .refused(409, "directory_refused");
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Pending);
    let mut right = record;
    right.countersign(&coach.keys);
    h.post("/v1/directory", Some(&coach.token), &post(right))
        .await
        .ok::<serde_json::Value>();
    assert_eq!(h.status_of(coach.id).await, DeviceStatus::Approved);
}

#[tokio::test]
async fn a_burst_from_one_device_is_rate_limited() {
    let h = Harness::start_with(Config {
        requests_per_second: 3,
        ..config()
    })
    .await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    // Built beforehand so the burst is quick.
    let batches: Vec<PushRequest> = (1..=20)
        .map(|seq| coach.batch(&key, case, seq, "burst"))
        .collect();

    let mut accepted = 0;
    let mut limited = None;
    for (i, batch) in batches.iter().enumerate() {
        let reply = h.push(&coach, batch).await;
        if reply.status.as_u16() == 429 {
            let message = reply.refused(429, "rate_limited");
            assert!(message.contains("slow down"), "{message}");
            limited = Some(i);
            break;
        }
        reply.ok::<PushResponse>();
        accepted += 1;
    }
    let limited = limited.expect("a burst of 20 is limited");
    // Its countersignature, moments before, spent one request of the burst of 3.
    assert!(
        accepted >= 2,
        "the rest of the burst of 3 is allowed: {accepted}"
    );
    assert_eq!(
        h.stored(case).await.len(),
        accepted,
        "the limited push stored nothing"
    );
    // Another device is not held back.
    h.pull(&other, &[], 100).await.ok::<PullResponse>();

    // A third of a second refills one request.
    tokio::time::sleep(Duration::from_millis(400)).await;
    h.push_ok(&coach, &batches[limited], limited as u64 + 1)
        .await;
}

#[tokio::test]
async fn keys_are_filed_only_for_existing_scopes_the_device_may_read_and_never_backwards() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let recipients = [coach.keys.age_recipient(), h.fx.recovery.recipient()];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    let filed = envelope(case, &key, Some(coach.id), &recipients);

    // Before the scope's first batch.
    let message = h
        .put_envelopes(&coach, vec![filed.clone()])
        .await
        .refused(404, "unknown_scope");
    assert!(message.contains("first batch"), "{message}");
    h.push_ok(&coach, &coach.batch(&key, case, 1, "first"), 1)
        .await;

    // Another coach may not hold the key of this case.
    h.put_envelopes(
        &other,
        vec![envelope(case, &key, Some(other.id), &recipients)],
    )
    .await
    .refused(403, "wrong_scope");

    // One refused envelope refuses the whole request: the rotation before it is not kept.
    let key2 = ScopeKey::generate(2);
    let rotation = envelope(case, &key2, Some(coach.id), &recipients);
    h.rotate(
        &coach,
        vec![
            rotation.clone(),
            envelope(new_case(), &key2, None, &recipients),
        ],
    )
    .await
    .refused(404, "unknown_scope");
    assert!(
        h.db()
            .envelopes_for(Recipient::Device(coach.id))
            .await
            .unwrap()
            .is_empty()
    );
    h.push_ok(&coach, &coach.batch(&key, case, 2, "still epoch 1"), 2)
        .await;

    // Not base64.
    let mut broken = filed.clone();
    broken.envelope = "***".into();
    h.put_envelopes(&coach, vec![broken])
        .await
        .refused(400, "malformed");

    // Filed, then rotated.
    let stored: serde_json::Value = h
        .put_envelopes(
            &coach,
            vec![filed.clone(), envelope(case, &key, None, &recipients)],
        )
        .await
        .ok();
    assert_eq!(stored, serde_json::json!({ "stored": 2 }));
    h.rotate(&coach, vec![rotation.clone()])
        .await
        .ok::<serde_json::Value>();
    // A second rotation to the same epoch (another holder, at the same time) is refused.
    let message = h
        .rotate(&coach, vec![rotation])
        .await
        .refused(409, "epoch_taken");
    assert!(message.contains("epoch 2"), "{message}");
    // Filing the old epoch again (for a reader who joined later) is taken, but replaces
    // nothing: each recipient holds one key per epoch.
    let mut replaced = filed.clone();
    replaced.key_commitment = "0".repeat(64);
    let _: serde_json::Value = h.put_envelopes(&coach, vec![replaced]).await.ok();
    let held = h
        .db()
        .envelopes_for(Recipient::Device(coach.id))
        .await
        .unwrap();
    let epoch_one: Vec<_> = held.iter().filter(|e| e.epoch == 1).collect();
    assert_eq!(epoch_one.len(), 1);
    assert!(
        String::from_utf8_lossy(&epoch_one[0].envelope).contains(&filed.key_commitment),
        "the first key filed for epoch 1 stays"
    );
    let pull: PullResponse = h.pull(&coach, &[], 100).await.ok();
    let epochs: Vec<u32> = pull.envelopes.iter().map(|e| e.epoch).collect();
    assert_eq!(epochs, vec![1, 2]);
    assert_eq!(pull.heads[0].epoch, 2);
    assert_eq!(
        h.db()
            .envelopes_for(Recipient::Recovery)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn guessed_tokens_from_one_address_are_rate_limited() {
    let h = Harness::start_with(Config {
        failed_tokens_per_minute: 30,
        ..config()
    })
    .await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    // No token at all: refused as unauthenticated while the allowance lasts.
    h.get("/v1/devices", None)
        .await
        .refused(401, "unauthenticated");
    let mut limited = None;
    for i in 0..500 {
        let guess = hex::encode(insideout_crypto::random_bytes::<32>().unwrap());
        let reply = h.get("/v1/devices", Some(&guess)).await;
        if reply.status.as_u16() == 429 {
            reply.refused(429, "rate_limited");
            limited = Some(i);
            break;
        }
        reply.refused(401, "unauthenticated");
    }
    let limited = limited.expect("500 guessed tokens were never limited");
    assert!(limited <= 30, "limited only after {limited} guesses");
    // Once limited, even a right token from that address waits: guessing learns nothing more.
    h.post("/v1/pull", Some(&coach.token), &serde_json::json!({}))
        .await
        .refused(429, "rate_limited");
}
