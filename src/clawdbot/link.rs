//! Reaching a bot that may be restarting. Clawdbot restarts itself after every config write
//! (sometimes twice: the write, then its file watcher), so a connection can close between any
//! two requests. Work that is safe to repeat runs through [`with_restarts`], which waits for the
//! bot to answer `health` on a fresh connection and runs it again.

use crate::clawdbot::client::{BotClient, BotError};
use crate::clawdbot::manager::BotManager;
use serde_json::json;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// How long to wait for a bot that is not connected when an operation starts.
pub const FIRST_WAIT: Duration = Duration::from_secs(10);
/// How long to wait for a bot to come back after its connection closed mid-operation: a
/// restart takes a few seconds, longer on a busy machine.
pub const RESTART_WAIT: Duration = Duration::from_secs(60);
/// How long a `health` request may take on a connection being checked.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(10);

/// Where fresh connections to one bot come from.
pub trait BotLink: Sync {
    /// A connection that has just answered `health`, waiting up to `wait` for one.
    fn connect(&self, wait: Duration) -> impl Future<Output = Result<BotClient, BotError>> + Send;
}

/// Whether an error means the bot went away (restarting, or not up yet) rather than refused.
pub fn is_transient(e: &BotError) -> bool {
    matches!(
        e,
        BotError::Closed | BotError::Unreachable(_) | BotError::Timeout(_)
    )
}

async fn healthy(client: BotClient) -> Result<BotClient, BotError> {
    client
        .request("health", json!({}), HEALTH_TIMEOUT)
        .await
        .map(|_| client)
}

/// A link that opens its own connections to `url` with `token`.
pub struct Direct {
    pub url: String,
    pub token: String,
}

impl BotLink for Direct {
    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        let deadline = Instant::now() + wait;
        loop {
            let attempt = match BotClient::connect(&self.url, &self.token).await {
                Ok(c) => healthy(c).await,
                Err(e) => Err(e),
            };
            match attempt {
                Err(e) if is_transient(&e) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                other => return other,
            }
        }
    }
}

/// A link to managed bot `bot_id`: the connection the [`BotManager`] keeps when it is up, else
/// fresh connections (the manager may be waiting out its reconnection backoff). A bot seen
/// within [`RESTART_WAIT`] is probably restarting and is waited for that long; one not seen
/// for longer is down, and only `wait` is spent on it.
pub struct Managed<'a> {
    pub bots: &'a BotManager,
    pub bot_id: &'a str,
}

impl BotLink for Managed<'_> {
    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        let Some((url, token)) = self.bots.target(self.bot_id) else {
            return Err(BotError::Unreachable("the bot is not connected".into()));
        };
        let status = self.bots.status(self.bot_id);
        let now = crate::db::now();
        let recently = status
            .last_seen
            .is_some_and(|t| now - t <= RESTART_WAIT.as_secs() as i64);
        let deadline = Instant::now()
            + if recently {
                wait.max(RESTART_WAIT)
            } else {
                wait
            };
        loop {
            if let Some(client) = self.bots.client(self.bot_id) {
                return Ok(client);
            }
            let attempt = match BotClient::connect(&url, &token).await {
                Ok(c) => healthy(c).await,
                Err(e) => Err(e),
            };
            match attempt {
                Err(e) if is_transient(&e) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                other => return other,
            }
        }
    }
}

/// Runs `op` on a healthy connection; if the connection goes away under it, runs it again on
/// a fresh one once the bot answers `health`, until [`RESTART_WAIT`] has passed. Only for work
/// that is safe to repeat.
pub async fn with_restarts<T, F, Fut>(link: &impl BotLink, mut op: F) -> Result<T, BotError>
where
    F: FnMut(BotClient) -> Fut,
    Fut: Future<Output = Result<T, BotError>>,
{
    let deadline = Instant::now() + RESTART_WAIT;
    let mut wait = FIRST_WAIT;
    loop {
        let client = link.connect(wait).await?;
        match op(client).await {
            Err(e) if is_transient(&e) && Instant::now() < deadline => {
                wait = deadline.saturating_duration_since(Instant::now());
            }
            other => return other,
        }
    }
}
