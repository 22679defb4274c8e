//! Usage records: one per gateway request, written in batches together with hourly and daily
//! rollups per tenant, agent and model (the way there, through files that survive a crash, is
//! [`crate::gateway::outbox`]).

use crate::db::{Backend, Db};
use crate::error::Result;
use crate::ids::TenantId;
use crate::pricing::TokenUsage;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;

/// What one request used and how it went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UsageRecord {
    pub id: String,
    pub request_id: String,
    pub tenant_id: String,
    pub agent_id: String,
    pub key_id: String,
    pub credential_id: Option<String>,
    pub model_requested: String,
    pub model_served: Option<String>,
    pub usage: TokenUsage,
    pub cost_micro_usd: i64,
    /// The part of the cost paid from the workspace's prepaid credits (absent in records
    /// queued before credits existed).
    #[serde(default)]
    pub credit_micro_usd: i64,
    pub latency_ms: i64,
    pub ttft_ms: Option<i64>,
    /// `ok`, `client_error`, `upstream_error`, `upstream_error_mid_stream`, `client_disconnected`.
    pub status: String,
    pub http_status: i64,
    pub failovers: i64,
    pub streamed: bool,
    pub created_at: i64,
}

/// Whether a request with this status and output was answered, and so counts as a message of
/// the plan's quota: it ended well, or its client left after the answer had begun to arrive.
pub fn answered(status: &str, output_tokens: i64) -> bool {
    status == "ok" || (status == "client_disconnected" && output_tokens > 0)
}

/// Records per batch written in one transaction.
pub const BATCH: usize = 500;

/// Rows per multi-row `INSERT` (21 parameters each, well under both databases' limits).
const ROWS_PER_INSERT: usize = 100;

/// One rollup bucket's sums.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Sums {
    requests: i64,
    errors: i64,
    usage: TokenUsage,
    cost: i64,
    credit: i64,
}

