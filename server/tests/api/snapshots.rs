//! What clients read, held in snapshots: the gateway's errors in each wire shape (Anthropic,
//! OpenAI, native) with their status, `retry-after` and `x-baas-limit`; the usage export in CSV
//! and JSON; the demo workspace's dashboard.

use crate::helpers::TestApp;
use app::api::GetDashboard;
use baas::audit::Actor;
use baas::model::UsageFilter;
use serde_json::{json, Value};

/// The three routes and how each asks the same question of `model`.
fn routes(model: &str) -> [(&'static str, &'static str, Value); 3] {
    let messages = json!([{"role": "user", "content": "Qual o horário da loja?"}]);
    [
        (
            "anthropic",
            "/v1/messages",
            json!({"model": model, "max_tokens": 64, "messages": messages}),
        ),
        (
            "openai",
            "/v1/chat/completions",
            json!({"model": model, "max_tokens": 64, "messages": messages}),
        ),
        (
            "native",
            "/api/v1/llm/completions",
            json!({"model": model, "max_tokens": 64, "messages": messages}),
        ),
    ]
}

/// What a client of the route sees of a failed request.
async fn seen(app: &TestApp, path: &str, key: Option<&str>, body: Vec<u8>) -> Value {
    let mut req = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", "application/json")
        .header("anthropic-version", "2023-06-01")
        .body(body);
    if let Some(key) = key {
        req = req.header("x-api-key", key);
    }
    let res = req.send().await.expect("request");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (retry_after, limit) = (header("retry-after"), header("x-baas-limit"));
    let status = res.status().as_u16();
    let body: Value = res.json().await.expect("a JSON error body");
    json!({"status": status, "retry-after": retry_after, "x-baas-limit": limit, "body": body})
}

both_backends!(
    each_wire_shape_renders_the_gateways_errors,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-badrequest", 1)])
            .await;
        let bot_key = app.bot_key(&s).await;
        // A workspace on Starter from its first request. The pool is shared: every credential
        // in it refuses the request, so whichever is tried the refusal is the same.
        let starter = app
            .gateway_setup("Gata", "gata", &[("sk-mock-badrequest", 1)])
            .await;
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &Actor::operator(),
            &baas::ids::TenantId::new(starter.tenant.as_str()),
            "starter",
        )
        .await
        .expect("plan");
        let starter_bot_key = app.bot_key(&starter).await;
        // A Business workspace without Opus credits, refused rather than downgraded.
        let broke = app
            .gateway_setup_with_credits("Coruja", "coruja", &[("sk-mock-badrequest", 1)], 0)
            .await;
        let (status, v) = app
            .call(
                &broke.owner,
                app::api::SaveBudget {
                    tenant_id: broke.tenant.clone(),
                    timezone: "UTC".into(),
                    monthly_budget: String::new(),
                    downgrade_enabled: None,
                    downgrade_share: "20".into(),
                    locale: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let broke_bot_key = app.bot_key(&broke).await;
        for (shape, path, body) in routes("claude-haiku-4-5") {
            let ask = serde_json::to_vec(&body).expect("json");
            insta::assert_json_snapshot!(
                format!("{shape}_missing_key"),
                seen(&app, path, None, ask.clone()).await
            );
            insta::assert_json_snapshot!(
                format!("{shape}_not_json"),
                seen(&app, path, Some(&bot_key), b"{\"model\":".to_vec()).await
            );
            // The provider's own refusal of the request, passed on.
            insta::assert_json_snapshot!(
                format!("{shape}_provider_refusal"),
                seen(&app, path, Some(&bot_key), ask.clone()).await
            );
            // Starter: only keys provisioned into a bot may call.
            insta::assert_json_snapshot!(
                format!("{shape}_plan_without_api_access"),
                seen(&app, path, Some(&starter.key), ask).await
            );
        }
        for (shape, path, body) in routes("claude-opus-4-5") {
            let ask = serde_json::to_vec(&body).expect("json");
            insta::assert_json_snapshot!(
                format!("{shape}_model_outside_the_plan"),
                seen(&app, path, Some(&starter_bot_key), ask.clone()).await
            );
            insta::assert_json_snapshot!(
                format!("{shape}_out_of_opus_credits"),
                seen(&app, path, Some(&broke_bot_key), ask).await
            );
        }
        for (shape, path, body) in routes("claude-unknown-9") {
            let ask = serde_json::to_vec(&body).expect("json");
            insta::assert_json_snapshot!(
                format!("{shape}_unknown_model"),
                seen(&app, path, Some(&bot_key), ask).await
            );
        }
    }
);

/// The export's rows with what changes from run to run (the time, the local day, the
/// request id) replaced by placeholders.
fn steady(csv: &str) -> String {
    csv.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return line.to_string();
            }
            let mut cells: Vec<&str> = line.split(',').collect();
            cells[0] = "[time]";
            cells[1] = "[day]";
            if let Some(last) = cells.last_mut() {
                *last = "[request id]";
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

both_backends!(
    exports_and_the_dashboard_keep_their_shape,
    |app: TestApp| async move {
        use crate::helpers::gw::{ask, post, wait_count};
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-ok", 1)])
            .await;
        let key = app.bot_key(&s).await;
        // Two identical requests: identical rows, whatever order they are read in.
        for _ in 0..2 {
            let res = post(&app, &key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 200);
        }
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1",
            &s.tenant,
            2,
        )
        .await;
        let export = |format: &'static str| {
            let url = app.url(&format!("/export/usage/{}?format={format}", s.tenant));
            let owner = s.owner.clone();
            async move {
                let res = owner.get(url).send().await.expect("export");
                assert_eq!(res.status(), 200);
                res.text().await.expect("body")
            }
        };
        insta::assert_snapshot!("export_csv", steady(&export("csv").await));
        let rows: Value = serde_json::from_str(&export("json").await).expect("json");
        insta::assert_json_snapshot!("export_json", rows, {
            "[].time_utc" => "[time]",
            "[].local_day" => "[day]",
            "[].request_id" => "[request id]",
        });

        // The demo workspace's five reference days, with what depends on today redacted.
        let owner = crate::helpers::client();
        let email = crate::helpers::unique_email("shape");
        app.sign_in(&owner, &email).await;
        let seeded = baas::costs::seed::seed_demo(&app.db, &app.secrets, &email)
            .await
            .expect("seed");
        let range = GetDashboard {
            tenant_id: seeded.tenant_id.to_string(),
            filter: UsageFilter {
                from: Some(seeded.first_day.clone()),
                to: Some(seeded.last_day.clone()),
                ..UsageFilter::default()
            },
        };
        let (status, dashboard) = app.call(&owner, range).await;
        assert_eq!(status, 200, "{dashboard}");
        insta::assert_json_snapshot!("demo_dashboard", dashboard, {
            ".from" => "[first day]",
            ".to" => "[last day]",
            ".days[]" => "[day]",
            ".month_to_date" => "[this month]",
            ".messages_month" => "[this month]",
            ".projection" => "[this month]",
            ".agents[][0]" => "[agent id]",
        });
    }
);
