//! Budget arithmetic: reservations, thresholds and month-end projection (micro-USD).

use std::collections::BTreeSet;

const SECS_PER_DAY: i64 = 86_400;
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

/// Budget-spent thresholds, percent.
pub const BUDGET_THRESHOLDS: [u32; 4] = [50, 80, 95, 100];

/// Provider-pool remaining thresholds, percent.
pub const POOL_THRESHOLDS: [u32; 4] = [20, 10, 5, 1];

/// Budget thresholds reached when `spent` of `budget` is spent (all t with
/// spent*100 >= t*budget), in `BUDGET_THRESHOLDS` order; budget <= 0 → none.
pub fn budget_thresholds_reached(spent: i64, budget: i64) -> Vec<u32> {
    if budget <= 0 {
        return Vec::new();
    }
    BUDGET_THRESHOLDS
        .into_iter()
        .filter(|&t| i128::from(spent) * 100 >= i128::from(t) * i128::from(budget))
        .collect()
}

/// Pool thresholds reached when `remaining` of `limit` is left (all t with
/// remaining*100 <= t*limit), in `POOL_THRESHOLDS` order; limit <= 0 → none.
pub fn pool_thresholds_reached(remaining: i64, limit: i64) -> Vec<u32> {
    if limit <= 0 {
        return Vec::new();
    }
    POOL_THRESHOLDS
        .into_iter()
        .filter(|&t| i128::from(remaining) * 100 <= i128::from(t) * i128::from(limit))
        .collect()
}

/// Thresholds that fire: those reached and not yet fired in this period. Fires each threshold
/// once per period; a new period re-arms them.
#[derive(Debug, Default, Clone)]
pub struct Thresholds {
    period: String,
    fired: BTreeSet<u32>,
}

impl Thresholds {
    /// Records `reached` for `period` and returns those that had not fired in that period yet
    /// (sorted ascending); a different period than the last clears what fired.
    pub fn fire(&mut self, period: &str, reached: &[u32]) -> Vec<u32> {
        if self.period != period {
            self.period = period.to_string();
            self.fired.clear();
        }
        let mut new: Vec<u32> = reached
            .iter()
            .copied()
            .filter(|&t| self.fired.insert(t))
            .collect();
        new.sort_unstable();
        new
    }
}

/// Month-end projection: month-to-date plus the recent daily average times the days left.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Spend of the month so far, today included.
    pub month_to_date: i64,
    /// Mean of the last (up to) 7 complete days; None when there is no complete day.
    pub avg_7d: Option<i64>,
    /// Mean of the last (up to) 30 complete days; None when there is no complete day.
    pub avg_30d: Option<i64>,
    /// Daily rate used: avg_7d, else today's pace (today_spent scaled to a whole day from the
    /// elapsed share of today, elapsed counted as at least 1 hour).
    pub daily_rate: i64,
    /// Expected spend at the month's end.
    pub projected: i64,
    /// Seconds from `now` until the budget is crossed at `daily_rate`: Some(0) if already
    /// at/over budget; None if no budget, rate 0, or crossing after the month ends.
    pub crosses_in_secs: Option<i64>,
}

/// Projects the month's spend at the recent daily rate.
///
/// `complete_days`: spend of each complete local day of the window, oldest first, starting no
/// earlier than the tenant's first day with usage (a 5-day-old tenant passes 5 values, not 30
/// with zeros); only the last 30 are used. `month_to_date` includes today. `today_elapsed_secs`
/// counts from local midnight; `secs_left_in_month` from now to the month's end. `budget` None
/// means no budget. projected = month_to_date + daily_rate * secs_left_in_month / 86400,
/// rounded to nearest.
pub fn project(
    complete_days: &[i64],
    month_to_date: i64,
    today_spent: i64,
    today_elapsed_secs: i64,
    secs_left_in_month: i64,
    budget: Option<i64>,
) -> Projection {
    let last_30 = &complete_days[complete_days.len().saturating_sub(30)..];
    let last_7 = &complete_days[complete_days.len().saturating_sub(7)..];
    let avg_7d = mean(last_7);
    let avg_30d = mean(last_30);
    // An early-morning hour of spend would otherwise extrapolate to an absurd daily rate.
    let elapsed = today_elapsed_secs.max(3_600);
    let daily_rate = avg_7d.unwrap_or_else(|| {
        saturate(div_round(
            i128::from(today_spent) * i128::from(SECS_PER_DAY),
            i128::from(elapsed),
        ))
    });
    let secs_left = secs_left_in_month.max(0);
    let projected = saturate(
        i128::from(month_to_date)
            + div_round(
                i128::from(daily_rate) * i128::from(secs_left),
                i128::from(SECS_PER_DAY),
            ),
    );
    let crosses_in_secs = budget.and_then(|budget| {
        if month_to_date >= budget {
            return Some(0);
        }
        if daily_rate <= 0 {
            return None;
        }
        let needed = i128::from(budget) - i128::from(month_to_date);
        let secs = div_ceil(needed * i128::from(SECS_PER_DAY), i128::from(daily_rate));
        (secs <= i128::from(secs_left)).then(|| saturate(secs))
    });
    Projection {
        month_to_date,
        avg_7d,
        avg_30d,
        daily_rate,
        projected,
        crosses_in_secs,
    }
}

