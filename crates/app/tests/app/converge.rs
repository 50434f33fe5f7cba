//! Replicas converge: whatever order ops arrive in, however often, every replica that has
//! received the same set ends with the same tables.

use crate::fixture::*;
use crate::rebuild::{action, perform};
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_domain::op::Op;
use insideout_protocol::Scope;
use insideout_store::sync::Received;
use proptest::prelude::*;

fn me() -> PersonId {
    PersonId::from_uuid(uuid::Uuid::from_u128(1))
}

/// Delivers `ops` to `f` as received batches of the given sizes, then finishes the pull.
pub(crate) fn deliver(f: &mut Fixture, ops: &[Op], sizes: &[usize]) {
    let store = f.app.store_for_inspection().unwrap();
    let mut rest = ops;
    let mut seq = 0;
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let n = (*sizes.next().unwrap()).clamp(1, rest.len());
        let (page, more) = rest.split_at(n);
        seq += 1;
        let received = Received {
            scope: Scope::Own(me()),
            server_seq: seq,
            author: DeviceId::from_uuid(uuid::Uuid::from_u128(2)),
            outcome: Ok(page.to_vec()),
            heads: Vec::new(),
        };
        store
            // Local time well after every op, so the clock takes each stamp as it is.
            .apply_received(me(), &[received], "2025-11-23T21:30:00Z", 4_000_000_000_000)
            .unwrap();
        rest = more;
    }
    store.finish_pull().unwrap();
}

pub(crate) fn ops_of(f: &mut Fixture) -> Vec<Op> {
    let store = f.app.store_for_inspection().unwrap();
    store
        .ops()
        .unwrap()
        .into_iter()
        .filter(|op| op.body.kind() != "profile_created")
        .collect()
}

pub(crate) fn tables(f: &mut Fixture) -> Vec<String> {
    f.app
        .store_for_inspection()
        .unwrap()
        .dump_tables()
        .unwrap()
        .into_iter()
        .filter(|row| !row.starts_with("meta:"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Two devices work on the same records concurrently; three replicas receive the union of
    /// their ops shuffled, in random batch sizes, with duplicates, and end identical.
    #[test]
    fn three_replicas_receiving_ops_in_any_order_end_identical(
        first in proptest::collection::vec(action(), 1..25),
        on_a in proptest::collection::vec(action(), 0..20),
        on_b in proptest::collection::vec(action(), 0..20),
        orders in proptest::collection::vec((any::<u64>(), proptest::collection::vec(1usize..6, 1..5), 0usize..8), 3),
    ) {
        let (mut people, mut sessions) = (Vec::new(), Vec::new());
        let mut a = unlocked();
        for act in first {
            perform(&mut a, &mut people, &mut sessions, act);
        }
        // B starts from A's records, then both work offline on them.
        let mut b = unlocked();
        let shared = ops_of(&mut a);
        deliver(&mut b, &shared, &[50]);
        let (mut people_b, mut sessions_b) = (people.clone(), sessions.clone());
        for act in on_a {
            perform(&mut a, &mut people, &mut sessions, act);
        }
        b.clock.advance(chrono::TimeDelta::milliseconds(3));
        for act in on_b {
            perform(&mut b, &mut people_b, &mut sessions_b, act);
        }
        let mut union = ops_of(&mut a);
        for op in ops_of(&mut b) {
            if !union.iter().any(|o| o.id == op.id) {
                union.push(op);
            }
        }

        let mut results = Vec::new();
        for (seed, sizes, dups) in orders {
            let mut ops = union.clone();
            // A deterministic shuffle from the seed, then some duplicates.
            let mut state = seed | 1;
            for i in (1..ops.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ops.swap(i, (state % (i as u64 + 1)) as usize);
            }
            for d in 0..dups.min(ops.len()) {
                let again = ops[(d * 7) % ops.len()].clone();
                ops.push(again);
            }
            let mut replica = unlocked();
            deliver(&mut replica, &ops, &sizes);
            results.push(tables(&mut replica));
        }
        prop_assert_eq!(&results[0], &results[1]);
        prop_assert_eq!(&results[0], &results[2]);
        // And the same as a replica that received everything in clock order.
        let mut ordered = union.clone();
        ordered.sort_by_key(|op| op.hlc);
        let mut reference = unlocked();
        deliver(&mut reference, &ordered, &[1000]);
        prop_assert_eq!(&results[0], &tables(&mut reference));
    }
}
