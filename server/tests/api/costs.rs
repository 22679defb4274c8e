//! Cost control through the real routes: plan model rules and message quotas, the daily pause
//! and unpause, auto-downgrade, budget alerts, the budget holding under 500 concurrent
//! requests, plan caps, and the consumption dashboard and export on the demo tenant.

use crate::helpers::gw::{
    ask, bursts_until_refused, limit_of, post, wait_count, Bursts, NO_RATE_LIMITS,
};
use crate::helpers::{client, Owner, TestApp};
use app::api::*;
use baas::audit::Actor;
use baas::ids::TenantId;
use baas::model::UsageFilter;
use serde_json::Value;
use std::time::{Duration, Instant};

both_backends!(
    plan_rules_refuse_models_and_count_messages,
    |app: TestApp| async move {
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &Actor::operator(),
            &TenantId::new(s.tenant.as_str()),
            "starter",
        )
        .await
        .expect("plan");
        let mut starter = baas::costs::plans::plans(&app.db)
            .await
            .expect("plans")
            .into_iter()
            .find(|p| p.id == "starter")
            .expect("starter");
        starter.monthly_messages = Some(2);
        baas::costs::plans::save_plan(&app.db, &Actor::operator(), &starter)
            .await
            .expect("save plan");

        // Starter has no API access: a key made in the dashboard is refused, and says why.
        let res = post(&app, &s.key, &ask("claude-haiku-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "plan_api_access");
        let v: Value = res.json().await.expect("json");
        let message = v["error"]["message"].as_str().expect("message");
        assert!(
            message.contains("Starter plan has no API access") && message.contains("bot"),
            "{message}"
        );
        // The key BaaS gives a bot's agent may call.
        let key = app.bot_key(&s).await;

        let res = post(&app, &key, &ask("claude-opus-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "plan_model");
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["error"]["type"], "permission_error");
        let message = v["error"]["message"].as_str().expect("message");
        assert!(
            message.contains("Starter plan") && message.contains("haiku"),
            "{message}"
        );

        for _ in 0..2 {
            let res = post(&app, &key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 200);
        }
        let res = post(&app, &key, &ask("claude-haiku-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 429);
        assert_eq!(limit_of(&res), "plan_messages");
        assert!(res.headers().contains_key("retry-after"));
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["error"]["type"], "rate_limit_error");
        let message = v["error"]["message"].as_str().expect("message");
        assert!(message.contains("Starter plan's 2 messages"), "{message}");
    }
);

both_backends!(
    a_daily_limit_pauses_the_agent_until_an_admin_unpauses_it,
    |app: TestApp| async move {
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
        set_daily_limit(&app, &s, "0.10").await;
        // $0.096 of the $0.10 already spent today: a small call still fits, and once it is settled
        // less than 5% is left, which counts as the limit reached: the agent pauses.
        spent_before(&app, &s.tenant, &s.agent, 96_000).await;
        let res = post(&app, &s.key, &ask("claude-haiku-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 200);
        wait_count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'agent_paused'",
            &s.tenant,
            1,
        )
        .await;
        let res = post(&app, &s.key, &ask("claude-haiku-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 429);
        assert_eq!(limit_of(&res), "agent_daily");
        let v: Value = res.json().await.expect("json");
        let message = v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains("paused until 00:00 UTC"), "{message}");

        // Paused: even a tiny request is refused for the rest of the day.
        let res = post(&app, &s.key, &ask("claude-haiku-4-5", 8, "oi")).await;
        assert_eq!(res.status(), 429);
        assert_eq!(limit_of(&res), "agent_daily");

        let (status, v) = app
            .call(
                &s.owner,
                GetBudgetSettings {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        let paused = v["agents"][0]["paused_until"].as_str().expect("paused");
        assert!(paused.starts_with("00:00 UTC"), "{paused}");
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'agent_paused'",
                &s.tenant
            )
            .await,
            1
        );
        // The alert is written after the pause.
        wait_count(
            &app,
            "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'daily_limit'",
            &s.tenant,
            1,
        )
        .await;
        let (_, alerts) = app
            .call(
                &s.owner,
                ListAlerts {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        let daily: Vec<&Value> = alerts
            .as_array()
            .expect("alerts")
            .iter()
            .filter(|a| a["kind"] == "daily_limit")
            .collect();
        assert_eq!(daily.len(), 1, "{alerts}");

        // A viewer may not unpause; the owner may, and calls pass again today.
        let (viewer, _) = app
            .add_member(
                &s.owner,
                &s.tenant,
                &crate::helpers::unique_email("viewer"),
                baas::roles::Role::Viewer,
            )
            .await;
        let (status, _) = app
            .call(
                &viewer,
                UnpauseAgent {
                    tenant_id: s.tenant.to_string(),
                    agent_id: s.agent.to_string(),
                },
            )
            .await;
        assert_eq!(status, 403);
        let (status, v) = app
            .call(
                &s.owner,
                UnpauseAgent {
                    tenant_id: s.tenant.to_string(),
                    agent_id: s.agent.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 200);
        let (_, v) = app
            .call(
                &s.owner,
                GetBudgetSettings {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert!(v["agents"][0]["paused_until"].is_null(), "{v}");
        let alert_id = daily[0]["id"].as_str().expect("id");
        let (status, _) = app
            .call(
                &s.owner,
                AcknowledgeAlert {
                    tenant_id: s.tenant.to_string(),
                    alert_id: alert_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        let (status, _) = app
            .call(
                &s.owner,
                AcknowledgeAlert {
                    tenant_id: s.tenant.to_string(),
                    alert_id: alert_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 404, "an alert is acknowledged once");
    }
);

both_backends!(
    a_request_larger_than_what_is_left_is_refused_without_pausing,
    |app: TestApp| async move {
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
        set_daily_limit(&app, &s, "5").await;
        spent_before(&app, &s.tenant, &s.agent, 1_000_000).await;
        // 200,000 output tokens of Opus may cost $5: more than the $4 left, but $4 is not spent.
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 200_000, "oi")).await;
        assert_eq!(res.status(), 429);
        assert_eq!(limit_of(&res), "agent_daily");
        let v: Value = res.json().await.expect("json");
        let message = v["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("lower max_tokens") && message.contains("$4.00 left"),
            "{message}"
        );
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 1_000, "oi")).await;
        assert_eq!(
            res.status(),
            200,
            "a request that fits still passes: the agent is not paused"
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'agent_paused'",
                &s.tenant
            )
            .await,
            0
        );
    }
);

/// Sets the agent's daily limit (USD) through its server function, as its owner.
async fn set_daily_limit(app: &TestApp, s: &crate::helpers::GatewaySetup, usd: &str) {
    let (status, v) = app
        .call(
            &s.owner,
            SaveAgentLimits {
                tenant_id: s.tenant.to_string(),
                agent_id: s.agent.to_string(),
                monthly_budget: "".to_string(),
                daily_limit: usd.to_string(),
                locale: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
}

/// Writes one earlier usage record of `cost` for the agent, as if already spent this month.
async fn spent_before(app: &TestApp, tenant: &str, agent: &str, cost: i64) {
    use baas::gateway::usage::{write_batch, UsageRecord};
    write_batch(
        &app.db,
        &[UsageRecord {
            id: baas::db::new_id(),
            request_id: "earlier".into(),
            tenant_id: tenant.into(),
            agent_id: agent.into(),
            key_id: "earlier".into(),
            credential_id: None,
            model_requested: "claude-opus-4-5".into(),
            model_served: Some("claude-opus-4-5".into()),
            usage: Default::default(),
            cost_micro_usd: cost,
            credit_micro_usd: 0,
            latency_ms: 1,
            ttft_ms: None,
            status: "ok".into(),
            http_status: 200,
            failovers: 0,
            streamed: false,
            created_at: baas::clock::now(),
        }],
    )
    .await
    .expect("earlier usage");
}

async fn save_budget(
    app: &TestApp,
    owner: &reqwest::Client,
    tenant: &str,
    budget: &str,
    downgrade: bool,
) {
    let args = SaveBudget {
        tenant_id: tenant.to_string(),
        timezone: "UTC".into(),
        monthly_budget: budget.to_string(),
        downgrade_enabled: downgrade.then(|| "on".to_string()),
        downgrade_share: "20".into(),
        locale: None,
    };
    let (status, v) = app.call(owner, args).await;
    assert_eq!(status, 200, "{v}");
}

both_backends!(
    a_low_budget_downgrades_opus_to_sonnet_and_alerts_once,
    |app: TestApp| async move {
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
        save_budget(&app, &s.owner, &s.tenant, "1.00", true).await;
        spent_before(&app, &s.tenant, &s.agent, 850_000).await;

        // The first answer settles at 85% spent: downgrade engages (15% left is under 20%).
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 200);
        assert!(!res.headers().contains_key("x-baas-model-served"));
        wait_count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'downgrade_switched'",
            &s.tenant,
            1,
        )
        .await;
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["x-baas-model-served"], "claude-sonnet-4-5");
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["model"], "claude-sonnet-4-5");
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND request_id <> 'earlier'",
            &s.tenant,
            2,
        )
        .await;
        let (requested, served): (String, String) = sqlx::query_as(
            "SELECT model_requested, model_served FROM usage_records
         WHERE tenant_id = $1 AND model_served = 'claude-sonnet-4-5'",
        )
        .bind(&s.tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("downgraded record");
        assert_eq!(
            (requested.as_str(), served.as_str()),
            ("claude-opus-4-5", "claude-sonnet-4-5")
        );

        // 50% and 80% fired once each, however many answers followed. The switch's own alert
        // is written after its audit entry.
        wait_count(
            &app,
            "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'downgrade'",
            &s.tenant,
            1,
        )
        .await;
        let (_, alerts) = app
            .call(
                &s.owner,
                ListAlerts {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        let kinds: Vec<String> = alerts
            .as_array()
            .expect("alerts")
            .iter()
            .map(|a| {
                format!(
                    "{}:{}",
                    a["kind"].as_str().unwrap_or(""),
                    a["message"].as_str().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            kinds.iter().filter(|k| k.starts_with("budget:50%")).count(),
            1,
            "{kinds:?}"
        );
        assert_eq!(
            kinds.iter().filter(|k| k.starts_with("budget:80%")).count(),
            1,
            "{kinds:?}"
        );
        assert_eq!(
            kinds.iter().filter(|k| k.starts_with("budget:95%")).count(),
            0,
            "{kinds:?}"
        );
        assert_eq!(
            kinds.iter().filter(|k| k.starts_with("downgrade:")).count(),
            1,
            "{kinds:?}"
        );

        // Opting out serves Opus again, and the release is audited.
        save_budget(&app, &s.owner, &s.tenant, "1.00", false).await;
        let res = post(&app, &s.key, &ask("claude-opus-4-5", 64, "oi")).await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["model"], "claude-opus-4-5");
        wait_count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'downgrade_switched'",
            &s.tenant,
            2,
        )
        .await;
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_requests_overspend_by_at_most_one_reservation_sqlite() {
    overspend_is_bounded(
        crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, NO_RATE_LIMITS).await,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_requests_overspend_by_at_most_one_reservation_postgres() {
    overspend_is_bounded(
        crate::helpers::spawn_app_with(crate::helpers::Backend::Postgres, NO_RATE_LIMITS).await,
    )
    .await;
}

async fn overspend_is_bounded(app: TestApp) {
    let _alone = crate::helpers::gw::one_burst_test_at_a_time().await;
    let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
    save_budget(&app, &s.owner, &s.tenant, "0.05", false).await;
    let body = ask("claude-opus-4-5", 100, "Qual o horário da loja amanhã?");
    let price = baas::pricing::find_price(&baas::pricing::default_prices(), "claude-opus-4-5")
        .cloned()
        .expect("price");
    let bytes = serde_json::to_vec(&body).expect("json").len();
    let reservation = baas::costs::reserve::max_cost(
        baas::costs::reserve::estimate_input_tokens(bytes),
        100,
        price.input,
        price.cache_write,
        price.output,
    );

    // One request first, so the bursts find the key, the policy and the ledger loaded.
    let warm = post(&app, &s.key, &body).await;
    assert_eq!(warm.status(), 200);
    let Bursts {
        answered: ok,
        refused,
        bursts,
    } = bursts_until_refused(&app, &s.tenant, &s.key, &body, "tenant_budget", 1).await;
    let (spent,): (i64,) = sqlx::query_as(
        "SELECT CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_records WHERE tenant_id = $1",
    )
    .bind(&s.tenant)
    .fetch_one(&app.db.pool)
    .await
    .expect("spent");
    println!(
        "budget $0.05: {bursts} bursts of 500, {ok} answered, {refused} refused, spent {spent} µUSD, one reservation {reservation} µUSD"
    );
    assert!(
        spent <= 50_000 + reservation,
        "spent {spent} over $0.05 + {reservation}"
    );
    assert!(
        spent >= 50_000 - reservation,
        "spent {spent}: the budget was not used up"
    );
    // Without reservations a single burst, checked against what was spent before it, would
    // have let all 500 through.
    let per_request = spent / ok as i64;
    assert!(
        per_request * 500 > 50_000 + reservation,
        "the burst could not have overspent"
    );
}

both_backends!(
    the_demo_dashboard_shows_the_reference_days_and_exports_them,
    |app: TestApp| async move {
        let owner = client();
        let email = crate::helpers::unique_email("demo");
        app.sign_in(&owner, &email).await;
        let seeded = baas::costs::seed::seed_demo(&app.db, &app.secrets, &email)
            .await
            .expect("seed");
        assert_eq!(seeded.records, 8_254);
        assert_eq!(
            seeded.cost_micro_usd,
            baas::costs::demo::REFERENCE_COST_MICRO_USD
        );
        let again = baas::costs::seed::seed_demo(&app.db, &app.secrets, &email).await;
        assert!(again.is_err(), "seeding twice is refused");

        let t = seeded.tenant_id.as_str();
        let range = GetDashboard {
            tenant_id: t.to_string(),
            filter: UsageFilter {
                from: Some(seeded.first_day.clone()),
                to: Some(seeded.last_day.clone()),
                ..UsageFilter::default()
            },
        };
        let (status, d) = app.call(&owner, range.clone()).await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["cost"], 549_920_000);
        assert_eq!(d["requests"], 8_254);
        assert_eq!(
            d["tokens"]["input"].as_i64().unwrap_or(0)
                + d["tokens"]["output"].as_i64().unwrap_or(0),
            1_607_255
        );
        assert_eq!(d["days"].as_array().expect("days").len(), 5);
        let hourly: Vec<i64> = serde_json::from_value(d["hourly"].clone()).expect("hourly");
        let peak = (0..24).max_by_key(|h| hourly[*h]).expect("peak");
        assert_eq!(peak, 21, "{hourly:?}");
        assert_eq!(d["by_agent"][0][0], "Lobo");
        assert_eq!(d["budget"], 1_000_000_000);
        assert_eq!(d["timezone"], "America/Sao_Paulo");
        let groups = d["by_group"].as_array().expect("groups");
        assert_eq!(groups.last().expect("other")["label"], "Other");
        let group_sum: i64 = groups.iter().map(|g| g["cost"].as_i64().unwrap_or(0)).sum();
        assert_eq!(
            group_sum, 549_920_000,
            "groups and direct chats add up to the whole"
        );

        // Export: the CSV's rows sum to the range's cost; a filter narrows both alike.
        let csv = owner
            .get(app.url(&format!(
                "/export/usage/{t}?format=csv&from={}&to={}",
                seeded.first_day, seeded.last_day
            )))
            .send()
            .await
            .expect("export");
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-disposition"]
            .to_str()
            .unwrap_or("")
            .contains("attachment"));
        let text = csv.text().await.expect("csv");
        let (rows, micro) = csv_totals(&text);
        assert_eq!((rows, micro), (8_254, 549_920_000));

        let lobo = d["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .find(|a| a[1] == "Lobo")
            .and_then(|a| a[0].as_str())
            .expect("lobo")
            .to_string();
        let mut only = range.clone();
        only.filter.agent = Some(lobo.clone());
        let (_, only_lobo) = app.call(&owner, only).await;
        let lobo_cost = only_lobo["cost"].as_i64().expect("cost");
        assert!(lobo_cost > 0 && lobo_cost < 549_920_000);
        let res = owner
            .get(app.url(&format!(
                "/export/usage/{t}?format=csv&from={}&to={}&agent={lobo}",
                seeded.first_day, seeded.last_day
            )))
            .send()
            .await
            .expect("export");
        // Named after its filter, so it never overwrites the whole workspace's download.
        assert_eq!(
            res.headers()["content-disposition"].to_str().unwrap_or(""),
            format!(
                "attachment; filename=\"usage-{}-{}-agent-{}.csv\"",
                seeded.first_day,
                seeded.last_day,
                baas::csv::file_slug(&lobo, 40)
            )
        );
        let text = res.text().await.expect("csv");
        assert_eq!(csv_totals(&text).1, lobo_cost);

        let json: Value = owner
            .get(app.url(&format!(
                "/export/usage/{t}?format=json&from={}&to={}",
                seeded.first_day, seeded.last_day
            )))
            .send()
            .await
            .expect("export")
            .json()
            .await
            .expect("json export");
        let rows = json.as_array().expect("rows");
        assert_eq!(rows.len(), 8_254);
        assert_eq!(
            rows.iter()
                .map(|r| r["cost_micro_usd"].as_i64().unwrap_or(0))
                .sum::<i64>(),
            549_920_000
        );

        // Another tenant's owner and a stranger see nothing.
        let Owner { client: other, .. } = app.owner("other").await;
        let res = other
            .get(app.url(&format!("/export/usage/{t}")))
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), 403);
        let (status, _) = app.call(&other, range).await;
        assert_eq!(status, 403);
        let res = client()
            .get(app.url(&format!("/export/usage/{t}")))
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), 401);
        let res = owner
            .get(app.url(&format!("/export/usage/{t}?format=xml")))
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), 400);

        // The projection alert fires once per month when the pace crosses the budget.
        let now = baas::clock::now();
        let (p, _, _) = baas::costs::dashboard::projection_at(&app.db, &TenantId::new(t), now)
            .await
            .expect("projection");
        let first = baas::costs::watch::check_projections(&app.db, now)
            .await
            .expect("check");
        let second = baas::costs::watch::check_projections(&app.db, now)
            .await
            .expect("check");
        assert_eq!(
            first,
            usize::from(p.crosses_on.is_some() && p.projected > 1_000_000_000)
        );
        assert_eq!(second, 0);
    }
);

/// Data rows and the sum of the cost column (micro-USD) of a CSV export.
fn csv_totals(text: &str) -> (usize, i64) {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "cost_usd")
        .expect("cost column");
    let mut rows = 0;
    let mut micro = 0i64;
    for line in lines {
        rows += 1;
        let cell = line.split(',').nth(col).expect("cost cell");
        let (whole, frac) = cell.split_once('.').expect("decimal");
        micro += whole.parse::<i64>().expect("whole") * 1_000_000
            + frac.parse::<i64>().expect("fraction");
    }
    (rows, micro)
}

both_backends!(plans_cap_bots, |app: TestApp| async move {
    let Owner {
        client: owner,
        tenant,
        ..
    } = app.owner("caps").await;
    baas::costs::plans::set_tenant_plan(
        &app.db,
        &Actor::operator(),
        &TenantId::new(tenant.as_str()),
        "starter",
    )
    .await
    .expect("plan");
    let add = |name: &'static str| {
        let (app, owner, tenant) = (&app, &owner, &tenant);
        async move {
            app.call(
                owner,
                AddBot {
                    tenant_id: (tenant.as_str()).to_string(),
                    name: name.to_string(),
                    gateway_url: "ws://127.0.0.1:9".to_string(),
                    token: "t".to_string(),
                    skip_test: Some("on".into()),
                },
            )
            .await
        }
    };
    let (status, v) = add("first").await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = add("second").await;
    assert_eq!(status, 400, "{v}");
    assert!(v.to_string().contains("Starter plan allows 1 bot"), "{v}");
});

/// A private Redis on a free loopback port, stopped when dropped.
struct PrivateRedis(std::process::Child);

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn private_redis() -> (PrivateRedis, String) {
    let port = crate::helpers::free_port();
    let child = std::process::Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server (installed by scripts/test.sh)");
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "redis did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (PrivateRedis(child), format!("redis://127.0.0.1:{port}/0"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_budget_store_refuses_by_default_and_passes_when_configured() {
    let (redis, url) = private_redis().await;
    let closed =
        crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, &[("REDIS_URL", &url)])
            .await;
    let open = crate::helpers::spawn_app_with(
        crate::helpers::Backend::Sqlite,
        &[("REDIS_URL", &url), ("BAAS_BUDGET_FAIL_OPEN", "true")],
    )
    .await;
    let mut keys = Vec::new();
    for app in [&closed, &open] {
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-ok", 100)]).await;
        save_budget(app, &s.owner, &s.tenant, "10", false).await;
        let res = post(app, &s.key, &ask("claude-haiku-4-5", 16, "oi")).await;
        assert_eq!(res.status(), 200);
        keys.push(s.key);
    }
    // A workspace with only its plan's message quota, no money budget.
    let quota_only = closed
        .gateway_setup("Coruja", "coruja", &[("sk-ok", 100)])
        .await;
    assert_eq!(
        post(&closed, &quota_only.key, &ask("claude-haiku-4-5", 16, "oi"))
            .await
            .status(),
        200
    );
    drop(redis);
    let res = post(&closed, &keys[0], &ask("claude-haiku-4-5", 16, "oi")).await;
    assert_eq!(res.status(), 503);
    let v: Value = res.json().await.expect("json");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("budget store"),
        "{v}"
    );
    let res = post(&open, &keys[1], &ask("claude-haiku-4-5", 16, "oi")).await;
    assert_eq!(res.status(), 200);
    // Only money budgets need the store: a message quota alone does not stop traffic.
    let res = post(&closed, &quota_only.key, &ask("claude-haiku-4-5", 16, "oi")).await;
    assert_eq!(res.status(), 200);
    // Credits are paid in advance: never spent unchecked, even where budgets fail open.
    let res = post(&open, &keys[1], &ask("claude-opus-4-5", 16, "oi")).await;
    assert_eq!(res.status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_ledger_still_counts_the_holds_in_flight() {
    use baas::costs::ledgers::{Admission, RedisSpend, Scope, Spend};
    let (_redis, url) = private_redis().await;
    let conn = baas::ratelimit::limiter::connect(&url)
        .await
        .expect("redis");
    let spend = Spend::Redis(RedisSpend::new(conn));
    let scope = |amount| Scope {
        key: "t:rebuilt:credits".into(),
        limit: 100,
        amount,
        ttl_secs: 3_600,
    };
    let admitted = |a: &Admission| matches!(a, Admission::Admitted(_));
    assert!(admitted(
        &spend.admit("a", &[scope(60)], &[Some(0)]).await.expect("a")
    ));
    // The ledger is lost (a stale ledger dropped, an eviction) while A is in flight, and
    // rebuilt from what the database has settled: nothing yet.
    spend.forget("t:rebuilt:credits").await.expect("forget");
    let b = spend.admit("b", &[scope(60)], &[Some(0)]).await.expect("b");
    assert!(
        matches!(b, Admission::Refused { ledger, .. } if ledger.reserved == 60),
        "A's hold still counts: {b:?}"
    );
    // A settles at 30 against the rebuilt ledger, giving back its hold once.
    let after = spend
        .settle("a", &[scope(60)], &[30])
        .await
        .expect("settle");
    assert_eq!(after[0].map(|l| (l.spent, l.reserved)), Some((30, 0)));
    assert!(admitted(
        &spend.admit("b", &[scope(60)], &[None]).await.expect("b")
    ));
    let c = spend.admit("c", &[scope(20)], &[None]).await.expect("c");
    assert!(!admitted(&c), "30 spent + 60 held + 20 > 100: {c:?}");
}

both_backends!(
    a_nearly_empty_pool_alerts_the_operator_once_per_threshold,
    |app: TestApp| async move {
        // The mock reports 100 of 4,000 requests left for a "low" key: 2.5% of the pool.
        let s = app.gateway_setup("Lobo", "lobo", &[("sk-low", 100)]).await;
        for _ in 0..3 {
            let res = post(&app, &s.key, &ask("claude-haiku-4-5", 16, "oi")).await;
            assert_eq!(res.status(), 200);
        }
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        let thresholds = loop {
            let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT message FROM alert_events WHERE tenant_id IS NULL AND kind = 'pool' ORDER BY message",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("alerts");
            if rows.len() >= 3 || Instant::now() > deadline {
                break rows;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let messages: Vec<&str> = thresholds.iter().map(|(m,)| m.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        for t in ["20%", "10%", "5%"] {
            assert_eq!(
                messages
                    .iter()
                    .filter(|m| m.contains(&format!(" {t} ")))
                    .count(),
                1,
                "{messages:?}"
            );
        }
    }
);
