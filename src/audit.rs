//! The audit log: who did what, when (UTC) and from where.

use crate::clock::now;
use crate::db::Db;
use crate::error::Result;
use crate::ids::TenantId;
use crate::model::{AuditEntry, AuditPage};
use sqlx::AnyConnection;

/// Kinds of audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignIn,
    SignOut,
    SignInFailed,
    TenantCreated,
    InviteCreated,
    InviteAccepted,
    InviteRevoked,
    RoleChanged,
    MemberRemoved,
    AgentCreated,
    AgentRenamed,
    AgentDeleted,
    KeyCreated,
    KeyRevoked,
    PoolChanged,
    BotAdded,
    BotRemoved,
    BotConfigChanged,
    BotConnectionChanged,
    PersonaChanged,
    KnowledgeChanged,
    PlanChanged,
    BudgetChanged,
    AgentPaused,
    AgentUnpaused,
    DowngradeSwitched,
    AlertAcknowledged,
    IncidentOpened,
    IncidentEscalated,
    IncidentResolved,
    IncidentAcknowledged,
    BotRestarted,
    NotifyChanged,
    SilenceChanged,
    AuditRetentionChanged,
    BillingChanged,
    WorkspaceExported,
    WorkspaceDeleted,
    AccountDeleted,
}

impl Action {
    /// Stable name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::SignOut => "sign_out",
            Action::SignInFailed => "sign_in_failed",
            Action::TenantCreated => "tenant_created",
            Action::InviteCreated => "invite_created",
            Action::InviteAccepted => "invite_accepted",
            Action::InviteRevoked => "invite_revoked",
            Action::RoleChanged => "role_changed",
            Action::MemberRemoved => "member_removed",
            Action::AgentCreated => "agent_created",
            Action::AgentRenamed => "agent_renamed",
            Action::AgentDeleted => "agent_deleted",
            Action::KeyCreated => "key_created",
            Action::KeyRevoked => "key_revoked",
            Action::PoolChanged => "pool_changed",
            Action::BotAdded => "bot_added",
            Action::BotRemoved => "bot_removed",
            Action::BotConfigChanged => "bot_config_changed",
            Action::BotConnectionChanged => "bot_connection_changed",
            Action::PersonaChanged => "persona_changed",
            Action::KnowledgeChanged => "knowledge_changed",
            Action::PlanChanged => "plan_changed",
            Action::BudgetChanged => "budget_changed",
            Action::AgentPaused => "agent_paused",
            Action::AgentUnpaused => "agent_unpaused",
            Action::DowngradeSwitched => "downgrade_switched",
            Action::AlertAcknowledged => "alert_acknowledged",
            Action::IncidentOpened => "incident_opened",
            Action::IncidentEscalated => "incident_escalated",
            Action::IncidentResolved => "incident_resolved",
            Action::IncidentAcknowledged => "incident_acknowledged",
            Action::BotRestarted => "bot_restarted",
            Action::NotifyChanged => "notify_changed",
            Action::SilenceChanged => "silence_changed",
            Action::AuditRetentionChanged => "audit_retention_changed",
            Action::BillingChanged => "billing_changed",
            Action::WorkspaceExported => "workspace_exported",
            Action::WorkspaceDeleted => "workspace_deleted",
            Action::AccountDeleted => "account_deleted",
        }
    }
}

/// Who acted, and from where.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub ip: Option<String>,
}

impl Actor {
    /// The operator, acting through the server's command line.
    pub fn operator() -> Self {
        Self {
            user_id: None,
            email: Some("operator (command line)".into()),
            ip: None,
        }
    }

    /// The Admin Agent, acting on its own (a restart, a restore, an escalation).
    pub fn admin_agent() -> Self {
        Self {
            user_id: None,
            email: Some("BaaS Admin Agent (automatic)".into()),
            ip: None,
        }
    }

    /// Stripe, through a webhook event (a payment, a cancellation).
    pub fn stripe() -> Self {
        Self {
            user_id: None,
            email: Some("Stripe (webhook)".into()),
            ip: None,
        }
    }

    /// The server itself, acting on a rule (a budget threshold, a daily limit).
    pub fn system() -> Self {
        Self {
            user_id: None,
            email: Some("BaaS (automatic)".into()),
            ip: None,
        }
    }
}

