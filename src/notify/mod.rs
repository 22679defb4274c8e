//! The notification engine: every alert goes through [`raise`] (deduplicated by key across
//! processes, inhibited, held for grouping and quiet hours) and out through [`dispatch`]
//! (batched per workspace, routed by severity to its channels, every attempt logged, failures
//! retried with backoff by [`retry`]).

pub mod channels;
pub mod messages;
pub mod rules;
pub mod settings;
pub mod store;

use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::Result;
use crate::i18n::{self, Locale, Text};
use crate::ids::TenantId;
use crate::mail::Mailer;
use futures_util::StreamExt;
use rules::ChannelKind;
use rules::Severity;
use std::time::Duration;

/// The same alert key is let through at most once in this many seconds.
pub const DEDUPE_SECS: i64 = 300;

/// How long the product's other alerts (budgets, the pool, rollbacks) wait for company.
pub const GROUP_WAIT: Duration = Duration::from_secs(30);

/// A notification claimed by a process is its own for this long (then another may take it).
const CLAIM_SECS: i64 = 120;

/// Longest one delivery attempt may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// An alert to tell people about.
#[derive(Debug, Clone)]
pub struct Alert {
    /// `None`: an operator alert (the pool, credentials), never sent to a workspace.
    pub tenant_id: Option<TenantId>,
    /// The bot it is about, when it is about one.
    pub bot_id: Option<String>,
    /// Alerts with the same key are the same alert (deduplicated, resolved together).
    pub key: String,
    pub kind: String,
    pub severity: Severity,
    /// What to say: the message's value is one line of what happened, its `detail` attribute
    /// (if any) what is known and what was done.
    pub text: Text,
    /// A "resolved" notice for an alert that was sent.
    pub resolved: bool,
}

/// What became of a raised alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    /// Queued for delivery.
    Queued,
    /// The same alert was let through less than [`DEDUPE_SECS`] ago.
    Duplicate,
    /// Made redundant by an open "bot unreachable" alert for the same bot.
    Inhibited,
}

/// The key under which "bot `bot_id` is unreachable" is raised; it inhibits that bot's channel
/// and traffic alerts while open.
pub fn unreachable_key(bot_id: &str) -> String {
    format!("bot:{bot_id}:unreachable")
}

/// Raises `alert`: dropped if the same key went through in the last [`DEDUPE_SECS`] (in any
/// process) or an open alert inhibits it, otherwise queued to go out after `group_wait` (so
/// alerts arriving together leave as one message) or, below CRITICAL, when the workspace's
/// quiet hours end.
pub async fn raise(db: &Db, alert: &Alert, group_wait: Duration) -> Result<Raised> {
    let at = now();
    if !alert.resolved && rules::inhibited_by_unreachable(&alert.kind) {
        if let Some(bot) = &alert.bot_id {
            if is_open(db, &unreachable_key(bot)).await? {
                return Ok(Raised::Inhibited);
            }
        }
    }
    let dedupe_key = if alert.resolved {
        format!("{}:resolved", alert.key)
    } else {
        alert.key.clone()
    };
    let passed = sqlx::query(
        "INSERT INTO alert_keys (alert_key, last_sent_at) VALUES ($1, $2)
         ON CONFLICT (alert_key) DO UPDATE SET last_sent_at = excluded.last_sent_at
         WHERE alert_keys.last_sent_at <= $3",
    )
    .bind(&dedupe_key)
    .bind(at)
    .bind(at - DEDUPE_SECS)
    .execute(&db.pool)
    .await?
    .rows_affected()
        == 1;
    // Open or closed is tracked on the alert's own key (the row exists: it was just written
    // or it blocked this raise).
    let open = if alert.resolved {
        "UPDATE alert_keys SET open_since = NULL WHERE alert_key = $1 AND $2 > 0"
    } else {
        "UPDATE alert_keys SET open_since = COALESCE(open_since, $2) WHERE alert_key = $1"
    };
    sqlx::query(open)
        .bind(&alert.key)
        .bind(at)
        .execute(&db.pool)
        .await?;
    if !passed {
        return Ok(Raised::Duplicate);
    }
    let settings = settings::settings(db, alert.tenant_id.as_ref()).await?;
    let held = match &alert.tenant_id {
        Some(t) => {
            let (timezone,): (String,) =
                sqlx::query_as("SELECT timezone FROM tenants WHERE id = $1")
                    .bind(t)
                    .fetch_one(&db.pool)
                    .await?;
            let zone = crate::tz::Zone::stored(&timezone);
            let (minute, second) = zone.minute_of_day(at);
            rules::held_for(settings.quiet, alert.severity, minute, second)
        }
        None => 0,
    };
    sqlx::query(
        "INSERT INTO notifications (id, tenant_id, bot_id, alert_key, kind, severity, resolved,
             subject, detail, text_json, created_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(alert.tenant_id.as_ref())
    .bind(alert.bot_id.as_deref())
    .bind(&alert.key)
    .bind(&alert.kind)
    .bind(alert.severity.as_str())
    .bind(i64::from(alert.resolved))
    .bind(alert.text.english())
    .bind(i18n::render_attr(Locale::En, &alert.text, "detail").unwrap_or_default())
    .bind(serde_json::to_string(&alert.text).ok())
    .bind(at)
    .bind(at + group_wait.as_secs() as i64 + held)
    .execute(&db.pool)
    .await?;
    Ok(Raised::Queued)
}

/// Whether the alert with `key` has fired and not been resolved.
pub async fn is_open(db: &Db, key: &str) -> Result<bool> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT open_since FROM alert_keys WHERE alert_key = $1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    Ok(matches!(row, Some((Some(_),))))
}

