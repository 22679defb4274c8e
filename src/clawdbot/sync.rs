//! Importing a bot's sessions as conversations: agent, channel and WhatsApp group read from the
//! session key (`agent:<id>:whatsapp:group:<jid>`), the group's name, token totals and their
//! cost. Running it again changes nothing unless a session moved on or its group was renamed.

use crate::access::Access;
use crate::clawdbot::client::{BotClient, BotError, Transient};
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::pricing::{cost_micro_usd, find_price, ModelPrice, TokenUsage};
use serde_json::{json, Value};
use std::time::Duration;

/// What a session key says: the agent, the channel, and the group for group sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKey {
    pub agent: String,
    pub channel: String,
    pub group: Option<String>,
}

/// Reads `agent:<id>:<channel>:group:<jid>`, `agent:<id>:<channel>:dm:<peer>` and
/// `agent:<id>:main` (the agent's direct-message session).
pub fn parse_session_key(key: &str) -> Option<SessionKey> {
    let rest = key.strip_prefix("agent:")?;
    let (agent, rest) = rest.split_once(':')?;
    if agent.is_empty() {
        return None;
    }
    let mut parts = rest.splitn(3, ':');
    let channel = parts.next()?.to_string();
    let kind = parts.next();
    let peer = parts.next();
    Some(SessionKey {
        agent: agent.to_string(),
        group: (kind == Some("group")).then(|| peer.unwrap_or_default().to_string()),
        channel: if kind.is_none() {
            "direct".into()
        } else {
            channel
        },
    })
}

/// One session as the bot lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub key: String,
    pub model: Option<String>,
    pub input_tokens: i64,
    pub output_tokens: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// The chat's name (a WhatsApp group's subject), when the bot knows it.
    pub subject: Option<String>,
}

/// Longest group name kept: WhatsApp's own limit for a group's subject.
pub const MAX_GROUP_NAME: usize = 100;

/// A chat's name as people will read it: without surrounding spaces or control characters,
/// at most [`MAX_GROUP_NAME`] characters; none when nothing is left. Clawdbot's and OpenClaw's
/// `displayName` is a slug made for keys (`whatsapp:g-clientes-vip`), so only the `subject`
/// is a name.
pub fn group_name(subject: &str) -> Option<String> {
    let name: String = subject
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_GROUP_NAME)
        .collect();
    let name = name.trim_end();
    (!name.is_empty()).then(|| name.to_string())
}

