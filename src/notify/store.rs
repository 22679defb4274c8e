//! Notification channels and settings: a workspace's (or, with no workspace, the operators')
//! channels with their targets and webhook secrets sealed, and its routing, quiet hours and
//! the Admin Agent's voice.

use super::rules::{ChannelKind, Quiet, Routing};
use crate::access::Access;
use crate::audit::{self, Action};
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::email::Email;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::ids::TenantId;
use crate::model::{NotifyChannelView, NotifySettingsView};

/// How the Admin Agent speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    /// "formal", "casual" or "technical".
    pub tone: String,
    /// "pt-BR", "en" or "es".
    pub language: String,
    pub emoji: bool,
    pub greeting: String,
    pub signature: String,
}

impl Default for Voice {
    fn default() -> Self {
        Voice {
            tone: "casual".into(),
            language: "en".into(),
            emoji: true,
            greeting: String::new(),
            signature: String::new(),
        }
    }
}

/// A workspace's notification settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub routing: Routing,
    pub quiet: Option<Quiet>,
    /// Minutes after which an unresolved CRITICAL alert is sent again.
    pub repeat_minutes: i64,
    pub voice: Voice,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            routing: Routing::default(),
            quiet: None,
            repeat_minutes: 240,
            voice: Voice::default(),
        }
    }
}

/// The settings row's key: the workspace, or "" for the operators.
fn scope(tenant: Option<&TenantId>) -> &str {
    tenant.map_or("", TenantId::as_str)
}

type SettingsRow = (
    String,
    Option<i64>,
    Option<i64>,
    i64,
    String,
    String,
    i64,
    String,
    String,
);

/// The settings of a workspace (`None`: the operators'), defaults where none were saved.
pub async fn settings(db: &Db, tenant: Option<&TenantId>) -> Result<Settings> {
    let row: Option<SettingsRow> = sqlx::query_as(
        "SELECT routing, quiet_start, quiet_end, repeat_minutes, tone, language, emoji, greeting,
                signature FROM notify_settings WHERE scope = $1",
    )
    .bind(scope(tenant))
    .fetch_optional(&db.pool)
    .await?;
    let Some((routing, qs, qe, repeat, tone, language, emoji, greeting, signature)) = row else {
        // Until someone picks one, a workspace is spoken to in its time zone's language.
        let mut defaults = Settings::default();
        if let Some(t) = tenant {
            let zone: Option<(String,)> =
                sqlx::query_as("SELECT timezone FROM tenants WHERE id = $1")
                    .bind(t)
                    .fetch_optional(&db.pool)
                    .await?;
            if let Some((zone,)) = zone {
                defaults.voice.language = Locale::from_time_zone(&zone).tag().into();
            }
        }
        return Ok(defaults);
    };
    Ok(Settings {
        routing: serde_json::from_str(&routing).unwrap_or_default(),
        quiet: match (qs, qe) {
            (Some(start), Some(end)) => Some(Quiet {
                start: start.clamp(0, 1439) as u32,
                end: end.clamp(0, 1439) as u32,
            }),
            _ => None,
        },
        repeat_minutes: repeat,
        voice: Voice {
            tone,
            language,
            emoji: emoji != 0,
            greeting,
            signature,
        },
    })
}

/// Refuses a voice the messages cannot be said in, naming the field.
pub fn check_voice(voice: &Voice) -> Result<()> {
    if !["formal", "casual", "technical"].contains(&voice.tone.as_str()) {
        return Err(Error::Invalid("tone: formal, casual or technical".into()));
    }
    if !Locale::ALL.iter().any(|l| l.tag() == voice.language) {
        return Err(Error::Invalid("language: pt-BR, en or es".into()));
    }
    if voice.greeting.chars().count() > 200 || voice.signature.chars().count() > 200 {
        return Err(Error::Invalid(
            "the greeting and the signature may have 200 characters each".into(),
        ));
    }
    Ok(())
}

