//! One health probe of a bot — its gateway answering `health`, its WhatsApp channel linked
//! and connected (`channels.status`), its config valid (`config.get`), and the error rate of
//! its agents' calls through BaaS's gateway — and the restart the ladder's first step asks of
//! the gateway itself.

use super::rules::Fault;
use crate::clawdbot::client::BotError;
use crate::clawdbot::link::{with_restarts, Managed};
use crate::clawdbot::manager::BotManager;
use crate::clawdbot::protocol::Flavour;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::Text;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Longest a probe waits for the bot's connection, and for each answer.
const CONNECT_WAIT: Duration = Duration::from_secs(3);
const ANSWER_WAIT: Duration = Duration::from_secs(10);

/// Fewest calls in an interval before their error rate counts, and the share of failures
/// (server errors and timeouts) that makes a bot unhealthy.
const MIN_CALLS: i64 = 5;
const MAX_FAILED_PERCENT: i64 = 50;

/// What one probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// `None`: healthy.
    pub fault: Option<Fault>,
    /// How long `health` took to answer.
    pub latency_ms: Option<i64>,
    /// In words an owner can act on.
    pub reason: Text,
}

impl Probe {
    fn failed(fault: Fault, latency_ms: Option<i64>, reason: Text) -> Probe {
        Probe {
            fault: Some(fault),
            latency_ms,
            reason,
        }
    }
}

/// Probes bot `bot_id`; calls through BaaS since `since` (Unix seconds) count for its error
/// rate.
pub async fn probe(db: &Db, bots: &BotManager, bot_id: &str, since: i64) -> Result<Probe> {
    let Some(client) = bots.wait_client(bot_id, CONNECT_WAIT).await else {
        let why = match bots.status(bot_id).error {
            Some(e) => Text::new("probe-connection").str("error", e),
            None => Text::new("probe-not-connected"),
        };
        return Ok(Probe::failed(Fault::Unreachable, None, why));
    };
    let started = Instant::now();
    if let Err(e) = client.request("health", json!({}), ANSWER_WAIT).await {
        return Ok(Probe::failed(
            Fault::Unreachable,
            None,
            Text::new("probe-health-failed").str("error", e.to_string()),
        ));
    }
    let latency = Some(started.elapsed().as_millis() as i64);
    if let Ok(channels) = client
        .request("channels.status", json!({"probe": false}), ANSWER_WAIT)
        .await
    {
        if let Some(why) = channel_fault(&channels) {
            return Ok(Probe::failed(Fault::ChannelDown, latency, why));
        }
    }
    if let Ok(config) = client.request("config.get", json!({}), ANSWER_WAIT).await {
        if let Some(why) = config_fault(&config) {
            return Ok(Probe::failed(Fault::ConfigInvalid, latency, why));
        }
    }
    let (calls, failed): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN r.http_status >= 500 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
         WHERE k.bot_id = $1 AND r.created_at >= $2",
    )
    .bind(bot_id)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    if calls >= MIN_CALLS && failed * 100 > calls * MAX_FAILED_PERCENT {
        return Ok(Probe::failed(
            Fault::Errors,
            latency,
            Text::new("probe-errors")
                .int("failed", failed)
                .int("calls", calls),
        ));
    }
    Ok(Probe {
        fault: None,
        latency_ms: latency,
        reason: Text::new("probe-healthy"),
    })
}

