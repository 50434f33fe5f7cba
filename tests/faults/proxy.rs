//! A fault-injecting HTTP proxy on loopback, between the devices and the service, as a bad
//! network or a load balancer would behave: each request may be dropped before it reaches the
//! service or after (the service stored it, the device never hears), delayed, answered with a
//! truncated body or a connection reset half way through, sent to the service twice, or
//! answered with the 5xx a load balancer gives, before or after the service saw it.

use insideout_tests::faults::Random;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    Pass,
    Delay,
    DropBefore,
    DropAfter,
    Truncate,
    Reset,
    Duplicate,
    ErrorBefore,
    ErrorAfter,
}

const FAULTS: [Fault; 8] = [
    Fault::Delay,
    Fault::DropBefore,
    Fault::DropAfter,
    Fault::Truncate,
    Fault::Reset,
    Fault::Duplicate,
    Fault::ErrorBefore,
    Fault::ErrorAfter,
];

#[derive(Debug)]
struct Plan {
    random: Random,
    /// Of every 100 requests, how many get a fault.
    percent: u64,
    counts: BTreeMap<Fault, usize>,
}

#[derive(Debug, Clone)]
pub struct Proxy {
    pub url: String,
    plan: Arc<Mutex<Plan>>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (an `http://` address).
    pub async fn start(upstream: &str, random: Random) -> Self {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .parse()
            .expect("a loopback address");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let plan = Arc::new(Mutex::new(Plan {
            random,
            percent: 0,
            counts: BTreeMap::new(),
        }));
        let shared = plan.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let plan = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(client, upstream, plan).await;
                });
            }
        });
        Self { url, plan }
    }

    /// From now on, `percent` of requests get a fault.
    pub fn faults(&self, percent: u64) {
        self.plan.lock().expect("the plan").percent = percent;
    }

    /// How many of each fault were injected, and how many requests passed untouched.
    pub fn counts(&self) -> BTreeMap<Fault, usize> {
        self.plan.lock().expect("the plan").counts.clone()
    }

    fn pick(plan: &Mutex<Plan>) -> (Fault, u64) {
        let mut plan = plan.lock().expect("the plan");
        let roll = plan.random.below(100);
        let fault = if roll < plan.percent {
            FAULTS[plan.random.below(FAULTS.len() as u64) as usize]
        } else {
            Fault::Pass
        };
        let extra = plan.random.draw();
        *plan.counts.entry(fault).or_default() += 1;
        (fault, extra)
    }
}

/// One client connection: requests one after another (keep-alive), each with its fault.
async fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    plan: Arc<Mutex<Plan>>,
) -> std::io::Result<()> {
    let mut pending = Vec::new();
    loop {
        let Some(request) = read_message(&mut client, &mut pending).await? else {
            return Ok(());
        };
        let (fault, extra) = Proxy::pick(&plan);
        match fault {
            Fault::DropBefore => return Ok(()),
            Fault::ErrorBefore => return error(&mut client, 503).await,
            Fault::Delay => tokio::time::sleep(Duration::from_millis(20 + extra % 200)).await,
            _ => {}
        }
        let response = forward(upstream, &request).await?;
        if fault == Fault::Duplicate {
            // The service sees the request a second time; the device gets the first answer.
            forward(upstream, &request).await?;
        }
        match fault {
            Fault::DropAfter => return Ok(()),
            Fault::ErrorAfter => return error(&mut client, 502).await,
            Fault::Truncate | Fault::Reset => {
                let cut = 1 + (extra as usize) % response.len().max(1);
                client
                    .write_all(&response[..cut.min(response.len() - 1)])
                    .await?;
                if fault == Fault::Reset {
                    // Closing with a zero linger sends a reset, not a FIN.
                    #[allow(deprecated, reason = "a zero linger resets at once; it never blocks")]
                    client.set_linger(Some(Duration::ZERO))?;
                }
                return Ok(());
            }
            _ => client.write_all(&response).await?,
        }
    }
}

async fn error(client: &mut TcpStream, status: u16) -> std::io::Result<()> {
    let reason = if status == 502 {
        "Bad Gateway"
    } else {
        "Service Unavailable"
    };
    let body = format!("{status} {reason}");
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    client.write_all(answer.as_bytes()).await
}

/// Sends one request to the service over a connection of its own and reads its answer.
async fn forward(upstream: SocketAddr, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut service = TcpStream::connect(upstream).await?;
    service.write_all(request).await?;
    let mut pending = Vec::new();
    read_message(&mut service, &mut pending)
        .await?
        .ok_or_else(|| std::io::Error::other("the service closed without answering"))
}

/// Reads one HTTP/1.1 message (head and a `content-length` body) from `stream`; `pending`
/// keeps bytes read past its end. None when the peer closed before a new message began.
async fn read_message(
    stream: &mut TcpStream,
    pending: &mut Vec<u8>,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut chunk = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return if pending.is_empty() {
                Ok(None)
            } else {
                Err(std::io::Error::other("closed in the middle of a message"))
            };
        }
        pending.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&pending[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while pending.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("closed in the middle of a body"));
        }
        pending.extend_from_slice(&chunk[..n]);
    }
    let rest = pending.split_off(head_end + length);
    Ok(Some(std::mem::replace(pending, rest)))
}

/// Enrols `device` as `person` with the service behind `proxy`, and has it approved.
pub(crate) async fn enrol_through(
    proxy: &Proxy,
    org: &crate::harness::Org,
    device: &crate::harness::Device,
    person: &str,
) {
    let code = org.code(person).await;
    device
        .engine
        .enrol(&device.access(), &proxy.url, &code, &org.org.fingerprint())
        .await
        .expect("enrolled through the proxy");
    org.approve(device).await;
}
