//! Reservation arithmetic, in micro-USD: a budget scope's ledger, a request's estimated input
//! and the most it can cost, reserved before it goes out and settled to what it cost.

const MICRO_PER_MILLION_TOKENS: i128 = 1_000_000;

/// Spent and reserved amounts of one budget scope (a tenant month, an agent month, an agent
/// day, or a message count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Settled amount.
    pub spent: i64,
    /// Amount held by requests still in flight.
    pub reserved: i64,
}

impl Ledger {
    /// Whether `amount` fits under `limit` next to what is spent and reserved
    /// (spent + reserved + amount <= limit).
    pub fn admits(&self, limit: i64, amount: i64) -> bool {
        i128::from(self.spent) + i128::from(self.reserved) + i128::from(amount) <= i128::from(limit)
    }

    /// Holds `amount` (never negative; negative amounts are treated as 0).
    pub fn reserve(&mut self, amount: i64) {
        self.reserved = self.reserved.saturating_add(amount.max(0));
    }

    /// Replaces a reservation by the real amount: reserved -= held (never below 0),
    /// spent += actual (actual < 0 treated as 0).
    pub fn settle(&mut self, held: i64, actual: i64) {
        self.release(held);
        self.spent = self.spent.saturating_add(actual.max(0));
    }

    /// Drops a reservation without spending (failure before any cost).
    pub fn release(&mut self, held: i64) {
        // A negative hold would grow the reservation; a hold larger than what is reserved
        // (double release) must not leave a negative reservation that frees room for others.
        self.reserved = self.reserved.saturating_sub(held.max(0)).max(0);
    }

    /// What is left under `limit` after spent and reserved, never negative.
    pub fn available(&self, limit: i64) -> i64 {
        limit
            .saturating_sub(self.spent)
            .saturating_sub(self.reserved)
            .max(0)
    }
}

/// Input tokens a request body may carry, estimated high: ceil(body_bytes / 3).
pub fn estimate_input_tokens(body_bytes: usize) -> i64 {
    // Tokens average about four bytes of text; three keeps the estimate on the high side.
    i64::try_from(body_bytes.div_ceil(3)).unwrap_or(i64::MAX)
}

/// The most a request can cost: input estimate at the dearer of the input and cache-write
/// prices plus max_tokens at the output price; prices are micro-USD per million tokens.
/// Rounds up, saturates at `i64::MAX`, and treats negative inputs as 0.
pub fn max_cost(
    input_tokens: i64,
    max_tokens: i64,
    input_price: i64,
    cache_write_price: i64,
    output_price: i64,
) -> i64 {
    // Cache-write tokens cost more than plain input, and the estimate cannot tell which
    // tokens will be written to the cache, so every input token is priced as the dearer.
    let input_rate = i128::from(input_price.max(cache_write_price).max(0));
    let scaled = i128::from(input_tokens.max(0)) * input_rate
        + i128::from(max_tokens.max(0)) * i128::from(output_price.max(0));
    saturate(div_ceil(scaled, MICRO_PER_MILLION_TOKENS))
}

/// `n / d` rounded up, for `d > 0`.
pub(super) fn div_ceil(n: i128, d: i128) -> i128 {
    -(-n).div_euclid(d)
}

/// `n / d` rounded to nearest (halves up), for `d > 0`.
pub(super) fn div_round(n: i128, d: i128) -> i128 {
    (2 * n + d).div_euclid(2 * d)
}

