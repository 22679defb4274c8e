//! The health history's arithmetic, free of storage: a period's local hours or days, checks
//! counted into them with each one's response-time p95, what the checks found as shares that
//! add up to the whole, alerts ranked by kind, and the period in words.

use crate::i18n::Text;
use crate::model::{alert_kind_text, HealthBucket, OutcomeShare};
use crate::supervisor::report::percentile;
use crate::tz::Zone;

/// The periods the charts offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// 24 hours, by hour.
    Day,
    /// 7 local days, by day.
    Week,
    /// 30 local days, by day.
    Month,
}

impl Period {
    /// "24h", "7d" or "30d".
    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "24h" => Some(Period::Day),
            "7d" => Some(Period::Week),
            "30d" => Some(Period::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "24h",
            Period::Week => "7d",
            Period::Month => "30d",
        }
    }
}

/// Where a bucket starts (Unix seconds) and how it is labelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub label: String,
}

/// The period's buckets, oldest first, the last one holding `now`: 24 hours starting on the
/// local hour (so a half-hour zone's hours read 14:00, not 14:30), or 7 or 30 local days (a day
/// with a DST change is 23 or 25 hours long).
pub fn buckets(period: Period, zone: &Zone, now: i64) -> Vec<Span> {
    let mut starts = Vec::new();
    match period {
        Period::Day => {
            let (minute, second) = zone.minute_of_day(now);
            let hour = now - i64::from(minute % 60) * 60 - i64::from(second);
            starts.extend((0..24).rev().map(|back| hour - back * 3600));
        }
        Period::Week | Period::Month => {
            let days = if period == Period::Week { 7 } else { 30 };
            let mut start = zone.day_bounds(now).0;
            starts.push(start);
            while starts.len() < days {
                start = zone.day_bounds(start - 1).0;
                starts.push(start);
            }
            starts.reverse();
        }
    }
    starts
        .into_iter()
        .map(|start| Span {
            start,
            label: match period {
                Period::Day => {
                    let (minute, _) = zone.minute_of_day(start);
                    format!("{:02}:{:02}", minute / 60, minute % 60)
                }
                Period::Week | Period::Month => zone.day_key(start),
            },
        })
        .collect()
}

/// What each check can find, in the order the charts list them.
pub const OUTCOMES: [&str; 5] = [
    "healthy",
    "unreachable",
    "channel_down",
    "config_invalid",
    "errors",
];

/// A degraded check recorded before its kind was kept.
const UNKNOWN_DEGRADED: &str = "degraded";

/// One stored check, as the tally reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub at: i64,
    /// "up", "degraded" or "down".
    pub result: String,
    /// What was wrong; `None` when healthy (or not kept).
    pub fault: Option<String>,
    pub latency_ms: Option<i64>,
}

/// What a check found, as one of [`OUTCOMES`] or "degraded".
pub fn outcome(result: &str, fault: Option<&str>) -> &'static str {
    match (result, fault) {
        ("up", _) => OUTCOMES[0],
        (_, Some(f)) => OUTCOMES[1..]
            .iter()
            .find(|o| **o == f)
            .copied()
            .unwrap_or(UNKNOWN_DEGRADED),
        ("down", None) => OUTCOMES[1],
        _ => UNKNOWN_DEGRADED,
    }
}

/// Checks counted into a period's buckets as they are read, so a month of checks never sits in
/// memory (only their response times, for the percentiles).
#[derive(Debug)]
pub struct Tally {
    spans: Vec<Span>,
    /// Per bucket: healthy, degraded, down.
    counts: Vec<[i64; 3]>,
    latencies: Vec<Vec<i64>>,
    /// Per outcome of [`OUTCOMES`], then "degraded".
    outcomes: [i64; 6],
}

impl Tally {
    pub fn new(spans: Vec<Span>) -> Tally {
        let n = spans.len();
        Tally {
            spans,
            counts: vec![[0; 3]; n],
            latencies: vec![Vec::new(); n],
            outcomes: [0; 6],
        }
    }

    /// Counts `c` in its bucket; a check before the first bucket is left out, and one after the
    /// last bucket began (a clock a little ahead) counts in the last.
    pub fn add(&mut self, c: &Check) {
        let i = self.spans.partition_point(|s| s.start <= c.at);
        let Some(i) = i.checked_sub(1) else { return };
        let column = match c.result.as_str() {
            "up" => 0,
            "down" => 2,
            _ => 1,
        };
        self.counts[i][column] += 1;
        if let Some(ms) = c.latency_ms {
            self.latencies[i].push(ms);
        }
        let found = outcome(&c.result, c.fault.as_deref());
        let k = OUTCOMES
            .iter()
            .position(|o| *o == found)
            .unwrap_or(OUTCOMES.len());
        self.outcomes[k] += 1;
    }

