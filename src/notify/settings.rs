//! Notification settings: a workspace's (or, with no workspace, the operators') routing per
//! severity, quiet hours, the repeat interval of critical alerts and the Admin Agent's voice.

use super::rules::{ChannelKind, Quiet, Routing};
use crate::access::Access;
use crate::audit::{self, Action};
use crate::clock::now;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::ids::TenantId;
use crate::model::NotifySettingsView;

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
