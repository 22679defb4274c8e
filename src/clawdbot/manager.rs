//! The managed connections: one per registered bot, kept open with reconnects and backoff,
//! health-checked on a schedule, with each bot's state as the dashboard shows it.

use crate::clawdbot::client::{BotClient, BotError, ConnectOptions};
use crate::clawdbot::schema::SchemaCache;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// How often a connected bot is asked for its health.
pub const HEALTH_EVERY: Duration = Duration::from_secs(15);
/// How long a health check may take before the bot counts as degraded.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest wait between two reconnection attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// A bot not connected is tried again at once when someone needs it ([`BotManager::nudge`]),
/// unless it was tried this recently.
pub const NUDGE_AFTER: Duration = Duration::from_secs(10);

/// A bot's connection state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Not connected yet (first attempt under way).
    Connecting,
    /// Connected and answering its health checks.
    Online,
    /// Connected, but its health check failed or timed out.
    Degraded,
    /// Not connected; retrying.
    Offline,
}

impl Health {
    /// Stable name shown to the dashboard.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Connecting => "connecting",
            Health::Online => "online",
            Health::Degraded => "degraded",
            Health::Offline => "offline",
        }
    }
}

/// What the dashboard shows about one bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotStatus {
    pub health: Health,
    /// Last time (Unix seconds) the bot answered.
    pub last_seen: Option<i64>,
    /// The gateway's version as it reports it.
    pub version: Option<String>,
    /// Which gateway it is, from the protocol it chose.
    pub flavour: Option<crate::clawdbot::protocol::Flavour>,
    /// The last problem, in words an owner can act on.
    pub error: Option<String>,
    /// When (Unix seconds) the current connection was made.
    pub connected_at: Option<i64>,
    /// When (Unix seconds) the bot entered its current state.
    pub since: Option<i64>,
    /// When (Unix seconds) the bot was last tried: a connection attempt or a health check.
    pub checked_at: Option<i64>,
    /// The kind of the last problem ([`BotError::kind`], or `unhealthy`), for pages to word.
    pub problem: Option<&'static str>,
    /// Whether the gateway, when last connected, could hold persona files (OpenClaw's
    /// `agents.files.set`); unknown until it has been connected.
    pub writes_files: Option<bool>,
}

impl BotStatus {
    /// Whether the bot can be asked something now and is expected to answer promptly: it is
    /// connected and its last health check was answered (a gateway that answers but reports
    /// itself unhealthy counts; one whose health check timed out does not).
    pub fn answering(&self) -> bool {
        match self.health {
            Health::Online => true,
            Health::Degraded => self.problem != Some("timeout"),
            Health::Connecting | Health::Offline => false,
        }
    }

    /// Whether the bot lost its connection within `grace` of `now` and may be restarting (a
    /// bot restarts itself after each config change) rather than gone.
    pub fn restarting(&self, now: i64, grace: Duration) -> bool {
        self.health == Health::Offline
            && self.connected_at.is_some()
            && self
                .since
                .is_some_and(|t| now - t <= grace.as_secs() as i64)
    }

    /// Whether no connection attempt has ended yet (the first is under way).
    pub fn first_attempt(&self) -> bool {
        self.health == Health::Connecting && self.checked_at.is_none()
    }
}

impl Default for BotStatus {
    fn default() -> Self {
        Self {
            health: Health::Connecting,
            last_seen: None,
            version: None,
            flavour: None,
            error: None,
            connected_at: None,
            since: None,
            checked_at: None,
            problem: None,
            writes_files: None,
        }
    }
}

struct Managed {
    url: String,
    token: String,
    status: Arc<RwLock<BotStatus>>,
    client: Arc<RwLock<Option<BotClient>>>,
    /// Ends the reconnection backoff early.
    wake: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

/// Every bot's connection, keyed by bot id, all made with the same options.
#[derive(Clone)]
pub struct BotManager {
    bots: Arc<Mutex<HashMap<String, Managed>>>,
    options: Arc<ConnectOptions>,
    schemas: SchemaCache,
}

/// The wait before reconnection attempt `n` (0-based): 1 s doubling to [`MAX_BACKOFF`]; a
/// refused token or address is retried at the longest wait, as retrying sooner cannot help.
pub fn backoff(attempt: u32, error: &BotError) -> Duration {
    if matches!(error, BotError::Unauthorized(_) | BotError::NotAllowed(_)) {
        return MAX_BACKOFF;
    }
    Duration::from_secs(1u64 << attempt.min(6)).min(MAX_BACKOFF)
}

impl BotManager {
    /// A manager whose connections are made with `options`.
    pub fn new(options: ConnectOptions) -> Self {
        Self {
            bots: Arc::default(),
            options: Arc::new(options),
            schemas: SchemaCache::default(),
        }
    }

    /// The bots' compiled config schemas.
    pub fn schemas(&self) -> &SchemaCache {
        &self.schemas
    }