/// Appends one entry, on `conn` (a pooled connection or an open transaction, so the entry
/// commits or rolls back with the change it records). `tenant_id` is `None` for events that
/// belong to no tenant.
pub async fn record(
    conn: &mut AnyConnection,
    tenant_id: Option<&TenantId>,
    actor: &Actor,
    action: Action,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (tenant_id, actor_user_id, actor_email, action, detail, ip, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(actor.user_id.as_deref())
    .bind(actor.email.as_deref())
    .bind(action.as_str())
    .bind(detail)
    .bind(actor.ip.as_deref())
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a user-level event once in each tenant the user belongs to (so each tenant's admins
/// see it), or once without a tenant if they belong to none.
pub async fn record_for_user_tenants(
    conn: &mut AnyConnection,
    user_id: &str,
    actor: &Actor,
    action: Action,
    detail: &str,
) -> Result<()> {
    let tenants: Vec<(TenantId,)> =
        sqlx::query_as("SELECT tenant_id FROM memberships WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    if tenants.is_empty() {
        return record(conn, None, actor, action, detail).await;
    }
    for (t,) in tenants {
        record(conn, Some(&t), actor, action, detail).await?;
    }
    Ok(())
}

type AuditRow = (i64, i64, Option<String>, String, String, Option<String>);

/// Largest page of audit entries returned at once.
pub const PAGE_SIZE: i64 = 100;

/// A page of a tenant's log, newest first, strictly before entry id `before` if given.
pub async fn list(db: &Db, tenant_id: &TenantId, before: Option<i64>) -> Result<AuditPage> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT id, created_at, actor_email, action, detail, ip FROM audit_log
         WHERE tenant_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(tenant_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(PAGE_SIZE + 1)
    .fetch_all(&db.pool)
    .await?;
    let mut entries: Vec<AuditEntry> = rows
        .into_iter()
        .map(|(id, at, actor, action, detail, ip)| AuditEntry {
            id,
            at,
            actor,
            action,
            detail,
            ip,
        })
        .collect();
    let next_before = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage {
        entries,
        next_before,
    })
}

#[cfg(test)]
mod tests {
    use super::Action;
    use crate::model::{audit_action_label, audit_category, AuditCategory};

    /// Every action; the match below stops the build when one is added and not listed here.
    const ALL: [Action; 39] = [
        Action::SignIn,
        Action::SignOut,
        Action::SignInFailed,
        Action::TenantCreated,
        Action::InviteCreated,
        Action::InviteAccepted,
        Action::InviteRevoked,
        Action::RoleChanged,
        Action::MemberRemoved,
        Action::AgentCreated,
        Action::AgentRenamed,
        Action::AgentDeleted,
        Action::KeyCreated,
        Action::KeyRevoked,
        Action::PoolChanged,
        Action::BotAdded,
        Action::BotRemoved,
        Action::BotConfigChanged,
        Action::BotConnectionChanged,
        Action::PersonaChanged,
        Action::KnowledgeChanged,
        Action::PlanChanged,
        Action::BudgetChanged,
        Action::AgentPaused,
        Action::AgentUnpaused,
        Action::DowngradeSwitched,
        Action::AlertAcknowledged,
        Action::IncidentOpened,
        Action::IncidentEscalated,
        Action::IncidentResolved,
        Action::IncidentAcknowledged,
        Action::BotRestarted,
        Action::NotifyChanged,
        Action::SilenceChanged,
        Action::AuditRetentionChanged,
        Action::BillingChanged,
        Action::WorkspaceExported,
        Action::WorkspaceDeleted,
        Action::AccountDeleted,
    ];

    fn listed(a: Action) -> bool {
        match a {
            Action::SignIn
            | Action::SignOut
            | Action::SignInFailed
            | Action::TenantCreated
            | Action::InviteCreated
            | Action::InviteAccepted
            | Action::InviteRevoked
            | Action::RoleChanged
            | Action::MemberRemoved
            | Action::AgentCreated
            | Action::AgentRenamed
            | Action::AgentDeleted
            | Action::KeyCreated
            | Action::KeyRevoked
            | Action::PoolChanged
            | Action::BotAdded
            | Action::BotRemoved
            | Action::BotConfigChanged
            | Action::BotConnectionChanged
            | Action::PersonaChanged
            | Action::KnowledgeChanged
            | Action::PlanChanged
            | Action::BudgetChanged
            | Action::AgentPaused
            | Action::AgentUnpaused
            | Action::DowngradeSwitched
            | Action::AlertAcknowledged
            | Action::IncidentOpened
            | Action::IncidentEscalated
            | Action::IncidentResolved
            | Action::IncidentAcknowledged
            | Action::BotRestarted
            | Action::NotifyChanged
            | Action::SilenceChanged
            | Action::AuditRetentionChanged
            | Action::BillingChanged
            | Action::WorkspaceExported
            | Action::WorkspaceDeleted
            | Action::AccountDeleted => ALL.contains(&a),
        }
    }

    #[test]
    fn every_action_has_a_label_and_an_area() {
        for a in ALL {
            assert!(listed(a));
            assert_ne!(audit_action_label(a.as_str()), "Other", "{a:?}");
            assert_ne!(audit_category(a.as_str()), AuditCategory::Other, "{a:?}");
        }
        assert_eq!(
            audit_category(Action::BudgetChanged.as_str()),
            AuditCategory::Budgets
        );
        assert_eq!(
            audit_category(Action::BotAdded.as_str()),
            AuditCategory::Bots
        );
        assert_eq!(
            audit_category(Action::BotRemoved.as_str()),
            AuditCategory::Bots
        );
    }
}
