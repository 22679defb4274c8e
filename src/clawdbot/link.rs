//! Reaching a bot that may be restarting. Clawdbot restarts itself after every config write
//! (sometimes twice: the write, then its file watcher), so a connection can close between any
//! two requests. Work that is safe to repeat runs through [`with_restarts`], which waits for the
//! bot to answer `health` on a fresh connection and runs it again.

use crate::clawdbot::client::{BotClient, BotError, ConnectOptions, Transient};
use crate::clawdbot::manager::{BotManager, Health};
use crate::clawdbot::schema::SchemaCache;
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

    /// Where this bot's compiled config schema is kept, and under which name (none: compiled
    /// for each check).
    fn schemas(&self) -> Option<(&SchemaCache, &str)> {
        None
    }
}

async fn healthy(client: BotClient) -> Result<BotClient, BotError> {
    client
        .request("health", json!({}), HEALTH_TIMEOUT)
        .await
        .map(|_| client)
}

/// Connects to `url` and checks `health`, retrying what may pass until `deadline`.
async fn connect_until(
    url: &str,
    token: &str,
    options: &ConnectOptions,
    deadline: Instant,
) -> Result<BotClient, BotError> {
    loop {
        let attempt = match BotClient::connect_with(url, token, options).await {
            Ok(c) => healthy(c).await,
            Err(e) => Err(e),
        };
        match attempt {
            Err(e) if e.is_transient() && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            other => return other,
        }
    }
}

/// A link that opens its own connections to `url` with `token`.
pub struct Direct {
    pub url: String,
    pub token: String,
    pub options: ConnectOptions,
}

impl BotLink for Direct {
    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        connect_until(&self.url, &self.token, &self.options, Instant::now() + wait).await
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
    fn schemas(&self) -> Option<(&SchemaCache, &str)> {
        Some((self.bots.schemas(), self.bot_id))
    }

    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        if let Some(client) = self.bots.client(self.bot_id) {
            return Ok(client);
        }
        let Some((url, token)) = self.bots.target(self.bot_id) else {
            return Err(BotError::Unreachable("the bot is not managed".into()));
        };
        let status = self.bots.status(self.bot_id);
        let recently = status
            .last_seen
            .is_some_and(|t| crate::clock::now() - t <= RESTART_WAIT.as_secs() as i64);
        let wait = if recently {
            wait.max(RESTART_WAIT)
        } else {
            wait
        };
        connect_until(&url, &token, self.bots.options(), Instant::now() + wait).await
    }
}

/// How long after losing its connection a bot counts as restarting (and a change waits for it)
/// rather than gone: a restart takes a few seconds. After that, the registry's word is taken.
pub const RESTART_GRACE: Duration = Duration::from_secs(20);
/// Longest a [`FailFast`] link waits for the registry's first connection attempt to a bot
/// (just added, or the server just started).
pub const FIRST_ATTEMPT_WAIT: Duration = Duration::from_secs(5);

/// A link to managed bot `bot_id` for someone waiting on a page: never dials a bot the registry
/// knows is down. It uses the connection the [`BotManager`] keeps; one that lost its
/// connection within [`RESTART_GRACE`] is probably restarting and is waited for as [`Managed`]
/// does; any other bot that is not connected is refused at once (and its connection asked to
/// try again soon, in case it is back), as is a connected one whose health check went
/// unanswered. A bot whose first connection attempt is under way is waited for up to
/// [`FIRST_ATTEMPT_WAIT`].
pub struct FailFast<'a> {
    pub bots: &'a BotManager,
    pub bot_id: &'a str,
}

impl BotLink for FailFast<'_> {
    fn schemas(&self) -> Option<(&SchemaCache, &str)> {
        Some((self.bots.schemas(), self.bot_id))
    }

    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        let managed = Managed {
            bots: self.bots,
            bot_id: self.bot_id,
        };
        let deadline = Instant::now() + wait.min(FIRST_ATTEMPT_WAIT);
        loop {
            let status = self.bots.status(self.bot_id);
            if let Some(client) = self.bots.client(self.bot_id) {
                // Connected, but its last health check went unanswered (a hung gateway): it is
                // not waited for either.
                if status.health == Health::Degraded && status.problem == Some("timeout") {
                    return Err(BotError::Timeout("the bot's last health check".into()));
                }
                return Ok(client);
            }
            // Connected a moment ago (the registry has not seen the close yet), or lost lately.
            let just_closed = matches!(status.health, Health::Online | Health::Degraded);
            if just_closed || status.restarting(crate::clock::now(), RESTART_GRACE) {
                return managed.connect(wait).await;
            }
            if !status.first_attempt() || Instant::now() >= deadline {
                self.bots.nudge(self.bot_id);
                return Err(BotError::Unreachable(format!(
                    "not connected ({}{})",
                    status.health.as_str(),
                    status.error.map(|e| format!(": {e}")).unwrap_or_default()
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Runs `op` on a healthy connection; if the connection goes away under it, runs it again on
/// a fresh one once the bot answers `health`, until [`RESTART_WAIT`] has passed. Only for work
/// that is safe to repeat.
pub async fn with_restarts<T, E, F, Fut>(link: &impl BotLink, mut op: F) -> Result<T, E>
where
    E: From<BotError> + Transient,
    F: FnMut(BotClient) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let deadline = Instant::now() + RESTART_WAIT;
    let mut wait = FIRST_WAIT;
    loop {
        let client = link.connect(wait).await?;
        match op(client).await {
            Err(e) if e.is_transient() && Instant::now() < deadline => {
                wait = deadline.saturating_duration_since(Instant::now());
            }
            other => return other,
        }
    }
}
