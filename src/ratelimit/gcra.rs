//! The generic cell rate algorithm: one timestamp per key enforces "N per minute" with bursts
//! up to N, for requests (cost 1) and tokens (cost = token count) alike.

/// A rate: `per_minute` units, of which a whole minute's worth may come at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: i64,
}

/// Microseconds in a minute.
pub const MINUTE_US: i64 = 60_000_000;

impl Rate {
    /// Microseconds between two units at the steady rate.
    pub fn interval_us(self) -> i64 {
        (MINUTE_US / self.per_minute.max(1)).max(1)
    }
}

/// Decides whether `cost` units fit at `now_us`, given the key's theoretical arrival time
/// `tat_us` (0 for a new key). Returns the new TAT to store, or how long to wait (µs).
pub fn gcra(tat_us: i64, now_us: i64, cost: i64, rate: Rate) -> Result<i64, i64> {
    let interval = rate.interval_us();
    let tolerance = interval.saturating_mul(rate.per_minute.max(1));
    let base = tat_us.max(now_us);
    let new_tat = base.saturating_add(cost.max(0).saturating_mul(interval));
    let over = new_tat - now_us - tolerance;
    if over > 0 {
        Err(over)
    } else {
        Ok(new_tat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_minute_of_burst_then_the_steady_rate() {
        let rate = Rate { per_minute: 60 };
        let mut tat = 0;
        let now = 1_000_000_000;
        for i in 0..60 {
            tat =
                gcra(tat, now, 1, rate).unwrap_or_else(|w| panic!("request {i} refused, wait {w}"));
        }
        let wait = gcra(tat, now, 1, rate).expect_err("61st refused");
        assert_eq!(wait, 1_000_000, "one second until the next slot");
        assert!(gcra(tat, now + wait - 1, 1, rate).is_err());
        assert!(gcra(tat, now + wait, 1, rate).is_ok());
    }

    #[test]
    fn token_costs_consume_the_budget_proportionally() {
        let rate = Rate { per_minute: 10_000 };
        let now = 5_000_000;
        let tat = gcra(0, now, 9_000, rate).expect("fits");
        let wait = gcra(tat, now, 2_000, rate).expect_err("over by 1,000 tokens");
        assert_eq!(wait, 1_000 * rate.interval_us());
        // After a full idle minute the whole budget is back.
        assert!(gcra(tat, now + MINUTE_US, 10_000, rate).is_ok());
        assert!(
            gcra(0, now, 10_001, rate).is_err(),
            "larger than a minute's budget"
        );
    }
}
