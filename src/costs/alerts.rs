//! Budget, pool, daily-limit, downgrade and projection alerts: each threshold fires once per
//! period across every process (a row in `alert_marks`), is listed and can be acknowledged.

use crate::audit::{self, Action, Actor};
use crate::budget::{self, Projection};
use crate::db::{now, Db};
use crate::error::{Error, Result};
use crate::gateway::alerts::{record, Severity};
use crate::model::AlertView;
use crate::pricing::format_usd;

/// Marks `threshold` of `kind` as fired for `scope` in `period`; true only for the first caller
/// in any process, so the alert is raised once.
pub async fn fire_once(
    db: &Db,
    scope: &str,
    kind: &str,
    threshold: i64,
    period: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO alert_marks (scope, kind, threshold, period, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(scope)
    .bind(kind)
    .bind(threshold)
    .bind(period)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Raises an alert once per `(scope, kind, threshold, period)`.
#[allow(clippy::too_many_arguments)]
pub async fn raise_once(
    db: &Db,
    tenant_id: Option<&str>,
    scope: &str,
    kind: &str,
    threshold: i64,
    period: &str,
    severity: Severity,
    message: &str,
) -> Result<bool> {
    if !fire_once(db, scope, kind, threshold, period).await? {
        return Ok(false);
    }
    record(db, tenant_id, kind, severity, message).await?;
    Ok(true)
}

/// How severe a budget threshold is.
pub fn budget_severity(threshold: u32) -> Severity {
    match threshold {
        t if t >= 100 => Severity::Critical,
        t if t >= 95 => Severity::Error,
        t if t >= 80 => Severity::Warning,
        _ => Severity::Info,
    }
}

/// Raises the budget thresholds `spent` of `budget` has reached in `period` (once each).
pub async fn budget_spent(
    db: &Db,
    tenant_id: &str,
    period: &str,
    spent: i64,
    budget: i64,
) -> Result<()> {
    for t in budget::budget_thresholds_reached(spent, budget) {
        let message = format!(
            "{t}% of this month's budget is spent: {} of {}",
            format_usd(spent),
            format_usd(budget)
        );
        raise_once(
            db,
            Some(tenant_id),
            &format!("tenant:{tenant_id}"),
            "budget",
            i64::from(t),
            period,
            budget_severity(t),
            &message,
        )
        .await?;
    }
    Ok(())
}

/// Raises the pool thresholds reached with `remaining_pct` of the pool's credit left (once each
/// per UTC day).
pub async fn pool_remaining(db: &Db, day: &str, remaining: i64, limit: i64) -> Result<()> {
    for t in budget::pool_thresholds_reached(remaining, limit) {
        let severity = if t <= 5 {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let message = format!("the provider pool has {t}% or less of its credit left");
        raise_once(
            db,
            None,
            "pool",
            "pool",
            i64::from(t),
            day,
            severity,
            &message,
        )
        .await?;
    }
    Ok(())
}

/// The projection alert's text: when the budget is crossed at the current pace.
pub fn projection_message(p: &Projection, budget: i64, crossing_label: &str) -> String {
    format!(
        "at this pace you cross your {} budget on {crossing_label} (projected month end {})",
        format_usd(budget),
        format_usd(p.projected)
    )
}

type AlertRow = (
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
);

fn view(r: AlertRow) -> AlertView {
    AlertView {
        id: r.0,
        kind: r.1,
        severity: r.2,
        message: r.3,
        created_at: r.4,
        acknowledged_at: r.5,
        acknowledged_by: r.6,
    }
}

/// Largest number of alerts listed at once.
pub const LIST_LIMIT: i64 = 200;

/// A tenant's alerts (`None`: the operator's, which belong to no tenant), newest first.
pub async fn list(db: &Db, tenant_id: Option<&str>) -> Result<Vec<AlertView>> {
    let rows: Vec<AlertRow> =
        match tenant_id {
            Some(t) => sqlx::query_as(
                "SELECT id, kind, severity, message, created_at, acknowledged_at, acknowledged_by
                 FROM alert_events WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2",
            )
            .bind(t)
            .bind(LIST_LIMIT)
            .fetch_all(&db.pool)
            .await?,
            None => sqlx::query_as(
                "SELECT id, kind, severity, message, created_at, acknowledged_at, acknowledged_by
                 FROM alert_events WHERE tenant_id IS NULL ORDER BY created_at DESC, id LIMIT $1",
            )
            .bind(LIST_LIMIT)
            .fetch_all(&db.pool)
            .await?,
        };
    Ok(rows.into_iter().map(view).collect())
}

/// Acknowledges one alert of a tenant (`None`: an operator alert); audited.
pub async fn acknowledge(
    db: &Db,
    tenant_id: Option<&str>,
    alert_id: &str,
    actor: &Actor,
) -> Result<()> {
    let who = actor.email.clone().unwrap_or_default();
    let sql = match tenant_id {
        Some(_) => {
            "UPDATE alert_events SET acknowledged_at = $1, acknowledged_by = $2
                    WHERE id = $3 AND tenant_id = $4 AND acknowledged_at IS NULL"
        }
        None => {
            "UPDATE alert_events SET acknowledged_at = $1, acknowledged_by = $2
                 WHERE id = $3 AND tenant_id IS NULL AND acknowledged_at IS NULL AND $4 = ''"
        }
    };
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(sql)
        .bind(now())
        .bind(&who)
        .bind(alert_id)
        .bind(tenant_id.unwrap_or(""))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("unacknowledged alert"));
    }
    audit::record(
        &mut tx,
        tenant_id,
        actor,
        Action::AlertAcknowledged,
        alert_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Raises "at this pace you cross your budget on <date>" once per month for every tenant whose
/// projection crosses its budget before the month ends; returns how many were raised.
pub async fn check_projections(db: &Db, at: i64) -> Result<usize> {
    let tenants: Vec<(String, i64)> = sqlx::query_as(
        "SELECT id, monthly_budget FROM tenants WHERE monthly_budget IS NOT NULL AND monthly_budget > 0",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut raised = 0;
    for (tenant_id, budget_limit) in tenants {
        let (p, mtd, zone) = super::dashboard::projection_at(db, &tenant_id, at).await?;
        let Some(day) = p.crosses_on.as_deref() else {
            continue;
        };
        if mtd >= budget_limit {
            continue;
        }
        let core = Projection {
            month_to_date: mtd,
            avg_7d: p.avg_7d,
            avg_30d: p.avg_30d,
            daily_rate: p.daily_rate,
            projected: p.projected,
            crosses_in_secs: None,
        };
        let message = projection_message(&core, budget_limit, day);
        if raise_once(
            db,
            Some(&tenant_id),
            &format!("tenant:{tenant_id}"),
            "projection",
            0,
            &zone.month_key(at),
            Severity::Warning,
            &message,
        )
        .await?
        {
            raised += 1;
        }
    }
    Ok(raised)
}

/// Checks projections every `every` until the process ends.
pub fn spawn_projection_watch(db: Db, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = check_projections(&db, now()).await {
                tracing::warn!(error = %e, "projection check failed");
            }
        }
    })
}