/// Reads the `sessions.list` answer.
pub fn parse_sessions(v: &Value) -> Vec<Session> {
    v["sessions"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    Some(Session {
                        key: s["key"].as_str()?.to_string(),
                        model: s["model"].as_str().map(str::to_string),
                        input_tokens: s["inputTokens"].as_i64().unwrap_or(0),
                        output_tokens: s["outputTokens"].as_i64().unwrap_or(0),
                        updated_at: s["updatedAt"].as_i64().map_or(0, |ms| ms / 1000),
                        subject: s["subject"].as_str().and_then(group_name),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The text of a transcript message (`content` as a string or as text blocks).
pub fn message_text(m: &Value) -> String {
    match &m["content"] {
        Value::String(s) => s.clone(),
        Value::Array(blocks) => blocks
            .iter()
            .filter_map(|b| b["text"].as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

pub use crate::model::SyncReport;

/// Why a sync did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Bot(#[from] BotError),
    #[error("{0}")]
    Store(#[from] Error),
}

impl Transient for SyncError {
    fn is_transient(&self) -> bool {
        matches!(self, SyncError::Bot(e) if e.is_transient())
    }
}

const TIMEOUT: Duration = Duration::from_secs(20);

/// The messages of a session, oldest first: `(role, text)`.
pub async fn transcript(
    client: &BotClient,
    session_key: &str,
    limit: u32,
) -> std::result::Result<Vec<(String, String)>, BotError> {
    let v = client
        .request(
            "chat.history",
            json!({"sessionKey": session_key, "limit": limit}),
            TIMEOUT,
        )
        .await?;
    Ok(v["messages"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|m| {
                    (
                        m["role"].as_str().unwrap_or("unknown").to_string(),
                        message_text(m),
                    )
                })
                .filter(|(_, t)| !t.trim().is_empty())
                .collect()
        })
        .unwrap_or_default())
}

/// Imports the bot's sessions into `conversations`; unchanged sessions are left alone.
pub async fn sync_bot(
    db: &Db,
    client: &BotClient,
    tenant_id: &TenantId,
    bot_id: &str,
    prices: &[ModelPrice],
) -> std::result::Result<SyncReport, SyncError> {
    let listed = client.request("sessions.list", json!({}), TIMEOUT).await?;
    let mut report = SyncReport::default();
    let mut sessions = parse_sessions(&listed);
    // The most recently active first, and a bounded number per round.
    sessions.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
    sessions.truncate(MAX_SESSIONS);
    for s in sessions {
        let Some(key) = parse_session_key(&s.key) else {
            continue;
        };
        report.seen += 1;
        // A name the bot no longer reports is kept rather than forgotten.
        let name = key.group.as_ref().and(s.subject.clone());
        let known: Option<(i64, i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT updated_at, input_tokens, output_tokens, group_name FROM conversations
             WHERE bot_id = $1 AND session_key = $2",
        )
        .bind(bot_id)
        .bind(&s.key)
        .fetch_optional(&db.pool)
        .await
        .map_err(Error::from)?;
        if known.as_ref().is_some_and(|(at, input, output, stored)| {
            (*at, *input, *output) == (s.updated_at, s.input_tokens, s.output_tokens)
                && (name.is_none() || *stored == name)
        }) {
            continue;
        }
        let last = transcript(client, &s.key, 1)
            .await
            .ok()
            .and_then(|m| m.into_iter().last())
            .map(|(_, t)| t.chars().take(280).collect::<String>());
        let usage = TokenUsage {
            input: s.input_tokens,
            output: s.output_tokens,
            cache_read: 0,
            cache_write: 0,
        };
        let cost = s
            .model
            .as_deref()
            .and_then(|m| find_price(prices, m.rsplit('/').next().unwrap_or(m)))
            .map_or(0, |p| cost_micro_usd(p, &usage));
        sqlx::query(
            "INSERT INTO conversations (id, tenant_id, bot_id, session_key, agent, channel, group_jid,
                group_name, model, input_tokens, output_tokens, cost_micro_usd, last_message,
                updated_at, synced_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (bot_id, session_key) DO UPDATE SET
                group_name = COALESCE(excluded.group_name, conversations.group_name),
                model = excluded.model, input_tokens = excluded.input_tokens,
                output_tokens = excluded.output_tokens, cost_micro_usd = excluded.cost_micro_usd,
                last_message = excluded.last_message, updated_at = excluded.updated_at,
                synced_at = excluded.synced_at",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(bot_id)
        .bind(&s.key)
        .bind(&key.agent)
        .bind(&key.channel)
        .bind(key.group.as_deref())
        .bind(name.as_deref())
        .bind(s.model.as_deref())
        .bind(s.input_tokens)
        .bind(s.output_tokens)
        .bind(cost)
        .bind(last.as_deref())
        .bind(s.updated_at)
        .bind(now())
        .execute(&db.pool)
        .await
        .map_err(Error::from)?;
        if known.is_some() {
            report.updated += 1;
        } else {
            report.added += 1;
        }
    }
    Ok(report)
}

/// Sessions of one bot imported per round at most.
pub const MAX_SESSIONS: usize = 1_000;

/// Bots whose sessions are imported at once by a sync round.
pub const SYNC_AT_ONCE: usize = 4;
/// Longest one bot's sync may take in a round before it is left for the next.
pub const SYNC_TIMEOUT: Duration = Duration::from_secs(120);

/// What a sync round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncRound {
    pub synced: usize,
    pub failed: usize,
    pub timed_out: usize,
    /// Bots not connected at the time.
    pub skipped: usize,
}

/// Imports the sessions of every connected bot, [`SYNC_AT_ONCE`] at a time and each within
/// `per_bot`, so one slow or stuck bot holds up neither the others nor the round.
pub async fn sync_all(
    db: &Db,
    bots: &crate::clawdbot::manager::BotManager,
    per_bot: Duration,
) -> Result<SyncRound> {
    use futures_util::StreamExt;
    let pairs = crate::clawdbot::store::bot_tenants(db).await?;
    let prices = crate::gateway::prices::load_prices(db).await?;
    let results: Vec<Option<std::result::Result<std::result::Result<SyncReport, SyncError>, ()>>> =
        futures_util::stream::iter(pairs)
            .map(|(bot, tenant)| {
                let prices = &prices;
                async move {
                    let client = bots.client(&bot)?;
                    let r =
                        tokio::time::timeout(per_bot, sync_bot(db, &client, &tenant, &bot, prices))
                            .await
                            .map_err(|_| ());
                    if let Ok(Err(e)) = &r {
                        tracing::warn!(bot = %bot, error = %e, "bot sync failed");
                    }
                    Some(r)
                }
            })
            .buffer_unordered(SYNC_AT_ONCE)
            .collect()
            .await;
    let mut round = SyncRound::default();
    for r in results {
        match r {
            None => round.skipped += 1,
            Some(Ok(Ok(_))) => round.synced += 1,
            Some(Ok(Err(_))) => round.failed += 1,
            Some(Err(())) => round.timed_out += 1,
        }
    }
    Ok(round)
}

/// A tenant's conversations, most recent first.
pub async fn list(db: &Db, at: &Access) -> Result<Vec<crate::model::ConversationView>> {
    let tenant_id = &at.tenant_id;
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
        i64,
        i64,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, bot_id, agent, channel, group_jid, group_name, model, input_tokens,
                output_tokens, cost_micro_usd, last_message, updated_at
         FROM conversations WHERE tenant_id = $1 ORDER BY updated_at DESC, id LIMIT 500",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                bot_id,
                agent,
                channel,
                group,
                group_name,
                model,
                input,
                output,
                cost,
                last,
                updated,
            )| {
                crate::model::ConversationView {
                    id,
                    bot_id,
                    agent,
                    channel,
                    group,
                    group_name,
                    model,
                    input_tokens: input,
                    output_tokens: output,
                    cost_micro_usd: cost,
                    last_message: last,
                    updated_at: updated,
                }
            },
        )
        .collect())
}

/// Tokens and cost per WhatsApp group (direct messages together), costliest first.
pub async fn group_costs(db: &Db, at: &Access) -> Result<Vec<crate::model::GroupCost>> {
    let tenant_id = &at.tenant_id;
    type Row = (String, Option<String>, Option<String>, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        // PostgreSQL sums BIGINTs as NUMERIC, which the Any driver cannot read as i64.
        "SELECT bot_id, group_jid, MAX(group_name), COUNT(*), CAST(SUM(input_tokens) AS BIGINT),
                CAST(SUM(output_tokens) AS BIGINT), CAST(SUM(cost_micro_usd) AS BIGINT)
         FROM conversations WHERE tenant_id = $1
         GROUP BY bot_id, group_jid ORDER BY SUM(cost_micro_usd) DESC, group_jid",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(bot_id, group, group_name, n, input, output, cost)| crate::model::GroupCost {
                bot_id,
                group,
                group_name,
                conversations: n,
                input_tokens: input,
                output_tokens: output,
                cost_micro_usd: cost,
            },
        )
        .collect())
}

