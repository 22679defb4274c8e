//! Tenants, memberships, roles and invites. Functions of one workspace take the caller's
//! [`Access`], checked before; the rules that depend on who acts (who may change whom) are
//! applied here with its role.

use crate::access::{role_of, Access};
use crate::audit::{self, Action, Actor};
use crate::config::SignupPolicy;
use crate::crypto::{hash_token, random_token};
use crate::db::{new_id, now, Backend, Db};
use crate::email::Email;
use crate::error::{Error, LinkProblem, Result};
use crate::model::{
    CreatedInvite, InvitePreview, InviteState, InviteView, MemberView, TenantOverview,
    TenantSummary,
};
use crate::roles::{check_invite, check_removal, check_role_change, Role};
use crate::tokens::{token_state, TokenState, INVITE_TTL_SECS};
use sqlx::AnyConnection;

/// Longest tenant name accepted.
pub const MAX_TENANT_NAME: usize = 80;

fn parse_role(s: &str) -> Result<Role> {
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

async fn owner_count(db: &Db, tenant_id: &str) -> Result<usize> {
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
    policy: &SignupPolicy,
) -> Result<TenantSummary> {
    let name = parse_tenant_name(raw_name)?;
    let id = new_id();
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
        "INSERT INTO tenants (id, name, created_by, created_at, plan_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&name)
    .bind(owner_id)
    .bind(t)
    .bind(&policy.default_plan)
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
    })
}

/// A tenant as listed to the operator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TenantRow {
    pub id: String,
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
    let (id, t) = (new_id(), now());
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
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.name, t.created_at,
                (SELECT COUNT(*) FROM memberships m WHERE m.tenant_id = t.id)
         FROM tenants t ORDER BY t.name, t.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, members)| TenantRow {
            id,
            name,
            members,
            created_at,
        })
        .collect())
}

/// The tenants a user belongs to, by name.
pub async fn list_tenants(db: &Db, user_id: &str) -> Result<Vec<TenantSummary>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
         WHERE m.user_id = $1 ORDER BY t.name, t.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, role)| {
            Ok(TenantSummary {
                id,
                name,
                role: parse_role(&role)?,
            })
        })
        .collect()
}

