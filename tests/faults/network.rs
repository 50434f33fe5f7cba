//! Devices syncing through the fault-injecting proxy: every change arrives once, whatever the
//! network did to the requests that carried it.

use crate::harness::{Device, Org, settle};
use crate::proxy::{Fault, Proxy, enrol_through};
use insideout_tests::faults::{Random, note_text, runs, session_times};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_a_network_that_drops_truncates_resets_duplicates_and_fails_everything_arrives_once()
 {
    let rounds = runs("FAULT_NETWORK_ROUNDS", 30);
    let org = Org::start().await;
    let proxy = Proxy::start(&org.url, Random::from_env("faulty network")).await;
    let phone = Device::new("Alex");
    let laptop = Device::new("Alex");
    let sup = Device::new("Sam");
    enrol_through(&proxy, &org, &phone, "coach-1").await;
    enrol_through(&proxy, &org, &laptop, "coach-1").await;
    enrol_through(&proxy, &org, &sup, "sup-1").await;
    let jay = phone.add_young_person("Jay");
    settle(&[&phone, &laptop, &sup]).await;

    proxy.faults(40);
    let mut recorded = Vec::new();
    let mut failed_syncs = 0;
    for round in 0..rounds {
        let index = round as u32;
        // The phone and the laptop each record a session; the supervisor comments on one.
        for (device, offset) in [(&phone, 0), (&laptop, 5000)] {
            let (start, end) = session_times(index + offset);
            let id = device.record_session(&jay, &start, &end);
            device.draft(&id, "n", &note_text(index + offset));
            device
                .with(|app| app.finalise(&id).map(|_| ()))
                .expect("finalised");
            recorded.push(id);
        }
        if let Some(first) = recorded.first()
            && round % 5 == 4
        {
            let _ = sup.with(|app| app.add_comment(first, &format!("Round {round}: good work.")));
        }
        for device in [&phone, &laptop, &sup] {
            if device.try_sync().await.is_err() {
                failed_syncs += 1;
            }
        }
    }
    proxy.faults(0);
    settle(&[&phone, &laptop, &sup, &phone, &laptop, &sup]).await;

    let tables = phone.tables();
    assert_eq!(laptop.tables(), tables, "the laptop differs from the phone");
    assert_eq!(
        sup.tables(),
        tables,
        "the supervisor differs from the phone"
    );
    for id in &recorded {
        let session = sup
            .with(|app| app.session(id))
            .expect("every session arrived");
        assert_eq!(session.status, insideout_app::dto::NoteStatus::Finalised);
    }
    let mut ops_checked = 0;
    for device in [&phone, &laptop, &sup] {
        ops_checked += crate::assert_no_duplicates(device);
        crate::assert_all_sent(device);
    }
    let counts = proxy.counts();
    let injected: usize = counts
        .iter()
        .filter(|(f, _)| **f != Fault::Pass)
        .map(|(_, n)| n)
        .sum();
    for fault in [
        Fault::DropBefore,
        Fault::DropAfter,
        Fault::Truncate,
        Fault::Reset,
        Fault::Duplicate,
        Fault::ErrorBefore,
        Fault::ErrorAfter,
    ] {
        assert!(
            counts.get(&fault).copied().unwrap_or(0) > 0,
            "no {fault:?} was injected: {counts:?}"
        );
    }
    let figures: Vec<(String, usize)> =
        counts.iter().map(|(f, n)| (format!("{f:?}"), *n)).collect();
    let mut report: Vec<(&str, usize)> = vec![
        ("rounds", rounds),
        ("faults injected", injected),
        ("syncs that failed and resumed", failed_syncs),
        ("sessions recorded", recorded.len()),
        ("ops checked", ops_checked),
        ("lost", 0),
        ("duplicated", 0),
    ];
    report.extend(figures.iter().map(|(f, n)| (f.as_str(), *n)));
    crate::report("faulty network", &report);
}