/// What sending needs.
#[derive(Clone)]
pub struct Senders {
    pub db: Db,
    pub secrets: SecretBox,
    pub mailer: Mailer,
    pub bots: crate::clawdbot::manager::BotManager,
    /// Whether webhook and Slack URLs may point at private addresses.
    pub allow_private: bool,
    /// The dashboard's address, for links in messages.
    pub public_url: String,
}

/// A queued alert, as the dispatcher reads it.
#[derive(Debug, Clone)]
pub struct Queued {
    pub id: String,
    pub tenant_id: Option<TenantId>,
    pub bot_id: Option<String>,
    pub kind: String,
    pub severity: Severity,
    pub resolved: bool,
    /// What it says, in English (as the notification log shows it).
    pub subject: String,
    pub detail: String,
    /// What it says, to be said in the workspace's language (rows queued before texts were
    /// kept have none, and are sent in English).
    pub text: Option<Text>,
    pub created_at: i64,
}

type QueuedRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
);

fn queued(row: QueuedRow) -> Queued {
    let (id, tenant_id, bot_id, kind, severity, resolved, subject, detail, text, created_at) = row;
    Queued {
        id,
        tenant_id: tenant_id.map(TenantId::new),
        bot_id,
        kind,
        severity: Severity::parse(&severity),
        resolved: resolved != 0,
        subject,
        detail,
        text: text.and_then(|t| serde_json::from_str(&t).ok()),
        created_at,
    }
}

/// Sends every queued alert that is due, one message per workspace and channel; returns how
/// many alerts went out. Each alert is claimed by one process, so with several processes
/// each is sent once.
pub async fn dispatch(s: &Senders) -> Result<usize> {
    let at = now();
    let due: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM notifications WHERE sent_at IS NULL AND due_at <= $1 AND claimed_until < $1
         ORDER BY due_at LIMIT 500",
    )
    .bind(at)
    .fetch_all(&s.db.pool)
    .await?;
    let mut mine = Vec::new();
    for (id,) in due {
        let claimed = sqlx::query(
            "UPDATE notifications SET claimed_until = $1
             WHERE id = $2 AND sent_at IS NULL AND claimed_until < $3",
        )
        .bind(at + CLAIM_SECS)
        .bind(&id)
        .bind(at)
        .execute(&s.db.pool)
        .await?;
        if claimed.rows_affected() == 1 {
            let row: QueuedRow = sqlx::query_as(
                "SELECT id, tenant_id, bot_id, kind, severity, resolved, subject, detail, text_json,
                        created_at
                 FROM notifications WHERE id = $1",
            )
            .bind(&id)
            .fetch_one(&s.db.pool)
            .await?;
            mine.push(queued(row));
        }
    }
    let count = mine.len();
    let mut batches: Vec<(Option<TenantId>, Vec<Queued>)> = Vec::new();
    for q in mine {
        match batches.iter_mut().find(|(t, _)| *t == q.tenant_id) {
            Some((_, list)) => list.push(q),
            None => batches.push((q.tenant_id.clone(), vec![q])),
        }
    }
    futures_util::stream::iter(batches)
        .for_each_concurrent(4, |(tenant, items)| async move {
            if let Err(e) = send_batch(s, tenant.as_ref(), &items).await {
                tracing::warn!(error = %e, "a batch of notifications could not be sent");
            }
            for q in &items {
                let marked = sqlx::query("UPDATE notifications SET sent_at = $1 WHERE id = $2")
                    .bind(now())
                    .bind(&q.id)
                    .execute(&s.db.pool)
                    .await;
                if let Err(e) = marked {
                    tracing::warn!(error = %e, "a sent notification could not be marked");
                }
            }
        })
        .await;
    Ok(count)
}