/// `(period, bucket_start, tenant, agent, model)` of a rollup row.
type BucketKey = (&'static str, i64, String, String, String);

/// Sums a batch into its hourly and daily buckets, so each bucket is written once.
fn rollup(records: &[UsageRecord]) -> Vec<(BucketKey, Sums)> {
    let mut buckets: std::collections::BTreeMap<BucketKey, Sums> = Default::default();
    for r in records {
        let model = r.model_served.as_deref().unwrap_or(&r.model_requested);
        for (period, len) in [("hour", 3_600), ("day", 86_400)] {
            let key = (
                period,
                r.created_at - r.created_at.rem_euclid(len),
                r.tenant_id.clone(),
                r.agent_id.clone(),
                model.to_string(),
            );
            let s = buckets.entry(key).or_default();
            s.requests += 1;
            s.errors += i64::from(!answered(&r.status, r.usage.output));
            s.usage.input += r.usage.input;
            s.usage.output += r.usage.output;
            s.usage.cache_read += r.usage.cache_read;
            s.usage.cache_write += r.usage.cache_write;
            s.cost += r.cost_micro_usd;
            s.credit += r.credit_micro_usd;
        }
    }
    buckets.into_iter().collect()
}

/// `($1, $2, …), ($n+1, …)` for `rows` rows of `cols` parameters; plain `?` on SQLite, which
/// binds anonymous parameters in order without looking each one up by name (a lookup that
/// grows with the statement's parameter count).
fn placeholders(backend: Backend, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=cols)
                .map(|c| match backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", r * cols + c),
                })
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes records and their rollups in one transaction, many rows per statement.
pub async fn write_batch(db: &Db, records: &[UsageRecord]) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    for chunk in records.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO usage_records (id, request_id, tenant_id, agent_id, key_id, credential_id,
                model_requested, model_served, input_tokens, output_tokens, cache_read_tokens,
                cache_write_tokens, cost_micro_usd, credit_micro_usd, latency_ms, ttft_ms, status,
                http_status, failovers, streamed, created_at)
             VALUES {}",
            placeholders(db.backend, chunk.len(), 21)
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(&r.id)
                .bind(&r.request_id)
                .bind(&r.tenant_id)
                .bind(&r.agent_id)
                .bind(&r.key_id)
                .bind(r.credential_id.as_deref())
                .bind(&r.model_requested)
                .bind(r.model_served.as_deref())
                .bind(r.usage.input)
                .bind(r.usage.output)
                .bind(r.usage.cache_read)
                .bind(r.usage.cache_write)
                .bind(r.cost_micro_usd)
                .bind(r.credit_micro_usd)
                .bind(r.latency_ms)
                .bind(r.ttft_ms)
                .bind(&r.status)
                .bind(r.http_status)
                .bind(r.failovers)
                .bind(i64::from(r.streamed))
                .bind(r.created_at);
        }
        q.execute(&mut *tx).await?;
    }
    let buckets = rollup(records);
    for chunk in buckets.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO usage_rollups (period, bucket_start, tenant_id, agent_id, model, requests,
                errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd,
                credit_micro_usd)
             VALUES {}
             ON CONFLICT (period, bucket_start, tenant_id, agent_id, model) DO UPDATE SET
                requests = usage_rollups.requests + excluded.requests,
                errors = usage_rollups.errors + excluded.errors,
                input_tokens = usage_rollups.input_tokens + excluded.input_tokens,
                output_tokens = usage_rollups.output_tokens + excluded.output_tokens,
                cache_read_tokens = usage_rollups.cache_read_tokens + excluded.cache_read_tokens,
                cache_write_tokens = usage_rollups.cache_write_tokens + excluded.cache_write_tokens,
                cost_micro_usd = usage_rollups.cost_micro_usd + excluded.cost_micro_usd,
                credit_micro_usd = usage_rollups.credit_micro_usd + excluded.credit_micro_usd",
            placeholders(db.backend, chunk.len(), 13)
        );
        let mut q = sqlx::query(&sql);
        for ((period, bucket, tenant, agent, model), s) in chunk {
            q = q
                .bind(*period)
                .bind(*bucket)
                .bind(tenant)
                .bind(agent)
                .bind(model)
                .bind(s.requests)
                .bind(s.errors)
                .bind(s.usage.input)
                .bind(s.usage.output)
                .bind(s.usage.cache_read)
                .bind(s.usage.cache_write)
                .bind(s.cost)
                .bind(s.credit);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes the records the database does not have yet (by id), with the rollups of those only;
/// returns how many were new. For records that may have been written before (replayed after a
/// crash).
pub async fn write_new(db: &Db, records: &[UsageRecord]) -> Result<u64> {
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let mut known = std::collections::HashSet::new();
    for chunk in ids.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "SELECT id FROM usage_records WHERE id IN ({})",
            (1..=chunk.len())
                .map(|i| match db.backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${i}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query_as::<_, (String,)>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        known.extend(q.fetch_all(&db.pool).await?.into_iter().map(|(id,)| id));
    }
    let new: Vec<UsageRecord> = records
        .iter()
        .filter(|r| !known.contains(&r.id))
        .cloned()
        .collect();
    if !new.is_empty() {
        write_batch(db, &new).await?;
    }
    Ok(new.len() as u64)
}

/// The sending side of the usage queue.
#[derive(Clone)]
pub struct UsageSink {
    tx: mpsc::Sender<UsageRecord>,
    dropped: Arc<AtomicU64>,
}

impl UsageSink {
    /// A sink over the queue `tx`, counting drops in `dropped`.
    pub(crate) fn new(tx: mpsc::Sender<UsageRecord>, dropped: Arc<AtomicU64>) -> Self {
        Self { tx, dropped }
    }

    /// Queues a record without waiting; a full queue (the database is away or too slow) drops it
    /// and counts the drop, so memory stays bounded by the queue's size.
    pub fn record(&self, r: UsageRecord) {
        if self.tx.try_send(r).is_err() {
            let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            // Logged at 1, 2, 4, 8, … so a flood of drops does not become a flood of lines.
            if n.is_power_of_two() {
                tracing::error!(dropped = n, "usage queue full: records dropped");
            }
        }
    }

    /// Records lost so far (queue full, or pending buffer overflow while the database was down).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// A usage record as listed to operators.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct UsageRow {
    pub id: String,
    pub request_id: String,
    pub tenant_id: String,
    pub agent_id: String,
    pub credential_id: Option<String>,
    pub model_requested: String,
    pub model_served: Option<String>,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cache_read_tokens: i64,
    pub cache_write_tokens: i64,
    pub cost_micro_usd: i64,
    pub latency_ms: i64,
    pub status: String,
    pub failovers: i64,
    pub created_at: i64,
}

/// The newest usage records, optionally of one tenant.
pub async fn list_recent(
    db: &Db,
    tenant_id: Option<&TenantId>,
    limit: i64,
) -> Result<Vec<UsageRow>> {
    let rows: Vec<UsageRow> = sqlx::query_as(
        "SELECT id, request_id, tenant_id, agent_id, credential_id, model_requested, model_served,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd,
                latency_ms, status, failovers, created_at
         FROM usage_records WHERE ($1 IS NULL OR tenant_id = $1)
         ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(tenant_id)
    .bind(limit.clamp(1, 10_000))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::{placeholders, rollup, Backend, TokenUsage, UsageRecord};

    #[test]
    fn a_batch_is_summed_into_one_row_per_bucket() {
        let rec = |agent: &str, at: i64, status: &str, input: i64| UsageRecord {
            id: format!("{agent}{at}"),
            request_id: String::new(),
            tenant_id: "t".into(),
            agent_id: agent.into(),
            key_id: "k".into(),
            credential_id: None,
            model_requested: "m".into(),
            model_served: None,
            usage: TokenUsage {
                input,
                output: 1,
                cache_read: 0,
                cache_write: 0,
            },
            cost_micro_usd: 10,
            credit_micro_usd: if agent == "a" { 4 } else { 0 },
            latency_ms: 1,
            ttft_ms: None,
            status: status.into(),
            http_status: 200,
            failovers: 0,
            streamed: false,
            created_at: at,
        };
        let rows = rollup(&[
            rec("a", 3_600, "ok", 5),
            rec("a", 3_601, "upstream_error", 7),
            rec("a", 7_200, "ok", 1),
            rec("b", 3_600, "ok", 2),
        ]);
        let find = |period: &str, bucket: i64, agent: &str| {
            rows.iter()
                .find(|((p, b, _, a, _), _)| *p == period && *b == bucket && a == agent)
                .map(|(_, s)| s.clone())
                .expect("bucket")
        };
        assert_eq!(rows.len(), 5, "a: 2 hours + 1 day; b: 1 hour + 1 day");
        let h = find("hour", 3_600, "a");
        assert_eq!(
            (h.requests, h.errors, h.usage.input, h.cost),
            (2, 1, 12, 20)
        );
        let d = find("day", 0, "a");
        assert_eq!((d.requests, d.usage.input, d.usage.output), (3, 13, 3));
        assert_eq!((h.credit, d.credit, find("day", 0, "b").credit), (8, 12, 0));
        assert_eq!(placeholders(Backend::Postgres, 2, 2), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
