//! Notification channels: a workspace's (or, with no workspace, the operators') channels
//! with their targets and webhook secrets sealed, added, listed, removed and opened for
//! sending.

use super::rules::ChannelKind;
use crate::access::Access;
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::email::Email;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::NotifyChannelView;

/// Where one channel sends, opened for sending.
#[derive(Debug, Clone)]
pub struct Target {
    /// `None`: the workspace's admins by email, used while it has no email channel of its own.
    pub id: Option<String>,
    pub kind: ChannelKind,
    pub name: String,
    /// Email addresses, WhatsApp numbers or group ids, or the one URL.
    pub recipients: Vec<String>,
    pub secret: Option<String>,
    /// The bot a WhatsApp channel sends through.
    pub bot_id: Option<String>,
}

type ChannelRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
);

async fn rows(db: &Db, tenant: Option<&TenantId>) -> Result<Vec<ChannelRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, kind, name, target_sealed, secret_sealed, bot_id, enabled, created_at
         FROM notify_channels WHERE {OWNED_BY} ORDER BY created_at, id"
    ))
    .bind(owner(tenant))
    .fetch_all(&db.pool)
    .await?)
}

fn recipients(target: &str) -> Vec<String> {
    target
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The enabled channels of a workspace (`None`: the operators'), opened; with no email
/// channel of its own, its owners and admins (or the operators) get email.
pub async fn targets(
    db: &Db,
    secrets: &SecretBox,
    tenant: Option<&TenantId>,
) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    for (id, kind, name, target, secret, bot_id, enabled, _) in rows(db, tenant).await? {
        let Some(kind) = ChannelKind::parse(&kind) else {
            continue;
        };
        if enabled == 0 {
            continue;
        }
        let open = |s: &str| {
            secrets
                .open(s)
                .map_err(|_| Error::Internal(format!("channel {id} could not be opened")))
        };
        out.push(Target {
            id: Some(id.clone()),
            kind,
            name,
            recipients: recipients(&open(&target)?),
            secret: secret.as_deref().map(open).transpose()?,
            bot_id,
        });
    }
    if !out.iter().any(|t| t.kind == ChannelKind::Email) {
        let admins: Vec<(String,)> = match tenant {
            Some(t) => {
                sqlx::query_as(
                    "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
                     WHERE m.tenant_id = $1 AND m.role IN ('owner', 'admin') ORDER BY u.email",
                )
                .bind(t)
                .fetch_all(&db.pool)
                .await?
            }
            None => sqlx::query_as(
                "SELECT u.email FROM operators o JOIN users u ON u.id = o.user_id ORDER BY u.email",
            )
            .fetch_all(&db.pool)
            .await?,
        };
        if !admins.is_empty() {
            out.push(Target {
                id: None,
                kind: ChannelKind::Email,
                name: if tenant.is_some() {
                    "workspace owners and admins".into()
                } else {
                    "operators".into()
                },
                recipients: admins.into_iter().map(|(e,)| e).collect(),
                secret: None,
                bot_id: None,
            });
        }
    }
    Ok(out)
}

/// What a new channel is.
#[derive(Debug, Clone)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    /// Addresses, numbers or group ids (comma or line separated), or a URL.
    pub target: String,
    /// The bot a WhatsApp channel sends through.
    pub bot_id: Option<String>,
}

/// Longest channel name, and most recipients one channel may have.
const MAX_NAME: usize = 80;
const MAX_RECIPIENTS: usize = 20;