/// Sends one workspace's batch to each of its channels that the batch's severities route to.
async fn send_batch(s: &Senders, tenant: Option<&TenantId>, items: &[Queued]) -> Result<()> {
    let settings = settings::settings(&s.db, tenant).await?;
    let targets = store::targets(&s.db, &s.secrets, tenant).await?;
    // A bot's own health is never told through that bot alone: its WhatsApp is tried, and
    // email goes too.
    let own_bot = |q: &Queued| {
        q.bot_id.is_some()
            && targets
                .iter()
                .any(|t| t.kind == ChannelKind::Whatsapp && t.bot_id == q.bot_id)
    };
    for target in &targets {
        let routed: Vec<&Queued> = items
            .iter()
            .filter(|q| {
                settings.routing.sends(q.severity, target.kind)
                    || (target.kind == ChannelKind::Email
                        && own_bot(q)
                        && settings.routing.sends(q.severity, ChannelKind::Whatsapp))
            })
            .collect();
        if routed.is_empty() {
            continue;
        }
        let message = messages::compose(&settings.voice, &routed, &s.public_url);
        channels::deliver(s, tenant, target, &message, &routed).await?;
    }
    Ok(())
}

/// Sends again every failed delivery whose wait is over; returns how many were tried.
pub async fn retry(s: &Senders) -> Result<usize> {
    let at = now();
    let due: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM deliveries WHERE status = 'retrying' AND next_attempt_at <= $1
         AND claimed_until < $1 ORDER BY next_attempt_at LIMIT 100",
    )
    .bind(at)
    .fetch_all(&s.db.pool)
    .await?;
    let mut tried = 0;
    for (id,) in due {
        let claimed = sqlx::query(
            "UPDATE deliveries SET claimed_until = $1 WHERE id = $2 AND status = 'retrying'
             AND claimed_until < $3",
        )
        .bind(at + CLAIM_SECS)
        .bind(&id)
        .bind(at)
        .execute(&s.db.pool)
        .await?;
        if claimed.rows_affected() == 1 {
            channels::attempt_again(s, &id).await?;
            tried += 1;
        }
    }
    Ok(tried)
}

/// Test notifications one workspace (or the operators) may send in an hour.
pub const TESTS_PER_HOUR: i64 = 20;

/// What an escalation about the workspace's first bot would say in `voice` (refused, naming
/// the field, if the voice is not one messages can be said in).
pub async fn preview(
    db: &Db,
    tenant: &TenantId,
    voice: &settings::Voice,
    public_url: &str,
) -> Result<messages::Message> {
    settings::check_voice(voice)?;
    let bot: Option<(String,)> =
        sqlx::query_as("SELECT name FROM bots WHERE tenant_id = $1 ORDER BY name, id LIMIT 1")
            .bind(tenant)
            .fetch_optional(&db.pool)
            .await?;
    let bot = bot.map_or_else(|| "Loja".to_string(), |(n,)| n);
    Ok(messages::preview(voice, &bot, public_url))
}

/// Sends a test notification to one of the workspace's channels at once (or, with no channel
/// given, to its owners and admins by email); returns the delivery as logged.
pub async fn send_test(
    s: &Senders,
    at: &crate::access::Access,
    channel_id: Option<&str>,
) -> Result<crate::model::DeliveryView> {
    test_to(s, Some(&at.tenant_id), &at.actor, channel_id).await
}

