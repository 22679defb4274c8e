//! What is known of a bot without waiting for it: a new address is tried before it is saved,
//! and the configuration a bot last showed is kept (sealed), so its pages render at once from
//! it while the bot cannot be reached.

use crate::clawdbot::client::{BotClient, BotError, ConnectOptions};
use crate::clawdbot::editor::{self, EditError};
use crate::clawdbot::link::BotLink;
use crate::crypto::SecretBox;
use crate::db::Db;
use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;

/// Longest a new gateway address and token may take to be tried before a bot is saved.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest a page waits for a connected bot to answer what it shows before it shows what BaaS
/// last knew instead.
pub const LIVE_READ_LIMIT: Duration = Duration::from_secs(8);

/// `read`'s answer if it comes within [`LIVE_READ_LIMIT`].
pub async fn within_limit<F: Future>(read: F) -> Option<F::Output> {
    tokio::time::timeout(LIVE_READ_LIMIT, read).await.ok()
}

/// Connects to the gateway at `url` with `token` and lets go again, within `timeout`: the
/// address must answer, speak the gateway protocol and accept the token. A gateway that
/// accepted the token but waits for its owner to approve BaaS's device passes (it is
/// reached, and the owner is told what to run once it is saved).
pub async fn test_gateway(
    url: &str,
    token: &str,
    options: &ConnectOptions,
    timeout: Duration,
) -> std::result::Result<(), BotError> {
    match tokio::time::timeout(timeout, BotClient::connect_with(url, token, options)).await {
        Err(_) => Err(BotError::Timeout("the test connection".into())),
        Ok(Ok(_client)) => Ok(()),
        Ok(Err(BotError::NotPaired { .. })) => Ok(()),
        Ok(Err(e)) => Err(e),
    }
}

/// The configuration bot `bot_id` last showed, and when (Unix seconds) it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub config: Value,
    pub seen_at: i64,
}

/// Keeps `config` (at `hash`) as what bot `bot_id` last showed; written only when the hash
/// differs from the one kept, so reading an unchanged bot costs one small query.
pub async fn remember_config(
    db: &Db,
    secrets: &SecretBox,
    bot_id: &str,
    hash: &str,
    config: &Value,
) -> Result<()> {
    let kept: Option<(String,)> =
        sqlx::query_as("SELECT hash FROM bot_config_seen WHERE bot_id = $1")
            .bind(bot_id)
            .fetch_optional(&db.pool)
            .await?;
    let now = crate::clock::now();
    match kept {
        Some((h,)) if h == hash && !hash.is_empty() => {
            sqlx::query("UPDATE bot_config_seen SET seen_at = $1 WHERE bot_id = $2")
                .bind(now)
                .bind(bot_id)
                .execute(&db.pool)
                .await?;
        }
        _ => {
            sqlx::query(
                "INSERT INTO bot_config_seen (bot_id, config_sealed, hash, seen_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (bot_id) DO UPDATE SET
                   config_sealed = excluded.config_sealed, hash = excluded.hash,
                   seen_at = excluded.seen_at",
            )
            .bind(bot_id)
            .bind(secrets.seal(&config.to_string()))
            .bind(hash)
            .bind(now)
            .execute(&db.pool)
            .await?;
        }
    }
    Ok(())
}

/// What BaaS last knew of bot `bot_id`'s configuration: the newer of the one it last read and
/// the last version applied through BaaS; `None` if it has neither.
pub async fn known_config(db: &Db, secrets: &SecretBox, bot_id: &str) -> Result<Option<Seen>> {
    let seen: Option<(String, i64)> =
        sqlx::query_as("SELECT config_sealed, seen_at FROM bot_config_seen WHERE bot_id = $1")
            .bind(bot_id)
            .fetch_optional(&db.pool)
            .await?;
    let applied: Option<(String, i64)> = sqlx::query_as(
        "SELECT config_sealed, created_at FROM bot_config_versions WHERE bot_id = $1
         ORDER BY version DESC LIMIT 1",
    )
    .bind(bot_id)
    .fetch_optional(&db.pool)
    .await?;
    let newest = match (seen, applied) {
        // A change applied in the same second as a read is the newer of the two.
        (Some(s), Some(a)) => Some(if a.1 >= s.1 { a } else { s }),
        (s, a) => s.or(a),
    };
    let Some((sealed, seen_at)) = newest else {
        return Ok(None);
    };
    let text = secrets
        .open(&sealed)
        .map_err(|e| Error::Internal(format!("known config of bot {bot_id}: {e}")))?;
    let config = serde_json::from_str(&text)
        .map_err(|e| Error::Internal(format!("known config of bot {bot_id}: {e}")))?;
    Ok(Some(Seen { config, seen_at }))
}

/// What a bot's config editor is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigSource {
    /// The config with its agents as a list.
    pub parsed: Value,
    /// The hash a change must name; empty when not read from the bot just now.
    pub hash: String,
    /// The bot's session keys (they name the WhatsApp groups it has seen).
    pub keys: Vec<String>,
    /// The bot's `skills.status`.
    pub skills: Value,
    /// Whether it was read from the bot just now.
    pub live: bool,
    /// When what BaaS last knew was read or stored (not live).
    pub known_at: Option<i64>,
}

/// The config of bot `bot_id` as its editor shows it: read from the bot through `link` (given
/// when the bot is connected and answering) if it answers within [`LIVE_READ_LIMIT`] (and kept
/// as what BaaS last knew); otherwise, without waiting, what BaaS last knew. A bot that
/// answers with an error of its own is an error.
pub async fn config_source(
    db: &Db,
    secrets: &SecretBox,
    link: Option<&impl BotLink>,
    bot_id: &str,
) -> std::result::Result<ConfigSource, EditError> {
    if let Some(link) = link {
        let read = async {
            let snap = editor::read(link).await?;
            let keys = editor::session_keys(link).await;
            let skills = editor::skills_status(link).await;
            Ok::<_, BotError>((snap, keys, skills))
        };
        match within_limit(read).await {
            Some(Ok((snap, keys, skills))) => {
                if let Err(e) = remember_config(db, secrets, bot_id, &snap.hash, &snap.parsed).await
                {
                    tracing::warn!(bot = bot_id, error = %e, "the config read could not be kept");
                }
                return Ok(ConfigSource {
                    parsed: snap.listed(),
                    hash: snap.hash,
                    keys,
                    skills,
                    live: true,
                    known_at: None,
                });
            }
            Some(Err(e)) if !e.is_reach() => return Err(e.into()),
            Some(Err(e)) => {
                tracing::info!(bot = bot_id, error = %e, "the config was not read; showing what is known")
            }
            None => tracing::info!(
                bot = bot_id,
                "the config read took too long; showing what is known"
            ),
        }
    }
    let known = known_config(db, secrets, bot_id).await?;
    Ok(ConfigSource {
        parsed: known
            .as_ref()
            .map_or_else(|| json!({}), |k| crate::clawdbot::config::listed(&k.config)),
        hash: String::new(),
        keys: Vec::new(),
        skills: json!({}),
        live: false,
        known_at: known.map(|k| k.seen_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_closed_port_fails_the_test_as_unreachable() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        let url = format!("ws://{}", closed.local_addr().expect("addr"));
        drop(closed);
        let options = ConnectOptions {
            allow_private: true,
            ..ConnectOptions::default()
        };
        let e = test_gateway(&url, "t", &options, TEST_TIMEOUT)
            .await
            .expect_err("nothing listens there");
        assert_eq!(e.kind(), "unreachable", "{e:?}");
        assert_eq!(e.to_string(), "could not connect to the gateway");
    }
}
