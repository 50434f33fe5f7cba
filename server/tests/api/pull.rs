use crate::push::noise;
use crate::support::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::ScopeKey;
use insideout_domain::ids::YoungPersonId;
use insideout_protocol::api::*;
use insideout_protocol::{PROTOCOL_VERSION, Priority, Scope};
use insideout_server::api::Config;
use serde_json::json;
use std::collections::BTreeMap;

#[tokio::test]
async fn a_pending_device_writes_nothing_and_reads_only_the_directory_until_approved() {
    let h = Harness::start().await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let coach = h.pending(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let pushed = [
        coach.batch(&key, case, 1, "first"),
        coach.batch(&key, case, 2, "second"),
    ];
    // A pending device may not push: its changes wait on it until it is approved.
    let message = h
        .push(&coach, &pushed[0])
        .await
        .refused(403, "not_approved");
    assert!(message.contains("approve"), "{message}");
    assert!(h.stored(case).await.is_empty());

    // It reads the directory (to find and countersign its approval), and nothing else.
    let pending: PullResponse = h.pull(&coach, &[], 100).await.ok();
    assert_eq!(pending.status, DeviceStatus::Pending);
    assert!(pending.batches.is_empty() && pending.envelopes.is_empty());
    assert!(pending.heads.is_empty() && pending.done);
    assert!(!pending.directory.is_empty());
    assert!(
        pending
            .directory
            .windows(2)
            .all(|w| w[0].position < w[1].position)
    );

    // The supervisor sees the device waiting; the organisation key approves it and the device
    // countersigns: approved.
    let team: Vec<RosterEntry> = h.get("/v1/devices", Some(&sup.token)).await.ok();
    let waiting = team.iter().find(|d| d.device == coach.id).unwrap();
    assert_eq!(waiting.status, DeviceStatus::Pending);
    h.approve(&coach).await;
    for (i, batch) in pushed.iter().enumerate() {
        h.push_ok(&coach, batch, i as u64 + 1).await;
    }
    let recipients = [coach.keys.age_recipient(), h.fx.recovery.recipient()];
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
    let filed = sign_envelope(&coach, envelope(case, &key, Some(coach.id), &recipients));
    h.put_envelopes(&coach, vec![filed.clone()])
        .await
        .ok::<serde_json::Value>();

    let pull: PullResponse = h.pull(&coach, &[], 100).await.ok();
    assert_eq!(pull.status, DeviceStatus::Approved);
    assert!(pull.done);
    assert_eq!(pull.batches.len(), 2);
    for (i, (got, sent)) in pull.batches.iter().zip(&pushed).enumerate() {
        assert_eq!(got.scope, case);
        assert_eq!(got.server_seq, i as u64 + 1);
        assert_eq!(got.header, sent.header);
        assert_eq!(got.signature, sent.signature);
        assert_eq!(got.ciphertext, sent.ciphertext);
    }
    assert_eq!(pull.envelopes, vec![filed]);
    assert_eq!(
        pull.heads,
        vec![ScopeHead {
            scope: case,
            owner: coach.person.id,
            head: 2,
            epoch: 1
        }]
    );

    // The device opens its key and reads what it pushed.
    let key_back = coach
        .keys
        .unwrap_scope_key(&B64.decode(&pull.envelopes[0].envelope).unwrap())
        .unwrap();
    let notes: Vec<_> = pull
        .batches
        .iter()
        .map(|b| open(&key_back, &b.ciphertext))
        .collect();
    assert_eq!(
        notes,
        vec![json!({"note": "first"}), json!({"note": "second"})]
    );

    // From its cursors, nothing new.
    let cursor = Cursor {
        scope: case,
        after: 2,
    };
    let last = pull.directory.last().unwrap().position;
    let request = PullRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![cursor],
        limit: 100,
        directory_after: last,
    };
    let pull: PullResponse = h.post("/v1/pull", Some(&coach.token), &request).await.ok();
    assert!(pull.batches.is_empty() && pull.done && pull.directory.is_empty());
    assert_eq!(pull.heads.len(), 1);
}

