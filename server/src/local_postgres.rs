//! A throwaway PostgreSQL cluster on loopback, for the tests and benchmarks that run the service
//! over PostgreSQL: `initdb` in a temporary directory, started with `pg_ctl` on a free port with
//! `fsync=off`, stopped and deleted on drop, or by a watchdog once the process that started it
//! is gone. Run as root, the cluster runs as the `postgres`
//! user (initdb refuses root). [`LocalPostgres::start_with_tls`] starts one that accepts only
//! TLS connections, with a self-signed certificate made here.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug)]
pub struct LocalPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    /// The certificate clients must trust, when the cluster accepts only TLS.
    tls_root: Option<PathBuf>,
}

fn find_bin() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versions.sort();
    versions
        .into_iter()
        .rev()
        .find(|bin| bin.join("initdb").exists())
        .ok_or_else(|| {
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/setup.sh"
                .to_owned()
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn id_of(flag: &str) -> Result<u32, String> {
    let out = Command::new("id")
        .args([flag, "postgres"])
        .output()
        .map_err(|e| e.to_string())?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|_| "no postgres user on this machine".to_owned())
}

impl LocalPostgres {
    /// Creates and starts a cluster. Takes about a second.
    pub fn start() -> Result<Self, String> {
        Self::start_inner(false)
    }

    /// Creates and starts a cluster that refuses every connection over TCP without TLS. Its
    /// URLs carry `sslmode=require` and the certificate to trust.
    pub fn start_with_tls() -> Result<Self, String> {
        Self::start_inner(true)
    }

    fn start_inner(tls: bool) -> Result<Self, String> {
        let bin = find_bin()?;
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("insideout-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        if as_postgres {
            std::os::unix::fs::chown(dir.path(), Some(id_of("-u")?), Some(id_of("-g")?))
                .map_err(|e| format!("chown {}: {e}", dir.path().display()))?;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut pg = Self {
            dir,
            bin,
            port,
            as_postgres,
            tls_root: None,
        };
        let data = pg.data_dir();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=200 -c unix_socket_directories={}",
            pg.dir.path().display()
        );
        if tls {
            pg.tls_root = Some(pg.make_certificate()?);
            options.push_str(" -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key");
        }
        let log = pg.dir.path().join("log").display().to_string();
        pg.run(
            "pg_ctl",
            &[
                "-D", &data, "-o", &options, "-l", &log, "-w", "-t", "30", "start",
            ],
        )?;
        pg.watch()?;
        Ok(pg)
    }

    /// Starts a watchdog that stops the cluster and deletes its folder once this process is
    /// gone, so that a cluster is never left running: not by a test killed with `kill -9`, and
    /// not by one shared for a whole test binary in a static (which is never dropped).
    fn watch(&self) -> Result<(), String> {
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let stop = if self.as_postgres {
            format!("runuser -u postgres -- {}", quote(&pg_ctl))
        } else {
            quote(&pg_ctl)
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             {stop} -D {data} -m immediate -w stop >/dev/null 2>&1; rm -rf {dir}",
            pid = std::process::id(),
            data = quote(&self.data_dir()),
            dir = quote(&self.dir.path().display().to_string()),
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(drop)
            .map_err(|e| format!("watchdog: {e}"))
    }

    /// Writes a self-signed certificate for 127.0.0.1 into the data directory, and a
    /// `pg_hba.conf` that lets TCP clients in only over TLS. Returns the certificate to trust.
    fn make_certificate(&self) -> Result<PathBuf, String> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let certified = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_owned(),
            "localhost".to_owned(),
        ])
        .map_err(|e| format!("certificate: {e}"))?;
        let data = self.dir.path().join("data");
        let cert_pem = certified.cert.pem();
        let write = |name: &str, text: &str, mode: u32| -> Result<(), String> {
            let path = data.join(name);
            let _ = std::fs::remove_file(&path);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            std::io::Write::write_all(&mut file, text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if self.as_postgres {
                std::os::unix::fs::chown(&path, Some(id_of("-u")?), Some(id_of("-g")?))
                    .map_err(|e| format!("chown {}: {e}", path.display()))?;
            }
            Ok(())
        };
        write("server.crt", &cert_pem, 0o644)?;
        // PostgreSQL refuses a key others can read.
        write("server.key", &certified.key_pair.serialize_pem(), 0o600)?;
        write(
            "pg_hba.conf",
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n",
            0o600,
        )?;
        let root = self.dir.path().join("root.pem");
        std::fs::write(&root, cert_pem).map_err(|e| format!("{}: {e}", root.display()))?;
        Ok(root)
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = command
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|e| format!("{tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
            Err(format!(
                "{tool} failed: {}{}\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the cluster as a crash would (an immediate shutdown: no checkpoint, every
    /// connection cut) and starts it again with the options it was started with.
    pub fn restart_immediately(&self) -> Result<(), String> {
        let data = self.data_dir();
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-m",
                "immediate",
                "-l",
                &log,
                "-w",
                "-t",
                "30",
                "restart",
            ],
        )
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The URL of database `name` (the `postgres` database always exists); on a cluster that
    /// accepts only TLS, it requires TLS and names the certificate to trust.
    pub fn url(&self, name: &str) -> String {
        match &self.tls_root {
            Some(root) => format!(
                "postgres://postgres@127.0.0.1:{}/{name}?sslmode=require&sslrootcert={}",
                self.port,
                root.display()
            ),
            None => self.plain_url(name),
        }
    }

    /// The URL of database `name` without TLS.
    pub fn plain_url(&self, name: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{name}?sslmode=disable",
            self.port
        )
    }

    /// Creates an empty database and returns its URL.
    pub async fn create_database(&self, name: &str) -> Result<String, String> {
        let client = crate::db::postgres::connect_once(&self.url("postgres"))
            .await
            .map_err(|e| e.to_string())?;
        client
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .map_err(|e| e.to_string())?;
        Ok(self.url(name))
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}
