use insideout_crypto::DatabaseKey;
use insideout_domain::Field;
use insideout_domain::text::Line;
use insideout_store::{Durability, Store, StoreError};
use std::path::Path;

fn name() -> Line {
    Line::parse(Field::CoachName, "a name", "Alex Coach").unwrap()
}

fn new_store(path: &Path) -> DatabaseKey {
    let key = DatabaseKey::generate().unwrap();
    Store::create(path, &key, name(), 1_700_000_000_000).unwrap();
    key
}

fn assert_refused_untouched(path: &Path, key: &DatabaseKey, expected: fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path, key, Durability::Full).unwrap_err();
    assert!(expected(&err), "unexpected error: {err:?}");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
}

#[test]
fn a_store_reopens_with_its_key_and_keeps_its_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coach.db");
    let key = new_store(&path);
    let store = Store::open(&path, &key, Durability::Full).unwrap();
    assert_eq!(store.person_name().unwrap(), "Alex Coach");
    let keys = store.device_keys().unwrap();
    assert!(keys.age_recipient().starts_with("age1"));
    drop(store);
    let again = Store::open(&path, &key, Durability::Full).unwrap();
    assert_eq!(
        again.device_keys().unwrap().age_recipient(),
        keys.age_recipient()
    );
}

#[test]
fn the_file_is_encrypted_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coach.db");
    let key = new_store(&path);
    drop(key);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Alex Coach"));
    assert!(!text.contains("CREATE TABLE"));
}

#[test]
fn another_key_is_refused_and_the_file_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coach.db");
    new_store(&path);
    let other = DatabaseKey::generate().unwrap();
    assert_refused_untouched(&path, &other, |e| matches!(e, StoreError::NotOurFile));
}

#[test]
fn random_bytes_and_plain_sqlite_are_not_ours() {
    let dir = tempfile::tempdir().unwrap();
    let key = DatabaseKey::generate().unwrap();
    let random = dir.path().join("random.db");
    std::fs::write(
        &random,
        (0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_refused_untouched(&random, &key, |e| matches!(e, StoreError::NotOurFile));

    let plain = dir.path().join("plain.db");
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert_refused_untouched(&plain, &key, |e| matches!(e, StoreError::NotOurFile));

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_untouched(&empty, &key, |e| matches!(e, StoreError::NotOurFile));
}

#[test]
fn a_damaged_page_is_refused_and_the_file_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coach.db");
    let key = new_store(&path);
    // Checkpoint the WAL into the main file, then damage a byte of the second page.
    let store = Store::open(&path, &key, Durability::Full).unwrap();
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.len() > 8192,
        "expected several pages, got {}",
        bytes.len()
    );
    bytes[4096 + 100] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_untouched(&path, &key, |e| matches!(e, StoreError::Damaged));
}

#[test]
fn a_missing_file_is_reported_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let key = DatabaseKey::generate().unwrap();
    assert!(matches!(
        Store::open(&dir.path().join("none.db"), &key, Durability::Full),
        Err(StoreError::Missing)
    ));
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coach.db");
    std::fs::write(&path, b"something precious").unwrap();
    let key = DatabaseKey::generate().unwrap();
    assert!(matches!(
        Store::create(&path, &key, name(), 1),
        Err(StoreError::AlreadyExists)
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"something precious");
}