#[tokio::test]
async fn a_pull_pages_with_its_limit_until_done() {
    let h = Harness::start_with(Config {
        max_pull_limit: 4,
        ..config()
    })
    .await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    let own = coach.own_scope();
    let mut seq = 0;
    for scope in [case, own, case, case, own, case, case] {
        seq += 1;
        let expected = h.stored(scope).await.len() as u64 + 1;
        h.push_ok(
            &coach,
            &coach.batch(&key, scope, seq, &format!("n{seq}")),
            expected,
        )
        .await;
    }

    // A page at a time, advancing each scope's cursor to the last batch received.
    let mut cursors: BTreeMap<Scope, u64> = BTreeMap::new();
    let mut received: BTreeMap<Scope, Vec<u64>> = BTreeMap::new();
    let mut pages = Vec::new();
    loop {
        let list: Vec<Cursor> = cursors
            .iter()
            .map(|(&scope, &after)| Cursor { scope, after })
            .collect();
        let page: PullResponse = h.pull(&coach, &list, 3).await.ok();
        pages.push(page.batches.len());
        for b in &page.batches {
            received.entry(b.scope).or_default().push(b.server_seq);
            cursors.insert(b.scope, b.server_seq);
        }
        if page.done {
            break;
        }
        assert!(pages.len() < 10, "paging does not end: {pages:?}");
    }
    assert_eq!(pages, vec![3, 3, 1]);
    assert_eq!(received[&case], vec![1, 2, 3, 4, 5]);
    assert_eq!(received[&own], vec![1, 2]);

    // A limit of 0 still returns one batch; a limit above the service's maximum returns the
    // maximum.
    let one: PullResponse = h.pull(&coach, &[], 0).await.ok();
    assert_eq!((one.batches.len(), one.done), (1, false));
    let most: PullResponse = h.pull(&coach, &[], 1000).await.ok();
    assert_eq!((most.batches.len(), most.done), (4, false));
    // The heads tell the reader how far each scope goes.
    let mut heads: Vec<(Scope, u64)> = most.heads.iter().map(|s| (s.scope, s.head)).collect();
    heads.sort();
    let mut expected = vec![(case, 5), (own, 2)];
    expected.sort();
    assert_eq!(heads, expected);
}

#[tokio::test]
async fn a_scope_with_a_safeguarding_batch_waiting_comes_first() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let key = ScopeKey::generate(1);
    // Scopes come in the order of their names, so the urgent one would otherwise come last.
    let routine = Scope::Case(YoungPersonId::from_uuid(uuid::Uuid::from_u128(1)));
    let urgent = Scope::Case(YoungPersonId::from_uuid(uuid::Uuid::from_u128(
        u128::MAX - 1,
    )));
    assert!(routine.to_string() < urgent.to_string());
    for seq in 1..=3 {
        h.push_ok(&coach, &coach.batch(&key, routine, seq, "routine"), seq)
            .await;
    }
    h.push_ok(&coach, &coach.batch(&key, urgent, 4, "before"), 1)
        .await;
    let ciphertext = seal(&key, "missing from placement");
    let mut header = coach.header(urgent, 5, 1, &ciphertext);
    header.priority = Priority::Safeguarding;
    h.push_ok(&coach, &coach.signed(header, &ciphertext), 2)
        .await;

    let order = |page: &PullResponse| -> Vec<(Scope, u64)> {
        page.batches
            .iter()
            .map(|b| (b.scope, b.server_seq))
            .collect()
    };
    for reader in [&sup, &coach] {
        let first: PullResponse = h.pull(reader, &[], 1).await.ok();
        assert_eq!(order(&first), vec![(urgent, 1)]);
        assert!(!first.done);
        let all: PullResponse = h.pull(reader, &[], 100).await.ok();
        assert_eq!(
            order(&all),
            vec![
                (urgent, 1),
                (urgent, 2),
                (routine, 1),
                (routine, 2),
                (routine, 3)
            ]
        );
        assert_eq!(all.batches[1].header.priority, Priority::Safeguarding);
        assert!(all.done);
    }
    // Once the reader has the urgent batch, scopes come in their usual order again.
    let cursors = [
        Cursor {
            scope: urgent,
            after: 2,
        },
        Cursor {
            scope: routine,
            after: 1,
        },
    ];
    let rest: PullResponse = h.pull(&sup, &cursors, 100).await.ok();
    assert_eq!(order(&rest), vec![(routine, 2), (routine, 3)]);
    h.push_ok(&coach, &coach.batch(&key, urgent, 6, "after"), 3)
        .await;
    let rest: PullResponse = h.pull(&sup, &cursors, 100).await.ok();
    assert_eq!(order(&rest), vec![(routine, 2), (routine, 3), (urgent, 3)]);
}

