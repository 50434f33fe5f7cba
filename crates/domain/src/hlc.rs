//! Hybrid logical clock: wall-clock milliseconds, a counter, and the device id as tie-breaker.
//! Stamps from one device strictly increase even when its wall clock steps backwards, and every
//! stamp is unique across devices, so ordering operations by stamp is total and deterministic.

use crate::ids::DeviceId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A hybrid logical clock stamp. Ordered by wall time, then counter, then device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: DeviceId,
}

impl Hlc {
    /// The stamp as a string that sorts like the stamp itself (for SQL `ORDER BY`).
    pub fn encode(&self) -> String {
        format!("{:015}.{:08}.{}", self.wall_ms, self.counter, self.device)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a clock stamp: {0}")]
pub struct BadStamp(String);

impl FromStr for Hlc {
    type Err = BadStamp;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadStamp(s.to_owned());
        let mut parts = s.splitn(3, '.');
        let wall_ms = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let counter = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let device = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        Ok(Self {
            wall_ms,
            counter,
            device,
        })
    }
}

/// The clock of one device. It never calls `now()`: callers pass the wall time in.
#[derive(Debug, Clone)]
pub struct HlcClock {
    device: DeviceId,
    last_wall_ms: u64,
    last_counter: u32,
}

impl HlcClock {
    /// A clock that continues after `last` (the newest stamp this device has seen), if any.
    pub fn new(device: DeviceId, last: Option<Hlc>) -> Self {
        let (last_wall_ms, last_counter) = last.map_or((0, 0), |h| (h.wall_ms, h.counter));
        Self {
            device,
            last_wall_ms,
            last_counter,
        }
    }

    /// The next stamp at wall time `now_ms`; always greater than every stamp seen before.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last_wall_ms {
            self.last_wall_ms = now_ms;
            self.last_counter = 0;
        } else {
            self.last_counter += 1;
        }
        Hlc {
            wall_ms: self.last_wall_ms,
            counter: self.last_counter,
            device: self.device,
        }
    }

    /// Folds in a stamp seen elsewhere (another device's op, the server's time).
    pub fn observe(&mut self, seen: Hlc) {
        if (seen.wall_ms, seen.counter) > (self.last_wall_ms, self.last_counter) {
            self.last_wall_ms = seen.wall_ms;
            self.last_counter = seen.counter;
        }
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn device(n: u8) -> DeviceId {
        DeviceId::from_uuid(Uuid::from_bytes([n; 16]))
    }

    #[test]
    fn stamps_increase_when_the_wall_clock_goes_back() {
        let mut clock = HlcClock::new(device(1), None);
        let a = clock.tick(1_000);
        let b = clock.tick(900);
        let c = clock.tick(1_000);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(b.wall_ms, 1_000);
        assert_eq!(c.counter, 2);
    }

    #[test]
    fn observing_a_later_stamp_moves_the_clock_past_it() {
        let mut clock = HlcClock::new(device(1), None);
        let remote = Hlc {
            wall_ms: 5_000,
            counter: 3,
            device: device(2),
        };
        clock.observe(remote);
        let next = clock.tick(4_000);
        assert!(next > remote);
    }

    proptest! {
        #[test]
        fn encoding_sorts_like_the_stamp(a in 0u64..10_000_000_000_000, b in 0u64..10_000_000_000_000,
                                         ca in 0u32..1000, cb in 0u32..1000, da in 0u8..4, db in 0u8..4) {
            let x = Hlc { wall_ms: a, counter: ca, device: device(da) };
            let y = Hlc { wall_ms: b, counter: cb, device: device(db) };
            prop_assert_eq!(x.cmp(&y), x.encode().cmp(&y.encode()));
            prop_assert_eq!(x.encode().parse::<Hlc>().unwrap(), x);
        }

        #[test]
        fn a_device_never_repeats_a_stamp(times in proptest::collection::vec(0u64..100, 1..50)) {
            let mut clock = HlcClock::new(device(1), None);
            let mut last = None;
            for t in times {
                let s = clock.tick(t);
                if let Some(prev) = last { prop_assert!(s > prev); }
                last = Some(s);
            }
        }
    }
}