/// Checks a new channel's target, naming what is wrong.
fn check(c: &NewChannel) -> Result<()> {
    let name = c.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(Error::Invalid(format!(
            "give the channel a name of 1 to {MAX_NAME} characters"
        )));
    }
    let list = recipients(&c.target);
    match c.kind {
        ChannelKind::Email => {
            if list.is_empty() || list.len() > MAX_RECIPIENTS {
                return Err(Error::Invalid(format!(
                    "list 1 to {MAX_RECIPIENTS} email addresses, separated by commas"
                )));
            }
            for a in &list {
                Email::parse(a).map_err(|e| Error::Invalid(format!("{a}: {e}")))?;
            }
        }
        ChannelKind::Whatsapp => {
            if c.bot_id.is_none() {
                return Err(Error::Invalid(
                    "choose the bot whose WhatsApp sends the alerts".into(),
                ));
            }
            if list.is_empty() || list.len() > MAX_RECIPIENTS {
                return Err(Error::Invalid(format!(
                    "list 1 to {MAX_RECIPIENTS} numbers (+5511999990000) or group ids (…@g.us)"
                )));
            }
            for n in &list {
                let number = n.strip_prefix('+').is_some_and(|d| {
                    (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit())
                });
                if !number && !n.ends_with("@g.us") {
                    return Err(Error::Invalid(format!(
                        "{n}: expected an E.164 number such as +5511999990000 or a group id ending in @g.us"
                    )));
                }
            }
        }
        ChannelKind::Webhook | ChannelKind::Slack => {
            let url = url::Url::parse(c.target.trim())
                .map_err(|_| Error::Invalid("enter the full URL, starting with https://".into()))?;
            if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
                return Err(Error::Invalid(
                    "enter the full URL, starting with https://".into(),
                ));
            }
            if c.target.len() > 2_000 {
                return Err(Error::Invalid("that URL is too long".into()));
            }
        }
    }
    Ok(())
}

/// A new webhook signing secret in the Standard Webhooks form (`whsec_` and base64).
fn new_webhook_secret() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Whose channels, as [`OWNED_BY`] takes it: the workspace's id, or "" for the operators'
/// (whose rows have no tenant).
fn owner(tenant: Option<&TenantId>) -> &str {
    tenant.map_or("", TenantId::as_str)
}

/// The rows of the owner bound as `$1`, one statement for a workspace and the operators.
const OWNED_BY: &str = "(tenant_id = $1 OR (tenant_id IS NULL AND $1 = ''))";

/// Most channels one workspace (or the operators) may have.
const MAX_CHANNELS: i64 = 20;

/// Adds a channel to the workspace; returns its id and, for a webhook, its
/// signing secret, which is shown this once. Audited.
pub async fn add_channel(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    c: &NewChannel,
) -> Result<(String, Option<String>)> {
    check(c)?;
    if let Some(bot) = &c.bot_id {
        crate::clawdbot::editor::bot_in_tenant(db, &at.tenant_id, bot).await?;
    }
    insert(db, secrets, Some(&at.tenant_id), &at.actor, c).await
}

/// Adds one of the operators' own channels (email, webhook or Slack: WhatsApp sends through
/// a workspace's bot); returns its id and a webhook's signing secret, shown this once.
/// Audited without a workspace.
pub async fn add_operator_channel(
    db: &Db,
    secrets: &SecretBox,
    actor: &Actor,
    c: &NewChannel,
) -> Result<(String, Option<String>)> {
    if c.kind == ChannelKind::Whatsapp {
        return Err(Error::Invalid(
            "kind: operators' alerts go by email, webhook or Slack (WhatsApp sends through a workspace's bot)".into(),
        ));
    }
    check(c)?;
    insert(db, secrets, None, actor, c).await
}

async fn insert(
    db: &Db,
    secrets: &SecretBox,
    tenant: Option<&TenantId>,
    actor: &Actor,
    c: &NewChannel,
) -> Result<(String, Option<String>)> {
    let (count,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM notify_channels WHERE {OWNED_BY}"
    ))
    .bind(owner(tenant))
    .fetch_one(&db.pool)
    .await?;
    if count >= MAX_CHANNELS {
        return Err(Error::Invalid(format!(
            "at most {MAX_CHANNELS} channels; remove one first"
        )));
    }
    let id = new_id();
    let secret = (c.kind == ChannelKind::Webhook).then(new_webhook_secret);
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO notify_channels (id, tenant_id, kind, name, target_sealed, secret_sealed, bot_id, enabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(c.kind.as_str())
    .bind(c.name.trim())
    .bind(secrets.seal(c.target.trim()))
    .bind(secret.as_deref().map(|s| secrets.seal(s)))
    .bind(c.bot_id.as_deref())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        tenant,
        actor,
        Action::NotifyChanged,
        &format!("{} channel \"{}\" added", c.kind.as_str(), c.name.trim()),
    )
    .await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// Gives a webhook channel of the workspace a new signing secret, returned this once; audited.
