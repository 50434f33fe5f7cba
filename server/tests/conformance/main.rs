//! One conformance suite for every `Database` implementation: SQLite and PostgreSQL run the
//! same cases, each on a fresh database. PostgreSQL is a throwaway cluster started here.

mod cases;

use insideout_server::db::Database;
use insideout_server::db::postgres::PostgresDb;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::local_postgres::LocalPostgres;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

/// One case, on a store and on more handles to the same store (a second service instance).
type Case<D> = fn(D, Vec<D>) -> BoxCase;

/// One throwaway cluster for every PostgreSQL case of this test binary, and one that accepts
/// only TLS; each case gets a database of its own. Never dropped: each cluster's watchdog stops
/// it once the test binary has exited.
fn cluster(tls: bool) -> &'static LocalPostgres {
    static PLAIN: OnceLock<LocalPostgres> = OnceLock::new();
    static TLS: OnceLock<LocalPostgres> = OnceLock::new();
    if tls {
        TLS.get_or_init(|| LocalPostgres::start_with_tls().expect("start a PostgreSQL with TLS"))
    } else {
        PLAIN.get_or_init(|| LocalPostgres::start().expect("start a throwaway PostgreSQL"))
    }
}

async fn on_sqlite(case: Case<SqliteDb>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("service.db");
    let db = SqliteDb::open(&path).unwrap();
    db.migrate().await.unwrap();
    case(db, vec![SqliteDb::open(&path).unwrap()]).await;
}

async fn on_postgres(name: &str, tls: bool, case: Case<PostgresDb>) {
    let pg = cluster(tls);
    let url = pg.create_database(name).await.unwrap();
    assert_eq!(url.contains("sslmode=require"), tls, "{url}");
    // A second pool on the same database stands for a second service instance.
    let db = PostgresDb::connect(&url, 8).unwrap();
    db.migrate().await.unwrap();
    case(db, vec![PostgresDb::connect(&url, 8).unwrap()]).await;
}

/// The cases as tests of module `$module`, on PostgreSQL with TLS required or not.
macro_rules! postgres_cases {
    ($module:ident, $tls:expr, $($case:ident),*) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    crate::on_postgres(stringify!($case), $tls, |db, others| {
                        Box::pin(crate::cases::$case(db, others))
                    })
                    .await;
                }
            )*
        }
    };
}

/// Each case as a test of its own on each backend: `sqlite::<case>`, `postgres::<case>` and
/// `postgres_over_tls::<case>`, so one can be run alone and one failure hides no other.
macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    crate::on_sqlite(|db, others| Box::pin(crate::cases::$case(db, others))).await;
                }
            )*
        }
        postgres_cases!(postgres, false, $($case),*);
        // The service connects with `sslmode=require`, trusting the cluster's certificate.
        postgres_cases!(postgres_over_tls, true, $($case),*);
    };
}

conformance![
    the_organisation_is_initialised_once,
    teams_and_people_are_checked,
    enrolment_codes_are_single_use_and_expire,
    pushes_are_dense_idempotent_and_refuse_replays,
    only_members_write_and_read_a_scope,
    key_epochs_move_forward_only,
    a_revoked_device_stays_revoked,
    pulls_page_with_safeguarding_first,
    concurrent_writers_never_make_a_reader_skip,
    directory_records_are_kept_once_in_order,
];

/// The TLS cluster's connections really are encrypted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_to_the_tls_only_postgres_is_encrypted() {
    let url = cluster(true).create_database("tls_check").await.unwrap();
    assert!(url.contains("sslmode=require"), "{url}");
    let client = insideout_server::db::postgres::connect_once(&url)
        .await
        .unwrap();
    let row = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    assert!(row.get::<_, bool>(0), "the connection is encrypted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plaintext_connection_to_a_tls_only_postgres_is_refused() {
    let pg = LocalPostgres::start_with_tls().expect("start a throwaway PostgreSQL with TLS");
    let plain = pg.plain_url("postgres");
    assert!(
        insideout_server::db::postgres::connect_once(&plain)
            .await
            .is_err(),
        "a plaintext connection was let in"
    );
    // The same cluster lets the same user in over TLS: it was the plaintext that was refused.
    insideout_server::db::postgres::connect_once(&pg.url("postgres"))
        .await
        .unwrap();
    // Nor does the pool get anywhere without TLS.
    let db = PostgresDb::connect(&plain, 2).unwrap();
    assert!(db.migrate().await.is_err());
    // A certificate nobody trusts is refused too: TLS is required, and so is the right server.
    let stranger = tempfile::NamedTempFile::new().unwrap();
    let other = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    std::fs::write(stranger.path(), other.cert.pem()).unwrap();
    let untrusted = format!(
        "postgres://postgres@127.0.0.1:{}/postgres?sslmode=require&sslrootcert={}",
        pg.port(),
        stranger.path().display()
    );
    assert!(
        insideout_server::db::postgres::connect_once(&untrusted)
            .await
            .is_err()
    );
}

pub type BoxCase = Pin<Box<dyn Future<Output = ()> + Send>>;