    /// The buckets and the outcomes' shares. The five outcomes are always listed; "degraded"
    /// only when such checks were counted.
    pub fn finish(self) -> (Vec<HealthBucket>, Vec<OutcomeShare>) {
        let buckets = self
            .spans
            .into_iter()
            .zip(self.counts)
            .zip(self.latencies)
            .map(|((span, [healthy, degraded, down]), mut ms)| HealthBucket {
                label: span.label,
                start: span.start,
                healthy,
                degraded,
                down,
                p95_ms: percentile(&mut ms, 95),
            })
            .collect();
        let mut counts: Vec<(&str, i64)> = OUTCOMES.iter().copied().zip(self.outcomes).collect();
        let unknown = self.outcomes[OUTCOMES.len()];
        if unknown > 0 {
            counts.push((UNKNOWN_DEGRADED, unknown));
        }
        (buckets, shares(&counts))
    }
}

/// Each count's share of their sum in hundredths of a percent, rounded so that the shares add
/// up to exactly 10000 (the largest remainders get the hundredths rounding left over; ties go
/// to the earlier entry). All zero when there is nothing to share.
pub fn shares(counts: &[(&str, i64)]) -> Vec<OutcomeShare> {
    let total: i64 = counts.iter().map(|(_, n)| *n).sum();
    let mut out: Vec<OutcomeShare> = counts
        .iter()
        .map(|(outcome, n)| OutcomeShare {
            outcome: (*outcome).to_string(),
            checks: *n,
            share: if total > 0 { n * 10_000 / total } else { 0 },
        })
        .collect();
    if total == 0 {
        return out;
    }
    let mut left = 10_000 - out.iter().map(|s| s.share).sum::<i64>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(counts[*i].1 * 10_000 % total));
    for i in order {
        if left == 0 {
            break;
        }
        if counts[i].1 * 10_000 % total > 0 {
            out[i].share += 1;
            left -= 1;
        }
    }
    out
}

