//! Tenants, memberships and roles. Functions of one workspace take the caller's
//! [`Access`], checked before; the rules that depend on who acts (who may change whom) are
//! applied here with its role.

use crate::access::{role_of, Access};
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::config::SignupPolicy;
use crate::db::{new_id, Backend, Db};
use crate::email::Email;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::{MemberView, TenantOverview, TenantSummary};
use crate::roles::{check_removal, check_role_change, Role};
use sqlx::AnyConnection;

/// Longest tenant name accepted.
pub const MAX_TENANT_NAME: usize = 80;

/// Fewest and most days a workspace may keep its audit entries, when it does not keep them
/// forever.
pub const AUDIT_RETENTION_DAYS: std::ops::RangeInclusive<i64> = 30..=3650;

pub(crate) fn parse_role(s: &str) -> Result<Role> {
    s.parse()
        .map_err(|_| Error::Internal(format!("bad role in database: {s}")))
}

/// Validates a tenant name: trimmed, 1 to 80 characters, no control characters.
pub fn parse_tenant_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Error::Invalid("enter a name for the workspace".into()));
    }
    if name.chars().count() > MAX_TENANT_NAME {
        return Err(Error::Invalid(format!(
            "the name is too long (at most {MAX_TENANT_NAME} characters)"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Invalid(
            "the name contains control characters".into(),
        ));
    }
    Ok(name.to_string())
}

async fn owner_count(db: &Db, tenant_id: &TenantId) -> Result<usize> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE tenant_id = $1 AND role = 'owner'")
            .bind(tenant_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(n as usize)
}

/// Creates a tenant with the user as its owner, on the policy's default plan, unless the user
/// already owns as many workspaces as the policy allows.
pub async fn create_tenant(
    db: &Db,
    owner_id: &str,
    actor: &Actor,
    raw_name: &str,
    timezone: &str,
    policy: &SignupPolicy,
) -> Result<TenantSummary> {
    let name = parse_tenant_name(raw_name)?;
    let zone = crate::tz::Zone::parse(timezone.trim()).map_err(Error::Invalid)?;
    let id = TenantId::new(new_id());
    let t = now();
    let mut tx = db.pool.begin().await?;
    // Writing the user's row first holds it, so two creations at once are counted one by one.
    sqlx::query("UPDATE users SET email = email WHERE id = $1")
        .bind(owner_id)
        .execute(&mut *tx)
        .await?;
    let (owned,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND role = 'owner'")
            .bind(owner_id)
            .fetch_one(&mut *tx)
            .await?;
    if owned >= policy.max_workspaces {
        return Err(Error::Forbidden(format!(
            "you already own {owned} workspaces, the most one person may own here; ask the operator for more"
        )));
    }
    sqlx::query(
        "INSERT INTO tenants (id, name, created_by, created_at, plan_id, timezone)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&name)
    .bind(owner_id)
    .bind(t)
    .bind(&policy.default_plan)
    .bind(zone.name())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
    )
    .bind(&id)
    .bind(owner_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&id),
        actor,
        Action::TenantCreated,
        &format!("created workspace \"{name}\""),
    )
    .await?;
    tx.commit().await?;
    Ok(TenantSummary {
        id,
        name,
        role: Role::Owner,
        timezone: zone.name().to_string(),
    })
}

/// A tenant as listed to the operator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct TenantRow {
    pub id: TenantId,
    pub name: String,
    pub members: i64,
    pub created_at: i64,
}

