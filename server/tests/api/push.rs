use crate::support::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::ScopeKey;
use insideout_protocol::api::*;
use insideout_protocol::{PROTOCOL_VERSION, Priority, Scope};
use insideout_server::api::Config;

/// A service with one approved coach device.
async fn coach() -> (Harness, Dev) {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    (h, coach)
}

/// The device's next batch is accepted as `seq` and stored as `server_seq`: nothing refused
/// before moved the device's sequence or the scope's.
async fn next_is_stored(h: &Harness, dev: &Dev, key: &ScopeKey, scope: Scope, seq: u64) {
    let before = h.stored(scope).await.len() as u64;
    h.push_ok(dev, &dev.batch(key, scope, seq, "next"), before + 1)
        .await;
}

#[tokio::test]
async fn a_batch_is_stored_once_and_a_repeat_is_acknowledged() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let batch = coach.batch(&key, case, 1, "first visit");

    let first: PushResponse = h.push(&coach, &batch).await.ok();
    assert_eq!(
        first,
        PushResponse {
            server_seq: 1,
            repeat: false,
            server_time_ms: NOW
        }
    );
    let again: PushResponse = h.push(&coach, &batch).await.ok();
    assert_eq!((again.server_seq, again.repeat), (1, true));

    let stored = h.stored(case).await;
    assert_eq!(stored.len(), 1);
    let b = &stored[0];
    assert_eq!((b.server_seq, b.device, b.device_seq), (1, coach.id, 1));
    assert_eq!(b.priority, Priority::Routine);
    assert_eq!(b.signature, batch.signature);
    assert_eq!(B64.encode(&b.ciphertext), batch.ciphertext);
    assert_eq!(
        serde_json::from_str::<insideout_protocol::BatchHeader>(&b.header).unwrap(),
        batch.header
    );
    // The next one follows.
    h.push_ok(&coach, &coach.batch(&key, case, 2, "second visit"), 2)
        .await;
    let again: PushResponse = h.push(&coach, &batch).await.ok();
    assert_eq!((again.server_seq, again.repeat), (1, true));
    assert_eq!(h.stored(case).await.len(), 2);
}

#[tokio::test]
async fn malformed_json_is_refused() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let good = serde_json::to_string(&coach.batch(&key, case, 1, "x")).unwrap();
    for body in [
        "{not json".to_owned(),
        good[..good.len() - 1].to_owned(),
        "{}".to_owned(),
        r#"{"header":{},"signature":"","ciphertext":""}"#.to_owned(),
        good.replace(r#""kind":"case""#, r#""kind":"team""#),
    ] {
        h.post_raw("/v1/push", &coach.token, body.clone())
            .await
            .refused(400, "malformed");
    }
    // Not labelled as JSON.
    let response = h
        .http
        .post(h.url("/v1/push"))
        .bearer_auth(&coach.token)
        .body(good)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["code"],
        "malformed"
    );
    // Ciphertext that is not base64.
    let mut batch = coach.batch(&key, case, 1, "x");
    batch.ciphertext = "not base64!".into();
    h.push(&coach, &batch).await.refused(400, "malformed");
    assert!(h.stored(case).await.is_empty());
    next_is_stored(&h, &coach, &key, case, 1).await;
}

/// Bytes that do not compress.
pub(crate) fn noise(len: usize) -> String {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'!' + (state % 90) as u8)
        })
        .collect()
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let h = Harness::start_with(Config {
        max_body_bytes: 64 * 1024,
        ..config()
    })
    .await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let big = coach.batch(&key, case, 1, &noise(80 * 1024));
    assert!(big.ciphertext.len() > 64 * 1024);
    let message = h.push(&coach, &big).await.refused(413, "too_large");
    assert!(message.contains("fewer ops"), "{message}");
    assert!(h.stored(case).await.is_empty());
    // Under the limit is fine.
    h.push_ok(&coach, &coach.batch(&key, case, 1, &noise(30 * 1024)), 1)
        .await;
}

