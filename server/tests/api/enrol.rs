use crate::support::*;
use insideout_crypto::DeviceKeys;
use insideout_domain::ids::DeviceId;
use insideout_protocol::api::*;
use insideout_protocol::{PROTOCOL_VERSION, sha256_hex};
use insideout_server::db::Database;

fn new_device(h: &Harness) -> (DeviceId, DeviceKeys) {
    (
        DeviceId::new_v7(h.now(), random()),
        DeviceKeys::generate().unwrap(),
    )
}

/// How many devices the store holds.
async fn devices(h: &Harness) -> usize {
    h.db().devices().await.unwrap().len()
}

#[tokio::test]
async fn a_good_code_enrols_a_pending_device_and_returns_its_token() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let code = h.code(&coach).await;
    let (id, keys) = new_device(&h);
    let response: EnrolResponse = h
        .post("/v1/enrol", None, &Harness::enrol_request(&code, id, &keys))
        .await
        .ok();
    assert_eq!(response.person, coach.id);
    assert_eq!(response.role, Role::Coach);
    assert_eq!(response.team, h.fx.team);
    assert_eq!(response.status, DeviceStatus::Pending);
    assert_eq!(response.org_key, h.fx.org.public_hex());
    assert_eq!(response.server_time_ms, NOW);
    assert_eq!(response.token.len(), 64, "{}", response.token);
    assert!(response.token.bytes().all(|b| b.is_ascii_hexdigit()));

    let stored = h.db().devices().await.unwrap();
    assert_eq!(stored.len(), 1);
    let device = &stored[0];
    assert_eq!(device.id, id);
    assert_eq!(device.person, coach.id);
    assert_eq!(device.status, DeviceStatus::Pending);
    assert_eq!(device.age_recipient, keys.age_recipient());
    assert_eq!(device.signing_key, keys.signing_public_hex());
    // The service keeps the token's hash, and the token works.
    assert_eq!(
        h.db()
            .device_by_token(&sha256_hex(response.token.as_bytes()))
            .await
            .unwrap()
            .map(|d| d.id),
        Some(id)
    );
    let dev = Dev {
        id,
        keys,
        token: response.token,
        person: coach,
    };
    let pull: PullResponse = h.pull(&dev, &[], 100).await.ok();
    assert_eq!(pull.status, DeviceStatus::Pending);
}

#[tokio::test]
async fn a_code_is_used_once() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let code = h.code(&coach).await;
    h.enrol_with(&coach, &code).await;
    let (id, keys) = new_device(&h);
    let message = h
        .post("/v1/enrol", None, &Harness::enrol_request(&code, id, &keys))
        .await
        .refused(403, "code_used");
    assert!(message.contains("already been used"), "{message}");
    assert_eq!(devices(&h).await, 1, "the second device was not stored");
}

#[tokio::test]
async fn a_code_expires_after_its_validity() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let early = h.code(&coach).await;
    let late = h.code(&coach).await;
    // A code valid for an hour still works in its last millisecond...
    h.advance(HOUR_MS - 1);
    h.enrol_with(&coach, &early).await;
    // ...and not a millisecond later.
    h.advance(1);
    let (id, keys) = new_device(&h);
    h.post("/v1/enrol", None, &Harness::enrol_request(&late, id, &keys))
        .await
        .refused(403, "code_expired");
    h.advance(24 * HOUR_MS);
    h.post("/v1/enrol", None, &Harness::enrol_request(&late, id, &keys))
        .await
        .refused(403, "code_expired");
    assert_eq!(devices(&h).await, 1);
}

#[tokio::test]
async fn an_unknown_code_is_refused() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    h.code(&coach).await;
    let (id, keys) = new_device(&h);
    h.post(
        "/v1/enrol",
        None,
        &Harness::enrol_request("ABCD-EFGH-JKLM", id, &keys),
    )
    .await
    .refused(403, "code_unknown");
    h.post("/v1/enrol", None, &Harness::enrol_request("", id, &keys))
        .await
        .refused(403, "code_unknown");
    assert_eq!(devices(&h).await, 0);
}

