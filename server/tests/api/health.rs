use crate::support::*;
use insideout_crypto::DeviceKeys;
use insideout_domain::ids::DeviceId;
use insideout_protocol::PROTOCOL_VERSION;
use insideout_server::admin;
use serde_json::json;

#[tokio::test]
async fn health_is_503_until_initialised_then_ok() {
    let h = Harness::listen(Fixture::new(config(), false).await).await;
    h.get("/health", None).await.refused(503, "not_initialised");
    // Nor can a device enrol with a service that has no organisation.
    let keys = DeviceKeys::generate().unwrap();
    let request = Harness::enrol_request("ABCD-EFGH-JKLM", DeviceId::new_v7(NOW, random()), &keys);
    h.post("/v1/enrol", None, &request)
        .await
        .refused(503, "not_initialised");

    admin::init(h.db(), &h.fx.org, &h.fx.recovery.recipient(), NOW)
        .await
        .unwrap();
    let body: serde_json::Value = h.get("/health", None).await.ok();
    assert_eq!(
        body,
        json!({ "status": "ok", "protocol": PROTOCOL_VERSION })
    );
}

#[tokio::test]
async fn an_unknown_route_is_404() {
    let h = Harness::start().await;
    assert_eq!(h.get("/v1/nothing", None).await.status.as_u16(), 404);
    // A GET where only POST is served.
    assert_eq!(h.get("/v1/push", None).await.status.as_u16(), 405);
}