/// Sends a test notification to one of the operators' own channels at once (or, with no
/// channel given, to the operators by email); returns the delivery as logged.
pub async fn send_operator_test(
    s: &Senders,
    actor: &crate::audit::Actor,
    channel_id: Option<&str>,
) -> Result<crate::model::DeliveryView> {
    test_to(s, None, actor, channel_id).await
}

async fn test_to(
    s: &Senders,
    tenant: Option<&TenantId>,
    actor: &crate::audit::Actor,
    channel_id: Option<&str>,
) -> Result<crate::model::DeliveryView> {
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM deliveries WHERE (tenant_id = $1 OR (tenant_id IS NULL AND $1 = ''))
         AND created_at > $2 AND notifications LIKE 'test:%'",
    )
    .bind(tenant.map_or("", TenantId::as_str))
    .bind(now() - 3600)
    .fetch_one(&s.db.pool)
    .await?;
    if recent >= TESTS_PER_HOUR {
        return Err(crate::error::Error::RateLimited {
            retry_after_secs: 3600,
        });
    }
    let settings = settings::settings(&s.db, tenant).await?;
    let targets = store::targets(&s.db, &s.secrets, tenant).await?;
    let target = targets
        .into_iter()
        .find(|t| t.id.as_deref() == channel_id)
        .ok_or(crate::error::Error::NotFound("enabled channel"))?;
    let who = actor.email.clone().unwrap_or_else(|| "someone".into());
    let text = match &target.id {
        Some(_) => Text::new("alert-test").str("channel", target.name.clone()),
        // The owners and admins (or the operators) by email, named in the reader's language.
        None => Text::new("alert-test").text(
            "channel",
            Text::new("notify-default-recipients").str(
                "who",
                if tenant.is_some() {
                    "workspace"
                } else {
                    "operators"
                },
            ),
        ),
    }
    .str("who", who);
    let test = Queued {
        id: format!("test:{}", new_id()),
        tenant_id: tenant.cloned(),
        bot_id: None,
        kind: "test".into(),
        severity: Severity::Info,
        resolved: false,
        subject: text.english(),
        detail: i18n::render_attr(Locale::En, &text, "detail").unwrap_or_default(),
        text: Some(text),
        created_at: now(),
    };
    let message = messages::compose(&settings.voice, &[&test], &s.public_url);
    let id = channels::deliver(s, tenant, &target, &message, &[&test]).await?;
    let mut listed = deliveries(&s.db, tenant, 200).await?;
    listed
        .iter()
        .position(|d| d.id == id)
        .map(|i| listed.swap_remove(i))
        .ok_or(crate::error::Error::NotFound("delivery"))
}

/// The latest `limit` delivery attempts of a workspace (`None`: the operators'), newest first.
pub async fn deliveries(
    db: &Db,
    tenant: Option<&TenantId>,
    limit: i64,
) -> Result<Vec<crate::model::DeliveryView>> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        i64,
        i64,
        i64,
    );
    let sql_tenant =
        "SELECT id, channel_kind, recipient, subject, subject_json, status, error, attempts,
                created_at, updated_at
         FROM deliveries WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2";
    let sql_operator =
        "SELECT id, channel_kind, recipient, subject, subject_json, status, error, attempts,
                created_at, updated_at
         FROM deliveries WHERE tenant_id IS NULL AND $1 = '' ORDER BY created_at DESC, id LIMIT $2";
    let rows: Vec<Row> = sqlx::query_as(if tenant.is_some() {
        sql_tenant
    } else {
        sql_operator
    })
    .bind(tenant.map_or("", TenantId::as_str))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                channel,
                recipient,
                subject,
                subject_json,
                status,
                error,
                attempts,
                created_at,
                updated_at,
            )| {
                crate::model::DeliveryView {
                    id,
                    channel,
                    recipient,
                    subject,
                    text: subject_json.and_then(|j| serde_json::from_str(&j).ok()),
                    status,
                    error,
                    attempts,
                    created_at,
                    updated_at,
                }
            },
        )
        .collect())
}
