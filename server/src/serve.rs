//! Running the service: HTTPS with rustls when given a certificate; plain HTTP only on a
//! loopback address, or behind a TLS proxy when the operator says so explicitly. Bearer tokens
//! travel in every request, so they never cross a network in the clear by accident.

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

/// How the service's connections are secured.
#[derive(Debug, Clone)]
pub enum Transport {
    /// HTTPS with these files.
    Tls(TlsFiles),
    /// Plain HTTP, allowed only on a loopback address.
    Plain,
    /// Plain HTTP on any address: a TLS proxy in front of the service ends TLS
    /// (`--behind-tls-proxy`).
    PlainBehindTlsProxy,
}

/// Refuses plain HTTP on an address other machines can reach, unless a TLS proxy is declared.
pub fn check_transport(addr: SocketAddr, transport: &Transport) -> std::io::Result<()> {
    match transport {
        Transport::Plain if !addr.ip().is_loopback() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "refusing to serve plain HTTP on {addr}, which other machines can reach: give \
                 --tls-cert and --tls-key, or --behind-tls-proxy if a proxy in front of the \
                 service ends TLS"
            ),
        )),
        _ => Ok(()),
    }
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve<D: Database>(
    service: Arc<Service<D>>,
    listener: std::net::TcpListener,
    transport: Transport,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    check_transport(listener.local_addr()?, &transport)?;
    listener.set_nonblocking(true)?;
    let app = router(service).into_make_service_with_connect_info::<SocketAddr>();
    match transport {
        Transport::Plain | Transport::PlainBehindTlsProxy => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Transport::Tls(files) => {
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
        if let Err(e) = serve(service, listener, Transport::Plain, std::future::pending()).await {
            tracing::error!(error = %e, "the local service stopped");
        }
    });
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(addr: &str, transport: Transport, allowed: bool) {
        let addr: SocketAddr = addr.parse().unwrap();
        let result = check_transport(addr, &transport);
        assert_eq!(result.is_ok(), allowed, "{addr} {transport:?}: {result:?}");
        if let Err(e) = result {
            assert!(e.to_string().contains("--behind-tls-proxy"), "{e}");
        }
    }

    #[test]
    fn plain_http_is_served_only_on_loopback_or_behind_a_declared_proxy() {
        let tls = || {
            Transport::Tls(TlsFiles {
                cert: "cert.pem".into(),
                key: "key.pem".into(),
            })
        };
        check("127.0.0.1:8080", Transport::Plain, true);
        check("[::1]:8080", Transport::Plain, true);
        check("0.0.0.0:8080", Transport::Plain, false);
        check("[::]:8080", Transport::Plain, false);
        check("192.168.1.5:8080", Transport::Plain, false);
        check("0.0.0.0:8080", Transport::PlainBehindTlsProxy, true);
        check("0.0.0.0:8443", tls(), true);
    }
}