/// A workspace's overview, with the viewer's role in it.
pub async fn overview(db: &Db, at: &Access) -> Result<TenantOverview> {
    let (tenant_id, role) = (at.tenant_id.as_str(), at.role);
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
    let (pending_invites,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM invites WHERE tenant_id = $1 AND accepted_at IS NULL
         AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(tenant_id)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
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
    let tenant_id = at.tenant_id.as_str();
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
    let (tenant_id, actor_role) = (at.tenant_id.as_str(), at.role);
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
async fn lock_owners(db: &Db, tx: &mut AnyConnection, tenant_id: &str) -> Result<()> {
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
    let (tenant_id, actor_role) = (at.tenant_id.as_str(), at.role);
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

fn invite_state(
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
    t: i64,
) -> InviteState {
    match token_state(expires_at, accepted_at, revoked_at, t) {
        TokenState::Valid => InviteState::Pending,
        TokenState::Used => InviteState::Accepted,
        TokenState::Revoked => InviteState::Revoked,
        TokenState::Expired => InviteState::Expired,
    }
}

type InviteRow = (
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    String,
);

fn invite_view(row: InviteRow, t: i64) -> Result<InviteView> {
    let (id, email, role, created_at, expires_at, accepted_at, revoked_at, created_by) = row;
    Ok(InviteView {
        id,
        email,
        role: parse_role(&role)?,
        state: invite_state(expires_at, accepted_at, revoked_at, t),
        created_at,
        expires_at,
        created_by,
    })
}

/// Creates an invite bound to an email and a role. Returns the link, shown only now.
pub async fn create_invite(
    db: &Db,
    public_url: &str,
    at: &Access,
    raw_email: &str,
    role: Role,
) -> Result<CreatedInvite> {
    let (tenant_id, actor_role) = (at.tenant_id.as_str(), at.role);
    let created_by = at.actor.email.clone().unwrap_or_default();
    check_invite(actor_role, role)?;
    let email = Email::parse(raw_email).map_err(|e| Error::Invalid(e.to_string()))?;
    let (already,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.tenant_id = $1 AND u.email = $2",
    )
    .bind(tenant_id)
    .bind(email.as_str())
    .fetch_one(&db.pool)
    .await?;
    if already > 0 {
        return Err(Error::Conflict(format!("{email} is already a member")));
    }
    let token = random_token();
    let id = new_id();
    let t = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO invites (id, tenant_id, token_hash, email, role, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(hash_token(&token))
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(&created_by)
    .bind(t)
    .bind(t + INVITE_TTL_SECS)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::InviteCreated,
        &format!("invited {email} as {role}"),
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedInvite {
        invite: InviteView {
            id,
            email: email.to_string(),
            role,
            state: InviteState::Pending,
            created_at: t,
            expires_at: t + INVITE_TTL_SECS,
            created_by,
        },
        link: format!("{public_url}/invite?token={token}"),
    })
}

/// A tenant's invites, newest first, for those who manage the team.
pub async fn list_invites(db: &Db, at: &Access) -> Result<Vec<InviteView>> {
    let (tenant_id, role) = (at.tenant_id.as_str(), at.role);
    if !role.can_manage_team() {
        return Err(Error::Forbidden(
            "only owners and admins can see invites".into(),
        ));
    }
    let rows: Vec<InviteRow> = sqlx::query_as(
        "SELECT id, email, role, created_at, expires_at, accepted_at, revoked_at, created_by
         FROM invites WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 500",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    let t = now();
    rows.into_iter().map(|r| invite_view(r, t)).collect()
}

/// Revokes a pending invite of this tenant.
pub async fn revoke_invite(db: &Db, at: &Access, invite_id: &str) -> Result<()> {
    let (tenant_id, role) = (at.tenant_id.as_str(), at.role);
    if !role.can_manage_team() {
        return Err(Error::Forbidden(
            "only owners and admins can revoke invites".into(),
        ));
    }
    let row: Option<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT email, accepted_at, revoked_at FROM invites WHERE id = $1 AND tenant_id = $2",
    )
    .bind(invite_id)
    .bind(tenant_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((email, accepted, revoked)) = row else {
        return Err(Error::NotFound("invite"));
    };
    if accepted.is_some() {
        return Err(Error::Conflict("this invite was already accepted".into()));
    }
    if revoked.is_some() {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    let revoked = sqlx::query(
        "UPDATE invites SET revoked_at = $1
         WHERE id = $2 AND tenant_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(invite_id)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if revoked != 1 {
        return Err(Error::Conflict(
            "the invite changed meanwhile; reload and try again".into(),
        ));
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::InviteRevoked,
        &format!("revoked invite for {email}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

type InviteWithTenant = (
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    String,
);

async fn find_invite(db: &Db, token: &str) -> Result<(String, String, InviteRow)> {
    if token.is_empty() || token.len() > 128 {
        return Err(Error::Link(LinkProblem::Unknown));
    }
    let row: Option<InviteWithTenant> = sqlx::query_as(
        "SELECT i.tenant_id, t.name, i.id, i.email, i.role, i.created_at, i.expires_at,
                    i.accepted_at, i.revoked_at, i.created_by
             FROM invites i JOIN tenants t ON t.id = i.tenant_id WHERE i.token_hash = $1",
    )
    .bind(hash_token(token))
    .fetch_optional(&db.pool)
    .await?;
    let (tenant_id, tenant_name, id, email, role, c, e, a, r, by) =
        row.ok_or(Error::Link(LinkProblem::Unknown))?;
    Ok((tenant_id, tenant_name, (id, email, role, c, e, a, r, by)))
}

/// What an invite link offers, for the person holding it.
pub async fn preview_invite(db: &Db, token: &str) -> Result<InvitePreview> {
    let (_, tenant_name, row) = find_invite(db, token).await?;
    let view = invite_view(row, now())?;
    Ok(InvitePreview {
        tenant_name,
        email: view.email,
        role: view.role,
        state: view.state,
        expires_at: view.expires_at,
    })
}

/// Accepts an invite as the signed-in user, who must hold the invited address.
pub async fn accept_invite(
    db: &Db,
    token: &str,
    user_id: &str,
    email: &str,
    actor: &Actor,
) -> Result<TenantSummary> {
    let (tenant_id, tenant_name, row) = find_invite(db, token).await?;
    let view = invite_view(row, now())?;
    match view.state {
        InviteState::Pending => {}
        InviteState::Accepted => return Err(Error::Link(LinkProblem::Used)),
        InviteState::Revoked => return Err(Error::Link(LinkProblem::Revoked)),
        InviteState::Expired => return Err(Error::Link(LinkProblem::Expired)),
    }
    if view.email != email {
        return Err(Error::Forbidden(format!(
            "this invite is for {}; you are signed in as {}",
            view.email, email
        )));
    }
    if role_of(db, &tenant_id, user_id).await?.is_some() {
        return Err(Error::Conflict(
            "you are already a member of this workspace".into(),
        ));
    }
    let t = now();
    let mut tx = db.pool.begin().await?;
    let claimed = sqlx::query(
        "UPDATE invites SET accepted_at = $1, accepted_by = $2
         WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(t)
    .bind(user_id)
    .bind(&view.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(Error::Link(LinkProblem::Used));
    }
    sqlx::query(
        "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&tenant_id)
    .bind(user_id)
    .bind(view.role.as_str())
    .bind(t)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&tenant_id),
        actor,
        Action::InviteAccepted,
        &format!("{} joined as {}", email, view.role),
    )
    .await?;
    tx.commit().await?;
    Ok(TenantSummary {
        id: tenant_id,
        name: tenant_name,
        role: view.role,
    })
}