/// Alerts per kind, most frequent first (then by kind), without kinds never raised.
pub fn rank_alerts(mut counts: Vec<(String, i64)>) -> Vec<(String, i64)> {
    counts.retain(|(_, n)| *n > 0);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The period in words, a message per sentence: how many checks, the share that found the
/// bots healthy, how many could not reach them or found them degraded, the worst hour or day,
/// the slowest response and the alerts raised.
pub fn summary(
    period: Period,
    buckets: &[HealthBucket],
    outcomes: &[OutcomeShare],
    alerts: &[(String, i64)],
) -> Vec<Text> {
    let checks: i64 = outcomes.iter().map(|o| o.checks).sum();
    let raised: i64 = alerts.iter().map(|(_, n)| n).sum();
    let alerts_line = match alerts.first() {
        None => Text::new("health-summary-no-alerts"),
        Some((kind, n)) => Text::new("health-summary-alerts")
            .int("raised", raised)
            .text("kind", alert_kind_text(kind))
            .int("count", *n),
    };
    // Message selectors are words: "day", "week", "month".
    let period_id = match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    };
    if checks == 0 {
        return vec![
            Text::new("health-summary-no-checks").str("period", period_id),
            alerts_line,
        ];
    }
    let healthy = outcomes
        .iter()
        .find(|o| o.outcome == OUTCOMES[0])
        .map_or(0, |o| o.share);
    let down: i64 = buckets.iter().map(|b| b.down).sum();
    let degraded: i64 = buckets.iter().map(|b| b.degraded).sum();
    let unit = match period {
        Period::Day => "hour",
        Period::Week | Period::Month => "day",
    };
    let mut text = vec![Text::new("health-summary-checks")
        .str("period", period_id)
        .int("checks", checks)
        .percent("healthy", healthy)
        .int("down", down)
        .int("degraded", degraded)];
    let worst = buckets
        .iter()
        .filter(|b| b.down + b.degraded > 0)
        .max_by_key(|b| (b.down + b.degraded, std::cmp::Reverse(b.start)));
    if let Some(b) = worst {
        text.push(
            Text::new("health-summary-worst")
                .str("unit", unit)
                .int("failed", b.down + b.degraded)
                .int("checks", b.healthy + b.degraded + b.down)
                .str("at", b.label.clone()),
        );
    }
    let slowest = buckets
        .iter()
        .filter_map(|b| b.p95_ms.map(|ms| (ms, b)))
        .max_by_key(|(ms, b)| (*ms, std::cmp::Reverse(b.start)));
    if let Some((ms, b)) = slowest {
        text.push(
            Text::new("health-summary-slowest")
                .str("unit", unit)
                .int("ms", ms)
                .str("at", b.label.clone()),
        );
    }
    text.push(alerts_line);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(at: i64, result: &str, fault: Option<&str>, ms: Option<i64>) -> Check {
        Check {
            at,
            result: result.into(),
            fault: fault.map(str::to_string),
            latency_ms: ms,
        }
    }

    fn spans(starts: &[i64]) -> Vec<Span> {
        starts
            .iter()
            .map(|s| Span {
                start: *s,
                label: s.to_string(),
            })
            .collect()
    }

    // 2026-12-03 15:42:10 UTC.
    const NOW: i64 = 1_796_312_530;

    #[test]
    fn a_day_is_24_local_hours_ending_with_the_current_one() {
        let utc = Zone::parse("UTC").expect("zone");
        let hours = buckets(Period::Day, &utc, NOW);
        assert_eq!(hours.len(), 24);
        assert_eq!(hours[23].start, NOW - 42 * 60 - 10);
        assert_eq!(hours[23].label, "15:00");
        assert_eq!(hours[0].label, "16:00");
        assert!(hours.windows(2).all(|w| w[1].start - w[0].start == 3600));
        // Kolkata is UTC+5:30: its hours start at half past in UTC and read on the hour.
        let kolkata = Zone::parse("Asia/Kolkata").expect("zone");
        let hours = buckets(Period::Day, &kolkata, NOW);
        assert_eq!(hours[23].label, "21:00");
        assert_eq!(hours[23].start, NOW - 12 * 60 - 10);
    }

    #[test]
    fn days_are_local_and_follow_daylight_saving() {
        let sp = Zone::parse("America/Sao_Paulo").expect("zone");
        let week = buckets(Period::Week, &sp, NOW);
        assert_eq!(week.len(), 7);
        assert_eq!(week[6].label, "2026-12-03");
        assert_eq!(week[0].label, "2026-11-27");
        assert_eq!(week[6].start, sp.start_of_day("2026-12-03").expect("day"));
        assert_eq!(buckets(Period::Month, &sp, NOW).len(), 30);
        // New York's 2026-11-01 has 25 hours.
        let ny = Zone::parse("America/New_York").expect("zone");
        let days = buckets(
            Period::Week,
            &ny,
            ny.start_of_day("2026-11-04").expect("day"),
        );
        let long = days
            .iter()
            .position(|d| d.label == "2026-11-01")
            .expect("the day of the change");
        assert_eq!(days[long + 1].start - days[long].start, 25 * 3600);
        assert_eq!(days[long].start - days[long - 1].start, 24 * 3600);
    }

    #[test]
    fn checks_fall_into_their_buckets_with_the_p95_of_answers() {
        let mut tally = Tally::new(spans(&[100, 200, 300]));
        tally.add(&check(99, "down", Some("unreachable"), None));
        for ms in 1..=20 {
            tally.add(&check(100, "up", None, Some(ms * 10)));
        }
        tally.add(&check(199, "degraded", Some("channel_down"), Some(900)));
        tally.add(&check(200, "down", Some("unreachable"), None));
        tally.add(&check(250, "degraded", Some("errors"), Some(40)));
        tally.add(&check(1_000, "up", None, Some(7)));
        let (b, outcomes) = tally.finish();
        assert_eq!(
            b.iter()
                .map(|b| (b.healthy, b.degraded, b.down))
                .collect::<Vec<_>>(),
            vec![(20, 1, 0), (0, 1, 1), (1, 0, 0)]
        );
        // Nearest rank: the 20 answers of 10..200 ms and one of 900 ms; the 20th of 21 is 200.
        assert_eq!(b[0].p95_ms, Some(200));
        assert_eq!(b[1].p95_ms, Some(40));
        assert_eq!(b[2].p95_ms, Some(7));
        let counts: Vec<(&str, i64)> = outcomes
            .iter()
            .map(|o| (o.outcome.as_str(), o.checks))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("healthy", 21),
                ("unreachable", 1),
                ("channel_down", 1),
                ("config_invalid", 0),
                ("errors", 1)
            ]
        );
        assert_eq!(outcomes.iter().map(|o| o.share).sum::<i64>(), 10_000);
    }

    #[test]
    fn an_empty_bucket_has_no_percentile() {
        let (b, outcomes) = Tally::new(spans(&[0, 10])).finish();
        assert_eq!(b[0].p95_ms, None);
        assert_eq!((b[1].healthy, b[1].degraded, b[1].down), (0, 0, 0));
        assert!(outcomes.iter().all(|o| o.checks == 0 && o.share == 0));
        assert_eq!(outcomes.len(), 5);
    }

    #[test]
    fn outcomes_come_from_the_fault_and_older_checks_from_the_result() {
        assert_eq!(outcome("up", None), "healthy");
        assert_eq!(outcome("down", Some("unreachable")), "unreachable");
        assert_eq!(
            outcome("degraded", Some("config_invalid")),
            "config_invalid"
        );
        assert_eq!(outcome("down", None), "unreachable");
        assert_eq!(outcome("degraded", None), "degraded");
        let mut tally = Tally::new(spans(&[0]));
        tally.add(&check(1, "degraded", None, Some(5)));
        let (_, outcomes) = tally.finish();
        assert_eq!(outcomes.len(), 6);
        assert_eq!(outcomes[5].outcome, "degraded");
        assert_eq!(outcomes[5].share, 10_000);
    }

    #[test]
    fn shares_add_up_to_the_whole() {
        let thirds = shares(&[("a", 1), ("b", 1), ("c", 1)]);
        assert_eq!(
            thirds.iter().map(|s| s.share).collect::<Vec<_>>(),
            vec![3_334, 3_333, 3_333]
        );
        let skewed = shares(&[("a", 2), ("b", 1), ("c", 0), ("d", 4)]);
        // 2857.14, 1428.57, 0 and 5714.29: the 1428.57 gets the hundredth left over.
        assert_eq!(
            skewed.iter().map(|s| s.share).collect::<Vec<_>>(),
            vec![2_857, 1_429, 0, 5_714]
        );
        let whole = shares(&[("a", 0), ("b", 7)]);
        assert_eq!(whole[1].share, 10_000);
        assert_eq!(whole[0].share, 0);
        for n in 1..60 {
            let counts: Vec<(&str, i64)> = vec![("a", n), ("b", 61 - n), ("c", n % 7)];
            assert_eq!(
                shares(&counts).iter().map(|s| s.share).sum::<i64>(),
                10_000,
                "{counts:?}"
            );
        }
    }

    #[test]
    fn alerts_are_ranked_by_count_then_kind() {
        let ranked = rank_alerts(vec![
            ("budget_50".into(), 1),
            ("bot_unreachable".into(), 3),
            ("channel_down".into(), 1),
            ("never".into(), 0),
        ]);
        assert_eq!(
            ranked,
            vec![
                ("bot_unreachable".to_string(), 3),
                ("budget_50".to_string(), 1),
                ("channel_down".to_string(), 1)
            ]
        );
    }

    #[test]
    fn the_summary_reads_the_period_at_a_glance() {
        let mut tally = Tally::new(spans(&[0, 100]));
        for _ in 0..1_197 {
            tally.add(&check(5, "up", None, Some(80)));
        }
        tally.add(&check(150, "down", Some("unreachable"), None));
        tally.add(&check(160, "down", Some("unreachable"), None));
        tally.add(&check(170, "degraded", Some("channel_down"), Some(2_500)));
        let (b, outcomes) = tally.finish();
        let alerts = rank_alerts(vec![("bot_unreachable".into(), 2), ("budget_80".into(), 1)]);
        let english = |texts: Vec<Text>| {
            texts
                .iter()
                .map(Text::english)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            english(summary(Period::Week, &b, &outcomes, &alerts)),
            "In the last 7 days: 1,200 checks, 99.75% healthy; 2 could not reach the bot and 1 \
             found it degraded. Most failures in one day: 3 of 3 at 100. Slowest day (p95 \
             response time): 2,500 ms at 100. 3 alerts were raised, most often bot unreachable (2)."
        );
        let portuguese = summary(Period::Week, &b, &outcomes, &alerts)
            .iter()
            .map(|t| crate::i18n::render(crate::i18n::Locale::PtBr, t))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            portuguese.starts_with(
                "Nos últimos 7 dias: 1.200 verificações, 99,75% saudáveis; 2 não conseguiram \
                 alcançar o bot e 1 o encontrou instável."
            ),
            "{portuguese}"
        );
        assert!(
            portuguese.ends_with("o mais frequente: bot inacessível (2)."),
            "{portuguese}"
        );
        let (b, outcomes) = Tally::new(spans(&[0])).finish();
        assert_eq!(
            english(summary(Period::Day, &b, &outcomes, &[])),
            "No checks in the last 24 hours. No alerts were raised."
        );
    }

    #[test]
    fn periods_parse_from_their_names() {
        for p in [Period::Day, Period::Week, Period::Month] {
            assert_eq!(Period::parse(p.as_str()), Some(p));
        }
        assert_eq!(Period::parse("1y"), None);
    }
}
