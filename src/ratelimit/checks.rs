//! Rate limits for the gateway: requests and tokens per minute, per tenant, per agent and per
//! credential. The checks a request must pass are built here (pure); the in-process counter
//! store lives here too, the store shared through Redis in [`crate::ratelimit::limiter`].

use crate::ratelimit::gcra::{gcra, Rate};
use std::collections::HashMap;
use std::sync::Mutex;

/// Per-minute limits applied to every tenant and every agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayLimits {
    pub tenant_rpm: i64,
    pub tenant_tpm: i64,
    pub agent_rpm: i64,
    pub agent_tpm: i64,
}

impl Default for GatewayLimits {
    fn default() -> Self {
        Self {
            tenant_rpm: 1_200,
            tenant_tpm: 4_000_000,
            agent_rpm: 600,
            agent_tpm: 2_000_000,
        }
    }
}

/// Which limit refused a request, and how long to wait (`None`: waiting cannot help, the
/// request alone is larger than a minute's token budget).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limited {
    pub what: &'static str,
    pub retry_after_secs: Option<i64>,
}

/// One counter a request must fit in: `cost` units of `rate` under `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub key: String,
    pub rate: Rate,
    pub cost: i64,
    pub what: &'static str,
}

/// Whether a check counts tokens (and is settled with the real count afterwards).
fn counts_tokens(what: &str) -> bool {
    what.contains("tokens")
}

/// The tenant's and the agent's checks for one request estimated at `tokens`, or the refusal
/// of a request that alone exceeds a minute's token budget.
pub fn request_checks(
    limits: &GatewayLimits,
    tenant: &str,
    agent: &str,
    tokens: i64,
) -> Result<Vec<Check>, Limited> {
    if tokens > limits.tenant_tpm.min(limits.agent_tpm) {
        return Err(Limited {
            what: "tokens per minute (this request alone exceeds a minute's budget)",
            retry_after_secs: None,
        });
    }
    Ok(vec![
        check(
            format!("t:r:{tenant}"),
            limits.tenant_rpm,
            1,
            "tenant requests per minute",
        ),
        check(
            format!("t:t:{tenant}"),
            limits.tenant_tpm,
            tokens,
            "tenant tokens per minute",
        ),
        check(
            format!("a:r:{agent}"),
            limits.agent_rpm,
            1,
            "agent requests per minute",
        ),
        check(
            format!("a:t:{agent}"),
            limits.agent_tpm,
            tokens,
            "agent tokens per minute",
        ),
    ])
}

/// A credential's own checks (from its configured limits; none when unset).
pub fn credential_checks(
    credential: &str,
    rpm: Option<i64>,
    tpm: Option<i64>,
    tokens: i64,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(r) = rpm.filter(|r| *r > 0) {
        checks.push(check(
            format!("c:r:{credential}"),
            r,
            1,
            "credential requests per minute",
        ));
    }
    if let Some(t) = tpm.filter(|t| *t > 0) {
        checks.push(check(
            format!("c:t:{credential}"),
            t,
            tokens.min(t),
            "credential tokens per minute",
        ));
    }
    checks
}

/// The corrections that settle token checks admitted at an estimate once the real count is
/// known: each token check of `admitted` with cost `real - estimate` (negative gives back).
pub fn settlements(admitted: &[Check], real_tokens: i64) -> Vec<Check> {
    admitted
        .iter()
        .filter(|c| counts_tokens(c.what) && real_tokens != c.cost)
        .map(|c| Check {
            cost: real_tokens - c.cost,
            ..c.clone()
        })
        .collect()
}

fn check(key: String, per_minute: i64, cost: i64, what: &'static str) -> Check {
    Check {
        key,
        rate: Rate { per_minute },
        cost,
        what,
    }
}

/// Moves a key's theoretical arrival time by a settled `delta` (never before `now_us`, so a
/// refund cannot create burst beyond a minute's budget).
pub fn settle_tat(tat_us: i64, now_us: i64, delta: i64, rate: Rate) -> i64 {
    tat_us
        .max(now_us)
        .saturating_add(delta.saturating_mul(rate.interval_us()))
        .max(now_us)
}

/// Seconds to wait, rounded up, for a wait in microseconds.
pub fn wait_secs(wait_us: i64) -> i64 {
    (wait_us + 999_999) / 1_000_000
}

/// Theoretical arrival times per key, in this process, bounded in number.
#[derive(Default)]
pub struct LocalLimiter {
    tats: Mutex<HashMap<String, i64>>,
}

/// Keys remembered before idle ones are forgotten.
const MAX_KEYS: usize = 200_000;

