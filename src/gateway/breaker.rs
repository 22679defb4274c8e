//! Per-credential circuit breaker: opens after repeated failures, lets one probe through after
//! a cool-off, closes again on success.

/// Where a breaker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Traffic flows; `failures` in a row so far.
    Closed { failures: u32 },
    /// No traffic until `until_ms`.
    Open { until_ms: i64 },
    /// One probe may go; `probing` while it is in flight.
    HalfOpen { probing: bool },
}

/// A circuit breaker with its settings.
#[derive(Debug, Clone)]
pub struct Breaker {
    pub state: BreakerState,
    threshold: u32,
    cool_off_ms: i64,
}

impl Breaker {
    /// A closed breaker that opens after `threshold` consecutive failures for `cool_off_ms`.
    pub fn new(threshold: u32, cool_off_ms: i64) -> Self {
        Self {
            state: BreakerState::Closed { failures: 0 },
            threshold: threshold.max(1),
            cool_off_ms,
        }
    }

    /// Whether a request could be sent now (does not change state).
    pub fn available(&self, now_ms: i64) -> bool {
        match self.state {
            BreakerState::Closed { .. } => true,
            BreakerState::Open { until_ms } => now_ms >= until_ms,
            BreakerState::HalfOpen { probing } => !probing,
        }
    }

    /// Claims the right to send a request now; after the cool-off only one probe is let through.
    pub fn try_acquire(&mut self, now_ms: i64) -> bool {
        match self.state {
            BreakerState::Closed { .. } => true,
            BreakerState::Open { until_ms } if now_ms >= until_ms => {
                self.state = BreakerState::HalfOpen { probing: true };
                true
            }
            BreakerState::Open { .. } => false,
            BreakerState::HalfOpen { probing: false } => {
                self.state = BreakerState::HalfOpen { probing: true };
                true
            }
            BreakerState::HalfOpen { probing: true } => false,
        }
    }

    /// A request succeeded: close.
    pub fn on_success(&mut self) {
        self.state = BreakerState::Closed { failures: 0 };
    }

    /// A request failed (5xx, overloaded, connect error, timeout).
    pub fn on_failure(&mut self, now_ms: i64) {
        self.state = match self.state {
            BreakerState::Closed { failures } if failures + 1 < self.threshold => {
                BreakerState::Closed {
                    failures: failures + 1,
                }
            }
            _ => BreakerState::Open {
                until_ms: now_ms + self.cool_off_ms,
            },
        };
    }

    /// A request ended without telling us about the credential's health (client went away):
    /// give back a half-open probe slot.
    pub fn on_abandon(&mut self) {
        if self.state == (BreakerState::HalfOpen { probing: true }) {
            self.state = BreakerState::HalfOpen { probing: false };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_recovers_through_one_probe() {
        let mut b = Breaker::new(3, 1_000);
        b.on_failure(0);
        b.on_failure(1);
        assert!(b.try_acquire(2), "still closed after 2 failures");
        b.on_success();
        b.on_failure(3);
        b.on_failure(4);
        b.on_failure(5);
        assert_eq!(b.state, BreakerState::Open { until_ms: 1_005 });
        assert!(!b.available(1_004) && !b.try_acquire(1_004));
        assert!(
            b.try_acquire(1_005),
            "first caller after the cool-off probes"
        );
        assert!(!b.try_acquire(1_006), "only one probe at a time");
        b.on_success();
        assert_eq!(b.state, BreakerState::Closed { failures: 0 });
    }

    #[test]
    fn failed_probe_reopens_and_abandoned_probe_frees_the_slot() {
        let mut b = Breaker::new(1, 500);
        b.on_failure(0);
        assert!(b.try_acquire(500));
        b.on_failure(600);
        assert_eq!(b.state, BreakerState::Open { until_ms: 1_100 });
        assert!(b.try_acquire(1_100));
        b.on_abandon();
        assert!(b.try_acquire(1_101), "slot given back");
    }
}
