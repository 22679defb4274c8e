//! Thresholds that raise alerts: how much of a budget is spent, how much of the provider
//! pool is left, each fired once per period.

use std::collections::BTreeSet;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
