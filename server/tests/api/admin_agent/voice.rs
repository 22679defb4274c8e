//! The Admin Agent's voice end to end: a Brazilian workspace is spoken to in Portuguese until
//! someone picks another language, the settings page previews the chosen voice, and the real
//! SMTP sink receives messages in it; a bot that goes quiet at hours it is usually busy is
//! reported once.

use super::{add_bot, fast_supervisor};
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::TestApp;
use app::api::*;

both_backends!(
    messages_previews_and_reports_speak_the_workspace_s_language,
    |app: TestApp| async move {
        let owner = app.owner("voice").await;
        sqlx::query("UPDATE tenants SET timezone = 'America/Sao_Paulo' WHERE id = $1")
            .bind(&owner.tenant)
            .execute(&app.db.pool)
            .await
            .expect("zone");
        // Nobody chose a language yet: the time zone's.
        let (status, s) = app
            .call(
                &owner.client,
                GetNotifySettings {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{s}");
        assert_eq!(s["language"], "pt-BR", "{s}");
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
        let mail = app
            .wait_for_mail(&owner.email, already, "pediu este teste")
            .await;
        let subject = mail["subject"].as_str().unwrap_or_default();
        assert!(subject.starts_with("[INFO] Notificação de teste"), "{mail}");

        // The preview says what an escalation would, in the voice being chosen.
        let preview = |tone: &str, language: &str, signature: &str| PreviewVoice {
            tenant_id: owner.tenant.clone(),
            tone: tone.into(),
            language: language.into(),
            emoji: false,
            greeting: String::new(),
            signature: signature.into(),
        };
        let (status, p) = app
            .call(&owner.client, preview("formal", "pt-BR", "Equipe VM"))
            .await;
        assert_eq!(status, 200, "{p}");
        assert_eq!(p["subject"], "[CRÍTICO] O bot Loja está inacessível", "{p}");
        let text = p["text"].as_str().unwrap_or_default();
        assert!(text.starts_with("Olá,"), "{text}");
        assert!(text.contains("Tentamos: reiniciei 3 vezes."), "{text}");
        assert!(text.ends_with("— Equipe VM\n"), "{text}");
        let (_, p) = app
            .call(&owner.client, preview("technical", "es", ""))
            .await;
        assert!(
            p["text"]
                .as_str()
                .is_some_and(|t| t.contains("Se requiere intervención manual.")),
            "{p}"
        );
        let (status, p) = app
            .call(&owner.client, preview("sarcastic", "en", ""))
            .await;
        assert_eq!(status, 400, "{p}");
        assert!(p.to_string().contains("tone"), "{p}");

        // Chosen and saved, English it is.
        let (status, v) = app
            .call(
                &owner.client,
                SaveNotifySettings {
                    tenant_id: owner.tenant.clone(),
                    info: String::new(),
                    warning: "email".into(),
                    error: "email".into(),
                    critical: "email".into(),
                    quiet_start: String::new(),
                    quiet_end: String::new(),
                    repeat_minutes: 240,
                    tone: "casual".into(),
                    language: "en".into(),
                    emoji: None,
                    greeting: String::new(),
                    signature: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let already = app.mails_to(&owner.email).len();
        let (status, _) = app
            .call(
                &owner.client,
                TestNotification {
                    tenant_id: owner.tenant.clone(),
                    channel_id: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200);
        app.wait_for_mail(&owner.email, already, "asked for this test")
            .await;
    }
);

both_backends!(
    a_bot_quiet_at_hours_it_is_usually_busy_is_reported_once,
    |app: TestApp| async move {
        let owner = app.owner("quiet").await;
        let gw = PeerGateway::start(Flavour::Clawdbot, "gw-token-quiet", None).await;
        let bot_id = add_bot(&app, &owner, &gw, "Loja").await;
        let (status, agent) = app
            .call(
                &owner.client,
                CreateAgent {
                    tenant_id: owner.tenant.clone(),
                    name: "Vendas".into(),
                    clawdbot_agent_id: "vendas".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{agent}");
        let agent_id = agent["id"].as_str().expect("agent id").to_string();
        let (status, key) = app
            .call(
                &owner.client,
                CreateKey {
                    tenant_id: owner.tenant.clone(),
                    agent_id: agent_id.clone(),
                    name: "bot".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{key}");
        let (key_id,): (String,) =
            sqlx::query_as("SELECT id FROM virtual_keys WHERE agent_id = $1")
                .bind(&agent_id)
                .fetch_one(&app.db.pool)
                .await
                .expect("key");
        sqlx::query("UPDATE virtual_keys SET bot_id = $1 WHERE id = $2")
            .bind(&bot_id)
            .bind(&key_id)
            .execute(&app.db.pool)
            .await
            .expect("bot key");
        // Calls at this hour on each of the last seven days, none in the last six hours.
        let now = baas::clock::now();
        let record = |i: i64| baas::gateway::usage::UsageRecord {
            id: format!("quiet-{i}-{}", owner.tenant),
            request_id: format!("req-{i}"),
            tenant_id: owner.tenant.clone(),
            agent_id: agent_id.clone(),
            key_id: key_id.clone(),
            credential_id: None,
            model_requested: "claude-haiku-4-5".into(),
            model_served: Some("claude-haiku-4-5".into()),
            usage: baas::pricing::TokenUsage::default(),
            cost_micro_usd: 100,
            credit_micro_usd: 0,
            latency_ms: 300,
            ttft_ms: None,
            status: "ok".into(),
            http_status: 200,
            failovers: 0,
            streamed: false,
            created_at: now - i * 86_400 - 3_600,
        };
        let mut records: Vec<_> = (1..=7).map(record).collect();
        let mut failed = record(2);
        failed.id = format!("quiet-failed-{}", owner.tenant);
        failed.http_status = 502;
        failed.status = "upstream_error".into();
        failed.created_at = now - 2 * 86_400;
        records.push(failed);
        baas::gateway::usage::write_batch(&app.db, &records)
            .await
            .expect("usage");
        let already = app.mails_to(&owner.email).len();
        let supervisor = fast_supervisor(&app);
        supervisor.round().await.expect("round");
        let senders = app.senders();
        baas::notify::dispatch(&senders).await.expect("dispatch");
        let mail = app
            .wait_for_mail(&owner.email, already, "has had no traffic for")
            .await;
        assert!(
            mail["subject"].as_str().is_some_and(
                |s| s.starts_with("[WARNING] Bot Loja has had no traffic for 25 hours")
            ),
            "{mail}"
        );
        // Another check in the same quiet spell says nothing more.
        sqlx::query("UPDATE bot_supervision SET next_check_at = 0 WHERE bot_id = $1")
            .bind(&bot_id)
            .execute(&app.db.pool)
            .await
            .expect("due");
        supervisor.round().await.expect("round");
        let (queued,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE bot_id = $1 AND kind = 'no_traffic'",
        )
        .bind(&bot_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
        assert_eq!(queued, 1);

        // The bot's card counts its calls and failures over each window.
        let (status, cards) = app
            .call(
                &owner.client,
                AdminAgentBots {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{cards}");
        let windows = &cards[0]["windows"];
        let tally = |i: usize| {
            (
                windows[i]["days"].as_i64(),
                windows[i]["calls"].as_i64(),
                windows[i]["failed_calls"].as_i64(),
            )
        };
        assert_eq!(tally(0), (Some(1), Some(0), Some(0)), "{cards}");
        assert_eq!(tally(1), (Some(7), Some(7), Some(1)), "{cards}");
        assert_eq!(tally(2), (Some(30), Some(8), Some(1)), "{cards}");
        assert!(windows[0]["uptime"].as_i64().is_some(), "{cards}");
    }
);