/// Saves a workspace's settings; audited.
pub async fn save_settings(db: &Db, at: &Access, s: &Settings) -> Result<()> {
    if !(5..=7 * 24 * 60).contains(&s.repeat_minutes) {
        return Err(Error::Invalid(
            "repeat critical alerts every 5 minutes to 7 days".into(),
        ));
    }
    check_voice(&s.voice)?;
    let routing =
        serde_json::to_string(&s.routing).map_err(|e| Error::Internal(format!("routing: {e}")))?;
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO notify_settings (scope, routing, quiet_start, quiet_end, repeat_minutes, tone,
             language, emoji, greeting, signature, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (scope) DO UPDATE SET routing = excluded.routing,
             quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
             repeat_minutes = excluded.repeat_minutes, tone = excluded.tone,
             language = excluded.language, emoji = excluded.emoji, greeting = excluded.greeting,
             signature = excluded.signature, updated_at = excluded.updated_at",
    )
    .bind(at.tenant_id.as_str())
    .bind(routing)
    .bind(s.quiet.map(|q| i64::from(q.start)))
    .bind(s.quiet.map(|q| i64::from(q.end)))
    .bind(s.repeat_minutes)
    .bind(&s.voice.tone)
    .bind(&s.voice.language)
    .bind(i64::from(s.voice.emoji))
    .bind(&s.voice.greeting)
    .bind(&s.voice.signature)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::NotifyChanged,
        "notification settings saved",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The settings as the settings page shows them.
pub fn settings_view(s: &Settings) -> NotifySettingsView {
    let kinds = |l: &[ChannelKind]| l.iter().map(|k| k.as_str().to_string()).collect();
    NotifySettingsView {
        info: kinds(&s.routing.info),
        warning: kinds(&s.routing.warning),
        error: kinds(&s.routing.error),
        critical: kinds(&s.routing.critical),
        quiet_start: s.quiet.map(|q| q.start),
        quiet_end: s.quiet.map(|q| q.end),
        repeat_minutes: s.repeat_minutes,
        tone: s.voice.tone.clone(),
        language: s.voice.language.clone(),
        emoji: s.voice.emoji,
        greeting: s.voice.greeting.clone(),
        signature: s.voice.signature.clone(),
    }
}

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
    let rows =
        match tenant {
            Some(t) => sqlx::query_as(
                "SELECT id, kind, name, target_sealed, secret_sealed, bot_id, enabled, created_at
                 FROM notify_channels WHERE tenant_id = $1 ORDER BY created_at, id",
            )
            .bind(t)
            .fetch_all(&db.pool)
            .await?,
            None => sqlx::query_as(
                "SELECT id, kind, name, target_sealed, secret_sealed, bot_id, enabled, created_at
                 FROM notify_channels WHERE tenant_id IS NULL ORDER BY created_at, id",
            )
            .fetch_all(&db.pool)
            .await?,
        };
    Ok(rows)
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
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notify_channels WHERE tenant_id = $1")
            .bind(&at.tenant_id)
            .fetch_one(&db.pool)
            .await?;
    if count >= 20 {
        return Err(Error::Invalid("a workspace may have 20 channels".into()));
    }
    let id = new_id();
    let secret = (c.kind == ChannelKind::Webhook).then(new_webhook_secret);
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO notify_channels (id, tenant_id, kind, name, target_sealed, secret_sealed, bot_id, enabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
    )
    .bind(&id)
    .bind(&at.tenant_id)
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
        Some(&at.tenant_id),
        &at.actor,
        Action::NotifyChanged,
        &format!("{} channel \"{}\" added", c.kind.as_str(), c.name.trim()),
    )
    .await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// Replaces a webhook channel's signing secret; returns the new one, shown this once. Audited.
pub async fn rotate_secret(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    channel_id: &str,
) -> Result<String> {
    let secret = new_webhook_secret();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE notify_channels SET secret_sealed = $1
         WHERE id = $2 AND tenant_id = $3 AND kind = 'webhook'",
    )
    .bind(secrets.seal(&secret))
    .bind(channel_id)
    .bind(&at.tenant_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("webhook channel"));
    }
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::NotifyChanged,
        &format!("webhook channel {channel_id}: signing secret rotated"),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Removes a channel of the workspace; audited.
pub async fn remove_channel(db: &Db, at: &Access, channel_id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("DELETE FROM notify_channels WHERE id = $1 AND tenant_id = $2")
        .bind(channel_id)
        .bind(&at.tenant_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("channel"));
    }
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
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
    let mut out = Vec::new();
    for (id, kind, name, target, _secret, bot_id, enabled, created_at) in
        rows(db, Some(&at.tenant_id)).await?
    {
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
