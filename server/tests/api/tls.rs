use crate::support::*;
use insideout_server::serve::{self, TlsFiles};
use serde_json::json;
use std::net::SocketAddr;

/// A self-signed certificate for `localhost`, written as PEM files in `dir`.
fn certificate(dir: &std::path::Path) -> (TlsFiles, String) {
    let rcgen::CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    };
    std::fs::write(&files.cert, cert.pem()).unwrap();
    std::fs::write(&files.key, key_pair.serialize_pem()).unwrap();
    (files, cert.pem())
}

#[tokio::test]
async fn https_serves_with_a_certificate_and_plain_http_to_it_fails() {
    let fx = Fixture::new(config(), true).await;
    let dir = tempfile::tempdir().unwrap();
    let (files, pem) = certificate(dir.path());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve::serve(
        fx.service.clone(),
        listener,
        serve::Transport::Tls(files),
        async move {
            let _ = stopped.await;
        },
    ));

    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(pem.as_bytes()).unwrap()])
        .resolve("localhost", addr)
        .build()
        .unwrap();
    let response = client
        .get(format!("https://localhost:{}/health", addr.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], json!("ok"));

    // Plain HTTP to the TLS port gets no answer it can read.
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{}/health", addr.port()))
        .send()
        .await;
    assert!(plain.is_err(), "{plain:?}");

    // A client that does not trust the certificate refuses the connection.
    let untrusting = reqwest::Client::builder()
        .tls_certs_only([])
        .resolve("localhost", addr)
        .build()
        .unwrap();
    let refused = untrusting
        .get(format!("https://localhost:{}/health", addr.port()))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");

    drop(client);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn serving_with_missing_certificate_files_fails_and_names_them() {
    let fx = Fixture::new(config(), true).await;
    let dir = tempfile::tempdir().unwrap();
    let files = TlsFiles {
        cert: dir.path().join("missing-cert.pem"),
        key: dir.path().join("missing-key.pem"),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let err = serve::serve(
        fx.service.clone(),
        listener,
        serve::Transport::Tls(files),
        std::future::pending(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("missing-cert.pem"), "{err}");
}
