//! A workspace's data under the LGPD: everything it holds as one JSON archive for its owners,
//! and its deletion — subscription cancelled, secrets destroyed with their rows, personal data
//! erased, usage kept only under an anonymous id for the operator's accounting. A person can
//! delete their own account once no workspace depends on them as its last owner.

use crate::access::Access;
use crate::audit::{self, Action, Actor};
use crate::billing::stripe::Stripe;
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::roles::Role;
use serde_json::{json, Map, Value};
use sqlx::{Column, Row};

/// What the archive holds, section by section: each query takes the workspace's id as `$1`.
/// Sealed secrets (bot tokens, channel targets and secrets, key hashes, sealed configs) are
/// never read; the bots' configurations are BaaS's own copies of what the bots hold.
const SECTIONS: &[(&str, &str)] = &[
    (
        "workspace",
        "SELECT id, name, created_at, plan_id, timezone, monthly_budget, downgrade_enabled,
                downgrade_share, operator_cap, check_interval_minutes, audit_retention_days
         FROM tenants WHERE id = $1",
    ),
    (
        "members",
        "SELECT u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.tenant_id = $1 ORDER BY u.email",
    ),
    (
        "invites",
        "SELECT email, role, created_at, expires_at, accepted_at, revoked_at FROM invites
         WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "agents",
        "SELECT id, name, clawdbot_agent_id, created_at, monthly_budget, daily_limit, deleted_at
         FROM agents WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "keys",
        "SELECT id, agent_id, bot_id, display_prefix, name, created_at, last_used_at, revoked_at
         FROM virtual_keys WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "bots",
        "SELECT id, name, gateway_url, created_at FROM bots WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "bot_config_versions",
        "SELECT v.bot_id, v.version, v.summary, v.author, v.created_at
         FROM bot_config_versions v JOIN bots b ON b.id = v.bot_id
         WHERE b.tenant_id = $1 ORDER BY v.bot_id, v.version",
    ),
    (
        "persona_versions",
        "SELECT p.bot_id, p.agent_id, p.name, p.version, p.content, p.summary, p.author, p.created_at
         FROM persona_versions p JOIN bots b ON b.id = p.bot_id
         WHERE b.tenant_id = $1 ORDER BY p.bot_id, p.name, p.version",
    ),
    (
        "knowledge_documents",
        "SELECT bot_id, name, kind, size_bytes, text, updated_at FROM knowledge_documents
         WHERE tenant_id = $1 ORDER BY bot_id, name",
    ),
    (
        "conversations",
        "SELECT bot_id, session_key, agent, channel, group_jid, group_name, model, input_tokens,
                output_tokens, cost_micro_usd, last_message, updated_at
         FROM conversations WHERE tenant_id = $1 ORDER BY updated_at",
    ),
    (
        "usage_records",
        "SELECT * FROM usage_records WHERE tenant_id = $1 ORDER BY created_at, id",
    ),
    (
        "alerts",
        "SELECT kind, severity, message, created_at, acknowledged_at, acknowledged_by
         FROM alert_events WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "incidents",
        "SELECT id, bot_id, kind, reason, opened_at, resolved_at, acknowledged_at, acknowledged_by,
                restarts, rolled_back, escalated
         FROM incidents WHERE tenant_id = $1 ORDER BY opened_at",
    ),
    (
        "health_checks",
        "SELECT bot_id, checked_at, result, latency_ms, reason, fault FROM health_checks
         WHERE tenant_id = $1 ORDER BY checked_at",
    ),
    (
        "notification_channels",
        "SELECT id, kind, name, bot_id, enabled, created_at FROM notify_channels
         WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "deliveries",
        "SELECT channel_kind, recipient, subject, status, created_at FROM deliveries
         WHERE tenant_id = $1 ORDER BY created_at",
    ),
    (
        "audit_log",
        "SELECT created_at, actor_email, action, detail, ip FROM audit_log
         WHERE tenant_id = $1 ORDER BY created_at, id",
    ),
    (
        "billing",
        "SELECT customer_id, subscription_id, status, price_id, period_end, standing, standing_since
         FROM billing_accounts WHERE tenant_id = $1",
    ),
    (
        "credits",
        "SELECT kind, amount_micro_usd, pack, paid_brl_cents, stripe_ref, actor, created_at
         FROM credit_ledger WHERE tenant_id = $1 ORDER BY created_at, id",
    ),
];

/// One row as JSON: each column as the first of integer, real or text it reads as.
fn row_json(row: &sqlx::any::AnyRow) -> Value {
    let mut out = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        let v = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            json!(v)
        } else {
            Value::Null
        };
        out.insert(col.name().to_string(), v);
    }
    Value::Object(out)
}

/// Everything the workspace holds, as one JSON document (owners).
pub async fn export(db: &Db, at: &Access) -> Result<Value> {
    if at.role != Role::Owner {
        return Err(Error::Forbidden(
            "only owners export a workspace's data".into(),
        ));
    }
    let mut archive = Map::new();
    archive.insert("format".into(), json!("baas-workspace-export/1"));
    archive.insert("exported_at".into(), json!(now()));
    for (name, sql) in SECTIONS {
        let rows = sqlx::query(sql)
            .bind(&at.tenant_id)
            .fetch_all(&db.pool)
            .await?;
        archive.insert(
            (*name).to_string(),
            Value::Array(rows.iter().map(row_json).collect()),
        );
    }
    Ok(Value::Object(archive))
}

