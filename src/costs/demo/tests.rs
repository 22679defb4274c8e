//! The demo traffic's exact totals and shape.

use super::*;
use crate::pricing::{cost_micro_usd, default_prices, find_price, TokenUsage};
use std::collections::HashSet;

fn peak_hour(events: &[DemoEvent]) -> usize {
    let mut per_hour = [0u64; 24];
    for e in events {
        per_hour[(e.offset_secs % 86_400 / 3600) as usize] += 1;
    }
    (0..24).max_by_key(|&h| per_hour[h]).unwrap()
}

fn gateway_cost(e: &DemoEvent) -> i64 {
    let table = default_prices();
    let price = find_price(&table, e.model).unwrap();
    cost_micro_usd(
        price,
        &TokenUsage {
            input: e.input_tokens,
            output: e.output_tokens,
            cache_read: e.cache_read_tokens,
            cache_write: e.cache_write_tokens,
        },
    )
}

#[test]
fn reference_days_match_the_reference_figures() {
    let events = reference_days();
    assert_eq!(events.len(), 8_254);
    let tokens: i64 = events
        .iter()
        .map(|e| e.input_tokens + e.output_tokens)
        .sum();
    assert_eq!(tokens, 1_607_255);
    let cost: i64 = events.iter().map(|e| e.cost_micro_usd).sum();
    assert!((cost - 549_920_000).abs() <= 1_000_000, "cost {cost}");
    assert_eq!(cost, REFERENCE_COST_MICRO_USD);
    assert!(events.iter().all(|e| e.model == "claude-opus-4-5"));
    assert_eq!(
        events.iter().filter(|e| e.place == Place::Dm).count(),
        6_393
    );
    assert!(events
        .iter()
        .filter(|e| e.place == Place::Dm)
        .all(|e| e.agent == 0));
    let used: HashSet<usize> = events
        .iter()
        .filter_map(|e| match e.place {
            Place::Group(g) => Some(g),
            Place::Dm => None,
        })
        .collect();
    assert_eq!(used.len(), 33);
    assert_eq!(peak_hour(&events), 21);
    assert!(events
        .iter()
        .all(|e| (0..5 * 86_400).contains(&e.offset_secs)));
    assert!(events
        .windows(2)
        .all(|w| w[0].offset_secs <= w[1].offset_secs));
    assert!(events
        .iter()
        .all(|e| e.input_tokens > 0 && e.output_tokens > 0));
}

#[test]
fn reference_days_cost_about_110_dollars_each() {
    let mut per_day = [0i64; 5];
    for e in reference_days() {
        per_day[(e.offset_secs / 86_400) as usize] += e.cost_micro_usd;
    }
    for cost in per_day {
        assert!((95_000_000..125_000_000).contains(&cost), "{per_day:?}");
    }
}

#[test]
fn reference_days_cost_what_the_gateway_would_charge() {
    for e in reference_days() {
        assert_eq!(e.cost_micro_usd, gateway_cost(&e));
    }
}

#[test]
fn lobo_is_the_busiest_agent() {
    let mut per_agent = [0u64; 10];
    for e in reference_days() {
        per_agent[e.agent] += 1;
    }
    assert!(per_agent.iter().all(|&n| n > 0));
    assert_eq!((0..10).max_by_key(|&a| per_agent[a]).unwrap(), 0);
}

#[test]
fn reference_days_are_deterministic() {
    assert_eq!(reference_days(), reference_days());
}

#[test]
fn groups_are_33_distinct_whatsapp_groups() {
    let gs = groups();
    assert_eq!(gs.len(), 33);
    assert_eq!(gs, groups());
    let jids: HashSet<&str> = gs.iter().map(|g| g.jid.as_str()).collect();
    assert_eq!(jids.len(), 33);
    for g in &gs {
        let digits = g.jid.strip_suffix("@g.us").unwrap();
        assert_eq!(digits.len(), 18);
        assert!(digits.starts_with("120363"));
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert!(g.agent < AGENTS.len());
    }
}

#[test]
fn bulk_yields_count_events_over_the_days() {
    let events: Vec<DemoEvent> = bulk(100_000, 5, 7).collect();
    assert_eq!(events.len(), 100_000);
    assert!(events
        .iter()
        .all(|e| (0..5 * 86_400).contains(&e.offset_secs)));
    assert!(events[0].offset_secs < 86_400);
    assert!(events[events.len() - 1].offset_secs >= 4 * 86_400);
    assert!(events
        .windows(2)
        .all(|w| w[0].offset_secs <= w[1].offset_secs));
    assert_eq!(peak_hour(&events), 21);
    for m in BULK_MODELS {
        assert!(events.iter().any(|e| e.model == m));
    }
    assert!(events.iter().all(|e| e.cost_micro_usd == gateway_cost(e)));
    let dm = events.iter().filter(|e| e.place == Place::Dm).count();
    assert!((75_000..80_000).contains(&dm), "{dm}");
}

#[test]
fn bulk_is_deterministic_for_a_seed() {
    let a: Vec<DemoEvent> = bulk(10_000, 3, 42).collect();
    assert_eq!(a, bulk(10_000, 3, 42).collect::<Vec<_>>());
    assert_ne!(a, bulk(10_000, 3, 43).collect::<Vec<_>>());
}

#[test]
fn bulk_handles_small_counts() {
    assert_eq!(bulk(0, 5, 1).count(), 0);
    assert_eq!(bulk(3, 5, 1).count(), 3);
    assert_eq!(bulk(3, 0, 1).count(), 3);
    assert_eq!(bulk(7, 5, 1).size_hint(), (7, Some(7)));
}
