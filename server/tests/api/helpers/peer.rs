//! Real peers for the tests: a Clawdbot 2026.1.24 or OpenClaw 2026.9.6 gateway (or a one-off
//! `clawdbot agent --local` turn) started from the npm installs `scripts/test.sh` made. Every
//! start goes through here so that the whole suite, across test processes, starts only a few
//! Node peers at once; a gateway counts as started when it answers `health` on a fresh
//! connection, and a failure to start carries the peer's last log lines.

use super::netns::Namespace;
use baas::clawdbot::client::{BotClient, BotError, ConnectOptions};
use baas::clawdbot::link::{BotLink, Direct};
pub use baas::clawdbot::protocol::Flavour;
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

/// Where each peer is installed and how it names its settings.
struct Install {
    bin: &'static str,
    node_dir: &'static str,
    /// The prefix of its environment variables.
    env: &'static str,
    config_file: &'static str,
}

fn install(flavour: Flavour) -> Install {
    match flavour {
        Flavour::Clawdbot => Install {
            bin: "BAAS_TEST_CLAWDBOT",
            node_dir: "BAAS_TEST_NODE_DIR",
            env: "CLAWDBOT",
            config_file: "clawdbot.json",
        },
        Flavour::OpenClaw => Install {
            bin: "BAAS_TEST_OPENCLAW",
            node_dir: "BAAS_TEST_NODE24_DIR",
            env: "OPENCLAW",
            config_file: "openclaw.json",
        },
    }
}

/// The installed peer's command and the Node it runs on, inside `ns` if given.
fn peer_command(flavour: Flavour, ns: Option<&Namespace>) -> tokio::process::Command {
    let i = install(flavour);
    let bin = env_required(i.bin);
    let node_dir = std::env::var(i.node_dir).unwrap_or_default();
    let mut cmd = match ns {
        Some(ns) => {
            let [ip, rest @ ..] = ns.prefix();
            let mut cmd = tokio::process::Command::new(ip);
            cmd.args(rest).arg(bin);
            cmd
        }
        None => tokio::process::Command::new(bin),
    };
    cmd.env(
        "PATH",
        format!("{node_dir}:{}", std::env::var("PATH").unwrap_or_default()),
    );
    cmd
}

/// Settings every test peer runs with: nothing started that a test does not use, and no
/// look-up on the internet (updates) at start.
fn headless(cmd: &mut tokio::process::Command, flavour: Flavour, state: &Path) {
    let prefix = install(flavour).env;
    cmd.env("HOME", state);
    for (name, value) in [
        ("STATE_DIR", state.to_string_lossy().as_ref()),
        ("DISABLE_BONJOUR", "1"),
        ("SKIP_CHANNELS", "1"),
        ("SKIP_BROWSER_CONTROL_SERVER", "1"),
        ("SKIP_CANVAS_HOST", "1"),
        ("SKIP_GMAIL_WATCHER", "1"),
        ("SKIP_CRON", "1"),
        ("NO_RESPAWN", "1"),
    ] {
        cmd.env(format!("{prefix}_{name}"), value);
    }
    if flavour == Flavour::OpenClaw {
        cmd.env("OPENCLAW_HIDE_BANNER", "1")
            .env("OPENCLAW_NO_AUTO_UPDATE", "1")
            .env("OPENCLAW_EXEC_SHELL_SNAPSHOT", "0");
    }
}

/// The config a test asks for, with the look-ups at start turned off (they would ask the npm
/// registry or OpenClaw's model catalog, which tests never reach) and, on Clawdbot, restarts
/// by signal allowed (see [`PeerGateway::restart`]).
pub fn offline_config(flavour: Flavour, config: Option<Value>) -> Value {
    let mut config = config.unwrap_or_else(|| json!({}));
    set(&mut config, "update", "checkOnStart", json!(false));
    match flavour {
        Flavour::Clawdbot => set(&mut config, "commands", "restart", json!(true)),
        Flavour::OpenClaw => {
            set(
                &mut config,
                "models",
                "catalogRefresh",
                json!({"enabled": false}),
            );
            // A WhatsApp bot from the start: OpenClaw loads the channel's plugin at start, and
            // a patch that configures WhatsApp for the first time waits for a runtime reload
            // that never comes while channels are skipped.
            if config["channels"]["whatsapp"].is_null() {
                set(&mut config, "channels", "whatsapp", json!({}));
            }
        }
    }
    config
}

