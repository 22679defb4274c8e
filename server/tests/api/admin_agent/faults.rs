//! The Admin Agent's fault-injection benchmark (`scripts/bench-admin-agent.sh`).

use super::{add_bot, fast_supervisor};
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{spawn_app, Backend, TestApp};
use app::api::*;
use std::time::{Duration, Instant};

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
        let (_, cfg) = crate::bots::live_config(
            &app,
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