    /// The options every connection to a bot is made with.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    /// Keeps a connection to bot `id` at `url`; restarts it if the address or token changed
    /// (the bot may be another gateway now, so its compiled schema is dropped too).
    pub fn ensure(&self, id: &str, url: &str, token: &str) {
        let mut bots = self.bots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(m) = bots.get(id) {
            if m.url == url && m.token == token {
                return;
            }
            m.task.abort();
            self.schemas.forget(id);
        }
        let status = Arc::new(RwLock::new(BotStatus::default()));
        let client = Arc::new(RwLock::new(None));
        let wake = Arc::new(tokio::sync::Notify::new());
        let task = tokio::spawn(keep(
            url.to_string(),
            token.to_string(),
            self.options.clone(),
            status.clone(),
            client.clone(),
            wake.clone(),
        ));
        bots.insert(
            id.to_string(),
            Managed {
                url: url.to_string(),
                token: token.to_string(),
                status,
                client,
                wake,
                task,
            },
        );
    }

    /// Asks bot `id`'s connection, if it is waiting out its backoff, to try again now (someone
    /// needs the bot); ignored if it was tried within [`NUDGE_AFTER`].
    pub fn nudge(&self, id: &str) {
        let bots = self.bots.lock().unwrap_or_else(|p| p.into_inner());
        let Some(m) = bots.get(id) else {
            return;
        };
        let checked = m
            .status
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .checked_at;
        let stale = checked.is_none_or(|t| crate::clock::now() - t >= NUDGE_AFTER.as_secs() as i64);
        if stale && m.client.read().unwrap_or_else(|p| p.into_inner()).is_none() {
            m.wake.notify_one();
        }
    }

    /// Closes bot `id`'s connection and forgets it.
    pub fn stop(&self, id: &str) {
        let mut bots = self.bots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(m) = bots.remove(id) {
            m.task.abort();
        }
        self.schemas.forget(id);
    }

    /// Keeps exactly these bots `(id, url, token)` connected.
    pub fn sync(&self, wanted: &[(String, String, String)]) {
        let known: Vec<String> = self
            .bots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect();
        for id in known {
            if !wanted.iter().any(|(w, _, _)| *w == id) {
                self.stop(&id);
            }
        }
        for (id, url, token) in wanted {
            self.ensure(id, url, token);
        }
    }