impl LocalLimiter {
    /// Admits `checks` at `now_us`, or says which one is hit. All counters move together or
    /// not at all.
    pub fn admit(&self, checks: &[Check], now_us: i64) -> Result<(), Limited> {
        let mut tats = self.tats.lock().unwrap_or_else(|p| p.into_inner());
        if tats.len() > MAX_KEYS {
            tats.retain(|_, tat| *tat > now_us);
        }
        let mut next = Vec::with_capacity(checks.len());
        for c in checks {
            let tat = tats.get(&c.key).copied().unwrap_or(0);
            match gcra(tat, now_us, c.cost, c.rate) {
                Ok(new_tat) => next.push(new_tat),
                Err(wait_us) => {
                    return Err(Limited {
                        what: c.what,
                        retry_after_secs: Some(wait_secs(wait_us)),
                    })
                }
            }
        }
        for (c, tat) in checks.iter().zip(next) {
            tats.insert(c.key.clone(), tat);
        }
        Ok(())
    }

    /// Applies settled corrections (see [`settlements`]).
    pub fn settle(&self, corrections: &[Check], now_us: i64) {
        let mut tats = self.tats.lock().unwrap_or_else(|p| p.into_inner());
        for c in corrections {
            let tat = tats.get(&c.key).copied().unwrap_or(0);
            tats.insert(c.key.clone(), settle_tat(tat, now_us, c.cost, c.rate));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> GatewayLimits {
        GatewayLimits {
            tenant_rpm: 100,
            tenant_tpm: 1_000,
            agent_rpm: 2,
            agent_tpm: 1_000,
        }
    }

    fn admit(l: &LocalLimiter, agent: &str, tokens: i64) -> Result<(), Limited> {
        l.admit(&request_checks(&limits(), "t1", agent, tokens)?, 0)
    }

    #[test]
    fn a_refused_request_consumes_nothing() {
        let l = LocalLimiter::default();
        assert!(admit(&l, "a1", 10).is_ok());
        assert!(admit(&l, "a1", 10).is_ok());
        let e = admit(&l, "a1", 10).expect_err("third");
        assert_eq!(e.what, "agent requests per minute");
        assert_eq!(e.retry_after_secs, Some(30));
        // The tenant's counters did not move for the refused call: another agent still fits
        // exactly its share of the tenant's token budget.
        assert!(admit(&l, "a2", 980).is_ok());
        let e = admit(&l, "a3", 1).expect_err("tenant tokens");
        assert_eq!(e.what, "tenant tokens per minute");
    }

    #[test]
    fn a_request_larger_than_a_minute_is_too_large_not_limited() {
        let e = request_checks(&limits(), "t", "a", 1_001).expect_err("too large");
        assert_eq!(e.retry_after_secs, None);
    }

    #[test]
    fn settling_charges_real_output_and_refunds_overestimates() {
        let l = LocalLimiter::default();
        let admitted = request_checks(&limits(), "t1", "a1", 100).expect("checks");
        l.admit(&admitted, 0).expect("fits");
        // The answer used 700 tokens in all: 600 more than estimated.
        let fix = settlements(&admitted, 700);
        assert_eq!(fix.len(), 2, "only token counters are settled");
        assert!(fix.iter().all(|c| c.cost == 600));
        l.settle(&fix, 0);
        assert!(
            admit(&l, "a2", 300).is_ok(),
            "700 + 300 fills the tenant's 1,000"
        );
        assert!(admit(&l, "a3", 1).is_err());

        // An overestimate is given back.
        let l = LocalLimiter::default();
        let admitted = request_checks(&limits(), "t1", "a1", 900).expect("checks");
        l.admit(&admitted, 0).expect("fits");
        l.settle(&settlements(&admitted, 100), 0);
        assert!(admit(&l, "a2", 900).is_ok());
    }

    #[test]
    fn a_refund_never_moves_a_counter_into_the_past() {
        let rate = Rate { per_minute: 60 };
        assert_eq!(settle_tat(0, 5_000_000, -10, rate), 5_000_000);
        assert_eq!(settle_tat(8_000_000, 5_000_000, -1, rate), 7_000_000);
    }

    #[test]
    fn credential_checks_follow_configuration() {
        assert!(credential_checks("c", None, None, 10).is_empty());
        let c = credential_checks("c", Some(5), Some(100), 500);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[1].cost, 100,
            "a request larger than the credential's minute still fits once"
        );
        let l = LocalLimiter::default();
        for _ in 0..5 {
            l.admit(&credential_checks("c", Some(5), None, 1), 0)
                .expect("fits");
        }
        let e = l
            .admit(&credential_checks("c", Some(5), None, 1), 0)
            .expect_err("sixth");
        assert_eq!(e.what, "credential requests per minute");
    }
}
