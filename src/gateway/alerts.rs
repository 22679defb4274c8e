//! Alert events: recorded now, delivered by the notifier that reads them.

use crate::db::{new_id, now, Db};
use crate::error::Result;

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
    Critical,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Critical => "critical",
        }
    }
}

/// Records an alert event; `tenant_id` is `None` for operator-level events (the pool).
pub async fn record(
    db: &Db,
    tenant_id: Option<&str>,
    kind: &str,
    severity: Severity,
    message: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO alert_events (id, tenant_id, kind, severity, message, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(tenant_id)
    .bind(kind)
    .bind(severity.as_str())
    .bind(message)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