    /// Bot `id`'s state (connecting if it is not managed yet).
    pub fn status(&self, id: &str) -> BotStatus {
        self.bots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .map(|m| m.status.read().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default()
    }

    /// Bot `id`'s state once the first attempt to connect to it (a bot just added, or the
    /// server just started) has ended, waiting up to `wait` for that; at once otherwise.
    pub async fn settled_status(&self, id: &str, wait: Duration) -> BotStatus {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let status = self.status(id);
            let pending = status.first_attempt() && self.target(id).is_some();
            if !pending || tokio::time::Instant::now() >= deadline {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Bot `id`'s live connection, waiting up to `wait` for one being re-established (a bot
    /// restarts itself after each config change).
    pub async fn wait_client(&self, id: &str, wait: Duration) -> Option<BotClient> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(c) = self.client(id) {
                return Some(c);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The address and token bot `id` is reached at, if it is managed.
    pub fn target(&self, id: &str) -> Option<(String, String)> {
        let bots = self.bots.lock().unwrap_or_else(|p| p.into_inner());
        bots.get(id).map(|m| (m.url.clone(), m.token.clone()))
    }

    /// Bot `id`'s live connection, if it has one.
    pub fn client(&self, id: &str) -> Option<BotClient> {
        let bots = self.bots.lock().unwrap_or_else(|p| p.into_inner());
        let m = bots.get(id)?;
        let c = m.client.read().unwrap_or_else(|p| p.into_inner()).clone();
        c.filter(|c| !c.is_closed())
    }
}

/// Records an outcome: the bot is now in `health` (its `since` moves only when that changes),
/// and was just tried.
fn set(status: &RwLock<BotStatus>, health: Health, f: impl FnOnce(&mut BotStatus)) {
    let now = crate::clock::now();
    let mut s = status.write().unwrap_or_else(|p| p.into_inner());
    if s.health != health || s.since.is_none() {
        s.since = Some(now);
    }
    s.health = health;
    s.checked_at = Some(now);
    f(&mut s);
}

/// Connects, health-checks while connected, and reconnects with backoff, until aborted.
async fn keep(
    url: String,
    token: String,
    options: Arc<ConnectOptions>,
    status: Arc<RwLock<BotStatus>>,
    slot: Arc<RwLock<Option<BotClient>>>,
    wake: Arc<tokio::sync::Notify>,
) {
    let mut attempt = 0u32;
    loop {
        match BotClient::connect_with(&url, &token, &options).await {
            Ok(client) => {
                attempt = 0;
                let files = client
                    .hello
                    .methods
                    .iter()
                    .any(|m| m == crate::clawdbot::persona::METHOD);
                // The connection first, so a bot seen online always has one.
                *slot.write().unwrap_or_else(|p| p.into_inner()) = Some(client.clone());
                set(&status, Health::Online, |s| {
                    s.last_seen = Some(crate::clock::now());
                    s.version = client.hello.server_version.clone();
                    s.flavour = Some(client.hello.flavour());
                    s.error = None;
                    s.problem = None;
                    s.connected_at = Some(crate::clock::now());
                    s.writes_files = Some(files);
                });
                while !client.is_closed() {
                    match client.request("health", json!({}), HEALTH_TIMEOUT).await {
                        Ok(h) if h.get("ok").and_then(|v| v.as_bool()) != Some(false) => {
                            set(&status, Health::Online, |s| {
                                s.last_seen = Some(crate::clock::now());
                                s.error = None;
                                s.problem = None;
                            });
                        }
                        Ok(_) => set(&status, Health::Degraded, |s| {
                            s.last_seen = Some(crate::clock::now());
                            s.error = Some("the gateway reports itself unhealthy".into());
                            s.problem = Some("unhealthy");
                        }),
                        Err(BotError::Closed | BotError::TooLarge(_)) => break,
                        Err(e) => set(&status, Health::Degraded, |s| {
                            s.error = Some(e.to_string());
                            s.problem = Some(e.kind());
                        }),
                    }
                    // A closed connection is noticed at once, not at the next check.
                    tokio::select! {
                        () = tokio::time::sleep(HEALTH_EVERY) => {}
                        () = client.closed() => {}
                    }
                }
                *slot.write().unwrap_or_else(|p| p.into_inner()) = None;
                let why = client.ended().unwrap_or(BotError::Closed);
                set(&status, Health::Offline, |s| {
                    s.error = Some(format!("{why}; reconnecting"));
                    s.problem = Some(why.kind());
                });
            }
            Err(e) => {
                let wait = backoff(attempt, &e);
                attempt = attempt.saturating_add(1);
                set(&status, Health::Offline, |s| {
                    s.error = Some(e.to_string());
                    s.problem = Some(e.kind());
                });
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = wake.notified() => {}
                }
            }
        }
    }
}

/// Where a bot stands after a config change applied at `applied_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterApply {
    /// It came back (reconnected since the change) and answers its health checks.
    Healthy,
    /// Still within the window: keep watching.
    Waiting,
    /// The window passed without that; `reachable` says whether it can still be reached (to
    /// roll the change back) or not.
    Unhealthy { reachable: bool },
}

/// Decides from a bot's state whether a change applied at `applied_at` left it healthy,
/// `window` seconds being how long it may take to restart and answer.
pub fn after_apply(status: &BotStatus, applied_at: i64, now: i64, window: i64) -> AfterApply {
    let online = status.health == Health::Online;
    if online && status.connected_at.is_some_and(|c| c >= applied_at) {
        return AfterApply::Healthy;
    }
    if now - applied_at < window {
        return AfterApply::Waiting;
    }
    // A bot that never dropped its connection but kept answering is healthy too.
    if online && status.last_seen.is_some_and(|t| t > applied_at) {
        return AfterApply::Healthy;
    }
    AfterApply::Unhealthy {
        reachable: matches!(status.health, Health::Online | Health::Degraded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_minute_and_a_refused_token_waits_longest() {
        let closed = BotError::Closed;
        let waits: Vec<u64> = (0..8).map(|n| backoff(n, &closed).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff(0, &BotError::Unauthorized("x".into())), MAX_BACKOFF);
    }

    #[test]
    fn a_change_is_judged_by_the_bot_coming_back_within_the_window() {
        let st = |health, connected_at, last_seen| BotStatus {
            health,
            connected_at,
            last_seen,
            ..BotStatus::default()
        };
        let applied = 1_000;
        assert_eq!(
            after_apply(
                &st(Health::Online, Some(1_002), Some(1_002)),
                applied,
                1_003,
                60
            ),
            AfterApply::Healthy
        );
        assert_eq!(
            after_apply(
                &st(Health::Online, Some(900), Some(1_001)),
                applied,
                1_010,
                60
            ),
            AfterApply::Waiting
        );
        assert_eq!(
            after_apply(
                &st(Health::Online, Some(900), Some(1_050)),
                applied,
                1_060,
                60
            ),
            AfterApply::Healthy
        );
        assert_eq!(
            after_apply(
                &st(Health::Offline, Some(900), Some(990)),
                applied,
                1_010,
                60
            ),
            AfterApply::Waiting
        );
        assert_eq!(
            after_apply(
                &st(Health::Offline, Some(900), Some(990)),
                applied,
                1_060,
                60
            ),
            AfterApply::Unhealthy { reachable: false }
        );
        assert_eq!(
            after_apply(
                &st(Health::Degraded, Some(1_001), Some(1_001)),
                applied,
                1_060,
                60
            ),
            AfterApply::Unhealthy { reachable: true }
        );
    }
}
