//! Real peers for the tests: a Clawdbot gateway (or a one-off `clawdbot agent --local` turn)
//! started from the npm install `scripts/test.sh` made. Every start goes through here so that
//! the whole suite, across test processes, starts only a few Node peers at once; a gateway
//! counts as started when it answers `health` on a fresh connection, and a failure to start
//! carries the peer's last log lines.

use baas::clawdbot::client::{BotClient, BotError, ConnectOptions};
use baas::clawdbot::link::{BotLink, Direct};
use serde_json::{json, Value};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a gateway may take from spawn to its first `health` answer. A cold Node start of
/// Clawdbot on a busy two-core machine was measured at 41 s alone; starts are bounded by
/// [`StartSlot`], so this covers one start plus the wait for a slot's holder.
const START_DEADLINE: Duration = Duration::from_secs(240);
/// How long a peer that restarts itself (after each config write) may take to answer again.
const RESTART_DEADLINE: Duration = Duration::from_secs(90);
/// Attempts at a start whose port was taken between choosing it and the gateway binding it.
const PORT_ATTEMPTS: usize = 4;
/// Lines of the peer's log quoted in a failure.
const LOG_TAIL_LINES: usize = 40;

fn env_required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the suite through scripts/test.sh, which installs the peers")
    })
}

/// One of a few suite-wide permits to start a Node peer, held as an exclusive lock on a file
/// shared by every test process (the kernel drops it if the holder dies). Without the bound,
/// a dozen cold Node starts at once on two cores each take minutes.
pub struct StartSlot {
    _file: File,
}