#[tokio::test]
async fn a_different_batch_under_a_used_number_is_refused_as_replayed() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let first = coach.batch(&key, case, 1, "the real one");
    h.push_ok(&coach, &first, 1).await;
    let replay = coach.batch(&key, case, 1, "a different one");
    h.push(&coach, &replay).await.refused(409, "replayed");
    // Also in another scope.
    let replay = coach.batch(&key, coach.own_scope(), 1, "elsewhere");
    h.push(&coach, &replay).await.refused(409, "replayed");
    let stored = h.stored(case).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(B64.encode(&stored[0].ciphertext), first.ciphertext);
    assert!(h.stored(coach.own_scope()).await.is_empty());
    next_is_stored(&h, &coach, &key, case, 2).await;
}

#[tokio::test]
async fn a_gap_in_the_device_sequence_is_refused_as_out_of_order() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    // The first batch must be number 1.
    let message = h
        .push(&coach, &coach.batch(&key, case, 2, "too soon"))
        .await
        .refused(409, "out_of_order");
    assert!(message.contains("number 1"), "{message}");
    let refusal = h
        .push(&coach, &coach.batch(&key, case, 2, "too soon"))
        .await;
    assert_eq!(
        refusal.body["expected"], 1,
        "the number is given as a field too"
    );
    assert!(h.stored(case).await.is_empty());
    h.push_ok(&coach, &coach.batch(&key, case, 1, "one"), 1)
        .await;
    let message = h
        .push(&coach, &coach.batch(&key, case, 3, "three"))
        .await
        .refused(409, "out_of_order");
    assert!(message.contains("number 2"), "{message}");
    assert_eq!(h.stored(case).await.len(), 1);
    next_is_stored(&h, &coach, &key, case, 2).await;
    h.push_ok(&coach, &coach.batch(&key, case, 3, "three"), 3)
        .await;
}

#[tokio::test]
async fn a_wrong_signature_is_refused() {
    let (h, coach) = coach().await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let ciphertext = seal(&key, "signed by someone else");
    let header = coach.header(case, 1, 1, &ciphertext);

    // Signed with another device's key.
    let mut forged = coach.signed(header.clone(), &ciphertext);
    forged.signature = other.sign(&header);
    let message = h.push(&coach, &forged).await.refused(403, "bad_signature");
    assert!(message.contains("signature"), "{message}");

    // The header changed after signing: each of several fields.
    let good = coach.signed(header.clone(), &ciphertext);
    let changes: [fn(&mut insideout_protocol::BatchHeader); 4] = [
        |h| h.op_count += 1,
        |h| h.priority = Priority::Safeguarding,
        |h| h.hlc_last.counter += 1,
        |h| h.key_epoch += 1,
    ];
    for change in changes {
        let mut tampered = good.clone();
        change(&mut tampered.header);
        h.push(&coach, &tampered)
            .await
            .refused(403, "bad_signature");
    }
    // A truncated signature, and one that is not hex.
    let mut short = good.clone();
    short.signature.truncate(100);
    h.push(&coach, &short).await.refused(403, "bad_signature");
    let mut not_hex = good.clone();
    not_hex.signature = "xyz".into();
    h.push(&coach, &not_hex).await.refused(400, "bad_signature");

    assert!(h.stored(case).await.is_empty());
    h.push_ok(&coach, &good, 1).await;
}

#[tokio::test]
async fn ciphertext_that_does_not_match_its_hash_is_refused() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let sealed = seal(&key, "what was signed");
    let other = seal(&key, "what was sent");
    // The header (with the first hash) is properly signed; the content is another.
    let mut batch = coach.signed(coach.header(case, 1, 1, &sealed), &sealed);
    batch.ciphertext = B64.encode(&other);
    h.push(&coach, &batch).await.refused(400, "hash_mismatch");
    // One flipped byte is enough.
    let mut flipped = sealed.clone();
    *flipped.last_mut().unwrap() ^= 1;
    batch.ciphertext = B64.encode(&flipped);
    h.push(&coach, &batch).await.refused(400, "hash_mismatch");
    assert!(h.stored(case).await.is_empty());
    next_is_stored(&h, &coach, &key, case, 1).await;
}

