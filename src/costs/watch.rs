//! The cost watch: the alerts cost control raises (budget thresholds, the provider pool's
//! headroom, a projected overspend, prepaid credits running low), each once per period across
//! every process.

use crate::alerts::{raise_once, Severity};
use crate::clock::now;
use crate::costs::projection::Projection;
use crate::costs::thresholds;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::Text;
use crate::ids::TenantId;

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
    tenant_id: &TenantId,
    period: &str,
    spent: i64,
    budget: i64,
) -> Result<()> {
    for t in thresholds::budget_thresholds_reached(spent, budget) {
        let text = Text::new("alert-budget")
            .int("percent", i64::from(t))
            .usd("spent", spent)
            .usd("budget", budget);
        raise_once(
            db,
            Some(tenant_id),
            &format!("tenant:{tenant_id}"),
            "budget",
            i64::from(t),
            period,
            budget_severity(t),
            &text,
        )
        .await?;
    }
    Ok(())
}

/// Raises the pool thresholds reached with `remaining_pct` of the pool's credit left (once each
/// per UTC day).
pub async fn pool_remaining(db: &Db, day: &str, remaining: i64, limit: i64) -> Result<()> {
    for t in thresholds::pool_thresholds_reached(remaining, limit) {
        let severity = if t <= 5 {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let text = Text::new("alert-pool").int("percent", i64::from(t));
        raise_once(db, None, "pool", "pool", i64::from(t), day, severity, &text).await?;
    }
    Ok(())
}

/// The low-credit thresholds `remaining` of `base` (the balance right after the last purchase)
/// has reached; 0 alone when a request was `refused` for want of credits.
pub fn credit_thresholds(remaining: i64, base: i64, refused: bool) -> Vec<u32> {
    if refused {
        vec![0]
    } else {
        thresholds::pool_thresholds_reached(remaining, base)
    }
}

/// Raises the low-credit thresholds reached (see [`credit_thresholds`]), once each per grant
/// (`period` names it).
pub async fn credits_low(
    db: &Db,
    tenant_id: &TenantId,
    period: &str,
    remaining: i64,
    base: i64,
    refused: bool,
) -> Result<()> {
    let reached = credit_thresholds(remaining, base, refused);
    for t in reached {
        let (severity, text) = match t {
            0 => (
                Severity::Critical,
                Text::new("alert-credits-empty").usd("left", remaining.max(0)),
            ),
            t => (
                if t <= 5 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Text::new("alert-credits-low")
                    .int("percent", i64::from(t))
                    .usd("left", remaining),
            ),
        };
        raise_once(
            db,
            Some(tenant_id),
            &format!("tenant:{tenant_id}"),
            "credits",
            i64::from(t),
            period,
            severity,
            &text,
        )
        .await?;
    }
    Ok(())
}

/// The projection alert's text: when the budget is crossed at the current pace.
pub fn projection_message(p: &Projection, budget: i64, crossing_label: &str) -> Text {
    Text::new("alert-projection")
        .usd("budget", budget)
        .str("day", crossing_label)
        .usd("projected", p.projected)
}

/// Raises "at this pace you cross your budget on <date>" once per month for every tenant whose
/// projection crosses its budget before the month ends; returns how many were raised.
pub async fn check_projections(db: &Db, at: i64) -> Result<usize> {
    let tenants: Vec<(TenantId, i64)> = sqlx::query_as(
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

#[cfg(test)]
mod tests {
    use super::credit_thresholds;

    #[test]
    fn credits_alert_at_what_is_left_of_the_last_purchase_and_once_when_they_cannot_pay() {
        assert!(credit_thresholds(21_000, 100_000, false).is_empty());
        assert_eq!(credit_thresholds(20_000, 100_000, false), [20]);
        assert_eq!(credit_thresholds(4_000, 100_000, false), [20, 10, 5]);
        assert_eq!(credit_thresholds(50_000, 100_000, true), [0]);
        assert!(credit_thresholds(0, 0, false).is_empty());
    }
}
