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

/// How far ahead of this device's own wall time a stamp seen elsewhere may move its clock: the
/// service refuses batches stamped further ahead than this (`clock_ahead`), so a clock pushed
/// past it would have every later push refused.
pub const MAX_SKEW_MS: u64 = 5 * 60 * 1000;

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

    /// Folds in a stamp seen elsewhere (another device's op, the server's time) at local wall
    /// time `now_ms`. A stamp more than [`MAX_SKEW_MS`] ahead of `now_ms` moves the clock only
    /// to that limit: a writer or a service with a wrong (or hostile) clock cannot drag this
    /// device's stamps into the future. Returns whether the stamp was cut back.
    pub fn observe(&mut self, seen: Hlc, now_ms: u64) -> bool {
        let limit = now_ms.saturating_add(MAX_SKEW_MS);
        let (wall_ms, counter, capped) = if seen.wall_ms > limit {
            (limit, 0, true)
        } else {
            (seen.wall_ms, seen.counter, false)
        };
        if (wall_ms, counter) > (self.last_wall_ms, self.last_counter) {
            self.last_wall_ms = wall_ms;
            self.last_counter = counter;
        }
        capped
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
        assert!(!clock.observe(remote, 4_000));
        let next = clock.tick(4_000);
        assert!(next > remote);
    }

    #[test]
    fn a_stamp_ten_years_ahead_moves_the_clock_only_to_the_allowed_skew() {
        let now = 1_800_000_000_000;
        let mut clock = HlcClock::new(device(1), None);
        let far = Hlc {
            wall_ms: now + 10 * 365 * 24 * 3_600_000,
            counter: 7,
            device: device(2),
        };
        assert!(clock.observe(far, now));
        let next = clock.tick(now);
        assert_eq!((next.wall_ms, next.counter), (now + MAX_SKEW_MS, 1));
        // Within the skew, a stamp is taken as it is.
        let mut clock = HlcClock::new(device(1), None);
        let near = Hlc {
            wall_ms: now + MAX_SKEW_MS,
            counter: 3,
            device: device(2),
        };
        assert!(!clock.observe(near, now));
        assert_eq!(clock.tick(now).counter, 4);
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
        fn observing_never_moves_the_clock_beyond_local_time_plus_skew(
            seen in proptest::collection::vec((0u64..u64::MAX / 2, 0u32..1000, 0u64..10_000_000_000_000), 1..40),
        ) {
            let mut clock = HlcClock::new(device(1), None);
            for (wall_ms, counter, now) in seen {
                let before = clock.tick(now);
                clock.observe(Hlc { wall_ms, counter, device: device(2) }, now);
                let after = clock.tick(now);
                // The clock moves forward, and never further than the skew past the later of
                // where it was and local time.
                prop_assert!(after > before);
                prop_assert!(after.wall_ms <= before.wall_ms.max(now + MAX_SKEW_MS));
                if wall_ms <= now + MAX_SKEW_MS {
                    prop_assert!((after.wall_ms, after.counter) > (wall_ms, counter));
                }
            }
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
