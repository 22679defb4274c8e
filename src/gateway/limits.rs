//! In-process rate limits for the gateway: requests and tokens per minute, per tenant and per
//! agent, checked together so a refused request consumes nothing.

use crate::gateway::gcra::{gcra, Rate};
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

/// Theoretical arrival times per key, bounded in number.
#[derive(Default)]
pub struct LocalLimiter {
    tats: Mutex<HashMap<String, i64>>,
}

/// Keys remembered before idle ones are forgotten.
const MAX_KEYS: usize = 200_000;

impl LocalLimiter {
    /// Admits one request estimated at `tokens` for `tenant`/`agent` at `now_us`, or says which
    /// limit is hit. All four counters move together or not at all.
    pub fn admit(
        &self,
        limits: &GatewayLimits,
        tenant: &str,
        agent: &str,
        tokens: i64,
        now_us: i64,
    ) -> Result<(), Limited> {
        let checks = [
            (
                format!("t:r:{tenant}"),
                Rate {
                    per_minute: limits.tenant_rpm,
                },
                1,
                "tenant requests per minute",
            ),
            (
                format!("t:t:{tenant}"),
                Rate {
                    per_minute: limits.tenant_tpm,
                },
                tokens,
                "tenant tokens per minute",
            ),
            (
                format!("a:r:{agent}"),
                Rate {
                    per_minute: limits.agent_rpm,
                },
                1,
                "agent requests per minute",
            ),
            (
                format!("a:t:{agent}"),
                Rate {
                    per_minute: limits.agent_tpm,
                },
                tokens,
                "agent tokens per minute",
            ),
        ];
        let budget = limits.tenant_tpm.min(limits.agent_tpm);
        if tokens > budget {
            return Err(Limited {
                what: "tokens per minute (this request alone exceeds a minute's budget)",
                retry_after_secs: None,
            });
        }
        let mut tats = self.tats.lock().unwrap_or_else(|p| p.into_inner());
        if tats.len() > MAX_KEYS {
            tats.retain(|_, tat| *tat > now_us);
        }
        let mut next = Vec::with_capacity(checks.len());
        for (key, rate, cost, what) in &checks {
            let tat = tats.get(key).copied().unwrap_or(0);
            match gcra(tat, now_us, *cost, *rate) {
                Ok(new_tat) => next.push((key.clone(), new_tat)),
                Err(wait_us) => {
                    return Err(Limited {
                        what,
                        retry_after_secs: Some((wait_us + 999_999) / 1_000_000),
                    })
                }
            }
        }
        for (key, tat) in next {
            tats.insert(key, tat);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_request_consumes_nothing() {
        let limits = GatewayLimits {
            tenant_rpm: 100,
            tenant_tpm: 1_000,
            agent_rpm: 2,
            agent_tpm: 1_000,
        };
        let l = LocalLimiter::default();
        assert!(l.admit(&limits, "t1", "a1", 10, 0).is_ok());
        assert!(l.admit(&limits, "t1", "a1", 10, 0).is_ok());
        let e = l.admit(&limits, "t1", "a1", 10, 0).expect_err("third");
        assert_eq!(e.what, "agent requests per minute");
        assert_eq!(e.retry_after_secs, Some(30));
        // The tenant's counters did not move for the refused call: another agent still fits
        // exactly its share of the tenant's token budget.
        assert!(l.admit(&limits, "t1", "a2", 980, 0).is_ok());
        let e = l
            .admit(&limits, "t1", "a3", 1, 0)
            .expect_err("tenant tokens");
        assert_eq!(e.what, "tenant tokens per minute");
    }
}
