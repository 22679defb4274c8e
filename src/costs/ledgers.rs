//! Where budget ledgers live: in this process, or in Redis so that every server process sharing
//! it holds one budget. A request reserves its maximum cost in every scope it falls under, all
//! or none, and settles to the real amount afterwards.

use crate::costs::reserve::Ledger;
use redis::aio::ConnectionManager;
use redis::Script;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// One budget a request must fit under: a tenant's month, an agent's month or day, or a plan's
/// monthly message count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Stable key naming the budget and its period, e.g. `t:<tenant>:m:2026-11`.
    pub key: String,
    pub limit: i64,
    /// What this request holds until it settles.
    pub amount: i64,
    /// How long the ledger is kept after its last change (past the end of its period).
    pub ttl_secs: i64,
}

/// How an admission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Reserved in every scope; the ledgers after the reservation, in scope order.
    Admitted(Vec<Ledger>),
    /// Scope `index` has no room; its ledger as found.
    Refused { index: usize, ledger: Ledger },
    /// These scopes are not known to the store yet: admit again with their spent-so-far.
    Unseeded(Vec<usize>),
}

/// How long a reservation is held if its request never settles (a process that died
/// mid-request), after which the store gives the amount back by itself.
pub const RESERVATION_HOLD_SECS: i64 = 3_600;

/// Ledgers kept in this process.
#[derive(Default)]
pub struct LocalSpend {
    ledgers: Mutex<HashMap<String, Ledger>>,
}

impl LocalSpend {
    fn admit(&self, scopes: &[Scope], seeds: &[Option<i64>]) -> Admission {
        let mut ledgers = self.ledgers.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<usize> = scopes
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                !ledgers.contains_key(&s.key) && seeds.get(*i).copied().flatten().is_none()
            })
            .map(|(i, _)| i)
            .collect();
        if !missing.is_empty() {
            return Admission::Unseeded(missing);
        }
        for (i, s) in scopes.iter().enumerate() {
            if let Some(spent) = seeds.get(i).copied().flatten() {
                ledgers
                    .entry(s.key.clone())
                    .or_insert(Ledger { spent, reserved: 0 });
            }
        }
        for (index, s) in scopes.iter().enumerate() {
            let ledger = ledgers.get(&s.key).copied().unwrap_or_default();
            if !ledger.admits(s.limit, s.amount) {
                return Admission::Refused { index, ledger };
            }
        }
        Admission::Admitted(
            scopes
                .iter()
                .map(|s| {
                    let l = ledgers.entry(s.key.clone()).or_default();
                    l.reserve(s.amount);
                    *l
                })
                .collect(),
        )
    }

    fn settle(&self, scopes: &[Scope], actual: &[i64]) -> Vec<Option<Ledger>> {
        let mut ledgers = self.ledgers.lock().unwrap_or_else(|p| p.into_inner());
        scopes
            .iter()
            .zip(actual)
            .map(|(s, a)| {
                ledgers.get_mut(&s.key).map(|l| {
                    l.settle(s.amount, *a);
                    *l
                })
            })
            .collect()
    }

    fn forget(&self, key: &str) {
        self.ledgers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

/// Seeds unknown ledgers, gives back expired reservations, checks every scope and reserves in
/// all of them, or none. ARGV: reservation id, hold seconds, then per scope limit, amount,
/// seed (-1 when unknown), ttl. Returns `{0, spent1, reserved1, …}` when admitted,
/// `{index, spent, reserved}` when scope `index` (1-based) has no room, `{-1, i, …}` for
/// scopes that need a seed.
const ADMIT: &str = include_str!("lua/admit.lua");

/// Replaces reservations by real amounts. ARGV: reservation id, then per scope held and actual.
/// A reservation already given back (expired) is not given back twice; a ledger that is gone
/// is left for the next admission to seed from the database. Returns `{spent1, reserved1, …}`,
/// with `-1, -1` for a ledger that is gone.
const SETTLE: &str = include_str!("lua/settle.lua");

/// Prefix of every ledger key this product writes.
const PREFIX: &str = "baas:budget:";

/// Ledgers in Redis, shared by every process that uses the same server.
#[derive(Clone)]
pub struct RedisSpend {
    conn: ConnectionManager,
    admit: Script,
    settle: Script,
}

fn pairs(values: &[i64]) -> Vec<Ledger> {
    values
        .chunks(2)
        .map(|c| Ledger {
            spent: c.first().copied().unwrap_or(0),
            reserved: c.get(1).copied().unwrap_or(0),
        })
        .collect()
}

impl RedisSpend {
    /// Ledgers on an open connection (see [`crate::ratelimit::limiter::connect`]).
    pub fn new(conn: ConnectionManager) -> Self {
        Self {
            conn,
            admit: Script::new(ADMIT),
            settle: Script::new(SETTLE),
        }
    }

    async fn admit(
        &self,
        reservation: &str,
        scopes: &[Scope],
        seeds: &[Option<i64>],
    ) -> Result<Admission, redis::RedisError> {
        let mut inv = self.admit.prepare_invoke();
        inv.arg(reservation).arg(RESERVATION_HOLD_SECS);
        for (i, s) in scopes.iter().enumerate() {
            inv.key(format!("{PREFIX}{}", s.key))
                .arg(s.limit)
                .arg(s.amount.max(0))
                .arg(seeds.get(i).copied().flatten().unwrap_or(-1).max(-1))
                .arg(s.ttl_secs.max(1));
        }
        let out: Vec<i64> = inv.invoke_async(&mut self.conn.clone()).await?;
        Ok(match out.split_first() {
            Some((-1, missing)) => Admission::Unseeded(
                missing
                    .iter()
                    .map(|i| usize::try_from(*i - 1).unwrap_or(0))
                    .collect(),
            ),
            Some((0, ledgers)) => Admission::Admitted(pairs(ledgers)),
            Some((index, ledger)) => Admission::Refused {
                index: usize::try_from(*index - 1).unwrap_or(0),
                ledger: pairs(ledger).first().copied().unwrap_or_default(),
            },
            None => Admission::Unseeded((0..scopes.len()).collect()),
        })
    }

    async fn settle(
        &self,
        reservation: &str,
        scopes: &[Scope],
        actual: &[i64],
    ) -> Result<Vec<Option<Ledger>>, redis::RedisError> {
        let mut inv = self.settle.prepare_invoke();
        inv.arg(reservation);
        for (s, a) in scopes.iter().zip(actual) {
            inv.key(format!("{PREFIX}{}", s.key))
                .arg(s.amount.max(0))
                .arg((*a).max(0));
        }
        let out: Vec<i64> = inv.invoke_async(&mut self.conn.clone()).await?;
        Ok(pairs(&out)
            .into_iter()
            .map(|l| (l.spent >= 0).then_some(l))
            .collect())
    }

    async fn forget(&self, key: &str) -> Result<(), redis::RedisError> {
        // The holds stay: the rebuilt ledger counts those still in flight (admit.lua).
        redis::cmd("DEL")
            .arg(format!("{PREFIX}{key}"))
            .query_async::<()>(&mut self.conn.clone())
            .await
    }
}

/// The gateway's ledger store.
#[derive(Clone)]
pub enum Spend {
    Local(std::sync::Arc<LocalSpend>),
    Redis(RedisSpend),
}

/// Longest wait for Redis on a request's path; past it the store counts as unreachable rather
/// than holding the request while the connection is re-established.
pub const STORE_TIMEOUT: Duration = Duration::from_secs(1);

/// Runs a Redis call under [`STORE_TIMEOUT`].
async fn bounded<T>(
    call: impl std::future::Future<Output = Result<T, redis::RedisError>>,
) -> Result<T, Unreachable> {
    match tokio::time::timeout(STORE_TIMEOUT, call).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Unreachable(e.to_string())),
        Err(_) => Err(Unreachable(format!(
            "no answer within {} ms",
            STORE_TIMEOUT.as_millis()
        ))),
    }
}

