//! The BaaS signature on a free workspace's bots: every reply of a Starter bot starts with it,
//! set through the bot's own config (`messages.responsePrefix`, versioned and audited like any
//! change); an upgrade removes it and a downgrade puts it back. A bot that cannot be reached
//! when the plan moves is brought in line by the next reconciliation.

use crate::access::Access;
use crate::billing::lifecycle::FREE_PLAN;
use crate::clawdbot::config::Change;
use crate::clawdbot::editor::{self, EditError};
use crate::clawdbot::link::Managed;
use crate::clawdbot::manager::BotManager;
use crate::crypto::SecretBox;
use crate::db::Db;
use crate::error::Result;
use crate::ids::TenantId;
use serde_json::Value;

/// What a free workspace's bots start every reply with.
pub const SIGNATURE: &str = "[BaaS]";

/// The change that brings a bot's config in line with its workspace's plan, if one is needed.
/// A prefix the owner wrote themselves is left alone on a paid plan; on the free plan the
/// signature replaces it.
pub fn needed(config: &Value, plan_id: &str) -> Option<Change> {
    let current = config
        .get("messages")
        .and_then(|m| m.get("responsePrefix"))
        .and_then(Value::as_str);
    match (plan_id == FREE_PLAN, current) {
        (true, Some(SIGNATURE)) => None,
        (true, _) => Some(Change::ResponsePrefix(Some(SIGNATURE.into()))),
        (false, Some(SIGNATURE)) => Some(Change::ResponsePrefix(None)),
        (false, _) => None,
    }
}

/// What reconciling a workspace's bots did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    pub changed: usize,
    pub unchanged: usize,
    /// Bots that could not be read or changed now (offline, refusing): tried again later.
    pub failed: usize,
}

/// Brings every bot of `tenant` in line with its plan.
pub async fn reconcile(
    db: &Db,
    secrets: &SecretBox,
    bots: &BotManager,
    tenant: &TenantId,
) -> Result<Reconciled> {
    let (plan_id,): (String,) = sqlx::query_as("SELECT plan_id FROM tenants WHERE id = $1")
        .bind(tenant)
        .fetch_one(&db.pool)
        .await?;
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM bots WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&db.pool)
            .await?;
    let at = Access::billing(tenant);
    let mut out = Reconciled::default();
    for (bot_id,) in ids {
        let link = Managed {
            bots,
            bot_id: &bot_id,
        };
        let outcome = match editor::read(&link).await {
            Err(e) => Err(EditError::from(e)),
            Ok(snapshot) => match needed(&snapshot.parsed, &plan_id) {
                None => Ok(false),
                Some(change) => {
                    editor::change(db, secrets, &link, &at, &bot_id, &snapshot.hash, &change)
                        .await
                        .map(|_| true)
                }
            },
        };
        match outcome {
            Ok(true) => out.changed += 1,
            Ok(false) => out.unchanged += 1,
            Err(e) => {
                tracing::warn!(bot = %bot_id, error = %e, "the bot's BaaS signature could not be brought in line");
                out.failed += 1;
            }
        }
    }
    Ok(out)
}

/// [`reconcile`] in the background, logged: a plan change stands whatever the bots answer.
pub fn spawn(db: Db, secrets: SecretBox, bots: BotManager, tenant: TenantId) {
    tokio::spawn(async move {
        match reconcile(&db, &secrets, &bots, &tenant).await {
            Ok(r) => {
                tracing::info!(tenant = %tenant, ?r, "bots' signature brought in line with the plan")
            }
            Err(e) => {
                tracing::warn!(tenant = %tenant, error = %e, "bots' signature not brought in line")
            }
        }
    });
}

/// Reconciles every workspace that has bots; run on a timer so a bot that was offline when its
/// plan moved catches up.
pub async fn reconcile_all(db: &Db, secrets: &SecretBox, bots: &BotManager) -> Result<Reconciled> {
    let tenants: Vec<(TenantId,)> =
        sqlx::query_as("SELECT DISTINCT tenant_id FROM bots ORDER BY tenant_id")
            .fetch_all(&db.pool)
            .await?;
    let mut all = Reconciled::default();
    for (t,) in tenants {
        let r = reconcile(db, secrets, bots, &t).await?;
        all.changed += r.changed;
        all.unchanged += r.unchanged;
        all.failed += r.failed;
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_signature_follows_the_plan_and_leaves_an_owners_own_prefix_on_paid_plans() {
        let bare = json!({"agents": {"list": []}});
        let signed = json!({"messages": {"responsePrefix": SIGNATURE}});
        let own = json!({"messages": {"responsePrefix": "Loja do Zé:"}});
        assert_eq!(
            needed(&bare, "starter"),
            Some(Change::ResponsePrefix(Some(SIGNATURE.into())))
        );
        assert_eq!(needed(&signed, "starter"), None);
        assert_eq!(
            needed(&own, "starter"),
            Some(Change::ResponsePrefix(Some(SIGNATURE.into())))
        );
        assert_eq!(needed(&signed, "pro"), Some(Change::ResponsePrefix(None)));
        assert_eq!(needed(&own, "business"), None);
        assert_eq!(needed(&bare, "enterprise"), None);
    }
}
