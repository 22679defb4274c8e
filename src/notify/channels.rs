//! Sending on each kind of channel — email through the SMTP path, webhooks signed per the
//! Standard Webhooks spec, Slack incoming webhooks, WhatsApp through the workspace's own bot's
//! `send` — and the delivery log: every attempt recorded with its recipient, status, error and
//! count, failures set to be tried again with backoff.

use super::messages::Message;
use super::rules::{retry_in, ChannelKind};
use super::store::Target;
use super::{Queued, Senders, SEND_TIMEOUT};
use crate::clock::now;
use crate::db::new_id;
use crate::email::Email;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::mail::OutgoingEmail;
use serde_json::{json, Value};

/// What one delivery sends, as stored for its retries.
fn body(kind: ChannelKind, m: &Message) -> Value {
    match kind {
        ChannelKind::Email => json!({"subject": m.subject, "text": m.text, "html": m.html}),
        ChannelKind::Webhook => m.webhook.clone(),
        ChannelKind::Slack => m.slack.clone(),
        ChannelKind::Whatsapp => json!({"text": m.whatsapp}),
    }
}

/// Who a delivery went to, as the log shows it: addresses and numbers, or a URL's host (its
/// path may carry a credential).
fn shown_recipient(t: &Target) -> String {
    match t.kind {
        ChannelKind::Email | ChannelKind::Whatsapp => t.recipients.join(", "),
        ChannelKind::Webhook | ChannelKind::Slack => t
            .recipients
            .first()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default(),
    }
}

