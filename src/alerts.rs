//! Alerts, under one name: events recorded (once per period where a threshold raised them),
//! listed and acknowledged; delivered by the notifier that reads them.

use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::ids::TenantId;
use crate::model::AlertView;

pub use crate::notify::rules::Severity;

/// Records an alert event and queues it for delivery; `tenant_id` is `None` for
/// operator-level events (the pool), which go to the operators. The event keeps `text` in
/// English for the dashboard and as a message id for each reader's language.
pub async fn record(
    db: &Db,
    tenant_id: Option<&TenantId>,
    kind: &str,
    severity: Severity,
    text: &Text,
) -> Result<()> {
    let message = text.english();
    sqlx::query(
        "INSERT INTO alert_events (id, tenant_id, kind, severity, message, text_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(tenant_id)
    .bind(kind)
    .bind(severity.as_str())
    .bind(&message)
    .bind(serde_json::to_string(text).ok())
    .bind(now())
    .execute(&db.pool)
    .await?;
    // Out through the notification engine too; the event above stands even if that fails.
    let alert = crate::notify::Alert {
        tenant_id: tenant_id.cloned(),
        bot_id: None,
        key: format!(
            "{}:{kind}:{}",
            tenant_id.map_or("operator", TenantId::as_str),
            &crate::crypto::hash_token(&message)[..16]
        ),
        kind: kind.to_string(),
        severity,
        text: text.clone(),
        resolved: false,
    };
    if let Err(e) = crate::notify::raise(db, &alert, crate::notify::GROUP_WAIT).await {
        tracing::warn!(kind, error = %e, "an alert was recorded but not queued for delivery");
    }
    Ok(())
}

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
    tenant_id: Option<&TenantId>,
    scope: &str,
    kind: &str,
    threshold: i64,
    period: &str,
    severity: Severity,
    text: &Text,
) -> Result<bool> {
    if !fire_once(db, scope, kind, threshold, period).await? {
        return Ok(false);
    }
    record(db, tenant_id, kind, severity, text).await?;
    Ok(true)
}

/// An alert as stored: its text as JSON.
#[derive(sqlx::FromRow)]
struct AlertRow {
    id: String,
    kind: String,
    severity: String,
    message: String,
    text_json: Option<String>,
    created_at: i64,
    acknowledged_at: Option<i64>,
    acknowledged_by: Option<String>,
}

impl AlertRow {
    fn view(self) -> AlertView {
        AlertView {
            text: self
                .text_json
                .and_then(|j| serde_json::from_str::<Text>(&j).ok()),
            id: self.id,
            kind: self.kind,
            severity: self.severity,
            message: self.message,
            created_at: self.created_at,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by: self.acknowledged_by,
        }
    }
}

/// Largest number of alerts listed at once.
pub const LIST_LIMIT: i64 = 200;

/// A tenant's alerts (`None`: the operator's, which belong to no tenant), newest first.
pub async fn list(db: &Db, tenant_id: Option<&TenantId>) -> Result<Vec<AlertView>> {
    let rows: Vec<AlertRow> = match tenant_id {
        Some(t) => {
            sqlx::query_as(
                "SELECT id, kind, severity, message, text_json, created_at, acknowledged_at,
                        acknowledged_by
                 FROM alert_events WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2",
            )
            .bind(t)
            .bind(LIST_LIMIT)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT id, kind, severity, message, text_json, created_at, acknowledged_at,
                        acknowledged_by
                 FROM alert_events WHERE tenant_id IS NULL ORDER BY created_at DESC, id LIMIT $1",
            )
            .bind(LIST_LIMIT)
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows.into_iter().map(AlertRow::view).collect())
}

/// How many of a tenant's alerts are unacknowledged, and the latest `limit` of them.
pub async fn unacknowledged(
    db: &Db,
    tenant_id: &TenantId,
    limit: i64,
) -> Result<(i64, Vec<AlertView>)> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND acknowledged_at IS NULL",
    )
    .bind(tenant_id)
    .fetch_one(&db.pool)
    .await?;
    let latest: Vec<AlertRow> = sqlx::query_as(
        "SELECT id, kind, severity, message, text_json, created_at, acknowledged_at, acknowledged_by
         FROM alert_events WHERE tenant_id = $1 AND acknowledged_at IS NULL
         ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(tenant_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok((count, latest.into_iter().map(AlertRow::view).collect()))
}

/// Acknowledges one alert of a tenant (`None`: an operator alert); audited.
pub async fn acknowledge(
    db: &Db,
    tenant_id: Option<&TenantId>,
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
        .bind(tenant_id.map_or("", TenantId::as_str))
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
