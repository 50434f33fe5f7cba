//! The fault suite: what happens when things break at the worst moment. Every scenario ends
//! with every device identical, no op lost, none applied twice, and every record the coach was
//! told was saved still there. Each prints its figures (runs, faults injected, ops checked,
//! lost, duplicated) for `docs/reliability.md`; `scripts/faults.sh` runs them longer.

#[path = "../sync/harness.rs"]
#[allow(
    dead_code,
    reason = "the sync scenarios' harness; the fault suite uses part of it"
)]
mod harness;

mod clocks;
mod disk;
mod fuzz;
mod kill;
mod network;
mod proxy;
mod service;
mod soak;

/// One scenario's figures, printed on standard error in one line for the reliability report.
pub(crate) fn report(scenario: &str, figures: &[(&str, usize)]) {
    let figures: Vec<String> = figures.iter().map(|(k, v)| format!("{k} {v}")).collect();
    eprintln!("FAULTS {scenario}: {}", figures.join(", "));
}

/// Every op `device` holds, once each: an op stored twice fails the scenario. Returns how many.
pub(crate) fn assert_no_duplicates(device: &harness::Device) -> usize {
    device.with(|app| {
        let ids: Vec<_> = app
            .store_for_inspection()
            .unwrap()
            .ops()
            .unwrap()
            .into_iter()
            .map(|op| op.id)
            .collect();
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "an op was stored twice");
        ids.len()
    })
}

/// Nothing waiting to be sent and nothing quarantined on `device`.
pub(crate) fn assert_all_sent(device: &harness::Device) {
    let status = device.with(|app| app.sync_status()).expect("status");
    assert_eq!((status.waiting, status.quarantined), (0, 0), "{status:?}");
}