/// Copies the WhatsApp plugin `scripts/test.sh` prepared into a fresh OpenClaw state dir, so
/// that the gateway does not install it from npm at start.
fn copy_plugins(state: &Path) {
    let from = PathBuf::from(env_required("BAAS_TEST_OPENCLAW_PLUGINS"));
    copy_dir(&from, &state.join("npm")).expect("copy the prepared OpenClaw plugins");
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
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

/// A Clawdbot or OpenClaw gateway on a loopback port, stopped when dropped.
pub struct PeerGateway {
    pub flavour: Flavour,
    pub url: String,
    pub token: String,
    child: tokio::process::Child,
    /// Dropped after the child: the gateway stops before its network goes.
    namespace: Option<Namespace>,
    state: tempfile::TempDir,
    log: PathBuf,
}

impl PeerGateway {
    /// Starts a gateway with `config` as its config file (none: the peer's defaults) and waits
    /// until it answers `health`.
    pub async fn start(flavour: Flavour, token: &str, config: Option<Value>) -> Self {
        Self::start_with(flavour, token, config, None).await
    }

    /// Starts a gateway inside a network namespace of its own, listening on the namespace's
    /// address: BaaS reaches it as a gateway on another machine.
    pub async fn start_remote(flavour: Flavour, token: &str, config: Option<Value>) -> Self {
        Self::start_with(flavour, token, config, Some(Namespace::create())).await
    }

    async fn start_with(
        flavour: Flavour,
        token: &str,
        config: Option<Value>,
        namespace: Option<Namespace>,
    ) -> Self {
        let state = tempfile::tempdir().expect("state dir");
        let mut config = offline_config(flavour, config);
        if let Some(ns) = &namespace {
            set(&mut config, "gateway", "customBindHost", json!(ns.peer_ip));
        }
        std::fs::write(
            state.path().join(install(flavour).config_file),
            config.to_string(),
        )
        .expect("config file");
        if flavour == Flavour::OpenClaw {
            copy_plugins(state.path());
        }
        let log = state.path().join("gateway.log");
        let _slot = StartSlot::acquire().await;
        for attempt in 1..=PORT_ATTEMPTS {
            let port = super::free_port();
            let out = File::options()
                .create(true)
                .append(true)
                .open(&log)
                .expect("log file");
            let mut child = spawn(flavour, namespace.as_ref(), state.path(), port, token, out);
            let host = namespace.as_ref().map_or("127.0.0.1", |ns| &ns.peer_ip);
            let url = format!("ws://{host}:{port}");
            let deadline = Instant::now() + START_DEADLINE;
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    let tail = log_tail(&log, LOG_TAIL_LINES);
                    if attempt < PORT_ATTEMPTS && tail.contains("EADDRINUSE") {
                        break;
                    }
                    panic!(
                        "the {} gateway exited ({status}) before answering health; its log:\n{tail}",
                        flavour.name()
                    );
                }
                if answers_health(&url, token).await {
                    return Self {
                        flavour,
                        namespace,
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
                        "the {} gateway on port {port} did not answer health within {} s; its log:\n{}",
                        flavour.name(),
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
            std::fs::read_to_string(self.state.path().join(install(self.flavour).config_file))
                .expect("config file");
        serde_json::from_str(&text).expect("config is JSON")
    }

    /// Replaces the gateway's config file behind its back, as a person editing it would.
    pub fn write_config_file(&self, config: &Value) {
        std::fs::write(
            self.state.path().join(install(self.flavour).config_file),
            config.to_string(),
        )
        .expect("write the config file");
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

    /// Stops the gateway's process (SIGKILL, as a crash or an out-of-memory kill would).
    pub async fn kill(&mut self) {
        self.child.start_kill().expect("kill the gateway");
        self.child.wait().await.expect("wait for the gateway");
    }

    /// Starts the gateway again on its port and state dir after [`PeerGateway::kill`], and
    /// waits until it answers `health`.
    pub async fn start_again(&mut self) {
        let _slot = StartSlot::acquire().await;
        let out = File::options()
            .append(true)
            .open(&self.log)
            .expect("log file");
        self.child = spawn(
            self.flavour,
            self.namespace.as_ref(),
            self.state.path(),
            self.port(),
            &self.token,
            out,
        );
        let deadline = Instant::now() + START_DEADLINE;
        while !answers_health(&self.url, &self.token).await {
            assert!(
                Instant::now() < deadline,
                "the gateway did not start again; its log:\n{}",
                self.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.id().expect("the gateway is running");
        // SAFETY: kill(2) with a pid this test spawned and still holds; no memory involved.
        let sent = unsafe { libc::kill(pid as libc::pid_t, signal) };
        assert_eq!(sent, 0, "signal {signal} to the gateway");
    }

    /// Approves a pairing request as the gateway's owner does, with OpenClaw's own command on
    /// the gateway's machine (inside its namespace, over its loopback).
    pub async fn approve_device(&self, request: &str) {
        let mut cmd = peer_command(self.flavour, self.namespace.as_ref());
        headless(&mut cmd, self.flavour, self.state.path());
        let out = cmd
            .args([
                "devices",
                "approve",
                request,
                "--url",
                &format!("ws://127.0.0.1:{}", self.port()),
                "--token",
                &self.token,
            ])
            .kill_on_drop(true)
            .output()
            .await
            .expect("run openclaw devices approve");
        assert!(
            out.status.success(),
            "openclaw devices approve {request}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The port the gateway listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }

    /// Makes the gateway restart in place now: Clawdbot as it does after a config write
    /// (SIGUSR1, honoured from outside only with `commands.restart`), OpenClaw as
    /// `gateway.restart.request` makes it (SIGUSR2).
    pub fn restart(&self) {
        self.signal(match self.flavour {
            Flavour::Clawdbot => libc::SIGUSR1,
            Flavour::OpenClaw => libc::SIGUSR2,
        });
    }
}

/// Starts the gateway process on `port` with state dir `state`, its output appended to `out`.
fn spawn(
    flavour: Flavour,
    namespace: Option<&Namespace>,
    state: &Path,
    port: u16,
    token: &str,
    out: File,
) -> tokio::process::Child {
    let mut cmd = peer_command(flavour, namespace);
    headless(&mut cmd, flavour, state);
    // `custom` listens on the namespace's address and on its own loopback.
    let bind = if namespace.is_some() {
        "custom"
    } else {
        "loopback"
    };
    cmd.args([
        "gateway",
        "--port",
        &port.to_string(),
        "--bind",
        bind,
        "--allow-unconfigured",
    ])
    .env(format!("{}_GATEWAY_TOKEN", install(flavour).env), token)
    .stdout(out.try_clone().expect("log file"))
    .stderr(out)
    .kill_on_drop(true)
    .spawn()
    .unwrap_or_else(|e| panic!("start the {} gateway: {e}", flavour.name()))
}

async fn answers_health(url: &str, token: &str) -> bool {
    match BotClient::connect_with(url, token, &loopback_options()).await {
        Ok(c) => c
            .request("health", json!({}), Duration::from_secs(20))
            .await
            .is_ok(),
        // From outside its namespace OpenClaw accepts the token but grants no scope: it is up.
        Err(BotError::NoScopes) => true,
        Err(_) => false,
    }
}

/// Runs `clawdbot agent --local --agent <agent> --message <message> --json` on `state` (a
/// directory holding `clawdbot.json`), within the suite's bound on Node starts.
pub async fn agent_local(state: &Path, agent: &str, message: &str) -> std::process::Output {
    let _slot = StartSlot::acquire().await;
    let mut cmd = peer_command(Flavour::Clawdbot, None);
    headless(&mut cmd, Flavour::Clawdbot, state);
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
    gw: &'a PeerGateway,
    cut: Vec<usize>,
    calls: AtomicUsize,
}

impl<'a> RestartingLink<'a> {
    pub fn new(gw: &'a PeerGateway, cut: &[usize]) -> Self {
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
