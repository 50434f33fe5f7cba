//! Running the service: plain HTTP (loopback, development, behind a TLS proxy) or HTTPS with
//! rustls when given a certificate.

use crate::api::{Service, router};
use crate::db::Database;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// A certificate chain and its private key, PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve<D: Database>(
    service: Arc<Service<D>>,
    listener: std::net::TcpListener,
    tls: Option<TlsFiles>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let app = router(service).into_make_service_with_connect_info::<SocketAddr>();
    match tls {
        None => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(files) => {
            let config =
                axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
                    .await
                    .map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!(
                                "could not load the certificate {} and key {}: {e}",
                                files.cert.display(),
                                files.key.display()
                            ),
                        )
                    })?;
            let handle = axum_server::Handle::new();
            let stopper = handle.clone();
            tokio::spawn(async move {
                shutdown.await;
                stopper.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
            });
            axum_server::from_tcp_rustls(listener, config)
                .handle(handle)
                .serve(app)
                .await
        }
    }
}

/// Starts the service on a free loopback port in the background (tests, the app's embedded
/// service, benchmarks). Returns its address; the service stops when the runtime does.
pub async fn spawn_local<D: Database>(service: Arc<Service<D>>) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = serve(service, listener, None, std::future::pending()).await {
            tracing::error!(error = %e, "the local service stopped");
        }
    });
    Ok(addr)
}
