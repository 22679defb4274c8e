//! Authorisation, done once by the caller before storage is touched: a person's role in a
//! workspace is checked here, and storage receives the resulting [`Access`] — the workspace,
//! the role, and who to name in the audit log — without knowing how the person signed in.

use crate::audit::Actor;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::roles::Role;

/// Someone allowed into one workspace with at least the role asked for. Made only by
/// [`Access::member`] (a checked membership) or [`Access::operator`].
#[derive(Debug, Clone)]
pub struct Access {
    pub tenant_id: TenantId,
    pub role: Role,
    /// The person, when a person acts (not the operator's command line).
    pub user_id: Option<String>,
    pub actor: Actor,
}

fn no_access() -> Error {
    Error::Forbidden("you do not have access to this tenant".into())
}

/// The role `user_id` holds in `tenant_id`, if any.
pub async fn role_of(db: &Db, tenant_id: &TenantId, user_id: &str) -> Result<Option<Role>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|(r,)| {
        r.parse()
            .map_err(|_| Error::Internal(format!("bad role in database: {r}")))
    })
    .transpose()
}

impl Access {
    /// `user_id`, acting as `actor`, if they hold at least `min` in `tenant_id`; otherwise a
    /// refusal that does not reveal whether the workspace exists.
    pub async fn member(
        db: &Db,
        tenant_id: &TenantId,
        user_id: &str,
        actor: Actor,
        min: Role,
    ) -> Result<Self> {
        let role = role_of(db, tenant_id, user_id)
            .await?
            .ok_or_else(no_access)?;
        if !role.at_least(min) {
            return Err(Error::Forbidden(format!(
                "this needs the {} role or higher; yours is {}",
                min.as_str(),
                role.as_str()
            )));
        }
        Ok(Self {
            tenant_id: tenant_id.clone(),
            role,
            user_id: Some(user_id.to_string()),
            actor,
        })
    }

    /// The Admin Agent, acting on its own in a workspace (restoring a bot's last good config).
    pub fn admin_agent(tenant_id: &TenantId) -> Self {
        Self {
            tenant_id: tenant_id.clone(),
            role: Role::Admin,
            user_id: None,
            actor: Actor::admin_agent(),
        }
    }

    /// Billing, acting on its own in a workspace (the BaaS signature on a free plan's bots).
    pub fn billing(tenant_id: &TenantId) -> Self {
        Self {
            tenant_id: tenant_id.clone(),
            role: Role::Admin,
            user_id: None,
            actor: Actor::system(),
        }
    }

    /// The operator, through the server's command line, in any workspace that exists.
    pub async fn operator(db: &Db, tenant_id: &TenantId) -> Result<Self> {
        let found: Option<(String,)> = sqlx::query_as("SELECT id FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_optional(&db.pool)
            .await?;
        found.ok_or(Error::NotFound("tenant"))?;
        Ok(Self {
            tenant_id: tenant_id.clone(),
            role: Role::Owner,
            user_id: None,
            actor: Actor::operator(),
        })
    }
}
