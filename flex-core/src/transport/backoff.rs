//! Delays: the Flex REST retry delay (PROTOCOL.md §2.3) and the socket's full-jitter backoff (§5.3).

use std::time::Duration;

use rand::Rng;

/// The delay before REST attempt `n + 1` (n = 1, 2, …): 0.8–0.9 s, then 1.2–1.3 s, capped at 3 s.
pub(crate) fn retry_delay(n: u32) -> Duration {
    let exp = 2f64.powi(n.min(16) as i32) - 1.0;
    let base = (800.0 * exp / 2.0).clamp(800.0, 3000.0) as u64;
    Duration::from_millis(base + rand::thread_rng().gen_range(1..=100))
}

/// Reconnect backoff. By default full jitter (the event socket): attempt `k`
/// (from 1) waits a random time in 0.8 s ..= min(30, 2^k − 1) s. Or
/// [`Backoff::exponential`] (the voice signalling socket).
#[derive(Debug, Default)]
pub(crate) struct Backoff {
    attempt: u32,
    /// `(first, max)` delays of an exponential backoff; `None` for full jitter.
    exponential: Option<(Duration, Duration)>,
}

/// The jitter of an exponential backoff: each delay is scaled by 1 ± this.
const EXPONENTIAL_JITTER: f64 = 0.4;

impl Backoff {
    /// Exponential backoff (VOICE.md §1.2): `first`, doubling per attempt up to
    /// `max`, each delay scaled by a random factor in 1 ± 0.4.
    pub(crate) fn exponential(first: Duration, max: Duration) -> Backoff {
        Backoff { attempt: 0, exponential: Some((first, max)) }
    }

    /// The next delay; each call raises the attempt number.
    pub(crate) fn next_delay(&mut self) -> Duration {
        self.attempt = self.attempt.saturating_add(1);
        if let Some((first, max)) = self.exponential {
            let base = first.saturating_mul(2u32.saturating_pow(self.attempt.min(31) - 1)).min(max);
            let factor = 1.0 + rand::thread_rng().gen_range(-EXPONENTIAL_JITTER..=EXPONENTIAL_JITTER);
            return base.mul_f64(factor);
        }
        let (lo, hi) = bounds_ms(self.attempt);
        Duration::from_millis(rand::thread_rng().gen_range(lo..=hi))
    }

    /// Back to attempt 1 (after a successful open).
    pub(crate) fn reset(&mut self) {
        self.attempt = 0;
    }
}

fn bounds_ms(attempt: u32) -> (u64, u64) {
    let cap_s = (2u64.saturating_pow(attempt.min(16)) - 1).min(30);
    (800, (cap_s * 1000).max(800))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_match_the_spec() {
        for _ in 0..50 {
            let d1 = retry_delay(1).as_millis();
            assert!((801..=900).contains(&d1), "{d1}");
            let d2 = retry_delay(2).as_millis();
            assert!((1201..=1300).contains(&d2), "{d2}");
            assert!(retry_delay(10).as_millis() <= 3100);
        }
    }

    #[test]
    fn backoff_bounds_grow_to_30s() {
        assert_eq!(bounds_ms(1), (800, 1000));
        assert_eq!(bounds_ms(2), (800, 3000));
        assert_eq!(bounds_ms(3), (800, 7000));
        assert_eq!(bounds_ms(5), (800, 30000));
        assert_eq!(bounds_ms(40), (800, 30000));
    }

    #[test]
    fn exponential_backoff_doubles_to_its_cap_and_resets() {
        let mut b = Backoff::exponential(Duration::from_millis(100), Duration::from_secs(20));
        for k in 1..=12u32 {
            let base = (100.0 * 2f64.powi(k as i32 - 1)).min(20_000.0);
            let d = b.next_delay().as_secs_f64() * 1000.0;
            assert!(d >= base * 0.59 && d <= base * 1.41, "attempt {k}: {d} ms");
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(141));
    }

    #[test]
    fn backoff_is_jittered_within_bounds_and_resets() {
        let mut b = Backoff::default();
        for k in 1..=8 {
            let d = b.next_delay().as_millis() as u64;
            let (lo, hi) = bounds_ms(k);
            assert!(d >= lo && d <= hi);
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(1000));
    }
}
