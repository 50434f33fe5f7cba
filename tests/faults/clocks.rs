//! Device clocks a day ahead and a day behind while two devices edit the same records: no
//! update is lost, and the conflict log says truthfully which value was kept and which was not.

use crate::harness::{Device, Org, settle, young_person_input};

/// Sets a device's clock `hours` away from now; its person unlocks it again (the idle lock has
/// closed the app by then).
fn clock_off_by(device: &Device, hours: i64) {
    device
        .clock
        .set(chrono::Utc::now().fixed_offset() + chrono::TimeDelta::hours(hours));
    device
        .with(|app| {
            app.lock();
            app.unlock(insideout_app::testkit::PASSPHRASE).map(|_| ())
        })
        .expect("unlocked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_a_day_apart_editing_the_same_records_lose_nothing_and_log_the_truth() {
    let org = Org::start().await;
    let phone = Device::new("Alex");
    let laptop = Device::new("Alex");
    let sup = Device::new("Sam");
    for (d, person) in [(&phone, "coach-1"), (&laptop, "coach-1"), (&sup, "sup-1")] {
        d.enrol(&org, person).await;
        org.approve(d).await;
    }
    let jay = phone.add_young_person("Jay");
    let session = phone.record_session(&jay, "2026-11-20T18:00", "2026-11-20T19:00");
    phone.draft(&session, "p-0", "Climbing wall.");
    settle(&[&phone, &laptop, &sup]).await;

    // The phone's clock runs a day ahead, the laptop's a day behind; both change Jay's local
    // authority and the note, each unaware of the other.
    clock_off_by(&phone, 24);
    clock_off_by(&laptop, -24);
    for (device, authority, note) in [
        (&phone, "Suffolk", "Climbing wall; Jay led."),
        (&laptop, "Norfolk", "Climbing wall; Jay belayed."),
    ] {
        device
            .with(|app| {
                app.update_young_person(
                    &jay,
                    insideout_app::dto::YoungPersonInput {
                        local_authority: authority.into(),
                        ..young_person_input("Jay")
                    },
                )
            })
            .expect("edited");
        device.draft(&session, &format!("{authority}-sitting"), note);
    }
    // The service refuses what the phone stamped a day ahead, and tells it to set its clock;
    // nothing is lost: its changes wait.
    let refused = phone.try_sync().await.expect_err("a day ahead");
    assert_eq!(refused.code(), "clock_ahead", "{refused}");
    let waiting = phone.with(|app| app.sync_status()).expect("status").waiting;
    assert!(waiting >= 2, "the phone's changes wait: {waiting}");
    settle(&[&laptop, &sup]).await;
    // The phone's clock is put right: what it wrote a day ahead is stamped anew and sent at
    // once, not a day later.
    clock_off_by(&phone, 0);
    phone.sync().await;
    settle(&[&phone, &laptop, &sup, &phone, &laptop, &sup]).await;

    let tables = phone.tables();
    assert_eq!(laptop.tables(), tables, "the laptop differs from the phone");
    assert_eq!(
        sup.tables(),
        tables,
        "the supervisor differs from the phone"
    );
    for device in [&phone, &laptop, &sup] {
        let detail = device.with(|app| app.young_person(&jay)).expect("Jay");
        let kept = detail.profile.local_authority.clone();
        let conflict = detail
            .conflicts
            .iter()
            .find(|c| c.what.to_lowercase().contains("local authority"))
            .unwrap_or_else(|| panic!("no conflict logged: {:?}", detail.conflicts));
        // The log names the value kept (what the record shows) and the other one: both edits
        // are there, whichever clock won.
        assert_eq!(conflict.kept, kept, "{conflict:?}");
        // The phone's edit, stamped anew at the right time, is the later one.
        assert_eq!(kept, "Suffolk", "{conflict:?}");
        let written = chrono::DateTime::parse_from_rfc3339(&conflict.written_at).expect("a time");
        let off = (written.timestamp_millis() - chrono::Utc::now().timestamp_millis()).abs();
        assert!(
            off < 10 * 60 * 1000,
            "the kept value is dated {written}, not now"
        );
        let mut both = [conflict.kept.clone(), conflict.other.clone()];
        both.sort();
        assert_eq!(both, ["Norfolk", "Suffolk"], "{conflict:?}");
        // The note: neither draft is lost; one is shown, the other offered beside it.
        let s = device
            .with(|app| app.session(&session))
            .expect("the session");
        let mut texts: Vec<String> = std::iter::once(s.note.what_happened.clone())
            .chain(
                s.other_versions
                    .iter()
                    .map(|v| v.note.what_happened.clone()),
            )
            .collect();
        texts.sort();
        assert_eq!(
            texts,
            ["Climbing wall; Jay belayed.", "Climbing wall; Jay led."],
            "{s:?}"
        );
        let status = device.with(|app| app.sync_status()).expect("status");
        assert_eq!((status.waiting, status.quarantined), (0, 0), "{status:?}");
    }
    crate::report(
        "clocks a day apart",
        &[
            ("devices", 3),
            ("skew hours", 48),
            ("pushes refused as a day ahead", 1),
            ("lost", 0),
            ("conflicts logged", 1),
        ],
    );
}
