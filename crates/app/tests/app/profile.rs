use crate::fixture::*;
use chrono::TimeDelta;
use insideout_app::dto::*;
use insideout_domain::Field;

#[test]
fn first_run_creates_an_unlocked_profile_that_survives_a_restart() {
    let mut f = fresh();
    assert_eq!(f.app.status().state, AppState::NoProfile);
    let status = f
        .app
        .create_profile(CreateProfileInput {
            coach_name: " Alex Coach ".into(),
            passphrase: PASSPHRASE.into(),
            passphrase_confirm: PASSPHRASE.into(),
        })
        .unwrap();
    assert_eq!(status.state, AppState::Unlocked);
    assert_eq!(status.coach_name.as_deref(), Some("Alex Coach"));
    f.restart();
    assert_eq!(f.app.status().state, AppState::Locked);
    assert_eq!(
        f.app.unlock(PASSPHRASE).unwrap().coach_name.as_deref(),
        Some("Alex Coach")
    );
}

#[test]
fn a_short_or_mistyped_passphrase_is_refused_and_nothing_is_created() {
    let mut f = fresh();
    let input = |p: &str, c: &str| CreateProfileInput {
        coach_name: "Alex".into(),
        passphrase: p.into(),
        passphrase_confirm: c.into(),
    };
    let err = f.app.create_profile(input("short", "short")).unwrap_err();
    assert_eq!(
        (err.code().as_str(), err.field()),
        ("invalid_input", Some(Field::Passphrase))
    );
    let err = f
        .app
        .create_profile(input(PASSPHRASE, "a long walk by the see"))
        .unwrap_err();
    assert_eq!(err.field(), Some(Field::PassphraseConfirm));
    let err = f
        .app
        .create_profile(CreateProfileInput {
            coach_name: "  ".into(),
            ..input(PASSPHRASE, PASSPHRASE)
        })
        .unwrap_err();
    assert_eq!(err.field(), Some(Field::CoachName));
    assert_eq!(
        std::fs::read_dir(f.dir.path()).unwrap().count(),
        0,
        "a refused profile left files behind"
    );
    assert_eq!(f.app.status().state, AppState::NoProfile);
}

#[test]
fn a_second_profile_is_refused() {
    let mut f = unlocked();
    f.app.lock();
    let err = f
        .app
        .create_profile(CreateProfileInput {
            coach_name: "Mallory".into(),
            passphrase: PASSPHRASE.into(),
            passphrase_confirm: PASSPHRASE.into(),
        })
        .unwrap_err();
    assert_eq!(err.code(), "profile_exists");
    assert_eq!(
        f.app.unlock(PASSPHRASE).unwrap().coach_name.as_deref(),
        Some("Alex Coach")
    );
}

#[test]
fn wrong_passphrases_are_refused_with_a_growing_delay() {
    let mut f = unlocked();
    f.app.lock();
    for left in [2, 1] {
        let err = f.app.unlock("not the passphrase").unwrap_err();
        assert_eq!(
            (err.code().as_str(), err.field()),
            ("wrong_passphrase", Some(Field::Passphrase))
        );
        assert!(err.to_string().contains(&format!("{left} more")), "{err}");
    }
    let err = f.app.unlock("not the passphrase").unwrap_err();
    assert!(err.to_string().contains("wait 5 seconds"), "{err}");
    // Even the right passphrase waits until the delay is over, and the delay survives a restart.
    f.restart();
    let err = f.app.unlock(PASSPHRASE).unwrap_err();
    assert_eq!(err.code(), "too_many_attempts");
    assert_eq!(f.app.status().retry_after_seconds, Some(5));
    f.clock.advance(TimeDelta::seconds(5));
    let err = f.app.unlock("still not it").unwrap_err();
    assert!(err.to_string().contains("wait 10 seconds"), "{err}");
    f.clock.advance(TimeDelta::seconds(10));
    assert_eq!(f.app.unlock(PASSPHRASE).unwrap().state, AppState::Unlocked);
    // Success resets the count.
    f.app.lock();
    let err = f.app.unlock("wrong again").unwrap_err();
    assert!(err.to_string().contains("2 more"), "{err}");
}

#[test]
fn locked_use_cases_are_refused() {
    let mut f = unlocked();
    f.app.lock();
    for err in [
        f.app.caseload().unwrap_err(),
        f.app.search("x").unwrap_err(),
    ] {
        assert_eq!(err.code(), "locked");
    }
}

#[test]
fn the_app_locks_itself_after_five_idle_minutes_and_keeps_saved_drafts() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay");
    let s = f.record_session(&yp.profile.id, "2025-11-23T18:00", "2025-11-23T20:00");
    f.app
        .save_draft(&s.id, "sitting-1", note("We met at the park"))
        .unwrap();
    f.clock.advance(TimeDelta::minutes(4));
    f.app.touch();
    f.clock.advance(TimeDelta::minutes(4));
    assert!(!f.app.lock_if_idle(), "locked although used 4 minutes ago");
    f.clock.advance(TimeDelta::minutes(1));
    assert!(f.app.lock_if_idle());
    assert_eq!(f.app.status().state, AppState::Locked);
    f.app.unlock(PASSPHRASE).unwrap();
    assert_eq!(
        f.app.session(&s.id).unwrap().note.what_happened,
        "We met at the park"
    );
}

