//! Invites into a workspace: a link bound to one address and one role, shown once, that
//! expires, can be revoked, and is accepted by the person who holds that address.

use crate::access::{role_of, Access};
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::crypto::{hash_token, random_token};
use crate::db::{new_id, Db};
use crate::email::Email;
use crate::error::{Error, LinkProblem, Result};
use crate::ids::TenantId;
use crate::mail::{html_escape, Mailer, OutgoingEmail};
use crate::model::{CreatedInvite, InvitePreview, InviteState, InviteView, TenantSummary};
use crate::roles::{check_invite, Role};
use crate::tenants::parse_role;
use crate::tokens::{token_state, TokenState, INVITE_TTL_SECS};

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

/// A row of `invites`.
#[derive(sqlx::FromRow)]
struct InviteRow {
    id: String,
    email: String,
    role: String,
    created_at: i64,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
    created_by: String,
}

fn invite_view(row: InviteRow, t: i64) -> Result<InviteView> {
    Ok(InviteView {
        id: row.id,
        email: row.email,
        role: parse_role(&row.role)?,
        state: invite_state(row.expires_at, row.accepted_at, row.revoked_at, t),
        created_at: row.created_at,
        expires_at: row.expires_at,
        created_by: row.created_by,
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
    let (tenant_id, actor_role) = (&at.tenant_id, at.role);
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
        emailed: false,
    })
}

/// Emails a new invite's link to the address it is bound to, naming the workspace and who
/// invited; the caller still shows the link, so a mail that does not arrive stops nobody.
pub async fn email_invite(
    db: &Db,
    mailer: &Mailer,
    at: &Access,
    created: &CreatedInvite,
) -> Result<()> {
    let (workspace,): (String,) = sqlx::query_as("SELECT name FROM tenants WHERE id = $1")
        .bind(&at.tenant_id)
        .fetch_one(&db.pool)
        .await?;
    let to = Email::parse(&created.invite.email).map_err(|e| Error::Invalid(e.to_string()))?;
    let inviter = at.actor.email.as_deref().unwrap_or("Someone");
    mailer
        .send(&invite_mail(
            to,
            &workspace,
            inviter,
            created.invite.role,
            &created.link,
        ))
        .await
}

fn invite_mail(to: Email, workspace: &str, inviter: &str, role: Role, link: &str) -> OutgoingEmail {
    let role = role.label();
    OutgoingEmail {
        to,
        subject: format!("{inviter} invited you to {workspace} on BaaS"),
        text: format!(
            "{inviter} invited you to join {workspace} on BaaS as {role}.\n\n\
             Accept the invitation by opening this link:\n\n{link}\n\n\
             It works once, only for this email address, and expires in 7 days. \
             If you did not expect it, ignore this email."
        ),
        html: format!(
            "<p>{0} invited you to join <strong>{1}</strong> on BaaS as {2}.</p>\
             <p><a href=\"{3}\">Accept the invitation</a></p><p>{3}</p>\
             <p>It works once, only for this email address, and expires in 7 days. \
             If you did not expect it, ignore this email.</p>",
            html_escape(inviter),
            html_escape(workspace),
            html_escape(role),
            html_escape(link)
        ),
    }
}

/// A tenant's invites, newest first, for those who manage the team.
pub async fn list_invites(db: &Db, at: &Access) -> Result<Vec<InviteView>> {
    let (tenant_id, role) = (&at.tenant_id, at.role);
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
    let (tenant_id, role) = (&at.tenant_id, at.role);
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

/// An invite with its workspace's id and name.
#[derive(sqlx::FromRow)]
struct InviteWithTenant {
    tenant_id: TenantId,
    tenant_name: String,
    #[sqlx(flatten)]
    invite: InviteRow,
}

async fn find_invite(db: &Db, token: &str) -> Result<(TenantId, String, InviteRow)> {
    if token.is_empty() || token.len() > 128 {
        return Err(Error::Link(LinkProblem::Unknown));
    }
    let row: Option<InviteWithTenant> = sqlx::query_as(
        "SELECT i.tenant_id, t.name AS tenant_name, i.id, i.email, i.role, i.created_at, i.expires_at,
                    i.accepted_at, i.revoked_at, i.created_by
             FROM invites i JOIN tenants t ON t.id = i.tenant_id WHERE i.token_hash = $1",
    )
    .bind(hash_token(token))
    .fetch_optional(&db.pool)
    .await?;
    let row = row.ok_or(Error::Link(LinkProblem::Unknown))?;
    Ok((row.tenant_id, row.tenant_name, row.invite))
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
    let (timezone,): (String,) = sqlx::query_as("SELECT timezone FROM tenants WHERE id = $1")
        .bind(&tenant_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(TenantSummary {
        id: tenant_id,
        name: tenant_name,
        role: view.role,
        timezone,
    })
}

#[cfg(test)]
mod tests {
    use super::invite_mail;
    use crate::email::Email;
    use crate::roles::Role;

    #[test]
    fn the_invite_mail_names_the_workspace_and_carries_the_link() {
        let to = Email::parse("bea@example.com").expect("address");
        let link = "https://baas.example.com/invite?token=abc";
        let mail = invite_mail(to, "Pet <Shop>", "ana@example.com", Role::Admin, link);
        assert_eq!(
            mail.subject,
            "ana@example.com invited you to Pet <Shop> on BaaS"
        );
        assert!(mail.text.contains(link) && mail.text.contains("as Admin"));
        assert!(mail.html.contains("Pet &lt;Shop&gt;") && !mail.html.contains("<Shop>"));
        assert!(mail.html.contains(link));
    }
}