#[tokio::test]
async fn a_coach_reads_only_their_own_scopes_and_a_supervisor_the_teams() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let other = h.approved(Role::Coach, "coach-2").await;
    let sup = h.approved(Role::Supervisor, "sup-1").await;
    let key = ScopeKey::generate(1);
    let mine = new_case();
    let theirs = new_case();
    h.push_ok(&coach, &coach.batch(&key, mine, 1, "mine"), 1)
        .await;
    h.push_ok(&other, &other.batch(&key, theirs, 1, "theirs"), 1)
        .await;
    let scopes = |page: PullResponse| -> Vec<Scope> {
        let mut s: Vec<Scope> = page.batches.iter().map(|b| b.scope).collect();
        s.sort();
        s
    };
    assert_eq!(scopes(h.pull(&coach, &[], 100).await.ok()), vec![mine]);
    assert_eq!(scopes(h.pull(&other, &[], 100).await.ok()), vec![theirs]);
    let mut both = vec![mine, theirs];
    both.sort();
    assert_eq!(scopes(h.pull(&sup, &[], 100).await.ok()), both);
    // A cursor for a scope the reader may not read gets it nothing.
    let sneaky = [Cursor {
        scope: theirs,
        after: 0,
    }];
    assert_eq!(scopes(h.pull(&coach, &sneaky, 100).await.ok()), vec![mine]);
}

#[tokio::test]
async fn a_pull_in_an_unknown_protocol_version_is_refused() {
    let h = Harness::start().await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let request = PullRequest {
        version: PROTOCOL_VERSION + 1,
        cursors: vec![],
        limit: 10,
        directory_after: 0,
    };
    h.post("/v1/pull", Some(&coach.token), &request)
        .await
        .refused(400, "unknown_version");
}

#[tokio::test]
async fn a_pull_page_is_bounded_in_bytes_and_never_skips() {
    // Room for about two of these batches per page, whatever the batch limit.
    let h = Harness::start_with(Config {
        max_pull_bytes: 5 * 1024,
        ..config()
    })
    .await;
    let coach = h.approved(Role::Coach, "coach-1").await;
    let key = ScopeKey::generate(1);
    let case = new_case();
    for seq in 1..=5 {
        h.push_ok(&coach, &coach.batch(&key, case, seq, &noise(2 * 1024)), seq)
            .await;
    }
    let mut after = 0;
    let mut pages = Vec::new();
    loop {
        let list = [Cursor { scope: case, after }];
        let list: &[Cursor] = if after == 0 { &[] } else { &list };
        let page: PullResponse = h.pull(&coach, list, 100).await.ok();
        assert!(!page.batches.is_empty(), "a page always holds a batch");
        for b in &page.batches {
            assert_eq!(b.server_seq, after + 1, "no batch is skipped");
            after = b.server_seq;
        }
        pages.push(page.batches.len());
        if page.done {
            break;
        }
        assert!(pages.len() < 10, "paging does not end: {pages:?}");
    }
    assert_eq!(after, 5);
    assert!(pages.iter().all(|&n| n <= 2), "{pages:?}");
    // One batch larger than the budget still travels, alone.
    let small = Harness::start_with(Config {
        max_pull_bytes: 16,
        ..config()
    })
    .await;
    let coach = small.approved(Role::Coach, "coach-1").await;
    let case = new_case();
    for seq in 1..=2 {
        small
            .push_ok(&coach, &coach.batch(&key, case, seq, "tiny"), seq)
            .await;
    }
    let page: PullResponse = small.pull(&coach, &[], 100).await.ok();
    assert_eq!((page.batches.len(), page.done), (1, false));
}
