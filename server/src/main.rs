//! `insideout-server`: the central service and its administration, in one binary.
//!
//! ```text
//! insideout-server recovery-identity --out recovery.txt
//! insideout-server init --recovery-recipient age1…
//! insideout-server team add north
//! insideout-server person add --team north --role coach coach-07
//! insideout-server enrolment-code coach-07 [--service https://sync.example.org]
//! insideout-server serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem
//! insideout-server serve --listen 0.0.0.0:8080 --behind-tls-proxy   # a proxy ends TLS
//! ```
//! `--database` (or `INSIDEOUT_DATABASE`) is a file path for SQLite (the default,
//! `insideout-server.db`) or a `postgres://` URL.

use clap::{Parser, Subcommand};
use insideout_crypto::RecoveryIdentity;
use insideout_server::admin;
use insideout_server::api::{Config, Service, system_clock};
use insideout_server::db::Database;
use insideout_server::db::postgres::PostgresDb;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::serve::{TlsFiles, Transport, check_transport, serve};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "insideout-server",
    version,
    about = "The Inside Out Coach central service"
)]
struct Cli {
    /// A SQLite file path, or a postgres:// URL.
    #[arg(
        long,
        env = "INSIDEOUT_DATABASE",
        default_value = "insideout-server.db",
        global = true
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the service.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// PEM certificate chain; with --tls-key, serve HTTPS.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Serve plain HTTP on a non-loopback address because a TLS proxy in front of the
        /// service ends TLS. Without it (or a certificate) only loopback addresses are served.
        #[arg(long, conflicts_with = "tls_cert")]
        behind_tls_proxy: bool,
        /// Requests a second allowed per device.
        #[arg(long, default_value_t = Config::default().requests_per_second)]
        requests_per_second: u32,
    },
    /// Make the organisation's recovery identity: write it to a file kept offline, print its
    /// recipient for `init`.
    RecoveryIdentity {
        #[arg(long)]
        out: PathBuf,
    },
    /// Make the organisation's signing key: write it to a file kept offline (beside the
    /// recovery identity), print its fingerprint for every enrolment.
    OrgKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Initialise the organisation (once): the recovery recipient, signed with the organisation
    /// key; the service keeps only the key's public half.
    Init {
        #[arg(long)]
        recovery_recipient: String,
        #[arg(long)]
        org_key: PathBuf,
    },
    /// Teams of coaches and supervisors.
    Team {
        #[command(subcommand)]
        command: TeamCommand,
    },
    /// People, by pseudonymous label, with the role coach or supervisor.
    Person {
        #[command(subcommand)]
        command: PersonCommand,
    },
    /// A single-use enrolment code for a person's new device.
    EnrolmentCode {
        person: String,
        #[arg(long, default_value_t = 72)]
        valid_hours: u32,
        /// The service's address as devices reach it: also print the connection link (address,
        /// fingerprint and this code) to hand over or show as a QR code.
        #[arg(long)]
        service: Option<String>,
    },
    /// Devices: list, approve, revoke.
    Devices {
        #[command(subcommand)]
        command: DeviceCommand,
    },
    /// Decrypt a scope's full history with the recovery identity, as JSON lines.
    Export {
        /// case:<id> or own:<id>
        #[arg(long)]
        scope: String,
        #[arg(long)]
        identity: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum TeamCommand {
    Add { label: String },
    List,
}

#[derive(Debug, Subcommand)]
enum PersonCommand {
    /// Add a person, signed into the directory with the organisation key.
    Add {
        #[arg(long)]
        team: String,
        #[arg(long)]
        role: String,
        label: String,
        #[arg(long)]
        org_key: PathBuf,
        /// For a supervisor: how many days they may approve devices for (default: no end).
        #[arg(long)]
        valid_days: Option<u32>,
    },
    List,
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    List,
    /// The code a device shows on its own screen, from the keys the service holds for it.
    Code {
        id: String,
    },
    /// Approve a device with the organisation key, after comparing the code its screen shows.
    Approve {
        id: String,
        /// The code shown on the device's own screen.
        #[arg(long)]
        code: String,
        #[arg(long)]
        org_key: PathBuf,
    },
    /// Revoke a device with the organisation key.
    Revoke {
        id: String,
        #[arg(long)]
        org_key: PathBuf,
    },
}

fn read_org_key(path: &std::path::Path) -> Result<insideout_crypto::OrgKey, String> {
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    );
    insideout_crypto::OrgKey::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a secret file readable by its owner only.
fn write_secret(path: &std::path::Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} exists already; it is left untouched",
            path.display()
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "insideout_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result =
        if cli.database.starts_with("postgres://") || cli.database.starts_with("postgresql://") {
            match PostgresDb::connect(&cli.database, 16) {
                Ok(db) => run(db, cli.command).await,
                Err(e) => Err(e.to_string()),
            }
        } else {
            match SqliteDb::open(std::path::Path::new(&cli.database)) {
                Ok(db) => run(db, cli.command).await,
                Err(e) => Err(e.to_string()),
            }
        };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("insideout-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn now_ms() -> u64 {
    system_clock()()
}

#[allow(clippy::print_stdout)]
async fn run<D: Database>(db: D, command: Command) -> Result<(), String> {
    let s = |e: admin::AdminError| e.to_string();
    db.migrate().await.map_err(|e| e.to_string())?;
    match command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            behind_tls_proxy,
            requests_per_second,
        } => {
            if db.org().await.map_err(|e| e.to_string())?.is_none() {
                return Err(
                    "the organisation is not initialised: run `insideout-server init` first".into(),
                );
            }
            let listener = std::net::TcpListener::bind(&listen)
                .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            let transport = match (tls_cert.zip(tls_key), behind_tls_proxy) {
                (Some((cert, key)), _) => Transport::Tls(TlsFiles { cert, key }),
                (None, true) => Transport::PlainBehindTlsProxy,
                (None, false) => Transport::Plain,
            };
            // Refused before the database is touched further or anything is logged as serving.
            check_transport(
                listener.local_addr().map_err(|e| e.to_string())?,
                &transport,
            )
            .map_err(|e| e.to_string())?;
            tracing::info!(%listen, transport = ?transport, "serving");
            let config = Config {
                requests_per_second,
                ..Config::default()
            };
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            serve(
                Service::new(db, config, system_clock()),
                listener,
                transport,
                shutdown,
            )
            .await
            .map_err(|e| e.to_string())
        }
        Command::RecoveryIdentity { out } => {
            if out.exists() {
                return Err(format!(
                    "{} exists already; it is left untouched",
                    out.display()
                ));
            }
            let identity = RecoveryIdentity::generate();
            // The organisation's master key: readable by its owner only from the moment the
            // file exists, whatever the umask.
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(&out)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            file.write_all(identity.to_secret_text().as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("{}", identity.recipient());
            eprintln!(
                "Wrote the recovery identity to {}. Keep it offline; give `init` the recipient above.",
                out.display()
            );
            Ok(())
        }
        Command::OrgKey { out } => {
            let key = insideout_crypto::OrgKey::generate().map_err(|e| e.to_string())?;
            write_secret(&out, &key.to_secret_text())?;
            println!("{}", key.fingerprint());
            eprintln!(
                "Wrote the organisation key to {}. Keep it offline. Hand the fingerprint above to \
                 everyone with their enrolment code: their device accepts only this organisation.",
                out.display()
            );
            Ok(())
        }
        Command::Init {
            recovery_recipient,
            org_key,
        } => {
            let key = read_org_key(&org_key)?;
            admin::init(&db, &key, &recovery_recipient, now_ms())
                .await
                .map_err(s)?;
            println!(
                "Organisation initialised; fingerprint {}.",
                key.fingerprint()
            );
            Ok(())
        }
        Command::Team {
            command: TeamCommand::Add { label },
        } => {
            let id = admin::add_team(&db, &label, now_ms()).await.map_err(s)?;
            println!("{id}\t{label}");
            Ok(())
        }
        Command::Team {
            command: TeamCommand::List,
        } => {
            for (id, label) in db.teams().await.map_err(|e| e.to_string())? {
                println!("{id}\t{label}");
            }
            Ok(())
        }
        Command::Person {
            command:
                PersonCommand::Add {
                    team,
                    role,
                    label,
                    org_key,
                    valid_days,
                },
        } => {
            let key = read_org_key(&org_key)?;
            let now = now_ms();
            let expires = valid_days.map_or(0, |d| now + u64::from(d) * 86_400_000);
            let p = admin::add_person(&db, &key, &team, &role, &label, expires, now)
                .await
                .map_err(s)?;
            println!("{}\t{}\t{}", p.id, p.role.as_str(), p.label);
            Ok(())
        }
        Command::Person {
            command: PersonCommand::List,
        } => {
            for p in db.people().await.map_err(|e| e.to_string())? {
                println!("{}\t{}\t{}\t{}", p.id, p.team, p.role.as_str(), p.label);
            }
            Ok(())
        }
        Command::EnrolmentCode {
            person,
            valid_hours,
            service,
        } => {
            let p = admin::person_by_label(&db, &person).await.map_err(s)?;
            let code = admin::enrolment_code(&db, p.id, valid_hours, now_ms())
                .await
                .map_err(s)?;
            let org = db
                .org()
                .await
                .map_err(|e| e.to_string())?
                .ok_or("not initialised")?;
            let fingerprint =
                insideout_crypto::fingerprint(&org.org_key).map_err(|e| e.to_string())?;
            println!("{code}");
            eprintln!(
                "Single use, valid for {valid_hours} hours, for {}. Hand it over with the \
                 organisation's fingerprint {fingerprint}, as the key holder published it.",
                p.label
            );
            if let Some(service) = service {
                let link =
                    insideout_protocol::link::enrolment_link(&service, &fingerprint, Some(&code));
                eprintln!(
                    "Connection link (check that its fingerprint is the published one before \
                     handing it over): {link}"
                );
            }
            Ok(())
        }
        Command::Devices {
            command: DeviceCommand::List,
        } => {
            for d in db.devices().await.map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}",
                    d.id,
                    d.person,
                    d.role.as_str(),
                    d.status.as_str()
                );
            }
            Ok(())
        }
        Command::Devices {
            command: DeviceCommand::Code { id },
        } => {
            println!("{}", admin::device_code(&db, &id).await.map_err(s)?);
            Ok(())
        }
        Command::Devices {
            command: DeviceCommand::Approve { id, code, org_key },
        } => {
            let key = read_org_key(&org_key)?;
            admin::approve_device(&db, &key, &id, &code, now_ms())
                .await
                .map_err(s)?;
            println!(
                "Approved {id}. It reads nothing until its owner confirms the organisation's \
                 fingerprint on the device ({}).",
                key.fingerprint()
            );
            Ok(())
        }
        Command::Devices {
            command: DeviceCommand::Revoke { id, org_key },
        } => {
            let key = read_org_key(&org_key)?;
            admin::revoke_device(&db, &key, &id, now_ms())
                .await
                .map_err(s)?;
            println!(
                "Revoked {id}. It hands over its unsent records, sealed, and wipes itself on its next contact."
            );
            Ok(())
        }
        Command::Export { scope, identity } => {
            let text = std::fs::read_to_string(&identity)
                .map_err(|e| format!("cannot read {}: {e}", identity.display()))?;
            let identity = RecoveryIdentity::parse(&text).map_err(|e| e.to_string())?;
            for batch in admin::export(&db, &scope, &identity).await.map_err(s)? {
                println!(
                    "{}",
                    serde_json::to_string(&batch).map_err(|e| e.to_string())?
                );
            }
            Ok(())
        }
    }
}
