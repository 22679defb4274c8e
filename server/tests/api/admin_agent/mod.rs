//! The Admin Agent against real peers: a bot stopped is found down within its interval and the
//! confirmation, the owner gets one CRITICAL email (the real SMTP sink) and one signed webhook
//! (verified by an independent implementation) even with two server processes checking, and
//! "resolved" once it is back; channels, test notifications and the delivery log.

use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::process::Server;
use crate::helpers::{free_port, spawn_app, Backend, Owner, TestApp, PATIENCE};

mod faults;
mod history;
mod recovery;
mod voice;
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
pub(crate) async fn add_bot(app: &TestApp, owner: &Owner, gw: &PeerGateway, name: &str) -> String {
    let (status, v) = app
        .call(
            &owner.client,
            AddBot {
                tenant_id: owner.tenant.clone(),
                name: name.into(),
                gateway_url: gw.url.clone(),
                token: gw.token.clone(),
                skip_test: None,
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
pub(crate) async fn until<T: std::fmt::Debug>(
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
        let senders = app.senders();
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
pub(crate) fn fast_supervisor(app: &TestApp) -> baas::supervisor::Supervisor {
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
pub(crate) async fn timeline(app: &TestApp, bot_id: &str) -> Vec<(String, String, i64)> {
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
