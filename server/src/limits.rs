//! A token-bucket rate limiter per key (a device's token hash, or an address).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// Allows `burst` requests at once, refilling at `per_second`.
    pub fn new(burst: f64, per_second: f64) -> Self {
        Self {
            burst: burst.max(1.0),
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request's worth from `key`'s bucket, if there is one.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    /// Whether `key`'s bucket is empty now, without taking from it.
    pub fn is_empty(&self, key: &str) -> bool {
        self.is_empty_at(key, Instant::now())
    }

    fn is_empty_at(&self, key: &str, now: Instant) -> bool {
        let Ok(buckets) = self.buckets.lock() else {
            return true;
        };
        buckets.get(key).is_some_and(|(tokens, last)| {
            let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_second;
            tokens + refill < 1.0
        })
    }

    fn allow_at(&self, key: &str, now: Instant) -> bool {
        let Ok(mut buckets) = self.buckets.lock() else {
            return false;
        };
        if buckets.len() > 100_000 {
            // Forget idle keys rather than grow without bound: those whose bucket would be full
            // by now (a stored count is only refilled when its key is next seen).
            let (burst, per_second) = (self.burst, self.per_second);
            buckets.retain(|_, (tokens, last)| {
                *tokens + now.saturating_duration_since(*last).as_secs_f64() * per_second < burst
            });
        }
        let (tokens, last) = buckets.entry(key.to_owned()).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_then_refilled() {
        let limiter = RateLimiter::new(3.0, 1.0);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at("a", t0)));
        assert!(!limiter.allow_at("a", t0));
        assert!(limiter.allow_at("b", t0), "keys are separate");
        assert!(limiter.is_empty_at("a", t0), "looking does not take");
        assert!(!limiter.is_empty_at("b", t0));
        assert!(!limiter.is_empty_at("unseen", t0));
        assert!(!limiter.is_empty_at("a", t0 + Duration::from_millis(1100)));
        assert!(limiter.allow_at("a", t0 + Duration::from_millis(1100)));
        assert!(!limiter.allow_at("a", t0 + Duration::from_millis(1200)));
    }

    #[test]
    fn idle_keys_are_forgotten_once_there_are_many() {
        let limiter = RateLimiter::new(3.0, 1.0);
        let t0 = Instant::now();
        for i in 0..100_001 {
            assert!(limiter.allow_at(&format!("key-{i}"), t0));
        }
        assert!((0..3).all(|_| limiter.allow_at("busy", t0)));
        // Two seconds on, every key used once has refilled; "busy" (emptied) has not.
        assert!(limiter.allow_at("new", t0 + Duration::from_secs(2)));
        let buckets = limiter.buckets.lock().unwrap();
        assert_eq!(buckets.len(), 2, "idle keys kept");
        assert!(buckets.contains_key("busy") && buckets.contains_key("new"));
    }
}
