//! The workspace Overview: its figures are the ones the Usage, Bots, Admin Agent and Alerts
//! pages compute from the same rows, each role sees what it may, and a section that cannot be
//! read leaves the others standing.

use crate::helpers::{unique_email, Owner, TestApp};
use app::api::*;
use baas::gateway::usage::{write_batch, UsageRecord};
use baas::ids::TenantId;
use serde_json::Value;

fn usage(tenant: &str, agent: &str, cost: i64, status: &str, at: i64) -> UsageRecord {
    UsageRecord {
        id: baas::db::new_id(),
        request_id: baas::db::new_id(),
        tenant_id: tenant.into(),
        agent_id: agent.into(),
        key_id: "seeded".into(),
        credential_id: None,
        model_requested: "claude-sonnet-4-5".into(),
        model_served: Some("claude-sonnet-4-5".into()),
        usage: Default::default(),
        cost_micro_usd: cost,
        credit_micro_usd: 0,
        latency_ms: 1,
        ttft_ms: None,
        status: status.into(),
        http_status: if status == "ok" { 200 } else { 502 },
        failovers: 0,
        streamed: false,
        created_at: at,
    }
}

async fn overview(app: &TestApp, c: &reqwest::Client, tenant: &str) -> Value {
    let (status, o) = app
        .call(
            c,
            GetOverview {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200, "{o}");
    o
}

async fn add_bot(app: &TestApp, c: &reqwest::Client, tenant: &str, name: &str) -> String {
    let (status, v) = app
        .call(
            c,
            AddBot {
                tenant_id: tenant.to_string(),
                name: name.to_string(),
                gateway_url: "ws://127.0.0.1:9".to_string(),
                token: "bot-token".to_string(),
                skip_test: Some("on".into()),
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    sqlx::query_as::<_, (String,)>("SELECT id FROM bots WHERE tenant_id = $1 AND name = $2")
        .bind(tenant)
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("bot id")
        .0
}

both_backends!(
    overview_figures_come_from_the_workspaces_rows,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("morning").await;
        let (status, v) = app
            .call(
                &owner,
                SaveBudget {
                    tenant_id: tenant.clone(),
                    timezone: "UTC".into(),
                    monthly_budget: "100".into(),
                    downgrade_enabled: None,
                    downgrade_share: "20".into(),
                    locale: Some("en".into()),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, agent) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.clone(),
                    name: "Coruja".into(),
                    clawdbot_agent_id: "coruja".into(),
                },
            )
            .await;
        let agent = agent["id"].as_str().expect("agent id").to_string();

        // This month: three answered requests and a failed one; last month: one that must
        // not count.
        let now = baas::clock::now();
        let month_start = baas::tz::Zone::stored("UTC").month_bounds(now).0;
        let this_month = [1_250_000, 3_500_000, 40_000];
        let mut records: Vec<UsageRecord> = this_month
            .iter()
            .map(|c| usage(&tenant, &agent, *c, "ok", now))
            .collect();
        records.push(usage(&tenant, &agent, 0, "upstream_error", now));
        records.push(usage(&tenant, &agent, 9_000_000, "ok", month_start - 3_600));
        write_batch(&app.db, &records).await.expect("usage");

        let bot_a = add_bot(&app, &owner, &tenant, "Loja").await;
        let bot_b = add_bot(&app, &owner, &tenant, "Suporte").await;
        // Loja's last stored configuration sets up two groups besides the default.
        let config = serde_json::json!({"channels": {"whatsapp": {"groups": {
            "*": {"requireMention": true},
            "120363000000000001@g.us": {"requireMention": false},
            "120363000000000002@g.us": {"requireMention": true},
        }}}});
        sqlx::query(
            "INSERT INTO bot_config_versions (id, bot_id, version, config_sealed, summary, author, created_at)
             VALUES ($1, $2, 1, $3, 'as found on the bot', 'test', $4)",
        )
        .bind(baas::db::new_id())
        .bind(&bot_a)
        .bind(app.secrets.seal(&config.to_string()))
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("config version");
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &baas::audit::Actor::operator(),
            &TenantId::new(tenant.as_str()),
            "pro",
        )
        .await
        .expect("plan");
        // The Admin Agent found Loja down and opened an incident.
        sqlx::query(
            "INSERT INTO bot_supervision (bot_id, state, fails, passes, next_check_at, last_check_at, updated_at)
             VALUES ($1, 'down', 3, 0, $2, $3, $3)",
        )
        .bind(&bot_a)
        .bind(now + 600)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("supervision");
        let reason = baas::i18n::Text::new("probe-not-connected");
        sqlx::query(
            "INSERT INTO incidents (id, tenant_id, bot_id, kind, reason, reason_json, opened_at)
             VALUES ('incident-loja', $1, $2, 'unreachable', 'the gateway is not connected', $3, $4)",
        )
        .bind(&tenant)
        .bind(&bot_a)
        .bind(serde_json::to_string(&reason).expect("reason"))
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("incident");
        let tid = TenantId::new(tenant.as_str());
        let budget = baas::i18n::Text::new("alert-budget")
            .int("percent", 50)
            .usd("spent", 50_000_000)
            .usd("budget", 100_000_000);
        let pause = baas::i18n::Text::new("alert-daily-limit")
            .str("agent", "Coruja")
            .usd("limit", 5_000_000)
            .str("until", "00:00");
        for text in [budget, pause] {
            baas::alerts::record(
                &app.db,
                Some(&tid),
                "budget",
                baas::alerts::Severity::Warning,
                &text,
            )
            .await
            .expect("alert");
        }
        let (acked,): (String,) = sqlx::query_as(
            "SELECT id FROM alert_events WHERE tenant_id = $1 AND message LIKE 'Coruja reached%'",
        )
        .bind(&tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("alert id");
        let (status, v) = app
            .call(
                &owner,
                AcknowledgeAlert {
                    tenant_id: tenant.clone(),
                    alert_id: acked,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");

        let o = overview(&app, &owner, &tenant).await;

        // Spend: this month's records only, and the Usage page's own projection.
        let spend = &o["spend"]["Ok"];
        let sum: i64 = this_month.iter().sum();
        assert_eq!(spend["month_to_date"], sum, "{o}");
        assert_eq!(spend["budget"], 100_000_000);
        let (_, dash) = app
            .call(
                &owner,
                GetDashboard {
                    tenant_id: tenant.clone(),
                    filter: Default::default(),
                },
            )
            .await;
        assert_eq!(spend["month_to_date"], dash["month_to_date"]);
        let (p, d) = (&spend["projection"], &dash["projection"]);
        for field in ["avg_7d", "avg_30d", "daily_rate"] {
            assert_eq!(p[field], d[field], "{field}");
        }
        // The month's end comes a second closer between the two calls: the projections may
        // differ by what a few seconds at the daily rate add, no more.
        let rate = p["daily_rate"].as_i64().expect("rate");
        let apart = (p["projected"].as_i64().expect("projected")
            - d["projected"].as_i64().expect("projected"))
        .abs();
        assert!(apart <= rate * 30 / 86_400 + 1, "{p} / {d}");
        assert!(p["projected"].as_i64() >= Some(sum));

        // Plan: answered messages of this month against Pro's quota, bots and groups against
        // its caps.
        let plan = &o["plan"]["Ok"];
        assert_eq!(plan["plan"], "Pro");
        assert_eq!(plan["messages_month"], 3);
        assert_eq!(plan["messages_month"], dash["messages_month"]);
        assert_eq!(plan["message_quota"], 5_000);
        assert_eq!(
            (plan["bots"].as_i64(), plan["max_bots"].as_i64()),
            (Some(2), Some(1))
        );
        assert_eq!(plan["max_groups"], 10);
        let groups = |id: &str| {
            plan["groups"]
                .as_array()
                .expect("groups")
                .iter()
                .find(|g| g["bot_id"] == id)
                .map(|g| g["groups"].clone())
                .expect("bot in groups")
        };
        assert_eq!(groups(&bot_a), 2);
        assert!(groups(&bot_b).is_null(), "no configuration stored yet");

        // Bots: the Bots page's connection state beside the Admin Agent's verdict.
        let (_, listed) = app
            .call(
                &owner,
                ListBots {
                    tenant_id: tenant.clone(),
                },
            )
            .await;
        let bots = o["bots"]["Ok"].as_array().expect("bots");
        assert_eq!(bots.len(), 2);
        for b in bots {
            let page = listed
                .as_array()
                .expect("listed")
                .iter()
                .find(|l| l["id"] == b["bot"]["id"])
                .expect("listed bot");
            assert_eq!(b["bot"]["name"], page["name"]);
            assert!(
                ["connecting", "offline", "online", "degraded"]
                    .contains(&b["bot"]["state"].as_str().unwrap_or_default()),
                "{b}"
            );
        }
        let loja = bots.iter().find(|b| b["bot"]["id"] == bot_a).expect("loja");
        assert_eq!(loja["health"], "down");
        assert_eq!(loja["open_incident"], "incident-loja");
        assert_eq!(loja["last_check_at"], now);
        let suporte = bots
            .iter()
            .find(|b| b["bot"]["id"] == bot_b)
            .expect("suporte");
        assert_eq!(suporte["health"], "unknown");
        assert!(suporte["open_incident"].is_null());

        // Attention: the open incident, and only the alert nobody acknowledged.
        let a = &o["attention"]["Ok"];
        assert_eq!(a["open_incidents"], 1);
        assert_eq!(a["incidents"][0]["bot_name"], "Loja");
        // Said in the reader's language: the kind and the reason the Admin Agent recorded.
        let html = owner
            .get(app.url(&format!("/t/{tenant}")))
            .header("accept-language", "pt-BR")
            .send()
            .await
            .expect("overview page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("Loja: Inacessível"), "{html}");
        assert!(html.contains("o gateway não está conectado"), "{html}");
        assert_eq!(a["unacknowledged_alerts"], 1);
        assert_eq!(a["alerts"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            a["alerts"][0]["message"],
            "50% of this month's budget is spent: $50.00 of $100.00"
        );

        // A stored configuration that cannot be opened costs the plan section alone.
        sqlx::query(
            "INSERT INTO bot_config_versions (id, bot_id, version, config_sealed, summary, author, created_at)
             VALUES ($1, $2, 1, 'not a sealed config', 'broken', 'test', $3)",
        )
        .bind(baas::db::new_id())
        .bind(&bot_b)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .expect("broken version");
        let o = overview(&app, &owner, &tenant).await;
        assert_eq!(o["plan"]["Err"]["kind"], "internal", "{o}");
        assert_eq!(o["spend"]["Ok"]["month_to_date"], sum);
        assert_eq!(o["bots"]["Ok"].as_array().map(Vec::len), Some(2));
        assert_eq!(o["attention"]["Ok"]["open_incidents"], 1);
    }
);

both_backends!(
    overview_shows_each_role_what_it_may_see,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("roles").await;
        let (viewer, _) = app
            .add_member(
                &owner,
                &tenant,
                &unique_email("viewer"),
                baas::roles::Role::Viewer,
            )
            .await;
        for email in [unique_email("later"), unique_email("later")] {
            let (status, v) = app
                .call(
                    &owner,
                    CreateInvite {
                        tenant_id: tenant.clone(),
                        email,
                        role: baas::roles::Role::Member,
                    },
                )
                .await;
            assert_eq!(status, 200, "{v}");
        }

        let o = overview(&app, &owner, &tenant).await;
        assert_eq!(o["workspace"]["role"], "owner");
        assert_eq!(o["workspace"]["members"], 2);
        assert_eq!(o["workspace"]["pending_invites"], 2);

        // A viewer reads the workspace's figures, but not its invites (as on the Team page).
        let o = overview(&app, &viewer, &tenant).await;
        assert_eq!(o["workspace"]["role"], "viewer");
        assert_eq!(o["workspace"]["members"], 2);
        assert!(o["workspace"]["pending_invites"].is_null(), "{o}");
        let (status, _) = app
            .call(
                &viewer,
                ListInvites {
                    tenant_id: tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 403);
        assert_eq!(o["spend"]["Ok"]["month_to_date"], 0);
        assert_eq!(o["bots"]["Ok"].as_array().map(Vec::len), Some(0));
        assert_eq!(o["attention"]["Ok"]["unacknowledged_alerts"], 0);
        assert_eq!(o["plan"]["Ok"]["plan"], "Business");
    }
);
