//! Usage export as CSV or JSON: the filtered usage records, read from the database a page at a
//! time and sent in chunks through a bounded channel, so a large export never sits in memory
//! and a slow download never holds a database connection. One export runs at a time per
//! workspace, within a time limit.

use crate::clock::now;
use crate::costs::dashboard::Range;
use crate::csv::field as csv_field;
use crate::db::Db;
use crate::error::Result;
use crate::ids::TenantId;
use crate::pricing::MICRO_PER_USD;
use crate::tz::Zone;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// `csv` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

/// Chunks waiting in the channel: with [`CHUNK`], the most an export holds in memory.
const IN_FLIGHT: usize = 4;

/// Columns of the CSV export, in order.
pub const CSV_HEADER: &str = "time_utc,local_day,agent,model_requested,model_served,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,status,request_id\n";

/// What the export selects.
#[derive(Debug, Clone)]
pub struct ExportQuery {
    pub tenant_id: TenantId,
    pub range: Range,
    /// Agent id, or empty for every agent.
    pub agent: String,
    /// Model (as served), or empty for every model.
    pub model: String,
}

/// One usage record as exported, with its agent's name (`None` once the agent is deleted).
#[derive(sqlx::FromRow)]
struct ExportRow {
    created_at: i64,
    agent: Option<String>,
    model_requested: String,
    model_served: Option<String>,
    input_tokens: i64,
    output_tokens: i64,
    cache_read_tokens: i64,
    cache_write_tokens: i64,
    cost_micro_usd: i64,
    status: String,
    request_id: String,
    id: String,
}

fn usd(micro: i64) -> String {
    format!(
        "{}{}.{:06}",
        if micro < 0 { "-" } else { "" },
        micro.unsigned_abs() / MICRO_PER_USD as u64,
        micro.unsigned_abs() % MICRO_PER_USD as u64
    )
}

fn write_row(out: &mut String, format: Format, zone: &Zone, r: &ExportRow, first: bool) {
    let ExportRow {
        created_at: at,
        agent,
        model_requested: requested,
        model_served: served,
        input_tokens: input,
        output_tokens: output,
        cache_read_tokens: cache_read,
        cache_write_tokens: cache_write,
        cost_micro_usd: cost,
        status,
        request_id,
        id: _,
    } = r;
    let agent = agent.as_deref().unwrap_or("(deleted agent)");
    let served = served.as_deref().unwrap_or("");
    let time = crate::time::format_rfc3339(*at);
    let day = zone.day_key(*at);
    match format {
        Format::Csv => {
            out.push_str(&format!(
                "{time},{day},{},{},{},{input},{output},{cache_read},{cache_write},{},{},{}\n",
                csv_field(agent),
                csv_field(requested),
                csv_field(served),
                usd(*cost),
                csv_field(status),
                csv_field(request_id)
            ));
        }
        Format::Json => {
            if !first {
                out.push_str(",\n");
            }
            let row = serde_json::json!({
                "time_utc": time,
                "local_day": day,
                "agent": agent,
                "model_requested": requested,
                "model_served": served,
                "input_tokens": input,
                "output_tokens": output,
                "cache_read_tokens": cache_read,
                "cache_write_tokens": cache_write,
                "cost_usd": usd(*cost),
                "cost_micro_usd": cost,
                "status": status,
                "request_id": request_id,
            });
            out.push_str(&row.to_string());
        }
    }
}

/// Rows read per query: each page is read on a connection that goes back to the pool before
/// the page is sent, so a slow download never holds one.
const PAGE: i64 = 5_000;