#[test]
fn a_use_case_after_the_idle_time_finds_the_app_locked() {
    let mut f = unlocked();
    f.clock.advance(TimeDelta::minutes(6));
    assert_eq!(f.app.caseload().unwrap_err().code(), "locked");
}

#[test]
fn changing_the_passphrase_rewraps_the_key_only() {
    let mut f = unlocked();
    f.add_young_person("Jay");
    let db = f.dir.path().join("coach.db");
    f.app
        .store_for_inspection()
        .unwrap()
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let db_before = std::fs::read(&db).unwrap();
    let key_before = std::fs::read(f.dir.path().join("key.age")).unwrap();

    let input = |current: &str, new: &str, confirm: &str| ChangePassphraseInput {
        current: current.into(),
        new_passphrase: new.into(),
        confirm: confirm.into(),
    };
    assert_eq!(
        f.app
            .change_passphrase(input(
                "wrong one here",
                "a new long passphrase",
                "a new long passphrase"
            ))
            .unwrap_err()
            .field(),
        Some(Field::Current)
    );
    assert_eq!(
        f.app
            .change_passphrase(input(PASSPHRASE, "short", "short"))
            .unwrap_err()
            .field(),
        Some(Field::NewPassphrase)
    );
    assert_eq!(
        f.app
            .change_passphrase(input(
                PASSPHRASE,
                "a new long passphrase",
                "a new long passphrasE"
            ))
            .unwrap_err()
            .field(),
        Some(Field::Confirm)
    );
    assert_eq!(
        std::fs::read(f.dir.path().join("key.age")).unwrap(),
        key_before,
        "a refused change touched the key file"
    );

    f.app
        .change_passphrase(input(
            PASSPHRASE,
            "a new long passphrase",
            "a new long passphrase",
        ))
        .unwrap();
    assert_ne!(
        std::fs::read(f.dir.path().join("key.age")).unwrap(),
        key_before
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        db_before,
        "the database was re-encrypted"
    );
    f.app.lock();
    assert_eq!(
        f.app.unlock(PASSPHRASE).unwrap_err().code(),
        "wrong_passphrase"
    );
    f.app.unlock("a new long passphrase").unwrap();
    assert_eq!(f.app.caseload().unwrap().young_people.len(), 1);
}

#[test]
fn a_damaged_store_is_reported_and_left_untouched() {
    let mut f = unlocked();
    f.add_young_person("Jay");
    f.app
        .store_for_inspection()
        .unwrap()
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    f.app.lock();
    let db = f.dir.path().join("coach.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5A;
    std::fs::write(&db, &bytes).unwrap();
    let err = f.app.unlock(PASSPHRASE).unwrap_err();
    assert_eq!(err.code(), "damaged_store");
    assert!(err.to_string().contains("left untouched"));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn files_that_are_not_ours_are_reported_and_left_untouched() {
    let mut f = unlocked();
    f.app.lock();
    let key = f.dir.path().join("key.age");
    std::fs::write(&key, b"just some text, not an age file").unwrap();
    assert_eq!(f.app.unlock(PASSPHRASE).unwrap_err().code(), "not_our_file");
    assert_eq!(
        std::fs::read(&key).unwrap(),
        b"just some text, not an age file"
    );

    let mut g = unlocked();
    g.app.lock();
    let db = g.dir.path().join("coach.db");
    std::fs::write(&db, b"SQLite format 3\0 and then whatever").unwrap();
    assert_eq!(g.app.unlock(PASSPHRASE).unwrap_err().code(), "not_our_file");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"SQLite format 3\0 and then whatever"
    );
}

#[cfg(unix)]
#[test]
fn the_key_the_attempts_and_the_data_folder_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    // A data folder the app makes itself, below one that exists.
    let data = root.path().join("profile");
    let mode = |name: &str| {
        let path = data.join(name);
        std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let clock = std::sync::Arc::new(insideout_app::ManualClock::new(now()));
    let mut app = insideout_app::App::new(config(&data), clock);
    app.create_profile(CreateProfileInput {
        coach_name: "Alex Coach".into(),
        passphrase: PASSPHRASE.into(),
        passphrase_confirm: PASSPHRASE.into(),
    })
    .unwrap();
    assert_eq!(mode(""), 0o700, "the data folder");
    assert_eq!(mode("key.age"), 0o600);
    app.lock();
    let _ = app.unlock("not the passphrase").unwrap_err();
    assert_eq!(mode("unlock-attempts.json"), 0o600);
    app.unlock(PASSPHRASE).unwrap();
    app.change_passphrase(ChangePassphraseInput {
        current: PASSPHRASE.into(),
        new_passphrase: "a different long passphrase".into(),
        confirm: "a different long passphrase".into(),
    })
    .unwrap();
    assert_eq!(mode("key.age"), 0o600, "after the passphrase changed");
}
