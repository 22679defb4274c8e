//! Choosing a credential: what the upstream's rate-limit headers say about a credential's
//! headroom, and the order in which credentials are tried.

/// What one response's headers say about its credential.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadroomReading {
    /// Share of the limit still free, 0.0 to 1.0, if the headers tell.
    pub fraction: Option<f64>,
    /// The credential cannot serve until this Unix time: a subscription says it is rejecting
    /// calls, or an API key has no requests or tokens remaining before its reset.
    pub paused_until: Option<i64>,
}

fn num(get: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<f64> {
    get(name).and_then(|v| v.trim().parse::<f64>().ok())
}

/// Reads `anthropic-ratelimit-*` (API keys: remaining / limit per dimension) and
/// `anthropic-ratelimit-unified-*` (subscriptions: utilisation, status, reset).
pub fn read_headroom(get: &dyn Fn(&str) -> Option<String>) -> HeadroomReading {
    let mut fractions: Vec<f64> = Vec::new();
    let mut exhausted_until: Option<i64> = None;
    for dim in ["requests", "tokens", "input-tokens", "output-tokens"] {
        let limit = num(get, &format!("anthropic-ratelimit-{dim}-limit"));
        let remaining = num(get, &format!("anthropic-ratelimit-{dim}-remaining"));
        if let (Some(l), Some(r)) = (limit, remaining) {
            if l > 0.0 {
                fractions.push((r / l).clamp(0.0, 1.0));
            }
            if r <= 0.0 {
                let reset = get(&format!("anthropic-ratelimit-{dim}-reset"))
                    .and_then(|v| crate::time::parse_rfc3339(&v))
                    .unwrap_or(0);
                exhausted_until = exhausted_until.max(Some(reset));
            }
        }
    }
    for window in ["5h", "7d"] {
        if let Some(u) = num(
            get,
            &format!("anthropic-ratelimit-unified-{window}-utilization"),
        ) {
            fractions.push((1.0 - u).clamp(0.0, 1.0));
        }
    }
    let rejected =
        get("anthropic-ratelimit-unified-status").is_some_and(|s| s.trim() == "rejected");
    let rejected_until = rejected.then(|| {
        num(get, "anthropic-ratelimit-unified-reset")
            .map(|r| r as i64)
            .unwrap_or(0)
    });
    HeadroomReading {
        fraction: fractions.into_iter().reduce(f64::min),
        paused_until: rejected_until.max(exhausted_until),
    }
}

/// A credential as the selector sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub priority: i64,
    pub subscription: bool,
    /// Not cooling down, not exhausted, breaker not open.
    pub available: bool,
    /// Last known headroom; unknown counts as full.
    pub headroom: Option<f64>,
}

/// Subscriptions with less headroom than this are skipped.
pub const MIN_SUBSCRIPTION_HEADROOM: f64 = 0.05;

/// The order to try credentials in: available ones only, best priority tier first; within a
/// tier subscriptions before paid keys, then the most headroom first; subscriptions under 5%
/// headroom are left out.
pub fn try_order(cands: &[Candidate]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..cands.len())
        .filter(|&i| {
            let c = &cands[i];
            c.available
                && !(c.subscription && c.headroom.unwrap_or(1.0) < MIN_SUBSCRIPTION_HEADROOM)
        })
        .collect();
    idx.sort_by(|&a, &b| {
        let (ca, cb) = (&cands[a], &cands[b]);
        ca.priority
            .cmp(&cb.priority)
            // Within a tier, subscriptions before paid keys.
            .then(cb.subscription.cmp(&ca.subscription))
            .then(
                cb.headroom
                    .unwrap_or(1.0)
                    .partial_cmp(&ca.headroom.unwrap_or(1.0))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn headers(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn api_key_headroom_is_the_scarcest_dimension() {
        let h = headers(&[
            ("anthropic-ratelimit-requests-limit", "4000"),
            ("anthropic-ratelimit-requests-remaining", "3000"),
            ("anthropic-ratelimit-tokens-limit", "100000"),
            ("anthropic-ratelimit-tokens-remaining", "10000"),
        ]);
        let r = read_headroom(&h);
        assert!((r.fraction.expect("fraction") - 0.1).abs() < 1e-9);
        assert_eq!(r.paused_until, None);
        assert_eq!(read_headroom(&headers(&[])).fraction, None);
    }

    #[test]
    fn an_api_key_with_nothing_remaining_pauses_until_its_reset() {
        let h = headers(&[
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "0"),
            ("anthropic-ratelimit-requests-reset", "2026-11-21T23:59:59Z"),
            ("anthropic-ratelimit-tokens-limit", "100000"),
            ("anthropic-ratelimit-tokens-remaining", "90000"),
        ]);
        let r = read_headroom(&h);
        assert_eq!(r.fraction, Some(0.0));
        assert_eq!(r.paused_until, Some(1_795_305_599));
    }

    #[test]
    fn subscription_utilisation_and_rejection_are_read() {
        let h = headers(&[
            ("anthropic-ratelimit-unified-5h-utilization", "0.97"),
            ("anthropic-ratelimit-unified-7d-utilization", "0.4"),
            ("anthropic-ratelimit-unified-status", "rejected"),
            ("anthropic-ratelimit-unified-reset", "1795305600"),
        ]);
        let r = read_headroom(&h);
        assert!((r.fraction.expect("fraction") - 0.03).abs() < 1e-9);
        assert_eq!(r.paused_until, Some(1_795_305_600));
    }

    #[test]
    fn best_tier_first_most_headroom_first_and_nearly_empty_subscriptions_skipped() {
        let c = |priority, subscription, available, headroom| Candidate {
            priority,
            subscription,
            available,
            headroom,
        };
        let cands = [
            c(1, true, true, Some(0.30)),  // 0
            c(1, true, true, Some(0.80)),  // 1
            c(1, true, true, Some(0.04)),  // 2: under 5%, skipped
            c(1, true, false, Some(0.90)), // 3: unavailable
            c(9, false, true, None),       // 4: the paid key, last tier
            c(1, true, true, None),        // 5: unknown counts as full
        ];
        assert_eq!(try_order(&cands), vec![5, 1, 0, 4]);
        // An API key is never skipped for low headroom: it is the last resort.
        assert_eq!(try_order(&[c(9, false, true, Some(0.01))]), vec![0]);
        // In one tier, a subscription goes before a paid key even with less headroom.
        assert_eq!(
            try_order(&[c(1, false, true, Some(0.9)), c(1, true, true, Some(0.2))]),
            vec![1, 0]
        );
    }
}
