//! What the usage rollups say a workspace (or one of its agents) spent: the figure
//! budgets, limits, projections and prepaid credits are measured against.

use crate::db::Db;
use crate::error::Result;
use crate::ids::TenantId;

/// Cost in hourly rollups of a tenant (optionally one agent) in `[from, to)`.
pub async fn cost(
    db: &Db,
    tenant_id: &TenantId,
    agent_id: Option<&str>,
    from: i64,
    to: i64,
) -> Result<(i64, i64)> {
    let (cost, ok): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(cost_micro_usd) AS BIGINT), CAST(SUM(requests - errors) AS BIGINT)
         FROM usage_rollups WHERE period = 'hour' AND tenant_id = $1 AND ($2 = '' OR agent_id = $2)
           AND bucket_start >= $3 AND bucket_start < $4",
    )
    .bind(tenant_id)
    .bind(agent_id.unwrap_or(""))
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    Ok((cost.unwrap_or(0), ok.unwrap_or(0)))
}

/// Credit-paid cost of a tenant, of all time, in the daily rollups: what its credit ledger
/// starts from.
/// Read on `conn`: the pool, or a transaction that credits the workspace.
pub async fn credit_spent<'c, E>(conn: E, tenant_id: &TenantId) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let (spent,): (Option<i64>,) = sqlx::query_as(
        "SELECT CAST(SUM(credit_micro_usd) AS BIGINT) FROM usage_rollups
         WHERE period = 'day' AND tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_one(conn)
    .await?;
    Ok(spent.unwrap_or(0))
}
