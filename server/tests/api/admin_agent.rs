//! The Admin Agent against real peers: a bot stopped is found down within its interval and the
//! confirmation, the owner gets one CRITICAL email (the real SMTP sink) and one signed webhook
//! (verified by an independent implementation) even with two server processes checking, and
//! "resolved" once it is back; channels, test notifications and the delivery log.

use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::process::Server;
use crate::helpers::{free_port, spawn_app, Backend, Owner, TestApp, PATIENCE};
use app::api::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The webhook receiver (`scripts/webhook_receiver.py`): verifies signatures with the PyPI
/// `standardwebhooks` package and writes what it accepted; killed when dropped.
struct Receiver {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    /// A port for a receiver not started yet (the channel's URL is needed before its secret).
    fn port() -> u16 {
        free_port()
    }

    async fn start(port: u16, secret: &str) -> Receiver {
        let python = std::env::var("BAAS_TEST_PYTHON")
            .expect("BAAS_TEST_PYTHON is not set: run the tests with scripts/test.sh");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/webhook_receiver.py");
        let dir = tempfile::tempdir().expect("tmp");
        let child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .arg(secret)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the webhook receiver");
        let deadline = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the receiver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Receiver { child, dir, port }
    }

    /// What it received on `kind` ("webhook", "slack", "rejected"), in order.
    fn received(&self, kind: &str) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(&format!("{kind}-")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.rsplit('-').next())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        });
        files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap_or_default();
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            })
            .collect()
    }
}

/// The settings of a server process on `app`'s database: checks every `interval` seconds,
/// re-probes every second, two failures confirm, two passes recover, one second of grouping.
fn agent_vars(app: &TestApp) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = app
        .vars
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "BAAS_BIND" | "BAAS_PUBLIC_URL" | "BAAS_DATA_DIR"
            )
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in [
        ("BAAS_CHECK_INTERVAL", "2"),
        ("BAAS_CHECK_RETRY", "1"),
        ("BAAS_CHECK_CONFIRM", "2"),
        ("BAAS_CHECK_RECOVER", "2"),
        ("BAAS_NOTIFY_GROUP_WAIT", "1"),
        ("BAAS_ADMIN_AGENT_TICK", "1"),
        ("BAAS_LOG", "warn"),
    ] {
        vars.push((k.into(), v.into()));
    }
    vars
}