pub async fn rotate_secret(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    channel_id: &str,
) -> Result<String> {
    rotate(db, secrets, Some(&at.tenant_id), &at.actor, channel_id).await
}

/// Gives one of the operators' webhook channels a new signing secret, returned this once;
/// audited without a workspace.
pub async fn rotate_operator_secret(
    db: &Db,
    secrets: &SecretBox,
    actor: &Actor,
    channel_id: &str,
) -> Result<String> {
    rotate(db, secrets, None, actor, channel_id).await
}

async fn rotate(
    db: &Db,
    secrets: &SecretBox,
    tenant: Option<&TenantId>,
    actor: &Actor,
    channel_id: &str,
) -> Result<String> {
    let secret = new_webhook_secret();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!(
        "UPDATE notify_channels SET secret_sealed = $3 WHERE {OWNED_BY} AND id = $2 AND kind = 'webhook'"
    ))
    .bind(owner(tenant))
    .bind(channel_id)
    .bind(secrets.seal(&secret))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("webhook channel"));
    }
    audit::record(
        &mut tx,
        tenant,
        actor,
        Action::NotifyChanged,
        &format!("webhook channel {channel_id}: signing secret rotated"),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Removes a channel of the workspace; audited.
pub async fn remove_channel(db: &Db, at: &Access, channel_id: &str) -> Result<()> {
    delete(db, Some(&at.tenant_id), &at.actor, channel_id).await
}

/// Removes one of the operators' own channels; audited without a workspace.
pub async fn remove_operator_channel(db: &Db, actor: &Actor, channel_id: &str) -> Result<()> {
    delete(db, None, actor, channel_id).await
}

async fn delete(db: &Db, tenant: Option<&TenantId>, actor: &Actor, channel_id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!(
        "DELETE FROM notify_channels WHERE {OWNED_BY} AND id = $2"
    ))
    .bind(owner(tenant))
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("channel"));
    }
    audit::record(
        &mut tx,
        tenant,
        actor,
        Action::NotifyChanged,
        &format!("channel {channel_id} removed"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A workspace's channels as its pages show them: targets of email and WhatsApp channels in
/// full (addresses and numbers the workspace typed), URLs only by their host (they carry
/// credentials), secrets never.
pub async fn list_channels(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
) -> Result<Vec<NotifyChannelView>> {
    shown(db, secrets, Some(&at.tenant_id)).await
}

/// The operators' own channels, shown as [`list_channels`] shows a workspace's.
pub async fn list_operator_channels(
    db: &Db,
    secrets: &SecretBox,
) -> Result<Vec<NotifyChannelView>> {
    shown(db, secrets, None).await
}

async fn shown(
    db: &Db,
    secrets: &SecretBox,
    tenant: Option<&TenantId>,
) -> Result<Vec<NotifyChannelView>> {
    let mut out = Vec::new();
    for (id, kind, name, target, _secret, bot_id, enabled, created_at) in rows(db, tenant).await? {
        let opened = secrets.open(&target).unwrap_or_default();
        let shown = match ChannelKind::parse(&kind) {
            Some(ChannelKind::Webhook | ChannelKind::Slack) => url::Url::parse(&opened)
                .ok()
                .and_then(|u| u.host_str().map(|h| format!("{}://{h}/…", u.scheme())))
                .unwrap_or_else(|| "…".into()),
            _ => opened,
        };
        out.push(NotifyChannelView {
            id,
            kind,
            name,
            target: shown,
            bot_id,
            enabled: enabled != 0,
            created_at,
        });
    }
    Ok(out)
}