/// Mean rounded to nearest; None for no values.
fn mean(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let sum: i128 = values.iter().map(|&v| i128::from(v)).sum();
    Some(saturate(div_round(sum, values.len() as i128)))
}

/// `n / d` rounded up, for `d > 0`.
fn div_ceil(n: i128, d: i128) -> i128 {
    -(-n).div_euclid(d)
}

/// `n / d` rounded to nearest (halves up), for `d > 0`.
fn div_round(n: i128, d: i128) -> i128 {
    (2 * n + d).div_euclid(2 * d)
}

fn saturate(v: i128) -> i64 {
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

    #[test]
    fn budget_thresholds_at_exact_boundaries() {
        assert_eq!(budget_thresholds_reached(0, 1_000), Vec::<u32>::new());
        assert_eq!(budget_thresholds_reached(499, 1_000), Vec::<u32>::new());
        assert_eq!(budget_thresholds_reached(500, 1_000), vec![50]);
        assert_eq!(budget_thresholds_reached(799, 1_000), vec![50]);
        assert_eq!(budget_thresholds_reached(800, 1_000), vec![50, 80]);
        assert_eq!(budget_thresholds_reached(950, 1_000), vec![50, 80, 95]);
        assert_eq!(budget_thresholds_reached(999, 1_000), vec![50, 80, 95]);
        assert_eq!(
            budget_thresholds_reached(1_000, 1_000),
            vec![50, 80, 95, 100]
        );
        assert_eq!(
            budget_thresholds_reached(5_000, 1_000),
            vec![50, 80, 95, 100]
        );
        // Odd budgets: 50% of 3 is 1.5, so 1 is under it and 2 is over.
        assert_eq!(budget_thresholds_reached(1, 3), Vec::<u32>::new());
        assert_eq!(budget_thresholds_reached(2, 3), vec![50]);
    }

    #[test]
    fn budget_thresholds_need_a_positive_budget() {
        assert!(budget_thresholds_reached(100, 0).is_empty());
        assert!(budget_thresholds_reached(100, -1).is_empty());
        assert_eq!(
            budget_thresholds_reached(i64::MAX, i64::MAX),
            vec![50, 80, 95, 100]
        );
    }

    #[test]
    fn pool_thresholds_at_exact_boundaries() {
        assert!(pool_thresholds_reached(1_000, 1_000).is_empty());
        assert!(pool_thresholds_reached(201, 1_000).is_empty());
        assert_eq!(pool_thresholds_reached(200, 1_000), vec![20]);
        assert_eq!(pool_thresholds_reached(101, 1_000), vec![20]);
        assert_eq!(pool_thresholds_reached(100, 1_000), vec![20, 10]);
        assert_eq!(pool_thresholds_reached(50, 1_000), vec![20, 10, 5]);
        assert_eq!(pool_thresholds_reached(11, 1_000), vec![20, 10, 5]);
        assert_eq!(pool_thresholds_reached(10, 1_000), vec![20, 10, 5, 1]);
        assert_eq!(pool_thresholds_reached(0, 1_000), vec![20, 10, 5, 1]);
        assert_eq!(pool_thresholds_reached(-3, 1_000), vec![20, 10, 5, 1]);
        assert!(pool_thresholds_reached(0, 0).is_empty());
        assert!(pool_thresholds_reached(0, -10).is_empty());
    }

    #[test]
    fn thresholds_fire_once_per_period_even_when_flapping() {
        let mut t = Thresholds::default();
        assert_eq!(
            t.fire("2026-11", &budget_thresholds_reached(500, 1_000)),
            vec![50]
        );
        assert!(t
            .fire("2026-11", &budget_thresholds_reached(520, 1_000))
            .is_empty());
        // A refund drops spend below 50%, then it climbs back: 50 does not fire again.
        assert!(t
            .fire("2026-11", &budget_thresholds_reached(400, 1_000))
            .is_empty());
        assert!(t
            .fire("2026-11", &budget_thresholds_reached(510, 1_000))
            .is_empty());
        // A jump over several thresholds fires each of them once.
        assert_eq!(
            t.fire("2026-11", &budget_thresholds_reached(960, 1_000)),
            vec![80, 95]
        );
        assert_eq!(
            t.fire("2026-11", &budget_thresholds_reached(1_000, 1_000)),
            vec![100]
        );
        assert!(t
            .fire("2026-11", &budget_thresholds_reached(1_000, 1_000))
            .is_empty());
    }

    #[test]
    fn new_period_rearms_thresholds() {
        let mut t = Thresholds::default();
        assert_eq!(t.fire("2026-11", &[50, 80]), vec![50, 80]);
        assert!(t.fire("2026-11", &[50, 80]).is_empty());
        assert!(t.fire("2026-12", &[]).is_empty());
        assert_eq!(t.fire("2026-12", &[50]), vec![50]);
        // Going back to an earlier key is a new period too: only the last one is remembered.
        assert_eq!(t.fire("2026-11", &[50]), vec![50]);
    }

    #[test]
    fn fired_thresholds_come_back_sorted_and_deduplicated() {
        let mut t = Thresholds::default();
        let pool = pool_thresholds_reached(40, 1_000);
        assert_eq!(pool, vec![20, 10, 5]);
        assert_eq!(t.fire("2026-11-22", &pool), vec![5, 10, 20]);
        assert_eq!(t.fire("2026-11-22", &[1, 1, 20]), vec![1]);
    }

    const DAY: i64 = 86_400;

    #[test]
    fn projects_a_five_day_old_tenant_mid_month() {
        // Tenant started 2026-11-11; it is 2026-11-16 12:00 local. Five complete days of $110,
        // $50 so far today, 14.5 days left in November.
        let days = [110_000_000; 5];
        let p = project(
            &days,
            600_000_000,
            50_000_000,
            DAY / 2,
            14 * DAY + DAY / 2,
            Some(1_500_000_000),
        );
        assert_eq!(p.month_to_date, 600_000_000);
        assert_eq!(p.avg_7d, Some(110_000_000));
        assert_eq!(p.avg_30d, Some(110_000_000));
        assert_eq!(p.daily_rate, 110_000_000);
        // 600 + 110 * 14.5 = 2195 USD.
        assert_eq!(p.projected, 2_195_000_000);
        // 900 USD more at 110 a day: 8.1818… days = 706 909.09 s, rounded up.
        assert_eq!(p.crosses_in_secs, Some(706_910));
    }

    #[test]
    fn no_budget_means_no_crossing() {
        let p = project(&[110_000_000; 5], 600_000_000, 0, DAY / 2, 10 * DAY, None);
        assert_eq!(p.projected, 1_700_000_000);
        assert_eq!(p.crosses_in_secs, None);
    }

    #[test]
    fn avg_7d_uses_only_the_last_seven_of_ten() {
        let days = [1_000, 1_000, 1_000, 70, 70, 70, 70, 70, 70, 70];
        let p = project(&days, 0, 0, DAY / 2, 0, None);
        assert_eq!(p.avg_7d, Some(70));
        // (3 * 1000 + 7 * 70) / 10 = 349
        assert_eq!(p.avg_30d, Some(349));
        assert_eq!(p.daily_rate, 70);
    }

    #[test]
    fn avg_30d_uses_only_the_last_thirty() {
        let mut days = vec![1_000_000; 5];
        days.extend((1..=30).map(|i| i * 10));
        let p = project(&days, 0, 0, 0, 0, None);
        // Mean of 10, 20, …, 300 is 155; of 240 … 300 is 270.
        assert_eq!(p.avg_30d, Some(155));
        assert_eq!(p.avg_7d, Some(270));
    }

    #[test]
    fn averages_round_to_nearest() {
        let p = project(&[1, 2], 0, 0, 0, 0, None);
        assert_eq!(p.avg_7d, Some(2));
        let p = project(&[1, 1, 2], 0, 0, 0, 0, None);
        assert_eq!(p.avg_7d, Some(1));
    }

    #[test]
    fn without_a_complete_day_the_rate_is_todays_pace() {
        // $30 in the first 6 hours: $120 a day; 20 days left.
        let p = project(
            &[],
            30_000_000,
            30_000_000,
            6 * 3_600,
            20 * DAY,
            Some(1_000_000_000),
        );
        assert_eq!(p.avg_7d, None);
        assert_eq!(p.avg_30d, None);
        assert_eq!(p.daily_rate, 120_000_000);
        assert_eq!(p.projected, 30_000_000 + 20 * 120_000_000);
        // 970 USD more at 120 a day: 8.0833… days = 698 400 s.
        assert_eq!(p.crosses_in_secs, Some(698_400));
    }

    #[test]
    fn todays_pace_counts_at_least_one_hour() {
        // $1 in the first 5 minutes is paced as $1 per hour, not $1 per 5 minutes.
        let p = project(&[], 1_000_000, 1_000_000, 300, DAY, None);
        assert_eq!(p.daily_rate, 24_000_000);
        let p = project(&[], 1_000_000, 1_000_000, 0, DAY, None);
        assert_eq!(p.daily_rate, 24_000_000);
    }

    #[test]
    fn crossing_already_passed_is_zero() {
        let p = project(&[50], 1_000, 10, DAY / 2, 5 * DAY, Some(1_000));
        assert_eq!(p.crosses_in_secs, Some(0));
        let p = project(&[50], 1_200, 10, DAY / 2, 5 * DAY, Some(1_000));
        assert_eq!(p.crosses_in_secs, Some(0));
        // Over budget with no spend rate at all is still over.
        let p = project(&[], 1_200, 0, DAY / 2, 5 * DAY, Some(1_000));
        assert_eq!(p.crosses_in_secs, Some(0));
    }

    #[test]
    fn crossing_after_month_end_is_none() {
        // 2400 USD more at 110 a day takes 21.8 days; only 14.5 are left.
        let p = project(
            &[110_000_000; 5],
            600_000_000,
            50_000_000,
            DAY / 2,
            14 * DAY + DAY / 2,
            Some(3_000_000_000),
        );
        assert_eq!(p.crosses_in_secs, None);
        assert!(p.projected < 3_000_000_000);
    }

    #[test]
    fn crossing_exactly_at_month_end_counts() {
        let p = project(&[100], 0, 0, 0, 10 * DAY, Some(1_000));
        assert_eq!(p.projected, 1_000);
        assert_eq!(p.crosses_in_secs, Some(10 * DAY));
        let p = project(&[100], 0, 0, 0, 10 * DAY - 1, Some(1_000));
        assert_eq!(p.crosses_in_secs, None);
    }

    #[test]
    fn zero_rate_never_crosses() {
        let p = project(&[0, 0, 0], 500, 0, DAY / 2, 10 * DAY, Some(1_000));
        assert_eq!(p.daily_rate, 0);
        assert_eq!(p.projected, 500);
        assert_eq!(p.crosses_in_secs, None);
    }

    #[test]
    fn projection_rounds_to_nearest_and_ignores_negative_time_left() {
        // 1 micro-USD a day for half a day: 0.5 rounds up.
        let p = project(&[1], 0, 0, 0, DAY / 2, None);
        assert_eq!(p.projected, 1);
        let p = project(&[1], 0, 0, 0, DAY / 2 - 1, None);
        assert_eq!(p.projected, 0);
        let p = project(&[100], 700, 0, 0, -DAY, Some(1_000));
        assert_eq!(p.projected, 700);
        assert_eq!(p.crosses_in_secs, None);
    }

    #[test]
    fn projection_saturates() {
        let p = project(&[i64::MAX], i64::MAX, 0, 0, 31 * DAY, Some(i64::MAX));
        assert_eq!(p.projected, i64::MAX);
        assert_eq!(p.crosses_in_secs, Some(0));
    }
}