/// The store could not be asked.
#[derive(Debug, thiserror::Error)]
#[error("budget store unreachable: {0}")]
pub struct Unreachable(pub String);

impl Spend {
    /// Ledgers in this process.
    pub fn local() -> Self {
        Spend::Local(Default::default())
    }

    /// Reserves each scope's amount under its limit, all or none. `seeds` gives the spent-so-far
    /// of scopes the store reported as unknown (`None` elsewhere).
    pub async fn admit(
        &self,
        reservation: &str,
        scopes: &[Scope],
        seeds: &[Option<i64>],
    ) -> Result<Admission, Unreachable> {
        if scopes.is_empty() {
            return Ok(Admission::Admitted(Vec::new()));
        }
        match self {
            Spend::Local(l) => Ok(l.admit(scopes, seeds)),
            Spend::Redis(r) => bounded(r.admit(reservation, scopes, seeds)).await,
        }
    }

    /// Replaces the reservation in each scope by `actual` (0 gives it back unspent); the ledgers
    /// after it, `None` for one the store no longer has.
    pub async fn settle(
        &self,
        reservation: &str,
        scopes: &[Scope],
        actual: &[i64],
    ) -> Result<Vec<Option<Ledger>>, Unreachable> {
        if scopes.is_empty() {
            return Ok(Vec::new());
        }
        match self {
            Spend::Local(l) => Ok(l.settle(scopes, actual)),
            Spend::Redis(r) => bounded(r.settle(reservation, scopes, actual)).await,
        }
    }

    /// Drops a ledger so the next admission reads it again from the database (after a budget
    /// period was reset by hand, or in tests).
    pub async fn forget(&self, key: &str) -> Result<(), Unreachable> {
        match self {
            Spend::Local(l) => {
                l.forget(key);
                Ok(())
            }
            Spend::Redis(r) => bounded(r.forget(key)).await,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn scope(key: &str, limit: i64, amount: i64) -> Scope {
        Scope {
            key: key.into(),
            limit,
            amount,
            ttl_secs: 60,
        }
    }

    #[test]
    fn unknown_ledgers_ask_for_a_seed_then_reserve_in_every_scope() {
        let s = LocalSpend::default();
        let scopes = [scope("t", 100, 30), scope("a", 50, 30)];
        assert_eq!(
            s.admit(&scopes, &[None, None]),
            Admission::Unseeded(vec![0, 1])
        );
        let admitted = s.admit(&scopes, &[Some(10), Some(0)]);
        assert_eq!(
            admitted,
            Admission::Admitted(vec![
                Ledger {
                    spent: 10,
                    reserved: 30
                },
                Ledger {
                    spent: 0,
                    reserved: 30
                }
            ])
        );
        // The agent scope has 20 left: the next request is refused there and holds nothing.
        assert_eq!(
            s.admit(&scopes, &[None, None]),
            Admission::Refused {
                index: 1,
                ledger: Ledger {
                    spent: 0,
                    reserved: 30
                }
            }
        );
        let after = s.settle(&scopes, &[12, 12]);
        assert_eq!(
            after[0],
            Some(Ledger {
                spent: 22,
                reserved: 0
            })
        );
        assert_eq!(
            after[1],
            Some(Ledger {
                spent: 12,
                reserved: 0
            })
        );
        // A ledger dropped meanwhile is reported as gone, not as zero.
        s.forget("a");
        assert_eq!(s.settle(&scopes, &[0, 0])[1], None);
    }
}