/// Creates a tenant owned by `owner_email` (the user is created if new) as the operator, on
/// plan `plan_id`.
pub async fn operator_create_tenant(
    db: &Db,
    raw_name: &str,
    owner_email: &str,
    plan_id: &str,
) -> Result<TenantRow> {
    let name = parse_tenant_name(raw_name)?;
    let email = Email::parse(owner_email)
        .map_err(|e| Error::Invalid(format!("the owner's email address: {e}")))?;
    let (id, t) = (TenantId::new(new_id()), now());
    let mut tx = db.pool.begin().await?;
    let user_id = crate::users::user_for_email(&mut tx, email.as_str(), t).await?;
    sqlx::query(
        "INSERT INTO tenants (id, name, created_by, created_at, plan_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&name)
    .bind(&user_id)
    .bind(t)
    .bind(plan_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
    )
    .bind(&id)
    .bind(&user_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&id),
        &Actor::operator(),
        Action::TenantCreated,
        &format!("created workspace \"{name}\" owned by {}", email.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(TenantRow {
        id,
        name,
        members: 1,
        created_at: t,
    })
}

/// Every tenant, by name, for the operator.
pub async fn operator_list_tenants(db: &Db) -> Result<Vec<TenantRow>> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.name, t.created_at,
                (SELECT COUNT(*) FROM memberships m WHERE m.tenant_id = t.id) AS members
         FROM tenants t ORDER BY t.name, t.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The tenants a user belongs to, by name.
pub async fn list_tenants(db: &Db, user_id: &str) -> Result<Vec<TenantSummary>> {
    let rows: Vec<(TenantId, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.name, m.role, t.timezone FROM memberships m JOIN tenants t ON t.id = m.tenant_id
         WHERE m.user_id = $1 ORDER BY t.name, t.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, role, timezone)| {
            Ok(TenantSummary {
                id,
                name,
                role: parse_role(&role)?,
                timezone,
            })
        })
        .collect()
}

/// A workspace and its team at a glance, with the viewer's role in it; pending invites only
/// for the roles that may see invites.
pub async fn overview(db: &Db, at: &Access) -> Result<TenantOverview> {
    let (tenant_id, role) = (&at.tenant_id, at.role);
    let (name, created_at): (String, i64) =
        sqlx::query_as("SELECT name, created_at FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_one(&db.pool)
            .await?;
    let (members,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_one(&db.pool)
            .await?;
    let pending_invites = if role.can_manage_team() {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM invites WHERE tenant_id = $1 AND accepted_at IS NULL
             AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(tenant_id)
        .bind(now())
        .fetch_one(&db.pool)
        .await?;
        Some(n)
    } else {
        None
    };
    Ok(TenantOverview {
        id: tenant_id.to_string(),
        name,
        role,
        created_at,
        members,
        pending_invites,
    })
}

/// The members of a workspace.
pub async fn members(db: &Db, at: &Access) -> Result<Vec<MemberView>> {
    let tenant_id = &at.tenant_id;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.tenant_id = $1 ORDER BY m.created_at, u.email",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(user_id, email, role, joined_at)| {
            Ok(MemberView {
                user_id,
                email,
                role: parse_role(&role)?,
                joined_at,
            })
        })
        .collect()
}

/// Changes a member's role.
pub async fn change_role(db: &Db, at: &Access, target_user_id: &str, new_role: Role) -> Result<()> {
    let (tenant_id, actor_role) = (&at.tenant_id, at.role);
    let current = role_of(db, tenant_id, target_user_id)
        .await?
        .ok_or(Error::NotFound("member"))?;
    if current == new_role {
        return Ok(());
    }
    check_role_change(
        actor_role,
        current,
        new_role,
        owner_count(db, tenant_id).await?,
    )?;
    // The owner-count guard is repeated in the UPDATE, with the owners locked, so two
    // concurrent demotions cannot both pass the check above and leave the tenant ownerless.
    let mut tx = db.pool.begin().await?;
    lock_owners(db, &mut tx, tenant_id).await?;
    let changed = sqlx::query(
        "UPDATE memberships SET role = $1 WHERE tenant_id = $2 AND user_id = $3 AND role = $4
         AND ($4 <> 'owner' OR (SELECT COUNT(*) FROM memberships WHERE tenant_id = $2 AND role = 'owner') > 1)",
    )
    .bind(new_role.as_str())
    .bind(tenant_id)
    .bind(target_user_id)
    .bind(current.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(Error::Conflict(
            "the team changed meanwhile; reload and try again".into(),
        ));
    }
    let email = email_of(db, target_user_id).await?;
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::RoleChanged,
        &format!("{email}: {current} → {new_role}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// On PostgreSQL, locks the tenant's owner rows for the rest of the transaction. SQLite needs
/// no lock: a single writer runs each guarded statement alone.
async fn lock_owners(db: &Db, tx: &mut AnyConnection, tenant_id: &TenantId) -> Result<()> {
    if db.backend == Backend::Postgres {
        sqlx::query(
            "SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner' FOR UPDATE",
        )
        .bind(tenant_id)
        .fetch_all(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Removes a member (or lets a member leave). Their access to this tenant ends at once:
/// every request re-checks membership.
pub async fn remove_member(db: &Db, at: &Access, target_user_id: &str) -> Result<()> {
    let (tenant_id, actor_role) = (&at.tenant_id, at.role);
    let target = role_of(db, tenant_id, target_user_id)
        .await?
        .ok_or(Error::NotFound("member"))?;
    let is_self = at.user_id.as_deref() == Some(target_user_id);
    check_removal(
        actor_role,
        target,
        is_self,
        owner_count(db, tenant_id).await?,
    )?;
    let mut tx = db.pool.begin().await?;
    lock_owners(db, &mut tx, tenant_id).await?;
    let removed = sqlx::query(
        "DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role = $3
         AND ($3 <> 'owner' OR (SELECT COUNT(*) FROM memberships WHERE tenant_id = $1 AND role = 'owner') > 1)",
    )
    .bind(tenant_id)
    .bind(target_user_id)
    .bind(target.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed != 1 {
        return Err(Error::Conflict(
            "the team changed meanwhile; reload and try again".into(),
        ));
    }
    let email = email_of(db, target_user_id).await?;
    let detail = if is_self {
        format!("{email} left the workspace")
    } else {
        format!("removed {email} ({target})")
    };
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::MemberRemoved,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn email_of(db: &Db, user_id: &str) -> Result<String> {
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(email)
}

/// Reads an audit retention as typed: whole days from 30 to 3650, or empty to keep entries
/// forever; a refusal names the field.
pub fn parse_audit_retention(raw: &str) -> Result<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>()
        .ok()
        .filter(|d| AUDIT_RETENTION_DAYS.contains(d))
        .map(Some)
        .ok_or_else(retention_refused)
}

fn retention_refused() -> Error {
    let (min, max) = (AUDIT_RETENTION_DAYS.start(), AUDIT_RETENTION_DAYS.end());
    Error::Invalid(format!(
        "audit retention: give a whole number of days from {min} to {max}, or leave it empty to keep entries forever"
    ))
}

/// How many days the workspace keeps its audit entries (`None`: forever).
pub async fn audit_retention(db: &Db, at: &Access) -> Result<Option<i64>> {
    let (days,): (Option<i64>,) =
        sqlx::query_as("SELECT audit_retention_days FROM tenants WHERE id = $1")
            .bind(&at.tenant_id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(Error::NotFound("tenant"))?;
    Ok(days)
}

/// Sets how many days the workspace keeps its audit entries (`None`: forever); owners only,
/// as it decides what the log can still prove. Audited. Entries older than that are deleted
/// by the Admin Agent's hourly pruning.
pub async fn set_audit_retention(db: &Db, at: &Access, days: Option<i64>) -> Result<()> {
    if at.role != Role::Owner {
        return Err(Error::Forbidden(
            "only owners change how long the audit log is kept".into(),
        ));
    }
    if days.is_some_and(|d| !AUDIT_RETENTION_DAYS.contains(&d)) {
        return Err(retention_refused());
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE tenants SET audit_retention_days = $1 WHERE id = $2")
        .bind(days)
        .bind(&at.tenant_id)
        .execute(&mut *tx)
        .await?;
    let detail = match days {
        Some(d) => format!("audit entries kept for {d} days"),
        None => "audit entries kept forever".to_string(),
    };
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::AuditRetentionChanged,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_audit_retention;

    #[test]
    fn audit_retention_is_whole_days_in_bounds_or_forever() {
        assert_eq!(parse_audit_retention(" 30 ").ok(), Some(Some(30)));
        assert_eq!(parse_audit_retention("3650").ok(), Some(Some(3650)));
        assert_eq!(parse_audit_retention("").ok(), Some(None));
        for bad in ["29", "3651", "-30", "90.5", "ninety", "1e3"] {
            let e = parse_audit_retention(bad).expect_err(bad).to_string();
            assert!(e.contains("audit retention"), "{bad}: {e}");
        }
    }
}
