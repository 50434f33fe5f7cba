//! A full disk during a save and during a pull: a clear error, nothing half-written, and work
//! goes on once there is room. The store is filled by capping the pages SQLite may use on the
//! open connection (`max_page_count`), which fails writes with the same SQLITE_FULL a full
//! device gives.

use crate::harness::{Device, Org, settle};
use insideout_app::testkit::note;

/// Caps the store's size at what it holds now (plus `spare` pages), or lifts the cap.
fn cap(device: &Device, spare: Option<i64>) {
    device.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let conn = store.connection();
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let limit = spare.map_or(1_073_741_823, |s| pages + s);
        let _: i64 = conn
            .query_row(&format!("PRAGMA max_page_count = {limit}"), [], |r| {
                r.get(0)
            })
            .unwrap();
    });
}

/// The tables are what the op log gives, and SQLite finds the file intact.
fn assert_whole(device: &Device) {
    device.with(|app| {
        let store = app.store_for_inspection().unwrap();
        let integrity: String = store
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let tables = store.dump_tables().unwrap();
        store.rebuild().unwrap();
        assert_eq!(
            store.dump_tables().unwrap(),
            tables,
            "something was half-written"
        );
    });
}

/// A long note, different for each `n`, that does not compress away.
fn long_text(n: usize) -> String {
    (0..2500)
        .map(|i| format!("{} ", (i * 7919 + n * 104_729) % 1_000_003))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_during_a_save_and_a_pull_is_named_loses_nothing_and_work_goes_on() {
    let org = Org::start().await;
    let phone = Device::new("Alex");
    let sup = Device::new("Sam");
    phone.enrol(&org, "coach-1").await;
    sup.enrol(&org, "sup-1").await;
    org.approve(&phone).await;
    org.approve(&sup).await;
    let jay = phone.add_young_person("Jay");
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&session, "p-1", "Climbing wall.");
    settle(&[&phone, &sup]).await;

    // A save on a full device: refused in words a coach can act on; what was saved stays.
    cap(&phone, Some(40));
    let mut refusals = 0;
    let mut saved = Vec::new();
    for n in 0..40 {
        let start = format!("2026-11-{:02}T10:00", 1 + n % 18);
        let end = format!("2026-11-{:02}T11:00", 1 + n % 18);
        let result = phone.with(|app| {
            let s =
                app.record_session(insideout_app::testkit::session_input(&jay, &start, &end))?;
            app.save_draft(&s.id, "full", note(&long_text(n)))?;
            Ok::<_, insideout_app::AppError>(s.id)
        });
        match result {
            Ok(id) => saved.push((id, n)),
            Err(e) => {
                let dto = insideout_app::dto::ErrorDto::from(e);
                assert!(dto.message.contains("this device is full"), "{dto:?}");
                refusals += 1;
                break;
            }
        }
    }
    assert_eq!(refusals, 1, "the capped store never filled up");
    assert_whole(&phone);
    assert_eq!(
        phone
            .with(|app| app.session(&session))
            .unwrap()
            .note
            .what_happened,
        "Climbing wall."
    );
    // Room again: the save goes through.
    cap(&phone, None);
    let again = phone.record_session(&jay, "2026-11-30T10:00", "2026-11-30T11:00");
    phone.draft(&again, "room", &long_text(99));
    saved.push((again, 99));
    for (id, n) in &saved {
        assert_eq!(
            phone
                .with(|app| app.session(id))
                .unwrap()
                .note
                .what_happened,
            long_text(*n)
        );
    }

    // A pull on a full device: the sync fails with the same words, the page and its cursor
    // are not half-stored, and the next sync with room brings everything.
    phone.sync().await;
    let before = sup.tables();
    cap(&sup, Some(2));
    let failed = sup.try_sync().await.expect_err("the pull cannot fit");
    assert!(
        failed.to_string().contains("this device is full"),
        "{failed}"
    );
    assert_eq!(sup.tables(), before, "a page was half-stored");
    assert_whole(&sup);
    cap(&sup, None);
    settle(&[&phone, &sup]).await;
    assert_eq!(
        sup.tables(),
        phone.tables(),
        "the supervisor caught up once there was room"
    );
    crate::report(
        "full disk",
        &[
            ("saves refused", refusals),
            ("pulls refused", 1),
            ("sessions checked", saved.len()),
            ("lost", 0),
            ("half-written", 0),
        ],
    );
}