/// Claims the tenant's one running export; false if another runs (in any process). A claim
/// older than `timeout` belongs to an export whose process died, and is taken over.
pub async fn claim(db: &Db, tenant_id: &TenantId, timeout: Duration) -> Result<bool> {
    let t = now();
    sqlx::query("DELETE FROM export_runs WHERE tenant_id = $1 AND started_at < $2")
        .bind(tenant_id)
        .bind(t - timeout.as_secs() as i64)
        .execute(&db.pool)
        .await?;
    let done = sqlx::query(
        "INSERT INTO export_runs (tenant_id, started_at) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant_id)
    .bind(t)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn release(db: &Db, tenant_id: &TenantId) {
    let released = sqlx::query("DELETE FROM export_runs WHERE tenant_id = $1")
        .bind(tenant_id)
        .execute(&db.pool)
        .await;
    if let Err(e) = released {
        tracing::warn!(error = %e, "export claim not released; it expires by itself");
    }
}

async fn page(db: &Db, q: &ExportQuery, after: Option<(i64, String)>) -> Result<Vec<ExportRow>> {
    let (at, id) = after.unwrap_or((i64::MIN, String::new()));
    Ok(sqlx::query_as::<_, ExportRow>(
        "SELECT r.created_at, a.name AS agent, r.model_requested, r.model_served, r.input_tokens,
                r.output_tokens, r.cache_read_tokens, r.cache_write_tokens, r.cost_micro_usd,
                r.status, r.request_id, r.id
         FROM usage_records r LEFT JOIN agents a ON a.id = r.agent_id
         WHERE r.tenant_id = $1 AND r.created_at >= $2 AND r.created_at < $3
           AND ($4 = '' OR r.agent_id = $4)
           AND ($5 = '' OR COALESCE(r.model_served, r.model_requested) = $5)
           AND (r.created_at > $6 OR (r.created_at = $6 AND r.id > $7))
         ORDER BY r.created_at, r.id
         LIMIT $8",
    )
    .bind(&q.tenant_id)
    .bind(q.range.from)
    .bind(q.range.to)
    .bind(&q.agent)
    .bind(&q.model)
    .bind(at)
    .bind(id)
    .bind(PAGE)
    .fetch_all(&db.pool)
    .await?)
}

/// A running export: its chunks as they come, ending in an error if it failed.
pub struct Export {
    rx: mpsc::Receiver<std::result::Result<Vec<u8>, String>>,
    failed: Arc<AtomicBool>,
}

impl Export {
    /// The next chunk; `None` once complete. An export that failed ends in an error even when
    /// its reader was too slow to be sent one.
    pub async fn next(&mut self) -> Option<std::result::Result<Vec<u8>, String>> {
        match self.rx.recv().await {
            Some(chunk) => Some(chunk),
            None if self.failed.load(Ordering::Acquire) => {
                self.failed.store(false, Ordering::Release);
                Some(Err("the export did not finish".into()))
            }
            None => None,
        }
    }
}

/// Starts an export the caller has [`claim`]ed; the claim is released when it ends. An error
/// mid-way, or running past `timeout` (a reader that stalls), ends the stream with an error:
/// the client sees a broken download, never a silently short file.
pub fn spawn(db: Db, zone: Zone, q: ExportQuery, format: Format, timeout: Duration) -> Export {
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let failed = Arc::new(AtomicBool::new(false));
    let flag = failed.clone();
    tokio::spawn(async move {
        let run = async {
            let mut buf = String::with_capacity(CHUNK + 1024);
            buf.push_str(match format {
                Format::Csv => CSV_HEADER,
                Format::Json => "[\n",
            });
            let mut first = true;
            let mut after = None;
            loop {
                let rows = match page(&db, &q, after.take()).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::error!(error = %e, "usage export failed");
                        return Err("the export stopped on a database error".to_string());
                    }
                };
                let full = rows.len() as i64 == PAGE;
                for r in &rows {
                    write_row(&mut buf, format, &zone, r, first);
                    first = false;
                    if buf.len() >= CHUNK {
                        let chunk =
                            std::mem::replace(&mut buf, String::with_capacity(CHUNK + 1024));
                        if tx.send(Ok(chunk.into_bytes())).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                match rows.last() {
                    Some(last) if full => after = Some((last.created_at, last.id.clone())),
                    _ => break,
                }
            }
            if format == Format::Json {
                buf.push_str("\n]\n");
            }
            let _ = tx.send(Ok(buf.into_bytes())).await;
            Ok(())
        };
        let ended = tokio::time::timeout(timeout, run).await;
        let failure = match ended {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some(format!(
                "the export ran longer than {} s; export a shorter range",
                timeout.as_secs()
            )),
        };
        if let Some(e) = failure {
            tracing::warn!(tenant = %q.tenant_id, error = %e, "usage export ended early");
            flag.store(true, Ordering::Release);
            let _ = tx.try_send(Err(e));
        }
        drop(tx);
        release(&db, &q.tenant_id).await;
    });
    Export { rx, failed }
}

/// The download's file name: the days, then the agent and the model when the export is
/// narrowed to them, so two filtered downloads never overwrite each other.
pub fn file_name(q: &ExportQuery, format: Format) -> String {
    let mut name = format!("usage-{}-{}", q.range.first_day, q.range.last_day);
    for (what, value) in [("agent", &q.agent), ("model", &q.model)] {
        let slug = crate::csv::file_slug(value, 40);
        if !slug.is_empty() {
            name.push_str(&format!("-{what}-{slug}"));
        }
    }
    let ext = if format == Format::Csv { "csv" } else { "json" };
    format!("{name}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_differ_per_filter() {
        let q = |agent: &str, model: &str| ExportQuery {
            tenant_id: TenantId::new("t"),
            range: Range {
                from: 0,
                to: 0,
                first_day: "2026-11-01".into(),
                last_day: "2026-11-30".into(),
            },
            agent: agent.into(),
            model: model.into(),
        };
        assert_eq!(
            file_name(&q("", ""), Format::Csv),
            "usage-2026-11-01-2026-11-30.csv"
        );
        assert_eq!(
            file_name(&q("arara", ""), Format::Json),
            "usage-2026-11-01-2026-11-30-agent-arara.json"
        );
        assert_eq!(
            file_name(&q("Arara Azul", "claude-haiku-4-5"), Format::Csv),
            "usage-2026-11-01-2026-11-30-agent-arara-azul-model-claude-haiku-4-5.csv"
        );
    }

    #[test]
    fn money_is_written_to_the_micro_dollar() {
        assert_eq!(usd(1_234_567), "1.234567");
        assert_eq!(usd(5), "0.000005");
    }
}