/// Registers the gateway `gw` as a bot of `owner`'s workspace; returns its id.
async fn add_bot(app: &TestApp, owner: &Owner, gw: &PeerGateway, name: &str) -> String {
    let (status, v) = app
        .call(
            &owner.client,
            AddBot {
                tenant_id: owner.tenant.clone(),
                name: name.into(),
                gateway_url: gw.url.clone(),
                token: gw.token.clone(),
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (id,): (String,) = sqlx::query_as("SELECT id FROM bots WHERE tenant_id = $1 AND name = $2")
        .bind(&owner.tenant)
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("bot id");
    id
}

/// Waits until `check` holds, or fails with `what` and the last value seen.
async fn until<T: std::fmt::Debug>(
    what: &str,
    limit: Duration,
    mut check: impl AsyncFnMut() -> (bool, T),
) -> T {
    let deadline = Instant::now() + limit;
    loop {
        let (done, seen) = check().await;
        if done {
            return seen;
        }
        assert!(Instant::now() < deadline, "{what}; last seen: {seen:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_bot_is_told_once_by_two_processes_and_its_recovery_too() {
    let app = spawn_app(Backend::Postgres).await;
    let owner = app.owner("supervised").await;
    let mut gw = PeerGateway::start(Flavour::Clawdbot, "gw-token-agent", None).await;
    let bot_id = add_bot(&app, &owner, &gw, "Loja").await;

    // A signed webhook channel to the independent receiver.
    let port = Receiver::port();
    let (status, secret) = app
        .call(
            &owner.client,
            AddNotifyChannel {
                tenant_id: owner.tenant.clone(),
                kind: "webhook".into(),
                name: "Ops webhook".into(),
                target: format!("http://127.0.0.1:{port}/webhook"),
                bot_id: String::new(),
            },
        )
        .await;
    assert_eq!(status, 200, "{secret}");
    let secret = secret.as_str().expect("secret shown once").to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let receiver = Receiver::start(port, &secret).await;
    // The secret is never shown again.
    let (_, channels) = app
        .call(
            &owner.client,
            ListNotifyChannels {
                tenant_id: owner.tenant.clone(),
            },
        )
        .await;
    assert!(!channels.to_string().contains(&secret[6..]), "{channels}");
    assert_eq!(channels[0]["target"], "http://127.0.0.1/…");

    // Two server processes share the database; both run the Admin Agent.
    let vars = agent_vars(&app);
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let dirs = [
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    ];
    let _one = Server::start(dirs[0].path(), &pairs).await;
    let _two = Server::start(dirs[1].path(), &pairs).await;

    // Healthy checks are recorded.
    until("no healthy checks were recorded", PATIENCE, async || {
        let n = app
            .count(
                "SELECT COUNT(*) FROM health_checks WHERE bot_id = $1 AND result = 'up'",
                &bot_id,
            )
            .await;
        (n >= 2, n)
    })
    .await;

    // The gateway dies.
    let stopped = Instant::now();
    gw.kill().await;
    let already = app.mails_to(&owner.email).len();
    let mail = until(
        "no critical email arrived",
        Duration::from_secs(90),
        async || {
            let mails = app.mails_to(&owner.email);
            let found = mails
                .iter()
                .skip(already)
                .find(|m| {
                    m["subject"]
                        .as_str()
                        .is_some_and(|s| s.contains("[CRITICAL]"))
                })
                .cloned();
            (found.is_some(), found)
        },
    )
    .await
    .expect("mail");
    let detected_in = stopped.elapsed();
    assert!(
        mail["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Loja cannot be reached")),
        "{mail}"
    );
    let hooks = until("no verified webhook arrived", PATIENCE, async || {
        let hooks = receiver.received("webhook");
        (!hooks.is_empty(), hooks)
    })
    .await;
    let alert = &hooks[0]["body"]["alerts"][0];
    assert_eq!(alert["severity"], "critical", "{hooks:?}");
    assert_eq!(alert["status"], "firing");
    assert_eq!(alert["kind"], "bot_unreachable");
    assert_eq!(alert["bot_id"], bot_id.as_str());
    assert!(receiver.received("rejected").is_empty());

    // The incident's timeline says what happened; the bot is down on its card.
    let (_, incidents) = app
        .call(
            &owner.client,
            ListIncidents {
                tenant_id: owner.tenant.clone(),
            },
        )
        .await;
    let kinds: Vec<&str> = incidents[0]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["detected", "confirmed", "escalated"], "{incidents}");
    assert_eq!(incidents[0]["kind"], "unreachable");

    // Back up: "resolved" goes to those who were told.
    gw.start_again().await;
    until(
        "no resolved email arrived",
        Duration::from_secs(90),
        async || {
            let mails = app.mails_to(&owner.email);
            let n = mails
                .iter()
                .skip(already)
                .filter(|m| {
                    m["subject"]
                        .as_str()
                        .is_some_and(|s| s.contains("[RESOLVED]"))
                })
                .count();
            (n >= 1, n)
        },
    )
    .await;
    let hooks = until("no resolved webhook arrived", PATIENCE, async || {
        let hooks = receiver.received("webhook");
        (hooks.len() >= 2, hooks)
    })
    .await;
    assert_eq!(hooks[1]["body"]["alerts"][0]["status"], "resolved");

    // Several more rounds by both processes add nothing: one of each, never twice.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mails = app.mails_to(&owner.email);
    // (The daily health report may go out too: it is not about this incident.)
    let sent: Vec<&str> = mails
        .iter()
        .skip(already)
        .filter_map(|m| m["subject"].as_str())
        .filter(|s| s.contains("Loja"))
        .collect();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(receiver.received("webhook").len(), 2);
    // One check per bot per interval: two processes did not double the checks.
    let checks = app
        .count(
            "SELECT COUNT(*) FROM health_checks WHERE bot_id = $1",
            &bot_id,
        )
        .await;
    let (first, last): (i64, i64) = sqlx::query_as(
        "SELECT MIN(checked_at), MAX(checked_at) FROM health_checks WHERE bot_id = $1",
    )
    .bind(&bot_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("span");
    // At most one check a second (the retry interval) over the span, plus the first.
    assert!(
        checks <= last - first + 1,
        "{checks} checks in {} s",
        last - first
    );
    let (_, log) = app
        .call(
            &owner.client,
            ListDeliveries {
                tenant_id: owner.tenant.clone(),
            },
        )
        .await;
    let statuses: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|d| d["subject"].as_str().is_some_and(|s| s.contains("Loja")))
        .filter_map(|d| d["status"].as_str())
        .collect();
    assert_eq!(statuses, ["sent"; 4], "{log}");
    eprintln!(
        "down detected and told in {:.1} s (interval 2 s, confirmation 2 checks 1 s apart)",
        detected_in.as_secs_f64()
    );
}

both_backends!(
    test_notifications_reach_each_channel_and_failures_are_logged_and_retried,
    |app: TestApp| async move {
        let owner = app.owner("channels").await;
        // With no channel of its own, the owners and admins get email.
        let already = app.mails_to(&owner.email).len();
        let (status, d) = app
            .call(
                &owner.client,
                TestNotification {
                    tenant_id: owner.tenant.clone(),
                    channel_id: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["status"], "sent", "{d}");
        app.wait_for_mail(&owner.email, already, "asked for this test")
            .await;

        // A Slack channel (a local stand-in) and a webhook whose receiver is down.
        let port = Receiver::port();
        let receiver = Receiver::start(port, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0").await;
        let mut ids = Vec::new();
        for (kind, name, path) in [("slack", "Slack", "slack"), ("webhook", "Down", "fail")] {
            let (status, v) = app
                .call(
                    &owner.client,
                    AddNotifyChannel {
                        tenant_id: owner.tenant.clone(),
                        kind: kind.into(),
                        name: name.into(),
                        target: format!("http://127.0.0.1:{}/{path}", receiver.port),
                        bot_id: String::new(),
                    },
                )
                .await;
            assert_eq!(status, 200, "{v}");
            let (_, list) = app
                .call(
                    &owner.client,
                    ListNotifyChannels {
                        tenant_id: owner.tenant.clone(),
                    },
                )
                .await;
            ids.push(
                list.as_array()
                    .and_then(|l| l.iter().find(|c| c["name"] == name))
                    .and_then(|c| c["id"].as_str())
                    .expect("channel id")
                    .to_string(),
            );
        }
        let (_, slack) = app
            .call(
                &owner.client,
                TestNotification {
                    tenant_id: owner.tenant.clone(),
                    channel_id: ids[0].clone(),
                },
            )
            .await;
        assert_eq!(slack["status"], "sent", "{slack}");
        let posted = receiver.received("slack");
        assert_eq!(posted.len(), 1);
        assert_eq!(posted[0]["blocks"][0]["type"], "header", "{posted:?}");
        assert!(posted[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("Test notification")));

        let (_, down) = app
            .call(
                &owner.client,
                TestNotification {
                    tenant_id: owner.tenant.clone(),
                    channel_id: ids[1].clone(),
                },
            )
            .await;
        assert_eq!(down["status"], "retrying", "{down}");
        assert!(
            down["error"].as_str().is_some_and(|e| e.contains("503")),
            "{down}"
        );
        // Its retry comes when due, through the engine, and is logged as another attempt.
        sqlx::query("UPDATE deliveries SET next_attempt_at = 0 WHERE id = $1")
            .bind(down["id"].as_str().expect("id"))
            .execute(&app.db.pool)
            .await
            .expect("due now");
        let senders = baas::notify::Senders {
            db: app.db.clone(),
            secrets: app.secrets.clone(),
            mailer: baas::mail::Mailer::memory(),
            bots: app.bots.clone(),
            allow_private: true,
            public_url: app.base.clone(),
        };
        assert_eq!(baas::notify::retry(&senders).await.expect("retry"), 1);
        let (_, log) = app
            .call(
                &owner.client,
                ListDeliveries {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        let retried = log
            .as_array()
            .and_then(|l| l.iter().find(|d| d["id"] == down["id"]))
            .cloned()
            .expect("logged");
        assert_eq!(retried["attempts"], 2, "{retried}");
        assert_eq!(retried["status"], "retrying");
        assert_eq!(receiver.received("failed").len(), 2);

        // Bad channels are refused with the reason.
        for (kind, target, why) in [
            ("email", "not-an-address", "not-an-address"),
            ("whatsapp", "11999990000", "choose the bot"),
            ("slack", "ftp://x", "https://"),
        ] {
            let (status, v) = app
                .call(
                    &owner.client,
                    AddNotifyChannel {
                        tenant_id: owner.tenant.clone(),
                        kind: kind.into(),
                        name: "x".into(),
                        target: target.into(),
                        bot_id: String::new(),
                    },
                )
                .await;
            assert_eq!(status, 400, "{v}");
            assert!(v.to_string().contains(why), "{kind}: {v}");
        }
    }
);

/// The Admin Agent of `app`'s process, timed for tests: checks every second, two failures
/// confirm, two passes recover, restarts two seconds apart.
fn fast_supervisor(app: &TestApp) -> baas::supervisor::Supervisor {
    baas::supervisor::Supervisor {
        db: app.db.clone(),
        secrets: app.secrets.clone(),
        bots: app.bots.clone(),
        tuning: baas::supervisor::Tuning {
            interval: Some(1),
            retry: 1,
            confirm: 2,
            recover: 2,
            cooldown: 2,
            group_wait: 0,
            tick: 1,
            retention_days: 30,
        },
    }
}

/// The timeline of the bot's latest incident: (kind, detail, at).
async fn timeline(app: &TestApp, bot_id: &str) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT e.kind, e.detail, e.at FROM incident_events e JOIN incidents i ON i.id = e.incident_id
         WHERE i.bot_id = $1 AND i.opened_at = (SELECT MAX(opened_at) FROM incidents WHERE bot_id = $1)
         ORDER BY e.seq",
    )
    .bind(bot_id)
    .fetch_all(&app.db.pool)
    .await
    .expect("timeline")
}

both_backends!(
    a_linked_whatsapp_that_stays_disconnected_is_restarted_three_times_then_escalated,
    |app: TestApp| async move {
        let owner = app.owner("channel").await;
        let gw = PeerGateway::start(
            Flavour::Clawdbot,
            "gw-token-channel",
            Some(serde_json::json!({"channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}}})),
        )
        .await;
        // A WhatsApp session on disk makes the channel "linked"; with channels not started
        // (no traffic leaves loopback) it is never connected: the fault a lost connection
        // leaves behind.
        let creds = gw.state_dir().join("credentials/whatsapp/default");
        std::fs::create_dir_all(&creds).expect("creds dir");
        std::fs::write(creds.join("creds.json"), "{}").expect("creds");
        let bot_id = add_bot(&app, &owner, &gw, "Loja").await;
        let sup = fast_supervisor(&app);
        let mut connections = std::collections::BTreeSet::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            sup.round().await.expect("round");
            if let Some(at) = app.bots.status(&bot_id).connected_at {
                connections.insert(at);
            }
            let events = timeline(&app, &bot_id).await;
            if events.iter().any(|e| e.0 == "escalated") {
                break;
            }
            assert!(Instant::now() < deadline, "not escalated: {events:?}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let events = timeline(&app, &bot_id).await;
        let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "detected",
                "confirmed",
                "restart",
                "restart",
                "restart",
                "escalated"
            ],
            "{events:?}"
        );
        assert!(
            events[0].1.contains("linked but not connected"),
            "{events:?}"
        );
        let restarts: Vec<&(String, String, i64)> =
            events.iter().filter(|e| e.0 == "restart").collect();
        for r in &restarts {
            assert!(r.1.contains("requested (scheduled)"), "{r:?}");
        }
        // A cooldown apart, and the gateway really restarted each time (new connections).
        for pair in restarts.windows(2) {
            assert!(pair[1].2 - pair[0].2 >= 2, "{restarts:?}");
        }
        assert!(connections.len() >= 3, "{connections:?}");
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'bot_restarted' AND tenant_id = $1",
                &owner.tenant,
            )
            .await,
            3
        );
        // The owner is told, critically, with what was tried.
        let (severity, detail): (String, String) = sqlx::query_as(
            "SELECT severity, detail FROM notifications WHERE bot_id = $1 AND kind = 'channel_down'",
        )
        .bind(&bot_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("notification");
        assert_eq!(severity, "critical");
        assert!(detail.contains("restart 3 of 3"), "{detail}");
        // Nothing more happens: no fourth restart, no second alert.
        for _ in 0..4 {
            sup.round().await.expect("round");
            tokio::time::sleep(Duration::from_millis(600)).await;
        }
        let later = timeline(&app, &bot_id).await;
        assert_eq!(later.len(), events.len(), "{later:?}");
    }
);

both_backends!(
    an_invalid_config_is_restored_to_the_version_the_bot_last_ran_healthily_on,
    |app: TestApp| async move {
        let owner = app.owner("restore").await;
        let group = "120363066666666666@g.us";
        let gw = PeerGateway::start(
            Flavour::Clawdbot,
            "gw-token-restore-agent",
            Some(serde_json::json!({"channels": {"whatsapp": {"groups": {group: {"requireMention": true}}}}})),
        )
        .await;
        let bot_id = add_bot(&app, &owner, &gw, "Loja").await;
        let sup = fast_supervisor(&app);
        // A change through BaaS: version 1, on which the bot then runs healthily.
        let (_, cfg) = app
            .call(
                &owner.client,
                GetBotConfig {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                },
            )
            .await;
        let (status, v) = app
            .call(
                &owner.client,
                ChangeBotConfig {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    base_hash: cfg["hash"].as_str().expect("hash").to_string(),
                    setting: "mention".into(),
                    target: group.into(),
                    value: "false".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        until(
            "the bot was not seen healthy on version 1",
            PATIENCE,
            async || {
                sup.round().await.expect("round");
                let good: Option<(Option<i64>,)> = sqlx::query_as(
                    "SELECT last_good_version FROM bot_supervision WHERE bot_id = $1",
                )
                .bind(&bot_id)
                .fetch_optional(&app.db.pool)
                .await
                .expect("supervision");
                (good == Some((Some(1),)), good)
            },
        )
        .await;

        // Someone breaks the file on the bot's machine; the gateway keeps running on the old
        // config and reports the file invalid.
        let mut broken = gw.config_file();
        broken["channels"]["whatsapp"]["bogusKey"] = serde_json::json!(1);
        gw.write_config_file(&broken);
        let events = until(
            "the config was not restored",
            Duration::from_secs(90),
            async || {
                sup.round().await.expect("round");
                let events = timeline(&app, &bot_id).await;
                (events.iter().any(|e| e.0 == "resolved"), events)
            },
        )
        .await;
        let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            kinds,
            ["detected", "confirmed", "restore", "resolved"],
            "{events:?}"
        );
        assert!(events[0].1.contains("bogusKey"), "{events:?}");
        assert!(
            events[2].1.contains("restored config version 1"),
            "{events:?}"
        );
        let file = gw.config_file();
        assert!(
            file["channels"]["whatsapp"].get("bogusKey").is_none(),
            "{file}"
        );
        assert_eq!(
            file["channels"]["whatsapp"]["groups"][group]["requireMention"],
            false
        );
        let (summary, author): (String, String) = sqlx::query_as(
            "SELECT summary, author FROM bot_config_versions WHERE bot_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(&bot_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("version");
        assert_eq!(summary, "rolled back to version 1");
        assert!(author.contains("Admin Agent"), "{author}");
    }
);

/// One fault's outcome in the benchmark.
struct FaultRun {
    name: &'static str,
    detected_in: Option<Duration>,
    recoverable: bool,
    recovered: bool,
    incidents: i64,
    notifications: i64,
}

/// Runs `sup` until the bot's incident count reaches `incidents` or `limit` passes; returns
/// how long it took.
async fn rounds_until_incident(
    app: &TestApp,
    sup: &baas::supervisor::Supervisor,
    bot_id: &str,
    limit: Duration,
) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        sup.round().await.expect("round");
        if app
            .count("SELECT COUNT(*) FROM incidents WHERE bot_id = $1", bot_id)
            .await
            > 0
        {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// Runs `sup` for `span` and says whether the bot's incident resolved by itself.
async fn resolves_within(
    app: &TestApp,
    sup: &baas::supervisor::Supervisor,
    bot_id: &str,
    span: Duration,
) -> bool {
    let start = Instant::now();
    while start.elapsed() < span {
        sup.round().await.expect("round");
        if app
            .count(
                "SELECT COUNT(*) FROM incidents WHERE bot_id = $1 AND resolved_at IS NOT NULL",
                bot_id,
            )
            .await
            > 0
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

/// The fault-injection benchmark (`scripts/bench-admin-agent.sh`): real Clawdbot gateways
/// killed, hung, with WhatsApp disconnected, with a broken config file, and flapping every
/// other probe, under the Admin Agent with compressed timings. Prints what it measured;
/// asserts nothing about the numbers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it with scripts/bench-admin-agent.sh"]
async fn fault_injection_benchmark() {
    let app = spawn_app(Backend::Sqlite).await;
    let owner = app.owner("faults").await;
    let sup = fast_supervisor(&app);
    let limit = Duration::from_secs(120);
    let mut runs = Vec::new();
    let group = "120363077777777777@g.us";
    let config = serde_json::json!({"channels": {"whatsapp": {"groups": {group: {"requireMention": true}}}}});
    for (i, name) in [
        "killed",
        "hung (SIGSTOP)",
        "WhatsApp disconnected",
        "bad config",
        "flapping",
    ]
    .into_iter()
    .enumerate()
    {
        let mut gw = PeerGateway::start(
            Flavour::Clawdbot,
            &format!("gw-fault-{i}"),
            Some(config.clone()),
        )
        .await;
        let bot_id = add_bot(&app, &owner, &gw, &format!("Fault {i}")).await;
        // Healthy first, on a version BaaS wrote.
        let (_, cfg) = app
            .call(
                &owner.client,
                GetBotConfig {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                },
            )
            .await;
        app.call(
            &owner.client,
            ChangeBotConfig {
                tenant_id: owner.tenant.clone(),
                bot_id: bot_id.clone(),
                base_hash: cfg["hash"].as_str().unwrap_or_default().to_string(),
                setting: "mention".into(),
                target: group.into(),
                value: "false".into(),
            },
        )
        .await;
        let warm = Instant::now();
        while warm.elapsed() < Duration::from_secs(60) {
            sup.round().await.expect("round");
            let good: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT last_good_version FROM bot_supervision WHERE bot_id = $1")
                    .bind(&bot_id)
                    .fetch_optional(&app.db.pool)
                    .await
                    .expect("supervision");
            if good == Some((Some(1),)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let creds = gw.state_dir().join("credentials/whatsapp/default");
        let (detected_in, recoverable, recovered) = match name {
            "killed" => {
                gw.kill().await;
                let d = rounds_until_incident(&app, &sup, &bot_id, limit).await;
                (d, false, false)
            }
            "hung (SIGSTOP)" => {
                gw.freeze();
                let d = rounds_until_incident(&app, &sup, &bot_id, limit).await;
                gw.thaw();
                (d, false, false)
            }
            "WhatsApp disconnected" => {
                std::fs::create_dir_all(&creds).expect("creds dir");
                std::fs::write(creds.join("creds.json"), "{}").expect("creds");
                let d = rounds_until_incident(&app, &sup, &bot_id, limit).await;
                // A restart is the remedy; here WhatsApp never starts, so it cannot reconnect.
                let r = resolves_within(&app, &sup, &bot_id, Duration::from_secs(20)).await;
                (d, true, r)
            }
            "bad config" => {
                let mut broken = gw.config_file();
                broken["channels"]["whatsapp"]["bogusKey"] = serde_json::json!(1);
                gw.write_config_file(&broken);
                let d = rounds_until_incident(&app, &sup, &bot_id, limit).await;
                let r = resolves_within(&app, &sup, &bot_id, limit).await;
                (d, true, r)
            }
            _ => {
                // The channel fails every other probe for 40 s.
                std::fs::create_dir_all(&creds).expect("creds dir");
                let start = Instant::now();
                let mut failing = false;
                while start.elapsed() < Duration::from_secs(40) {
                    failing = !failing;
                    if failing {
                        std::fs::write(creds.join("creds.json"), "{}").expect("creds");
                    } else {
                        let _ = std::fs::remove_file(creds.join("creds.json"));
                    }
                    // Exactly one check per state.
                    sqlx::query("UPDATE bot_supervision SET next_check_at = 0 WHERE bot_id = $1")
                        .bind(&bot_id)
                        .execute(&app.db.pool)
                        .await
                        .expect("due");
                    sup.round().await.expect("round");
                }
                (None, false, false)
            }
        };
        let incidents = app
            .count("SELECT COUNT(*) FROM incidents WHERE bot_id = $1", &bot_id)
            .await;
        let notifications = app
            .count(
                "SELECT COUNT(*) FROM notifications WHERE bot_id = $1",
                &bot_id,
            )
            .await;
        runs.push(FaultRun {
            name,
            detected_in,
            recoverable,
            recovered,
            incidents,
            notifications,
        });
    }
    println!("\nfault injection (Clawdbot 2026.1.24; checks every 1 s, failures confirmed by 2 checks 1 s apart, restarts 2 s apart)");
    println!(
        "{:<24} {:>12} {:>12} {:>10} {:>14}",
        "fault", "detected in", "recovered", "incidents", "notifications"
    );
    for r in &runs {
        println!(
            "{:<24} {:>12} {:>12} {:>10} {:>14}",
            r.name,
            r.detected_in
                .map_or("never".into(), |d| format!("{:.1} s", d.as_secs_f64())),
            if r.recoverable {
                if r.recovered {
                    "yes"
                } else {
                    "no"
                }
            } else {
                "n/a"
            },
            r.incidents,
            r.notifications
        );
    }
    let recoverable: Vec<&FaultRun> = runs.iter().filter(|r| r.recoverable).collect();
    let recovered = recoverable.iter().filter(|r| r.recovered).count();
    let flapping = runs.iter().find(|r| r.name == "flapping");
    println!(
        "recovered automatically: {recovered} of {} recoverable faults; false alerts for the flapping bot: {}; notifications per incident: {:.1}",
        recoverable.len(),
        flapping.map_or(0, |f| f.incidents),
        {
            let (n, i) = runs.iter().filter(|r| r.incidents > 0).fold((0, 0), |(n, i), r| (n + r.notifications, i + r.incidents));
            if i == 0 { 0.0 } else { n as f64 / i as f64 }
        }
    );
    println!(
        "with the defaults (checks every 300 s, 3 failures 20 s apart) the same detection takes the time to the next check (150 s on average, 300 s at most) plus 40 s, plus up to 10 s for a hung gateway's health check to time out"
    );
}

both_backends!(
    an_alert_about_a_bot_goes_through_its_whatsapp_and_by_email_too,
    |app: TestApp| async move {
        let owner = app.owner("whatsapp").await;
        let gw = PeerGateway::start(
            Flavour::Clawdbot,
            "gw-token-send",
            Some(serde_json::json!({"channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}}})),
        )
        .await;
        let bot_id = add_bot(&app, &owner, &gw, "Loja").await;
        let (status, v) = app
            .call(
                &owner.client,
                AddNotifyChannel {
                    tenant_id: owner.tenant.clone(),
                    kind: "whatsapp".into(),
                    name: "Dono".into(),
                    target: "+5511999990000".into(),
                    bot_id: bot_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        // The test notification reaches the real gateway's `send`, which refuses: WhatsApp is
        // not linked on it.
        let (_, list) = app
            .call(
                &owner.client,
                ListNotifyChannels {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        let channel = list[0]["id"].as_str().expect("id").to_string();
        assert_eq!(list[0]["target"], "+5511999990000");
        let (_, d) = app
            .call(
                &owner.client,
                TestNotification {
                    tenant_id: owner.tenant.clone(),
                    channel_id: channel,
                },
            )
            .await;
        assert_eq!(d["status"], "retrying", "{d}");
        assert!(
            d["error"]
                .as_str()
                .is_some_and(|e| e.contains("+5511999990000") && e.contains("refused send")),
            "{d}"
        );

        // A critical alert about that bot goes to its WhatsApp and, since that alone cannot be
        // relied on, by email as well.
        let already = app.mails_to(&owner.email).len();
        let alert = baas::notify::Alert {
            tenant_id: Some(baas::ids::TenantId::new(owner.tenant.clone())),
            bot_id: Some(bot_id.clone()),
            key: format!("bot:{bot_id}:unreachable"),
            kind: "bot_unreachable".into(),
            severity: baas::alerts::Severity::Critical,
            subject: "Bot Loja cannot be reached".into(),
            detail: "MARKER-FALLBACK".into(),
            resolved: false,
        };
        let raised = baas::notify::raise(&app.db, &alert, Duration::ZERO)
            .await
            .expect("raise");
        assert_eq!(raised, baas::notify::Raised::Queued);
        // Raised again at once, it is the same alert: dropped.
        assert_eq!(
            baas::notify::raise(&app.db, &alert, Duration::ZERO)
                .await
                .expect("raise"),
            baas::notify::Raised::Duplicate
        );
        // "WhatsApp disconnected" for a bot that is unreachable is inhibited.
        let inhibited = baas::notify::Alert {
            key: format!("bot:{bot_id}:channel_down"),
            kind: "channel_down".into(),
            ..alert.clone()
        };
        assert_eq!(
            baas::notify::raise(&app.db, &inhibited, Duration::ZERO)
                .await
                .expect("raise"),
            baas::notify::Raised::Inhibited
        );
        let senders = baas::notify::Senders {
            db: app.db.clone(),
            secrets: app.secrets.clone(),
            mailer: app.mailer(),
            bots: app.bots.clone(),
            allow_private: true,
            public_url: app.base.clone(),
        };
        assert_eq!(baas::notify::dispatch(&senders).await.expect("dispatch"), 1);
        app.wait_for_mail(&owner.email, already, "MARKER-FALLBACK")
            .await;
        let (_, log) = app
            .call(
                &owner.client,
                ListDeliveries {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        let kinds: Vec<(&str, &str)> = log
            .as_array()
            .expect("log")
            .iter()
            .filter(|d| {
                d["subject"]
                    .as_str()
                    .is_some_and(|s| s.contains("cannot be reached"))
            })
            .filter_map(|d| Some((d["channel"].as_str()?, d["status"].as_str()?)))
            .collect();
        assert!(kinds.contains(&("email", "sent")), "{log}");
        assert!(kinds.contains(&("whatsapp", "retrying")), "{log}");
        // Nothing is left to send.
        assert_eq!(baas::notify::dispatch(&senders).await.expect("dispatch"), 0);
    }
);

both_backends!(
    the_daily_report_goes_out_once_after_nine_in_the_workspaces_time_zone,
    |app: TestApp| async move {
        let owner = app.owner("report").await;
        // A zone where it is 09:00 or later now: UTC from 09:00 UTC, else Kiritimati (UTC+14).
        let now = baas::clock::now();
        let zone = ["UTC", "Pacific/Kiritimati"]
            .into_iter()
            .find(|z| baas::tz::Zone::parse(z).expect("zone").hour(now) >= 9)
            .expect("one of them is past nine");
        sqlx::query("UPDATE tenants SET timezone = $1, monthly_budget = 50000000 WHERE id = $2")
            .bind(zone)
            .bind(&owner.tenant)
            .execute(&app.db.pool)
            .await
            .expect("zone");
        let gw = PeerGateway::start(Flavour::Clawdbot, "gw-token-report", None).await;
        add_bot(&app, &owner, &gw, "Loja").await;
        fast_supervisor(&app).round().await.expect("round");
        let senders = baas::notify::Senders {
            db: app.db.clone(),
            secrets: app.secrets.clone(),
            mailer: app.mailer(),
            bots: app.bots.clone(),
            allow_private: true,
            public_url: app.base.clone(),
        };
        let already = app.mails_to(&owner.email).len();
        let sent = baas::supervisor::daily::send_due(&senders)
            .await
            .expect("reports");
        let monday = baas::tz::Zone::parse(zone).expect("zone").weekday(now) == 1;
        assert_eq!(sent, if monday { 2 } else { 1 });
        let mail = app
            .wait_for_mail(&owner.email, already, "of a $50.00 budget")
            .await;
        assert!(
            mail["subject"]
                .as_str()
                .is_some_and(|s| s.contains("health report")),
            "{mail}"
        );
        // Once a day, whoever asks again.
        assert_eq!(
            baas::supervisor::daily::send_due(&senders)
                .await
                .expect("reports"),
            0
        );
    }
);