/// Why the bot's WhatsApp is unhealthy, if it is: linked (it has a session) but not connected.
/// A bot not linked yet is not failing: its owner has not scanned the code.
pub fn channel_fault(status: &Value) -> Option<Text> {
    let accounts = status["channelAccounts"]["whatsapp"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let summary = &status["channels"]["whatsapp"];
    let entries: Vec<&Value> = if accounts.is_empty() {
        vec![summary]
    } else {
        accounts.iter().collect()
    };
    for a in entries {
        let linked = a["linked"].as_bool().unwrap_or(false);
        let connected = a["connected"].as_bool().unwrap_or(false);
        if linked && !connected {
            let id = a["accountId"].as_str().unwrap_or("default");
            return Some(match a["lastError"].as_str() {
                Some(e) => Text::new("probe-channel-down-error")
                    .str("account", id)
                    .str("error", e),
                None => Text::new("probe-channel-down").str("account", id),
            });
        }
    }
    None
}

/// Why the bot's config is invalid, if the gateway says it is.
pub fn config_fault(config: &Value) -> Option<Text> {
    if config["valid"] != Value::Bool(false) {
        return None;
    }
    let issues: Vec<String> = config["issues"]
        .as_array()
        .map(|l| {
            l.iter()
                .take(3)
                .map(|i| {
                    let path = i["path"].as_str().unwrap_or_default();
                    let msg = i["message"].as_str().unwrap_or("invalid");
                    if path.is_empty() {
                        msg.to_string()
                    } else {
                        format!("{path}: {msg}")
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some(if issues.is_empty() {
        Text::new("probe-config-invalid")
    } else {
        Text::new("probe-config-invalid-issues").str("issues", issues.join("; "))
    })
}

/// Asks the bot's gateway to restart itself: OpenClaw through `gateway.restart.request`;
/// Clawdbot 2026.1.24, which has no restart method, through an empty config patch with its
/// current hash and no delay (it restarts once after every accepted write). A connection cut
/// by an earlier restart is waited out and the request sent on a fresh one. Returns what the
/// gateway said.
pub async fn restart(
    bots: &BotManager,
    bot_id: &str,
    reason: &str,
) -> std::result::Result<String, String> {
    let link = Managed { bots, bot_id };
    let openclaw = bots.status(bot_id).flavour == Some(Flavour::OpenClaw);
    let answer = with_restarts(&link, |client| async move {
        if openclaw {
            return client
                .request(
                    "gateway.restart.request",
                    json!({"reason": reason}),
                    ANSWER_WAIT,
                )
                .await;
        }
        let config = client.request("config.get", json!({}), ANSWER_WAIT).await?;
        let hash = config["hash"].as_str().unwrap_or_default();
        client
            .request(
                "config.patch",
                json!({"raw": "{}", "baseHash": hash, "restartDelayMs": 0}),
                ANSWER_WAIT,
            )
            .await
    })
    .await
    .map_err(|e: BotError| e.to_string())?;
    // OpenClaw says "scheduled", "coalesced" or "deferred"; Clawdbot describes the restart.
    match answer.get("status").and_then(Value::as_str) {
        Some(status) => Ok(status.to_string()),
        None if answer.pointer("/restart/ok") == Some(&Value::Bool(true)) => Ok("scheduled".into()),
        None => Err(format!("the gateway did not schedule a restart: {answer}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linked_whatsapp_that_is_not_connected_is_a_fault_and_an_unlinked_one_is_not() {
        let down = json!({"channels": {"whatsapp": {"linked": true, "connected": false}},
            "channelAccounts": {"whatsapp": [{"accountId": "default", "linked": true,
                "connected": false, "lastError": "stream closed"}]}});
        assert_eq!(
            channel_fault(&down).map(|t| t.english()).as_deref(),
            Some("WhatsApp (account default) is linked but not connected: stream closed")
        );
        let up = json!({"channelAccounts": {"whatsapp": [{"linked": true, "connected": true}]}});
        assert_eq!(channel_fault(&up), None);
        let unlinked = json!({"channels": {"whatsapp": {"linked": false, "connected": false}}});
        assert_eq!(channel_fault(&unlinked), None);
        assert_eq!(channel_fault(&json!({"channels": {}})), None);
    }

    #[test]
    fn an_invalid_config_names_its_first_issues() {
        assert_eq!(config_fault(&json!({"valid": true})), None);
        assert_eq!(config_fault(&json!({})), None);
        let bad = json!({"valid": false, "issues": [
            {"path": "channels.whatsapp", "message": "Unrecognized key: \"bogusKey\""}]});
        assert_eq!(
            config_fault(&bad).map(|t| t.english()).as_deref(),
            Some("the gateway reports its config invalid (channels.whatsapp: Unrecognized key: \"bogusKey\")")
        );
    }
}
