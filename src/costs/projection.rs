//! Month-end projection: month-to-date plus the recent daily average times the days left,
//! and when the budget is crossed.

use super::reserve::{div_ceil, div_round, saturate};

const SECS_PER_DAY: i64 = 86_400;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
