//! The recovery ladder and the engine's channels against real Clawdbot gateways, with the
//! Admin Agent driven round by round in the test's own process: a disconnected WhatsApp
//! restarted then escalated, a broken config restored, an alert about a bot sent through its
//! WhatsApp and by email, the daily report.

use super::{add_bot, fast_supervisor, timeline, until};
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{TestApp, PATIENCE};
use app::api::*;
use std::time::{Duration, Instant};

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
        assert!(detail.contains("Tried: restarted it 3 times."), "{detail}");
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
        let (_, cfg) = crate::bots::live_config(
            &app,
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
            text: baas::i18n::Text::new("alert-bot-unreachable")
                .str("bot", "Loja")
                .str("reason", "MARKER-FALLBACK")
                .str("tried", "nothing"),
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
        let senders = app.senders();
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
        let senders = app.senders();
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
