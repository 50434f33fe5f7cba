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

pub type BoxCase = Pin<Box<dyn Future<Output = ()> + Send>>;