/// `v` as an i64, clamped to its range.
pub(super) fn saturate(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::pricing::{cost_micro_usd, default_prices, TokenUsage};

    /// Deterministic pseudo-random numbers (xorshift64), so the property tests replay exactly.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        /// Uniform-ish in `0..n`.
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn range(&mut self, lo: i64, hi: i64) -> i64 {
            lo + self.below((hi - lo + 1) as u64) as i64
        }
    }

    #[test]
    fn admits_up_to_the_limit_inclusive() {
        let l = Ledger {
            spent: 600,
            reserved: 300,
        };
        assert!(l.admits(1_000, 100));
        assert!(!l.admits(1_000, 101));
        assert!(l.admits(1_000, 0));
        assert!(!Ledger::default().admits(0, 1));
        assert!(Ledger::default().admits(0, 0));
    }

    #[test]
    fn admits_does_not_overflow() {
        let l = Ledger {
            spent: i64::MAX,
            reserved: i64::MAX,
        };
        assert!(!l.admits(i64::MAX, i64::MAX));
        assert!(Ledger::default().admits(i64::MAX, i64::MAX));
    }

    #[test]
    fn reserve_settle_release_arithmetic() {
        let mut l = Ledger::default();
        l.reserve(500);
        l.reserve(300);
        assert_eq!(
            l,
            Ledger {
                spent: 0,
                reserved: 800
            }
        );
        l.settle(500, 420);
        assert_eq!(
            l,
            Ledger {
                spent: 420,
                reserved: 300
            }
        );
        l.release(300);
        assert_eq!(
            l,
            Ledger {
                spent: 420,
                reserved: 0
            }
        );
        assert_eq!(l.available(1_000), 580);
    }

    #[test]
    fn negative_amounts_are_treated_as_zero() {
        let mut l = Ledger::default();
        l.reserve(-50);
        assert_eq!(l.reserved, 0);
        l.reserve(100);
        l.release(-50);
        assert_eq!(l.reserved, 100);
        l.settle(-10, -10);
        assert_eq!(
            l,
            Ledger {
                spent: 0,
                reserved: 100
            }
        );
    }

    #[test]
    fn reservation_never_goes_negative() {
        let mut l = Ledger::default();
        l.reserve(100);
        l.release(100);
        l.release(100);
        assert_eq!(l.reserved, 0);
        l.reserve(50);
        l.settle(80, 80);
        assert_eq!(
            l,
            Ledger {
                spent: 80,
                reserved: 0
            }
        );
    }

    #[test]
    fn settle_above_the_hold_spends_the_actual() {
        let mut l = Ledger::default();
        l.reserve(100);
        l.settle(100, 150);
        assert_eq!(
            l,
            Ledger {
                spent: 150,
                reserved: 0
            }
        );
        assert_eq!(l.available(120), 0);
    }

    #[test]
    fn available_is_never_negative() {
        let l = Ledger {
            spent: 900,
            reserved: 200,
        };
        assert_eq!(l.available(1_000), 0);
        assert_eq!(l.available(1_500), 400);
        assert_eq!(Ledger::default().available(-5), 0);
        let full = Ledger {
            spent: i64::MAX,
            reserved: i64::MAX,
        };
        assert_eq!(full.available(i64::MIN), 0);
    }

    /// Runs `ops` random operations over interleaved in-flight requests and checks the ledger
    /// invariants after each one. `overshoot` allows settling above the hold.
    fn run_random_requests(seed: u64, limit: i64, ops: usize, overshoot: bool) {
        let mut rng = XorShift(seed);
        let mut ledger = Ledger::default();
        // Holds of requests admitted and not yet settled or released.
        let mut in_flight: Vec<i64> = Vec::new();
        let mut excess: i64 = 0;
        let mut admitted = 0;
        let mut refused = 0;
        for _ in 0..ops {
            match rng.below(3) {
                0 => {
                    // Sizes spread over five orders of magnitude, so small requests keep
                    // squeezing into what large ones leave while the limit is nearly reached.
                    let magnitude = 10_i64.pow(rng.range(2, 7) as u32);
                    let amount = rng.range(0, magnitude);
                    let fits = ledger.admits(limit, amount);
                    if ledger.spent + ledger.reserved <= limit {
                        assert_eq!(fits, amount <= ledger.available(limit));
                    }
                    if fits {
                        ledger.reserve(amount);
                        in_flight.push(amount);
                        admitted += 1;
                    } else {
                        refused += 1;
                    }
                }
                1 if !in_flight.is_empty() => {
                    let held = in_flight.swap_remove(rng.below(in_flight.len() as u64) as usize);
                    let actual = if overshoot {
                        rng.range(0, held + held / 2)
                    } else {
                        rng.range(0, held)
                    };
                    excess += (actual - held).max(0);
                    ledger.settle(held, actual);
                }
                2 if !in_flight.is_empty() => {
                    let held = in_flight.swap_remove(rng.below(in_flight.len() as u64) as usize);
                    ledger.release(held);
                }
                _ => {}
            }
            assert!(ledger.reserved >= 0);
            assert!(ledger.spent >= 0);
            assert_eq!(ledger.reserved, in_flight.iter().sum::<i64>());
            assert!(ledger.spent + ledger.reserved <= limit + excess);
            assert!(ledger.spent <= limit + excess);
            if !overshoot {
                assert!(ledger.spent <= limit);
            }
        }
        for held in in_flight.drain(..) {
            ledger.release(held);
        }
        assert_eq!(ledger.reserved, 0);
        assert!(admitted > 1_000 && refused > 1_000, "{admitted} {refused}");
        // The run pressed against the limit rather than staying far under it.
        assert!(ledger.spent >= limit - limit / 10, "{}", ledger.spent);
    }

    #[test]
    fn random_requests_never_spend_past_the_limit_when_settling_within_the_hold() {
        for seed in [1, 0x9E37_79B9_7F4A_7C15, 42, 7_777] {
            run_random_requests(seed, 400_000_000, 20_000, false);
        }
    }

    #[test]
    fn random_requests_overshoot_only_by_the_excess_over_holds() {
        for seed in [3, 0xDEAD_BEEF, 1_234_567] {
            run_random_requests(seed, 400_000_000, 20_000, true);
        }
    }

    #[test]
    fn estimate_rounds_up_a_third_of_the_bytes() {
        assert_eq!(estimate_input_tokens(0), 0);
        assert_eq!(estimate_input_tokens(1), 1);
        assert_eq!(estimate_input_tokens(3), 1);
        assert_eq!(estimate_input_tokens(4), 2);
        assert_eq!(estimate_input_tokens(3_000), 1_000);
        assert_eq!(estimate_input_tokens(3_001), 1_001);
    }

    #[test]
    fn max_cost_prices_input_at_the_dearer_rate_and_rounds_up() {
        // 1M input at $3.75 (cache write dearer than $3) + 1M output at $15.
        assert_eq!(
            max_cost(1_000_000, 1_000_000, 3_000_000, 3_750_000, 15_000_000),
            18_750_000
        );
        // Input dearer than cache write: input price used.
        assert_eq!(max_cost(1_000_000, 0, 5_000_000, 1_000_000, 0), 5_000_000);
        // 1 token at $3/M is 3 micro-USD exactly; 1 token at $0.25/M rounds up to 1.
        assert_eq!(max_cost(1, 0, 3_000_000, 0, 0), 3);
        assert_eq!(max_cost(1, 0, 250_000, 0, 0), 1);
        assert_eq!(max_cost(3, 1, 250_000, 0, 250_000), 1);
        assert_eq!(max_cost(0, 0, 3_000_000, 3_750_000, 15_000_000), 0);
    }

    #[test]
    fn max_cost_saturates_and_ignores_negatives() {
        assert_eq!(
            max_cost(i64::MAX, i64::MAX, i64::MAX, i64::MAX, i64::MAX),
            i64::MAX
        );
        assert_eq!(max_cost(-5, -5, 3_000_000, 0, 15_000_000), 0);
        assert_eq!(max_cost(1_000_000, 0, -3_000_000, -1, 0), 0);
    }

    #[test]
    fn actual_cost_within_the_estimate_never_exceeds_max_cost() {
        let mut rng = XorShift(0x5EED);
        for price in default_prices() {
            for _ in 0..500 {
                let estimate = rng.range(0, 300_000);
                let max_tokens = rng.range(0, 64_000);
                let max = max_cost(
                    estimate,
                    max_tokens,
                    price.input,
                    price.cache_write,
                    price.output,
                );
                // Split some share of the estimate across the input classes.
                let input_total = rng.range(0, estimate);
                let cache_write = rng.range(0, input_total);
                let cache_read = rng.range(0, input_total - cache_write);
                let usage = TokenUsage {
                    input: input_total - cache_write - cache_read,
                    output: rng.range(0, max_tokens),
                    cache_read,
                    cache_write,
                };
                assert!(
                    cost_micro_usd(&price, &usage) <= max,
                    "{} {usage:?} {max}",
                    price.model
                );
            }
            // All input written to the cache and every output token used reaches the bound.
            let worst = TokenUsage {
                input: 0,
                output: 4_096,
                cache_read: 0,
                cache_write: 10_001,
            };
            let max = max_cost(10_001, 4_096, price.input, price.cache_write, price.output);
            assert_eq!(cost_micro_usd(&price, &worst), max);
        }
    }
}