/// Sends `m` to `target` for `items`, logging the attempt (its id is returned); a failure is
/// set to be retried.
pub async fn deliver(
    s: &Senders,
    tenant: Option<&TenantId>,
    target: &Target,
    m: &Message,
    items: &[&Queued],
) -> Result<String> {
    let id = new_id();
    let at = now();
    let body = body(target.kind, m);
    sqlx::query(
        "INSERT INTO deliveries (id, tenant_id, channel_id, channel_kind, recipient, notifications,
             subject, subject_json, body, status, attempts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sending', 0, $10, $10)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(target.id.as_deref())
    .bind(target.kind.as_str())
    .bind(shown_recipient(target))
    .bind(
        items
            .iter()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
    .bind(&m.subject)
    .bind(serde_json::to_string(&m.subject_text).ok())
    .bind(body.to_string())
    .bind(at)
    .execute(&s.db.pool)
    .await?;
    let outcome = send(s, target, &id, &body).await;
    record_attempt(s, &id, 0, outcome).await?;
    Ok(id)
}

/// Tries a failed delivery again with what it sent the first time.
pub async fn attempt_again(s: &Senders, delivery_id: &str) -> Result<()> {
    let (tenant, channel_id, kind, recipient, body, attempts): (
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        i64,
    ) = sqlx::query_as(
        "SELECT tenant_id, channel_id, channel_kind, recipient, body, attempts
         FROM deliveries WHERE id = $1",
    )
    .bind(delivery_id)
    .fetch_one(&s.db.pool)
    .await?;
    let tenant = tenant.map(TenantId::new);
    let targets = super::store::targets(&s.db, &s.secrets, tenant.as_ref()).await?;
    let target = match channel_id {
        Some(cid) => targets.into_iter().find(|t| t.id.as_deref() == Some(&cid)),
        // The workspace's admins by email: the addresses it went to.
        None => Some(Target {
            id: None,
            kind: ChannelKind::Email,
            name: "workspace owners and admins".into(),
            recipients: recipient.split(", ").map(str::to_string).collect(),
            secret: None,
            bot_id: None,
        }),
    };
    let outcome = match (target, ChannelKind::parse(&kind)) {
        (Some(t), Some(_)) => {
            let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            send(s, &t, delivery_id, &body).await
        }
        _ => Err("the channel was removed or disabled".to_string()),
    };
    record_attempt(s, delivery_id, attempts as u32, outcome).await
}

async fn record_attempt(
    s: &Senders,
    id: &str,
    before: u32,
    outcome: std::result::Result<(), String>,
) -> Result<()> {
    let attempts = before + 1;
    let at = now();
    let (status, error, next) = match outcome {
        Ok(()) => ("sent", None, None),
        Err(e) => match retry_in(attempts) {
            Some(wait) => ("retrying", Some(e), Some(at + wait)),
            None => ("failed", Some(e), None),
        },
    };
    if let Some(e) = &error {
        tracing::warn!(delivery = id, attempts, error = %e, "a notification was not delivered");
    }
    sqlx::query(
        "UPDATE deliveries SET status = $1, error = $2, attempts = $3, next_attempt_at = $4,
             claimed_until = 0, updated_at = $5 WHERE id = $6",
    )
    .bind(status)
    .bind(error)
    .bind(i64::from(attempts))
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(&s.db.pool)
    .await?;
    Ok(())
}

/// One attempt on one channel; the error is what the log shows.
async fn send(
    s: &Senders,
    t: &Target,
    delivery_id: &str,
    body: &Value,
) -> std::result::Result<(), String> {
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_string();
    match t.kind {
        ChannelKind::Email => {
            let mut failed = Vec::new();
            for r in &t.recipients {
                let Ok(to) = Email::parse(r) else {
                    failed.push(format!("{r}: not an email address"));
                    continue;
                };
                let mail = OutgoingEmail {
                    to,
                    subject: text("subject"),
                    text: text("text"),
                    html: text("html"),
                };
                match tokio::time::timeout(SEND_TIMEOUT, s.mailer.send(&mail)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => failed.push(format!("{r}: {e}")),
                    Err(_) => failed.push(format!("{r}: no answer from the mail server")),
                }
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(failed.join("; "))
            }
        }
        ChannelKind::Webhook => {
            let url = t.recipients.first().ok_or("no URL")?;
            let secret = t.secret.as_deref().ok_or("the webhook has no secret")?;
            let payload = body.to_string();
            let msg_id = format!("msg_{delivery_id}");
            let ts = now();
            let signature = standardwebhooks::Webhook::new(secret)
                .and_then(|w| w.sign(&msg_id, ts, payload.as_bytes()))
                .map_err(|e| format!("signing: {e:?}"))?;
            post(
                s,
                url,
                payload,
                &[
                    ("webhook-id", msg_id),
                    ("webhook-timestamp", ts.to_string()),
                    ("webhook-signature", signature),
                ],
            )
            .await
        }
        ChannelKind::Slack => {
            let url = t.recipients.first().ok_or("no URL")?;
            post(s, url, body.to_string(), &[]).await
        }
        ChannelKind::Whatsapp => {
            let bot = t.bot_id.as_deref().ok_or("no bot chosen")?;
            // A bot the registry knows is down is not waited for; one that is connecting or
            // restarting is, briefly.
            let status = s.bots.status(bot);
            let may_come = status.first_attempt()
                || status.restarting(crate::clock::now(), crate::clawdbot::link::RESTART_GRACE);
            let wait = if may_come {
                std::time::Duration::from_secs(5)
            } else {
                std::time::Duration::ZERO
            };
            let client = s
                .bots
                .wait_client(bot, wait)
                .await
                .ok_or("the bot that sends WhatsApp alerts is not connected")?;
            let mut failed = Vec::new();
            for to in &t.recipients {
                let params = json!({
                    "to": to,
                    "message": text("text"),
                    "channel": "whatsapp",
                    // The bot drops a repeat of the same key, so a retry never sends twice.
                    "idempotencyKey": format!("baas-{delivery_id}-{to}"),
                });
                if let Err(e) = client.request("send", params, SEND_TIMEOUT).await {
                    failed.push(format!("{to}: {e}"));
                }
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(failed.join("; "))
            }
        }
    }
}

/// POSTs JSON to `url` after checking where its host points (private addresses only where
/// allowed), connecting to the checked address, following no redirect.
async fn post(
    s: &Senders,
    url: &str,
    payload: String,
    headers: &[(&str, String)],
) -> std::result::Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|_| "not a URL".to_string())?;
    let host = parsed.host_str().ok_or("no host")?.to_string();
    let port = parsed.port_or_known_default().ok_or("no port")?;
    let lookup = tokio::time::timeout(
        SEND_TIMEOUT,
        tokio::net::lookup_host((host.trim_matches(['[', ']']), port)),
    )
    .await
    .map_err(|_| format!("{host}: the name did not resolve in time"))?
    .map_err(|e| format!("{host}: {e}"))?;
    let addr = lookup
        .into_iter()
        .next()
        .ok_or_else(|| format!("{host}: no address"))?;
    crate::clawdbot::address::allowed(addr.ip(), s.allow_private)
        .map_err(|why| format!("{host} points to {}: refused", why.describe()))?;
    let client = reqwest::Client::builder()
        .resolve(&host, addr)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(SEND_TIMEOUT)
        .build()
        .map_err(|e| Error::Internal(e.to_string()).to_string())?;
    let mut req = client
        .post(parsed)
        .header("content-type", "application/json")
        .header("user-agent", "BaaS-Admin-Agent/1")
        .body(payload);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let res = req.send().await.map_err(|e| {
        if e.is_timeout() {
            format!("{host}: no answer within {} s", SEND_TIMEOUT.as_secs())
        } else {
            format!("{host}: could not connect")
        }
    })?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("{host} answered {}", res.status().as_u16()))
    }
}
