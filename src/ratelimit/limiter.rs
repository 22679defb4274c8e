//! Where rate-limit counters live: in this process, or in Redis so that every server process
//! sharing it enforces one limit. Redis applies each decision in one atomic script.

use crate::ratelimit::checks::{wait_secs, Check, Limited, LocalLimiter};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;
use std::time::Duration;

/// Checks every counter against Redis' clock and moves them all, or none. Returns
/// `{0, 0}` when admitted, else `{index of the refusing check (1-based), wait in µs}`.
const ADMIT: &str = include_str!("lua/admit.lua");

/// Moves each counter by a settled token difference (never before now).
const SETTLE: &str = include_str!("lua/settle.lua");

/// Counters in Redis, shared by every process that uses the same server.
#[derive(Clone)]
pub struct RedisLimiter {
    conn: ConnectionManager,
    admit: Script,
    settle: Script,
}

/// Prefix of every counter key this product writes.
const PREFIX: &str = "baas:rl:";

/// Connects (reconnecting by itself later) to the Redis at `url`; one connection serves the
/// rate limiter and the budget ledgers.
pub async fn connect(url: &str) -> Result<ConnectionManager, redis::RedisError> {
    let client = redis::Client::open(url)?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Duration::from_secs(2))
        .set_response_timeout(Duration::from_millis(500));
    ConnectionManager::new_with_config(client, config).await
}

impl RedisLimiter {
    /// Counters on an open connection.
    pub fn new(conn: ConnectionManager) -> Self {
        Self {
            conn,
            admit: Script::new(ADMIT),
            settle: Script::new(SETTLE),
        }
    }

    /// Admits `checks` atomically, or says which one is hit.
    pub async fn admit(&self, checks: &[Check]) -> Result<Result<(), Limited>, redis::RedisError> {
        if checks.is_empty() {
            return Ok(Ok(()));
        }
        let mut inv = self.admit.prepare_invoke();
        for c in checks {
            let interval = c.rate.interval_us();
            inv.key(format!("{PREFIX}{}", c.key))
                .arg(interval)
                .arg(interval.saturating_mul(c.rate.per_minute.max(1)))
                .arg(c.cost.max(0));
        }
        let (index, wait_us): (usize, i64) = inv.invoke_async(&mut self.conn.clone()).await?;
        Ok(match index.checked_sub(1).and_then(|i| checks.get(i)) {
            None => Ok(()),
            Some(c) => Err(Limited {
                what: c.what,
                retry_after_secs: Some(wait_secs(wait_us)),
            }),
        })
    }

    /// Applies settled corrections.
    pub async fn settle(&self, corrections: &[Check]) -> Result<(), redis::RedisError> {
        if corrections.is_empty() {
            return Ok(());
        }
        let mut inv = self.settle.prepare_invoke();
        for c in corrections {
            inv.key(format!("{PREFIX}{}", c.key))
                .arg(c.rate.interval_us())
                .arg(c.cost);
        }
        inv.invoke_async::<i64>(&mut self.conn.clone()).await?;
        Ok(())
    }
}

/// The gateway's counter store.
#[derive(Clone)]
pub enum Limiter {
    Local(std::sync::Arc<LocalLimiter>),
    Redis(RedisLimiter),
}

impl Limiter {
    /// In-process counters.
    pub fn local() -> Self {
        Limiter::Local(Default::default())
    }

    /// Admits `checks`, or says which limit is hit. When Redis cannot answer the request is let
    /// through: a rate limit protects capacity, and refusing every tenant because the counter
    /// store is down would be the larger outage (spend is guarded separately by budgets).
    pub async fn admit(&self, checks: &[Check]) -> Result<(), Limited> {
        match self {
            Limiter::Local(l) => l.admit(checks, crate::clock::now_us()),
            Limiter::Redis(r) => {
                match tokio::time::timeout(crate::costs::ledgers::STORE_TIMEOUT, r.admit(checks))
                    .await
                {
                    Ok(Ok(decision)) => decision,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "rate-limit store unreachable; request let through");
                        Ok(())
                    }
                    Err(_) => {
                        tracing::warn!("rate-limit store too slow; request let through");
                        Ok(())
                    }
                }
            }
        }
    }

    /// Settles token counters with the real count (see [`crate::ratelimit::checks::settlements`]):
    /// at once in process, in a background task against Redis (must run inside a Tokio runtime).
    pub fn settle(&self, corrections: Vec<Check>) {
        if corrections.is_empty() {
            return;
        }
        match self {
            Limiter::Local(l) => l.settle(&corrections, crate::clock::now_us()),
            Limiter::Redis(r) => {
                let r = r.clone();
                tokio::spawn(async move {
                    if let Err(e) = r.settle(&corrections).await {
                        tracing::warn!(error = %e, "rate-limit settlement not recorded");
                    }
                });
            }
        }
    }
}