#[tokio::test]
async fn bad_keys_are_refused_and_leave_the_code_usable() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let code = h.code(&coach).await;
    let (id, keys) = new_device(&h);
    let good = Harness::enrol_request(&code, id, &keys);

    for age_recipient in ["", "age1nope", &keys.signing_public_hex()] {
        let request = EnrolRequest {
            age_recipient: age_recipient.to_owned(),
            ..good.clone()
        };
        let message = h
            .post("/v1/enrol", None, &request)
            .await
            .refused(400, "bad_key");
        assert!(message.contains("age recipient"), "{message}");
    }
    let short = keys.signing_public_hex()[..62].to_owned();
    for signing_key in ["", "zz", &short, &keys.age_recipient()] {
        let request = EnrolRequest {
            signing_key: signing_key.to_owned(),
            ..good.clone()
        };
        let message = h
            .post("/v1/enrol", None, &request)
            .await
            .refused(400, "bad_key");
        assert!(message.contains("signing key"), "{message}");
    }
    assert_eq!(devices(&h).await, 0);
    h.post("/v1/enrol", None, &good).await.ok::<EnrolResponse>();
}

#[tokio::test]
async fn an_unknown_protocol_version_is_refused_and_leaves_the_code_usable() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let code = h.code(&coach).await;
    let (id, keys) = new_device(&h);
    let good = Harness::enrol_request(&code, id, &keys);
    for version in [0, PROTOCOL_VERSION + 1] {
        let message = h
            .post(
                "/v1/enrol",
                None,
                &EnrolRequest {
                    version,
                    ..good.clone()
                },
            )
            .await
            .refused(400, "unknown_version");
        assert!(message.contains(&version.to_string()), "{message}");
    }
    assert_eq!(devices(&h).await, 0);
    h.post("/v1/enrol", None, &good).await.ok::<EnrolResponse>();
}

#[tokio::test]
async fn a_code_typed_in_lower_case_with_spaces_works() {
    let h = Harness::start().await;
    let coach = h.person(Role::Coach, "coach-1").await;
    let code = h.code(&coach).await;
    assert_eq!(code.len(), 14, "{code}");
    let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
    let dev = h.enrol_with(&coach, &typed).await;
    assert_eq!(h.status_of(dev.id).await, DeviceStatus::Pending);
    // It was the same code: now used, however it is written.
    let (id, keys) = new_device(&h);
    h.post("/v1/enrol", None, &Harness::enrol_request(&code, id, &keys))
        .await
        .refused(403, "code_used");
}

#[tokio::test]
async fn a_device_id_already_enrolled_is_refused_and_leaves_the_code_usable() {
    let h = Harness::start().await;
    let first = h.pending(Role::Coach, "coach-1").await;
    let coach = h.person(Role::Coach, "coach-2").await;
    let code = h.code(&coach).await;
    let keys = DeviceKeys::generate().unwrap();
    h.post(
        "/v1/enrol",
        None,
        &Harness::enrol_request(&code, first.id, &keys),
    )
    .await
    .refused(409, "taken");
    assert_eq!(devices(&h).await, 1);
    assert_eq!(
        h.db().devices().await.unwrap()[0].signing_key,
        first.keys.signing_public_hex(),
        "the enrolled device's keys are untouched"
    );
    h.enrol_with(&coach, &code).await;
}

#[tokio::test]
async fn a_malformed_enrolment_is_refused() {
    let h = Harness::start().await;
    let response = h
        .http
        .post(h.url("/v1/enrol"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(r#"{"version":1,"code":"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "malformed", "{body}");
    assert_eq!(devices(&h).await, 0);
}

#[tokio::test]
async fn enrolment_attempts_are_limited_per_address() {
    let h = Harness::start_with(insideout_server::api::Config {
        enrolments_per_minute: 3,
        ..config()
    })
    .await;
    let (id, keys) = new_device(&h);
    let request = Harness::enrol_request("ABCD-EFGH-JKLM", id, &keys);
    for _ in 0..3 {
        h.post("/v1/enrol", None, &request)
            .await
            .refused(403, "code_unknown");
    }
    // The fourth guess in the same minute is not even looked at.
    h.post("/v1/enrol", None, &request)
        .await
        .refused(429, "rate_limited");
}

#[tokio::test]
async fn enrolment_attempts_are_limited_across_addresses_too() {
    // A generous allowance per address (as many devices behind one proxy, or an attacker with
    // many addresses) still meets the service-wide bucket.
    let h = Harness::start_with(insideout_server::api::Config {
        enrolments_per_minute: 10_000,
        enrolments_per_minute_total: 5,
        ..config()
    })
    .await;
    let (id, keys) = new_device(&h);
    let mut refused_at = None;
    for i in 0..20 {
        let request = Harness::enrol_request(&format!("ABCD-EFGH-{i:04}"), id, &keys);
        let reply = h.post("/v1/enrol", None, &request).await;
        if reply.status.as_u16() == 429 {
            reply.refused(429, "rate_limited");
            refused_at = Some(i);
            break;
        }
        reply.refused(403, "code_unknown");
    }
    assert_eq!(
        refused_at,
        Some(5),
        "the sixth guess in a minute is refused"
    );
}