#[tokio::test]
async fn a_batch_naming_another_device_is_refused() {
    let (h, coach) = coach().await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    // Another device's genuine batch, sent with this device's token.
    let theirs = other.batch(&key, case, 1, "theirs");
    let message = h.push(&coach, &theirs).await.refused(403, "wrong_device");
    assert!(message.contains("different device"), "{message}");
    // A batch naming the other device, signed by this one.
    let ciphertext = seal(&key, "mine, in their name");
    let mut header = coach.header(case, 1, 1, &ciphertext);
    header.device = other.id;
    let batch = coach.signed(header, &ciphertext);
    h.push(&coach, &batch).await.refused(403, "wrong_device");
    assert!(h.stored(case).await.is_empty());
    // Neither device's sequence moved.
    h.push_ok(&other, &theirs, 1).await;
    let mine = new_case();
    h.push_ok(&coach, &coach.batch(&key, mine, 1, "mine"), 1)
        .await;
}

#[tokio::test]
async fn a_batch_at_an_old_key_epoch_is_refused_after_rotation() {
    let (h, coach) = coach().await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    h.push_ok(&coach, &coach.batch(&key, case, 1, "epoch one"), 1)
        .await;

    // The supervisor rotates the case's key.
    let key2 = ScopeKey::generate(2);
    let recipients = [
        coach.keys.age_recipient(),
        sup.keys.age_recipient(),
        h.fx.recovery.recipient(),
    ];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    let stored: serde_json::Value = h
        .rotate(
            &sup,
            vec![
                envelope(case, &key2, Some(coach.id), &recipients),
                envelope(case, &key2, Some(sup.id), &recipients),
                envelope(case, &key2, None, &recipients),
            ],
        )
        .await
        .ok();
    assert_eq!(stored, serde_json::json!({ "stored": 3 }));

    let message = h
        .push(&coach, &coach.batch(&key, case, 2, "still epoch one"))
        .await
        .refused(409, "stale_epoch");
    assert!(message.contains("epoch 2"), "{message}");
    // A key from the future is no better.
    let key3 = ScopeKey::generate(3);
    h.push(&coach, &coach.batch(&key3, case, 2, "epoch three"))
        .await
        .refused(409, "stale_epoch");
    assert_eq!(h.stored(case).await.len(), 1);

    // The coach finds the new key in its next pull, and reseals.
    let pull: PullResponse = h.pull(&coach, &[], 100).await.ok();
    let wrapped = pull
        .envelopes
        .iter()
        .find(|e| e.scope == case && e.epoch == 2)
        .expect("the new key's envelope");
    let opened = coach
        .keys
        .unwrap_scope_key(&B64.decode(&wrapped.envelope).unwrap())
        .unwrap();
    assert_eq!(opened.recipient(), key2.recipient());
    h.push_ok(&coach, &coach.batch(&opened, case, 2, "epoch two"), 2)
        .await;
}

#[tokio::test]
async fn a_scope_the_device_may_not_write_is_refused() {
    let (h, coach) = coach().await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let key = ScopeKey::generate(1);
    let theirs = new_case();
    h.push_ok(&other, &other.batch(&key, theirs, 1, "their case"), 1)
        .await;

    // Another coach's case.
    let message = h
        .push(&coach, &coach.batch(&key, theirs, 1, "intruding"))
        .await
        .refused(403, "wrong_scope");
    assert!(message.contains("may not write"), "{message}");
    // Another person's own scope, whether it exists yet or not.
    h.push(&coach, &coach.batch(&key, other.own_scope(), 1, "x"))
        .await
        .refused(403, "wrong_scope");
    h.push(&coach, &coach.batch(&key, sup.own_scope(), 1, "x"))
        .await
        .refused(403, "wrong_scope");
    // A supervisor does not open a case.
    let new = new_case();
    h.push(&sup, &sup.batch(&key, new, 1, "a supervisor's case"))
        .await
        .refused(403, "wrong_scope");

    assert_eq!(h.stored(theirs).await.len(), 1);
    for scope in [other.own_scope(), sup.own_scope(), new] {
        assert!(h.stored(scope).await.is_empty(), "{scope}");
    }
    // The supervisor may write to a case of the team, and the coach to its own scope; neither
    // device's sequence moved for the refusals.
    h.push_ok(&sup, &sup.batch(&key, theirs, 1, "supervisor's note"), 2)
        .await;
    next_is_stored(&h, &coach, &key, coach.own_scope(), 1).await;
}

