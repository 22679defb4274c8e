//! What billing tells a workspace's people, through the alert engine: a payment failed (the
//! plan stays for the grace period), or the grace period ended (the workspace is on Starter).

use crate::alerts::{raise_once, Severity};
use crate::billing::account::Applied;
use crate::billing::lifecycle::Standing;
use crate::clock::now;
use crate::db::Db;
use crate::i18n::Text;
use crate::ids::TenantId;

/// Tells the workspace's people, once per failure, that a payment failed or that its grace ran
/// out. A notice that cannot be raised is logged: the plan change stands.
pub async fn raise(db: &Db, tenant: &TenantId, done: &Applied) {
    let (text, severity, period) = match &done.decision.standing {
        Standing::Grace { until } => (
            Text::new("alert-payment-failed")
                .str("plan", done.decision.plan_id.clone())
                .int("days", ((until - now()).max(0) + 86_399) / 86_400),
            Severity::Error,
            format!("grace-{until}"),
        ),
        Standing::Lapsed { since } => (
            Text::new("alert-plan-lapsed").str("plan", done.decision.plan_id.clone()),
            Severity::Critical,
            format!("lapsed-{since}"),
        ),
        _ => return,
    };
    if let Err(e) = raise_once(
        db,
        Some(tenant),
        &format!("tenant:{tenant}"),
        "billing",
        0,
        &period,
        severity,
        &text,
    )
    .await
    {
        tracing::error!(error = %e, tenant = %tenant, "billing notice not raised");
    }
}