/// The bot and session key of one of the tenant's conversations.
pub async fn find(db: &Db, at: &Access, conversation_id: &str) -> Result<(String, String)> {
    let tenant_id = &at.tenant_id;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT bot_id, session_key FROM conversations WHERE id = $1 AND tenant_id = $2",
    )
    .bind(conversation_id)
    .bind(tenant_id)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or(Error::NotFound("conversation"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_name_agent_channel_and_group() {
        assert_eq!(
            parse_session_key("agent:lobo:whatsapp:group:120363000000000001@g.us"),
            Some(SessionKey {
                agent: "lobo".into(),
                channel: "whatsapp".into(),
                group: Some("120363000000000001@g.us".into())
            })
        );
        assert_eq!(
            parse_session_key("agent:main:main"),
            Some(SessionKey {
                agent: "main".into(),
                channel: "direct".into(),
                group: None
            })
        );
        assert_eq!(
            parse_session_key("agent:lobo:whatsapp:dm:+5511999990000").map(|k| k.group),
            Some(None)
        );
        assert_eq!(parse_session_key("global"), None);
    }

    #[test]
    fn sessions_and_messages_are_read() {
        let v = json!({"sessions": [{"key": "agent:a:main", "model": "claude-sonnet-4-5",
            "inputTokens": 10, "outputTokens": 5, "updatedAt": 1_795_305_599_000_i64}, {"nokey": 1}]});
        let s = parse_sessions(&v);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].input_tokens, s[0].output_tokens, s[0].updated_at),
            (10, 5, 1_795_305_599)
        );
        assert_eq!(s[0].subject, None);
        assert_eq!(message_text(&json!({"content": "oi"})), "oi");
        assert_eq!(
            message_text(
                &json!({"content": [{"type": "text", "text": "a"}, {"type": "tool_use"}, {"text": "b"}]})
            ),
            "a b"
        );
    }

    #[test]
    fn a_group_session_brings_its_whatsapp_name_and_never_a_slug() {
        // As Clawdbot 2026.1.24 lists a group session (OpenClaw's rows carry the same fields).
        let v = json!({"sessions": [
            {"key": "agent:lobo:whatsapp:group:120363000000000001@g.us", "kind": "group",
             "channel": "whatsapp", "subject": "  Clientes VIP ",
             "displayName": "whatsapp:g-clientes-vip", "updatedAt": 1_000},
            {"key": "agent:lobo:whatsapp:group:120363000000000002@g.us",
             "displayName": "whatsapp:g-120363000000000002", "updatedAt": 1_000},
            {"key": "agent:lobo:whatsapp:group:120363000000000003@g.us", "subject": " \n\t"},
            {"key": "agent:lobo:whatsapp:group:120363000000000004@g.us", "subject": 42}
        ]});
        let names: Vec<Option<String>> =
            parse_sessions(&v).into_iter().map(|s| s.subject).collect();
        assert_eq!(names, [Some("Clientes VIP".to_string()), None, None, None]);
    }

    #[test]
    fn group_names_are_cleaned_and_bounded() {
        assert_eq!(
            group_name("Obras\u{7}  Zona Sul\n").as_deref(),
            Some("Obras  Zona Sul")
        );
        assert_eq!(
            group_name("Orçamentos 2025").as_deref(),
            Some("Orçamentos 2025")
        );
        let long = "Á".repeat(MAX_GROUP_NAME + 20);
        assert_eq!(
            group_name(&long).map(|n| n.chars().count()),
            Some(MAX_GROUP_NAME)
        );
        assert_eq!(group_name(""), None);
    }
}