#[tokio::test]
async fn a_clock_far_ahead_is_refused_and_the_batch_is_taken_once_the_clock_agrees() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let ciphertext = seal(&key, "from the future");
    let mut header = coach.header(case, 1, 1, &ciphertext);
    header.hlc_first.wall_ms = h.now();
    header.hlc_last.wall_ms = h.now() + HOUR_MS;
    let ahead = coach.signed(header, &ciphertext);
    let message = h.push(&coach, &ahead).await.refused(409, "clock_ahead");
    assert!(message.contains("60 minutes"), "{message}");
    assert!(h.stored(case).await.is_empty());

    // Within the allowed five minutes is fine.
    let ciphertext = seal(&key, "a little ahead");
    let mut header = coach.header(case, 1, 1, &ciphertext);
    header.hlc_last.wall_ms = h.now() + 4 * 60_000;
    h.push_ok(&coach, &coach.signed(header, &ciphertext), 1)
        .await;

    // Once the service's clock has caught up, the same batch (renumbered) goes through.
    h.advance(HOUR_MS);
    let ciphertext = seal(&key, "from the future");
    let mut header = coach.header(case, 2, 1, &ciphertext);
    header.hlc_last.wall_ms = NOW + HOUR_MS;
    h.push_ok(&coach, &coach.signed(header, &ciphertext), 2)
        .await;
}

#[tokio::test]
async fn a_push_without_a_valid_token_is_unauthenticated() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let batch = coach.batch(&key, case, 1, "anonymous");
    let message = h
        .post("/v1/push", None, &batch)
        .await
        .refused(401, "unauthenticated");
    assert!(message.contains("token"), "{message}");
    h.post("/v1/push", Some("not-a-token"), &batch)
        .await
        .refused(401, "unauthenticated");
    // A token that is not a bearer token.
    let response = h
        .http
        .post(h.url("/v1/push"))
        .header(
            reqwest::header::AUTHORIZATION,
            format!("Basic {}", coach.token),
        )
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    h.post("/v1/pull", None, &serde_json::json!({}))
        .await
        .refused(401, "unauthenticated");
    assert!(h.stored(case).await.is_empty());
    h.push_ok(&coach, &batch, 1).await;
}

#[tokio::test]
async fn an_inconsistent_header_is_refused() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let ciphertext = seal(&key, "x");
    let header = coach.header(case, 1, 1, &ciphertext);

    let mut version = header.clone();
    version.version = PROTOCOL_VERSION + 1;
    h.push(&coach, &coach.signed(version, &ciphertext))
        .await
        .refused(400, "unknown_version");
    let mut zero = header.clone();
    zero.device_seq = 0;
    h.push(&coach, &coach.signed(zero, &ciphertext))
        .await
        .refused(400, "bad_header");
    let mut backwards = header.clone();
    std::mem::swap(&mut backwards.hlc_first, &mut backwards.hlc_last);
    h.push(&coach, &coach.signed(backwards, &ciphertext))
        .await
        .refused(400, "bad_header");
    let mut upper = header.clone();
    upper.ciphertext_sha256 = upper.ciphertext_sha256.to_uppercase();
    h.push(&coach, &coach.signed(upper, &ciphertext))
        .await
        .refused(400, "bad_header");
    assert!(h.stored(case).await.is_empty());
    h.push_ok(&coach, &coach.signed(header, &ciphertext), 1)
        .await;
}

#[tokio::test]
async fn the_same_content_under_a_used_number_with_another_header_is_replayed_not_a_repeat() {
    let (h, coach) = coach().await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let ciphertext = seal(&key, "one batch");
    let first = coach.signed(coach.header(case, 1, 1, &ciphertext), &ciphertext);
    h.push_ok(&coach, &first, 1).await;

    // The very same bytes, signed again under other headers: another scope, another priority.
    let elsewhere = new_case();
    let mut moved = coach.header(elsewhere, 1, 1, &ciphertext);
    h.push(&coach, &coach.signed(moved.clone(), &ciphertext))
        .await
        .refused(409, "replayed");
    moved.scope = case;
    moved.priority = Priority::Safeguarding;
    h.push(&coach, &coach.signed(moved, &ciphertext))
        .await
        .refused(409, "replayed");
    assert!(h.stored(elsewhere).await.is_empty());
    let stored = h.stored(case).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].priority, Priority::Routine);
    // The batch as first sent is still a repeat.
    let again: PushResponse = h.push(&coach, &first).await.ok();
    assert_eq!((again.server_seq, again.repeat), (1, true));
}