/// Deletes the workspace (owners, who retype its name): its Stripe subscription is cancelled
/// first (a refusal from Stripe stops here, nothing deleted); then, in one transaction, its
/// usage is moved under an anonymous id and everything else goes with its row, sealed secrets
/// included. The operator's log keeps that a workspace was deleted, without its name or people.
pub async fn delete_workspace(
    db: &Db,
    stripe: Option<&Stripe>,
    at: &Access,
    typed_name: &str,
) -> Result<String> {
    if at.role != Role::Owner {
        return Err(Error::Forbidden("only owners delete a workspace".into()));
    }
    let (name,): (String,) = sqlx::query_as("SELECT name FROM tenants WHERE id = $1")
        .bind(&at.tenant_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("workspace"))?;
    if typed_name.trim() != name {
        return Err(Error::Invalid(format!(
            "type the workspace's name, {name}, to delete it"
        )));
    }
    let account = crate::billing::account::account(db, &at.tenant_id).await?;
    if let Some(sub) = account.as_ref().and_then(|a| {
        matches!(a.standing.as_str(), "paid" | "grace")
            .then(|| a.subscription_id.clone())
            .flatten()
    }) {
        let stripe = stripe.ok_or_else(|| {
            Error::Unavailable(
                "this workspace pays through Stripe, which this server cannot reach now; nothing was deleted".into(),
            )
        })?;
        stripe.cancel(&sub).await?;
    }
    let anonymous = format!("erased-{}", new_id());
    let t = &at.tenant_id;
    let mut tx = db.pool.begin().await?;
    for sql in [
        "UPDATE usage_records SET tenant_id = $1, agent_id = $1, key_id = $1 WHERE tenant_id = $2",
        "UPDATE usage_rollups SET tenant_id = $1, agent_id = $1 WHERE tenant_id = $2",
    ] {
        sqlx::query(sql)
            .bind(&anonymous)
            .bind(t)
            .execute(&mut *tx)
            .await?;
    }
    for sql in [
        "DELETE FROM alert_events WHERE tenant_id = $1",
        "DELETE FROM export_runs WHERE tenant_id = $1",
        "DELETE FROM notify_settings WHERE scope = $1",
    ] {
        sqlx::query(sql).bind(t).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM alert_marks WHERE scope = $1")
        .bind(format!("tenant:{t}"))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM tenants WHERE id = $1")
        .bind(t)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        None,
        &Actor::system(),
        Action::WorkspaceDeleted,
        &format!("a workspace was deleted by its owner; its usage is kept as {anonymous}"),
    )
    .await?;
    tx.commit().await?;
    Ok(anonymous)
}

/// Deletes the signed-in person's account: refused while they are the last owner of a
/// workspace that has other members (they hand it over or delete it first); a workspace they
/// own alone goes with them, as [`delete_workspace`] does. Their sessions end; the audit log
/// keeps what they did under "a deleted person".
pub async fn delete_account(
    db: &Db,
    stripe: Option<&Stripe>,
    user_id: &str,
    typed_email: &str,
) -> Result<()> {
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("account"))?;
    if !typed_email.trim().eq_ignore_ascii_case(&email) {
        return Err(Error::Invalid(format!(
            "type your address, {email}, to delete your account"
        )));
    }
    let owned: Vec<(TenantId, String, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.name,
                (SELECT COUNT(*) FROM memberships o WHERE o.tenant_id = t.id AND o.role = 'owner'),
                (SELECT COUNT(*) FROM memberships a WHERE a.tenant_id = t.id)
         FROM memberships m JOIN tenants t ON t.id = m.tenant_id
         WHERE m.user_id = $1 AND m.role = 'owner'",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    if let Some((_, name, _, _)) = owned
        .iter()
        .find(|(_, _, owners, members)| *owners == 1 && *members > 1)
    {
        return Err(Error::Conflict(format!(
            "you are the last owner of {name}, which has other members: make one of them an owner, or delete the workspace, first"
        )));
    }
    for (tenant, name, owners, _) in &owned {
        if *owners == 1 {
            let at = Access {
                tenant_id: tenant.clone(),
                role: Role::Owner,
                user_id: Some(user_id.to_string()),
                actor: Actor::system(),
            };
            delete_workspace(db, stripe, &at, name).await?;
        }
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE audit_log SET actor_user_id = NULL, actor_email = 'a deleted person', ip = NULL
         WHERE actor_user_id = $1 OR actor_email = $2",
    )
    .bind(user_id)
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    for sql in [
        "DELETE FROM login_tokens WHERE email = $1",
        "DELETE FROM invites WHERE email = $1",
    ] {
        sqlx::query(sql).bind(&email).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        None,
        &Actor::system(),
        Action::AccountDeleted,
        "a person deleted their account",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