impl StartSlot {
    pub async fn acquire() -> Self {
        let dir = std::env::var("BAAS_TEST_PEER_LOCKS")
            .map(PathBuf::from)
            .unwrap_or_else(|_| std::env::temp_dir().join("baas-test-peer-slots"));
        std::fs::create_dir_all(&dir).expect("peer slot directory");
        let slots: usize = std::env::var("BAAS_TEST_PEER_STARTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(2);
        loop {
            for i in 0..slots {
                let file = File::options()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(dir.join(format!("slot-{i}")))
                    .expect("peer slot file");
                if file.try_lock().is_ok() {
                    return Self { _file: file };
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The installed Clawdbot command and the Node it runs on.
fn clawdbot_command() -> tokio::process::Command {
    let bin = env_required("BAAS_TEST_CLAWDBOT");
    let node_dir = std::env::var("BAAS_TEST_NODE_DIR").unwrap_or_default();
    let mut cmd = tokio::process::Command::new(bin);
    cmd.env(
        "PATH",
        format!("{node_dir}:{}", std::env::var("PATH").unwrap_or_default()),
    );
    cmd
}

/// Settings every test peer runs with: nothing started that a test does not use, and no
/// update look-up on the internet at start.
fn headless(cmd: &mut tokio::process::Command, state: &Path) {
    cmd.env("HOME", state)
        .env("CLAWDBOT_STATE_DIR", state)
        .env("CLAWDBOT_DISABLE_BONJOUR", "1")
        .env("CLAWDBOT_SKIP_CHANNELS", "1")
        .env("CLAWDBOT_SKIP_BROWSER_CONTROL_SERVER", "1")
        .env("CLAWDBOT_SKIP_CANVAS_HOST", "1")
        .env("CLAWDBOT_SKIP_GMAIL_WATCHER", "1")
        .env("CLAWDBOT_SKIP_CRON", "1")
        .env("CLAWDBOT_NO_RESPAWN", "1");
}

/// The config a test asks for, with the update check at start turned off (it would ask the
/// npm registry, which tests never reach) and restarts by signal allowed (see
/// [`ClawdbotGateway::restart`]).
pub fn offline_config(config: Option<Value>) -> Value {
    let mut config = config.unwrap_or_else(|| json!({}));
    set(&mut config, "update", "checkOnStart", json!(false));
    set(&mut config, "commands", "restart", json!(true));
    config
}

fn set(config: &mut Value, section: &str, key: &str, value: Value) {
    if let Some(obj) = config.as_object_mut() {
        let section = obj.entry(section).or_insert_with(|| json!({}));
        if let Some(section) = section.as_object_mut() {
            section.insert(key.into(), value);
        }
    }
}

/// The last `n` lines of a log file (or why it cannot be read).
pub fn log_tail(path: &Path, n: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(n)..].join("\n")
        }
        Err(e) => format!("(no log at {}: {e})", path.display()),
    }
}

/// How tests connect to their peers: on loopback, which the product refuses by default.
pub fn loopback_options() -> ConnectOptions {
    ConnectOptions {
        allow_private: true,
        ..ConnectOptions::default()
    }
}

/// A Clawdbot gateway on a loopback port, stopped when dropped.
pub struct ClawdbotGateway {
    pub url: String,
    pub token: String,
    child: tokio::process::Child,
    state: tempfile::TempDir,
    log: PathBuf,
}

impl ClawdbotGateway {
    /// Starts a gateway with `config` as its config file (none: Clawdbot's defaults) and waits
    /// until it answers `health`.
    pub async fn start(token: &str, config: Option<Value>) -> Self {
        let state = tempfile::tempdir().expect("state dir");
        std::fs::write(
            state.path().join("clawdbot.json"),
            offline_config(config).to_string(),
        )
        .expect("config file");
        let log = state.path().join("gateway.log");
        let _slot = StartSlot::acquire().await;
        for attempt in 1..=PORT_ATTEMPTS {
            let port = super::free_port();
            let out = File::options()
                .create(true)
                .append(true)
                .open(&log)
                .expect("log file");
            let mut cmd = clawdbot_command();
            headless(&mut cmd, state.path());
            let mut child = cmd
                .args([
                    "gateway",
                    "--port",
                    &port.to_string(),
                    "--bind",
                    "loopback",
                    "--allow-unconfigured",
                ])
                .env("CLAWDBOT_GATEWAY_TOKEN", token)
                .stdout(out.try_clone().expect("log file"))
                .stderr(out)
                .kill_on_drop(true)
                .spawn()
                .expect("start the Clawdbot gateway");
            let url = format!("ws://127.0.0.1:{port}");
            let deadline = Instant::now() + START_DEADLINE;
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    let tail = log_tail(&log, LOG_TAIL_LINES);
                    if attempt < PORT_ATTEMPTS && tail.contains("EADDRINUSE") {
                        break;
                    }
                    panic!(
                        "the Clawdbot gateway exited ({status}) before answering health; its log:\n{tail}"
                    );
                }
                if answers_health(&url, token).await {
                    return Self {
                        url,
                        token: token.to_string(),
                        child,
                        state,
                        log,
                    };
                }
                if Instant::now() > deadline {
                    let _ = child.start_kill();
                    panic!(
                        "the Clawdbot gateway on port {port} did not answer health within {} s; its log:\n{}",
                        START_DEADLINE.as_secs(),
                        log_tail(&log, LOG_TAIL_LINES)
                    );
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
        unreachable!("every attempt either returned or panicked")
    }

    pub fn state_dir(&self) -> &Path {
        self.state.path()
    }

    /// The gateway's config file as it is on disk now.
    pub fn config_file(&self) -> Value {
        let text =
            std::fs::read_to_string(self.state.path().join("clawdbot.json")).expect("config file");
        serde_json::from_str(&text).expect("config is JSON")
    }

    /// The last lines the gateway logged.
    pub fn log_tail(&self) -> String {
        log_tail(&self.log, LOG_TAIL_LINES)
    }

    /// A fresh connection that has answered `health`, waiting out a restart in progress (the
    /// gateway restarts itself after every config write).
    pub async fn client(&self) -> BotClient {
        let deadline = Instant::now() + RESTART_DEADLINE;
        loop {
            if let Ok(c) =
                BotClient::connect_with(&self.url, &self.token, &loopback_options()).await
            {
                if c.request("health", json!({}), Duration::from_secs(20))
                    .await
                    .is_ok()
                {
                    return c;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the gateway did not answer health again within {} s; its log:\n{}",
                RESTART_DEADLINE.as_secs(),
                self.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    /// How the product reaches this gateway: fresh connections, waiting out restarts.
    pub fn link(&self) -> Direct {
        Direct {
            url: self.url.clone(),
            token: self.token.clone(),
            options: loopback_options(),
        }
    }

    /// Calls `method`, on a fresh connection again if a restart cut the call off.
    pub async fn request(&self, method: &str, params: Value) -> Value {
        let deadline = Instant::now() + RESTART_DEADLINE;
        loop {
            let client = self.client().await;
            match client
                .request(method, params.clone(), Duration::from_secs(30))
                .await
            {
                Ok(v) => return v,
                Err(BotError::Closed) if Instant::now() < deadline => continue,
                Err(e) => panic!("{method}: {e}; the gateway's log:\n{}", self.log_tail()),
            }
        }
    }

    /// Runs one `clawdbot agent --local` turn on this gateway's state dir (with its config).
    pub async fn agent_local(&self, agent: &str, message: &str) -> std::process::Output {
        agent_local(self.state.path(), agent, message).await
    }

    /// Stops the gateway's process where it is (SIGSTOP): connections stay open, nothing
    /// answers, as with a hung bot.
    pub fn freeze(&self) {
        self.signal(libc::SIGSTOP);
    }

    /// Lets a frozen gateway run again (SIGCONT).
    pub fn thaw(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.id().expect("the gateway is running");
        // SAFETY: kill(2) with a pid this test spawned and still holds; no memory involved.
        let sent = unsafe { libc::kill(pid as libc::pid_t, signal) };
        assert_eq!(sent, 0, "signal {signal} to the gateway");
    }

    /// The loopback port the gateway listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }

    /// Makes the gateway restart in place now, as it does after a config write (SIGUSR1, which
    /// Clawdbot honours from outside only with `commands.restart`).
    pub fn restart(&self) {
        self.signal(libc::SIGUSR1);
    }
}

async fn answers_health(url: &str, token: &str) -> bool {
    match BotClient::connect_with(url, token, &loopback_options()).await {
        Ok(c) => c
            .request("health", json!({}), Duration::from_secs(20))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

/// Runs `clawdbot agent --local --agent <agent> --message <message> --json` on `state` (a
/// directory holding `clawdbot.json`), within the suite's bound on Node starts.
pub async fn agent_local(state: &Path, agent: &str, message: &str) -> std::process::Output {
    let _slot = StartSlot::acquire().await;
    let mut cmd = clawdbot_command();
    headless(&mut cmd, state);
    cmd.args([
        "agent",
        "--local",
        "--agent",
        agent,
        "--message",
        message,
        "--json",
    ])
    .kill_on_drop(true)
    .output()
    .await
    .expect("run clawdbot agent")
}

/// A link to a gateway that restarts the gateway under the connections it hands out on the
/// calls numbered in `cut` (1-based): the connection is closed by the restart before the
/// caller uses it, as when a restart lands between two requests.
pub struct RestartingLink<'a> {
    gw: &'a ClawdbotGateway,
    cut: Vec<usize>,
    calls: AtomicUsize,
}

impl<'a> RestartingLink<'a> {
    pub fn new(gw: &'a ClawdbotGateway, cut: &[usize]) -> Self {
        Self {
            gw,
            cut: cut.to_vec(),
            calls: AtomicUsize::new(0),
        }
    }

    /// How many connections were handed out.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl BotLink for RestartingLink<'_> {
    async fn connect(&self, wait: Duration) -> Result<BotClient, BotError> {
        let client = self.gw.link().connect(wait).await?;
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.cut.contains(&n) {
            self.gw.restart();
            tokio::time::timeout(Duration::from_secs(30), client.closed())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "the restart did not close the connection; the gateway's log:\n{}",
                        self.gw.log_tail()
                    )
                });
        }
        Ok(client)
    }
}
