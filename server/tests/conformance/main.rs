//! One conformance suite for every `Database` implementation: SQLite and PostgreSQL run the
//! same cases, each on a fresh database. PostgreSQL is a throwaway cluster started here.

mod cases;

use insideout_server::db::Database;
use insideout_server::db::postgres::PostgresDb;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::local_postgres::LocalPostgres;
use std::future::Future;
use std::pin::Pin;

pub type Case<D> = (
    &'static str,
    fn(D, Vec<D>) -> Pin<Box<dyn Future<Output = ()> + Send>>,
);

/// Runs every case with a fresh store from `fresh` (and, for cases that want them, more
/// handles on the same store: a second service instance).
async fn run_all<D: Database + Clone, F, Fut>(backend: &str, mut fresh: F)
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = (D, Vec<D>)>,
{
    for (i, (name, case)) in cases::all::<D>().into_iter().enumerate() {
        let (db, others) = fresh(i).await;
        db.migrate().await.unwrap();
        eprintln!("{backend}: {name}");
        case(db, others).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_conforms() {
    let dir = tempfile::tempdir().unwrap();
    run_all::<SqliteDb, _, _>("sqlite", |i| {
        let path = dir.path().join(format!("case-{i}.db"));
        async move {
            let db = SqliteDb::open(&path).unwrap();
            (db.clone(), vec![SqliteDb::open(&path).unwrap()])
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_conforms() {
    let pg = LocalPostgres::start().expect("start a throwaway PostgreSQL");
    let pg = &pg;
    run_all::<PostgresDb, _, _>("postgres", |i| async move {
        let url = pg.create_database(&format!("case_{i}")).await.unwrap();
        // A second pool on the same database stands for a second service instance.
        (
            PostgresDb::connect(&url, 8).unwrap(),
            vec![PostgresDb::connect(&url, 8).unwrap()],
        )
    })
    .await;
}

/// A PostgreSQL that accepts only TLS: the service connects with `sslmode=require`, trusting the
/// cluster's certificate, and the whole suite runs over that connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_over_required_tls_conforms() {
    let pg = LocalPostgres::start_with_tls().expect("start a throwaway PostgreSQL with TLS");
    let pg = &pg;
    let url = pg.create_database("tls_check").await.unwrap();
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
    run_all::<PostgresDb, _, _>("postgres over TLS", |i| async move {
        let url = pg.create_database(&format!("tls_case_{i}")).await.unwrap();
        (
            PostgresDb::connect(&url, 8).unwrap(),
            vec![PostgresDb::connect(&url, 8).unwrap()],
        )
    })
    .await;
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
