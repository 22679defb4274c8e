//! The LLM gateway through its real route, against the mock provider on loopback: answers
//! arrive intact, usage is recorded exactly and priced from the table, failover hides failing
//! credentials, a broken stream ends in an SSE error, and bad requests are refused in the
//! Anthropic error shape without being charged.

use crate::helpers::{client, Owner, TestApp};
use crate::mock_provider;
use app::api::*;
use baas::gateway::credentials::{self, CredentialKind};
use baas::gateway::prices;
use baas::model::UsageFilter;
use baas::pricing::{cost_micro_usd, default_prices, find_price, TokenUsage};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The tenant, agent, key and mock of one gateway test.
type Setup = crate::helpers::GatewaySetup;

async fn spawn_mock() -> String {
    crate::helpers::spawn_mock().await
}

async fn setup(app: &TestApp, credentials: &[(&str, i64)]) -> Setup {
    app.gateway_setup("Lobo", "lobo", credentials).await
}

fn body(stream: bool) -> Value {
    json!({
        "model": "claude-sonnet-4-5",
        "max_tokens": 256,
        "stream": stream,
        "system": "Você é o Lobo, assistente da VM Deco.",
        "messages": [{"role": "user", "content": "Qual o horário da loja amanhã?"}],
    })
}

/// How many calls the mock provider received, per credential secret.
async fn mock_calls(mock: &str) -> Value {
    reqwest::get(format!("{mock}/__mock/calls"))
        .await
        .expect("calls")
        .json()
        .await
        .expect("json")
}

async fn post(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    client()
        .post(app.url("/v1/messages"))
        .header("x-api-key", key)
        .header("anthropic-version", "2023-06-01")
        .json(body)
        .send()
        .await
        .expect("gateway request")
}

type Row = (
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
    i64,
    Option<String>,
);

async fn wait_records(app: &TestApp, n: usize) -> Vec<Row> {
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT tenant_id, agent_id, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                    cost_micro_usd, status, failovers, streamed, model_served
             FROM usage_records ORDER BY created_at, id",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("records");
        if rows.len() >= n {
            return rows;
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {n} usage records written",
            rows.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn expected_usage(b: &Value) -> TokenUsage {
    TokenUsage {
        input: mock_provider::input_tokens(b),
        output: mock_provider::output_tokens(),
        ..TokenUsage::default()
    }
}

both_backends!(
    answers_and_usage_match_streamed_or_not,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok", 1)]).await;
        let b = body(false);
        let res = post(&app, &s.key, &b).await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["content"][0]["text"], mock_provider::REPLY);

        let res = post(&app, &s.key, &body(true)).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        let text = res.text().await.expect("stream");
        assert!(text.contains("event: message_stop"));
        let streamed_text: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .filter_map(|v| v["delta"]["text"].as_str().map(str::to_string))
            .collect();
        assert_eq!(
            streamed_text,
            mock_provider::REPLY,
            "the answer arrives intact"
        );
        let delta: Value = text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .find(|v| v["type"] == "message_delta")
            .expect("message_delta");
        let expected = expected_usage(&b);
        assert_eq!(
            delta["usage"]["input_tokens"], expected.input,
            "complete usage in message_delta"
        );
        assert_eq!(delta["usage"]["output_tokens"], expected.output);

        let rows = wait_records(&app, 2).await;
        let price = find_price(&default_prices(), "claude-sonnet-4-5")
            .cloned()
            .expect("price");
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                (&r.0, &r.1),
                (&s.tenant, &s.agent),
                "attributed to the key's tenant and agent"
            );
            assert_eq!(
                (r.2, r.3, r.4, r.5),
                (expected.input, expected.output, 0, 0),
                "record {i}"
            );
            assert_eq!(r.6, cost_micro_usd(&price, &expected));
            assert!(r.6 > 0);
            assert_eq!(r.7, "ok");
            assert_eq!(r.10.as_deref(), Some("claude-sonnet-4-5"));
        }
        let mut streamed: Vec<i64> = rows.iter().map(|r| r.9).collect();
        streamed.sort();
        assert_eq!(streamed, vec![0, 1], "one plain, one streamed, same counts");
        let (requests, cost): (i64, i64) = sqlx::query_as(
        "SELECT requests, cost_micro_usd FROM usage_rollups WHERE period = 'day' AND tenant_id = $1",
    )
    .bind(&s.tenant)
    .fetch_one(&app.db.pool)
    .await
    .expect("rollup");
        assert_eq!((requests, cost), (2, 2 * cost_micro_usd(&price, &expected)));
    }
);

both_backends!(
    failover_hides_failing_credentials_and_the_breaker_opens,
    |app: TestApp| async move {
        let s = setup(
            &app,
            &[("sk-mock-529-primary", 1), ("sk-mock-ok-secondary", 2)],
        )
        .await;
        for i in 0..6 {
            let stream = i % 2 == 1;
            let res = post(&app, &s.key, &body(stream)).await;
            assert_eq!(res.status(), 200, "request {i}");
            let text = res.text().await.expect("body");
            assert!(text.contains("end_turn"), "request {i}: {text}");
            assert!(!text.contains("overloaded"), "no client-visible error");
        }
        let rows = wait_records(&app, 6).await;
        let mut failovers: Vec<i64> = rows.iter().map(|r| r.8).collect();
        failovers.sort();
        let threshold = server::gateway::BREAKER_THRESHOLD as usize;
        // The first requests fail over once each; then the breaker is open and the primary skipped.
        let mut expected = vec![0; 6 - threshold];
        expected.extend(vec![1; threshold]);
        assert_eq!(failovers, expected);
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(calls["sk-mock-529-primary"], threshold as u64);
        assert_eq!(calls["sk-mock-ok-secondary"], 6);
    }
);

both_backends!(
    rate_limited_credential_cools_down,
    |app: TestApp| async move {
        let s = setup(
            &app,
            &[("sk-mock-429-primary", 1), ("sk-mock-ok-secondary", 2)],
        )
        .await;
        for _ in 0..3 {
            assert_eq!(post(&app, &s.key, &body(false)).await.status(), 200);
        }
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(
            calls["sk-mock-429-primary"], 1,
            "cooling down until its reset"
        );
        assert_eq!(calls["sk-mock-ok-secondary"], 3);
    }
);

both_backends!(
    a_stream_broken_mid_way_ends_with_an_error_event,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-drop", 1)]).await;
        let res = post(&app, &s.key, &body(true)).await;
        assert_eq!(res.status(), 200, "headers were already sent");
        let text = res.text().await.unwrap_or_default();
        assert!(text.contains("event: message_start"));
        assert!(text.contains("event: error"), "{text}");
        assert!(!text.contains("message_stop"), "never a clean end: {text}");
        let rows = wait_records(&app, 1).await;
        assert_eq!(rows[0].7, "upstream_error_mid_stream");
        assert!(
            rows[0].2 > 0,
            "input tokens from message_start are still counted"
        );
        assert!(
            rows[0].3 > 1,
            "output is estimated from the content streamed before the break, not left at 1"
        );
    }
);

both_backends!(
    bad_requests_get_anthropic_errors_and_cost_nothing,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok", 1)]).await;
        let c = client();
        let send = |key: Option<&str>, body: Vec<u8>| {
            let mut r = c
                .post(app.url("/v1/messages"))
                .header("content-type", "application/json")
                .body(body);
            if let Some(k) = key {
                r = r.header("x-api-key", k.to_string());
            }
            r.send()
        };
        let ok_body = serde_json::to_vec(&body(false)).expect("json");
        let cases: Vec<(Option<&str>, Vec<u8>, u16, &str)> = vec![
            (None, ok_body.clone(), 401, "authentication_error"),
            (
                Some("baas_vk_not-a-real-key"),
                ok_body.clone(),
                401,
                "authentication_error",
            ),
            (
                Some(&s.key),
                b"{not json".to_vec(),
                400,
                "invalid_request_error",
            ),
            (
                Some(&s.key),
                br#"{"model":"claude-sonnet-4-5","messages":[]}"#.to_vec(),
                400,
                "invalid_request_error",
            ),
            (
                Some(&s.key),
                br#"{"max_tokens":5,"messages":[]}"#.to_vec(),
                400,
                "invalid_request_error",
            ),
            (
                Some(&s.key),
                br#"{"model":"gpt-9","max_tokens":5,"messages":[]}"#.to_vec(),
                404,
                "not_found_error",
            ),
            (
                Some(&s.key),
                vec![b' '; server::gateway::MAX_GATEWAY_BODY + 1],
                413,
                "request_too_large",
            ),
        ];
        for (key, b, status, kind) in cases {
            let res = send(key, b).await.expect("send");
            assert_eq!(res.status(), status, "{kind}");
            let v: Value = res.json().await.expect("json error body");
            assert_eq!(v["type"], "error");
            assert_eq!(v["error"]["type"], kind);
        }
        // A key revoked behind this process's back (another server, the CLI) stops working
        // within the key cache's lifetime; malformed bodies probe it without being charged.
        let (key_id,): (String,) = sqlx::query_as("SELECT id FROM virtual_keys")
            .fetch_one(&app.db.pool)
            .await
            .expect("id");
        sqlx::query("UPDATE virtual_keys SET revoked_at = 1 WHERE id = $1")
            .bind(&key_id)
            .execute(&app.db.pool)
            .await
            .expect("revoke");
        let deadline = std::time::Instant::now() + crate::helpers::PATIENCE;
        loop {
            let status = send(Some(&s.key), b"{".to_vec())
                .await
                .expect("send")
                .status();
            if status == 401 {
                break;
            }
            assert_eq!(status, 400, "a cached key still gets its body checked");
            assert!(
                std::time::Instant::now() < deadline,
                "revocation not seen in time"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(post(&app, &s.key, &body(false)).await.status(), 401);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM usage_records")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n, 0, "nothing charged");
    }
);

both_backends!(
    dashboard_keys_work_at_once_and_roles_are_enforced,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("keys").await;
        let mock = spawn_mock().await;
        credentials::add_credential(
            &app.db,
            &app.secrets,
            "main",
            CredentialKind::AnthropicApiKey,
            &mock,
            "sk-mock-ok",
            1,
        )
        .await
        .expect("credential");
        app.gateway.reload_pool().await.expect("reload");

        let (status, agent) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.to_string(),
                    name: "Águia".to_string(),
                    clawdbot_agent_id: "aguia".to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{agent}");
        let agent_id = agent["id"].as_str().expect("id").to_string();
        let (status, dup) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.to_string(),
                    name: "Other".to_string(),
                    clawdbot_agent_id: "aguia".to_string(),
                },
            )
            .await;
        assert_eq!(status, 409, "{dup}");
        let (status, bad) = app
            .call(
                &owner,
                CreateAgent {
                    tenant_id: tenant.to_string(),
                    name: "Bad".to_string(),
                    clawdbot_agent_id: "no spaces".to_string(),
                },
            )
            .await;
        assert_eq!(status, 400, "{bad}");

        let (status, created) = app
            .call(
                &owner,
                CreateKey {
                    tenant_id: tenant.to_string(),
                    agent_id: agent_id.to_string(),
                    name: "prod".to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{created}");
        let key = created["key"].as_str().expect("key").to_string();
        assert!(baas::gateway::keys::well_formed(&key));
        let (_, listed) = app
            .call(
                &owner,
                ListKeys {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert!(
            !listed.to_string().contains(&key),
            "the key is never listed"
        );
        assert_eq!(listed[0]["last_used_at"], Value::Null);

        assert_eq!(post(&app, &key, &body(false)).await.status(), 200);
        // Last use is recorded in the background: wait for it, within a bound.
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let (_, listed) = app
                .call(
                    &owner,
                    ListKeys {
                        tenant_id: tenant.to_string(),
                    },
                )
                .await;
            if listed[0]["last_used_at"].as_i64().is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "last use never recorded");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // Viewers see agents but cannot manage agents or keys.
        let (viewer, _) = app
            .add_member(
                &owner,
                &tenant,
                &crate::helpers::unique_email("v"),
                baas::roles::Role::Viewer,
            )
            .await;
        let (status, _) = app
            .call(
                &viewer,
                ListAgents {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        for (name, args) in [
            ("list_keys", vec![("tenant_id", tenant.as_str())]),
            (
                "create_agent",
                vec![
                    ("tenant_id", tenant.as_str()),
                    ("name", "x"),
                    ("clawdbot_agent_id", "x"),
                ],
            ),
            (
                "create_key",
                vec![
                    ("tenant_id", tenant.as_str()),
                    ("agent_id", agent_id.as_str()),
                    ("name", "x"),
                ],
            ),
        ] {
            let (status, e) = app.call_raw(&viewer, name, &args).await;
            assert_eq!(status, 403, "{name}: {e}");
        }

        let key_id = created["view"]["id"].as_str().expect("id").to_string();
        let (status, _) = app
            .call(
                &owner,
                RevokeKey {
                    tenant_id: tenant.to_string(),
                    key_id: key_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            post(&app, &key, &body(false)).await.status(),
            401,
            "revoked at once"
        );
        let (_, page) = app
            .call(
                &owner,
                AuditLog {
                    tenant_id: tenant.to_string(),
                    before: None,
                },
            )
            .await;
        let actions: Vec<&str> = page["entries"]
            .as_array()
            .expect("e")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        for a in ["agent_created", "key_created", "key_revoked"] {
            assert!(actions.contains(&a), "{a} missing: {actions:?}");
        }
    }
);

async fn agent_limit_is_enforced(backend: crate::helpers::Backend) {
    let app = crate::helpers::spawn_app_with(backend, &[("BAAS_AGENT_RPM", "2")]).await;
    let s = setup(&app, &[("sk-mock-ok", 1)]).await;
    assert_eq!(post(&app, &s.key, &body(false)).await.status(), 200);
    assert_eq!(post(&app, &s.key, &body(true)).await.status(), 200);
    let res = post(&app, &s.key, &body(false)).await;
    assert_eq!(res.status(), 429);
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .expect("h")
        .parse()
        .expect("secs");
    assert!((1..=60).contains(&retry), "{retry}");
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["error"]["type"], "rate_limit_error");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("agent requests per minute"));
    let rows = wait_records(&app, 2).await;
    assert_eq!(rows.len(), 2, "the limited request is not charged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_requests_per_minute_are_limited_sqlite() {
    agent_limit_is_enforced(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_requests_per_minute_are_limited_postgres() {
    agent_limit_is_enforced(crate::helpers::Backend::Postgres).await;
}

both_backends!(the_usage_page_sums_the_rollups, |app: TestApp| async move {
    let s = setup(&app, &[("sk-mock-ok", 1)]).await;
    let args = GetDashboard {
        tenant_id: s.tenant.clone(),
        filter: UsageFilter::default(),
    };
    let (status, empty) = app.call(&s.owner, args.clone()).await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["requests"], 0);
    for stream in [false, true, false] {
        assert_eq!(post(&app, &s.key, &body(stream)).await.status(), 200);
    }
    let rows = wait_records(&app, 3).await;
    let cost: i64 = rows.iter().map(|r| r.6).sum();
    let input: i64 = rows.iter().map(|r| r.2).sum();
    let (status, d) = app.call(&s.owner, args).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["requests"], 3, "{d}");
    assert_eq!(d["cost"], cost);
    assert_eq!(d["month_to_date"], cost);
    // A message counts once answered, the streamed one whose client left once the answer
    // had begun to flow included.
    let answered = app
        .count(
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1
               AND (status = 'ok' OR (status = 'client_disconnected' AND output_tokens > 0))",
            &s.tenant,
        )
        .await;
    assert_eq!(d["messages_month"], answered);
    assert_eq!(d["tokens"]["input"], input);
    assert_eq!(d["by_agent"][0][0], "Lobo");
    assert_eq!(d["by_model"][0][0], "claude-sonnet-4-5");
    assert_eq!(d["by_model"][0][1], cost);
});

both_backends!(
    headroom_steers_traffic_within_a_tier,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok-low", 1), ("sk-mock-ok-roomy", 1)]).await;
        for _ in 0..5 {
            assert_eq!(post(&app, &s.key, &body(false)).await.status(), 200);
        }
        let calls: Value = mock_calls(&s.mock).await;
        // Unknown headroom counts as full, so the first call may go to either; once the low one has
        // reported 2.5% headroom, the roomy one takes the traffic.
        assert!(
            calls["sk-mock-ok-low"].as_u64().unwrap_or(0) <= 1,
            "{calls}"
        );
        assert!(
            calls["sk-mock-ok-roomy"].as_u64().unwrap_or(0) >= 4,
            "{calls}"
        );
    }
);

both_backends!(
    refused_subscriptions_fall_back_to_the_paid_key_with_alerts,
    |app: TestApp| async move {
        let s = setup(&app, &[("sub-mock-thirdparty", 1), ("sk-mock-ok-paid", 9)]).await;
        for _ in 0..3 {
            let res = post(&app, &s.key, &body(false)).await;
            assert_eq!(res.status(), 200, "no client-visible error");
        }
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(
            calls["sub-mock-thirdparty"], 1,
            "set aside after the refusal: {calls}"
        );
        assert_eq!(calls["sk-mock-ok-paid"], 3);
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let kinds: Vec<(String,)> =
                sqlx::query_as("SELECT kind FROM alert_events ORDER BY kind")
                    .fetch_all(&app.db.pool)
                    .await
                    .expect("alerts");
            let kinds: Vec<String> = kinds.into_iter().map(|(k,)| k).collect();
            if kinds.len() >= 2 {
                assert_eq!(
                    kinds,
                    vec!["paid_key_fallback", "subscription_refused"],
                    "each raised once"
                );
                break;
            }
            assert!(Instant::now() < deadline, "alerts not recorded: {kinds:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
);

both_backends!(
    subscriptions_come_first_and_carry_the_oauth_header,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok-paid", 9), ("sub-mock-ok", 1)]).await;
        for _ in 0..2 {
            assert_eq!(post(&app, &s.key, &body(true)).await.status(), 200);
        }
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(calls["sub-mock-ok"], 2, "sent as a bearer token: {calls}");
        assert_eq!(calls.get("sk-mock-ok-paid"), None);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM alert_events")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n, 0, "no fallback, no alert");
    }
);

both_backends!(
    operator_prices_apply_and_unpriced_models_alert_but_still_cost,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok", 1)]).await;
        let custom = baas::pricing::ModelPrice {
            model: "claude-sonnet-4-5".into(),
            input: 2_000_000,
            output: 10_000_000,
            cache_read: 200_000,
            cache_write: 2_500_000,
        };
        prices::set_price(&app.db, &custom).await.expect("price");
        app.gateway.reload_pool().await.expect("reload");
        let b = body(false);
        assert_eq!(post(&app, &s.key, &b).await.status(), 200);
        let rows = wait_records(&app, 1).await;
        assert_eq!(
            rows[0].6,
            cost_micro_usd(&custom, &expected_usage(&b)),
            "the operator's price"
        );

        // A model no table knows: charged at the highest known price, one alert.
        let unlisted = setup(&app, &[("sk-mock-unlisted", 0)]).await;
        for _ in 0..2 {
            assert_eq!(post(&app, &unlisted.key, &b).await.status(), 200);
        }
        let rows = wait_records(&app, 3).await;
        let costliest = baas::pricing::costliest(&default_prices())
            .cloned()
            .expect("table");
        let unpriced: Vec<&Row> = rows
            .iter()
            .filter(|r| r.10.as_deref() == Some("claude-unlisted-1"))
            .collect();
        assert_eq!(unpriced.len(), 2);
        for r in unpriced {
            assert_eq!(r.6, cost_micro_usd(&costliest, &expected_usage(&b)));
            assert!(r.6 > 0, "never free");
        }
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM alert_events WHERE kind = 'unpriced_model'")
                    .fetch_one(&app.db.pool)
                    .await
                    .expect("n");
            if n >= 1 {
                assert_eq!(n, 1, "raised once");
                break;
            }
            assert!(Instant::now() < deadline, "no unpriced-model alert");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
);

both_backends!(
    a_refused_credential_is_the_operators_problem_not_the_tenants,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-revoked", 1), ("sk-mock-ok-backup", 2)]).await;
        let res = post(&app, &s.key, &body(false)).await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.expect("body");
        assert!(
            !text.contains("invalid x-api-key"),
            "the provider's refusal is not shown to the tenant"
        );
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM alert_events WHERE kind = 'credential_refused'",
            )
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
            if n == 1 {
                break;
            }
            assert!(Instant::now() < deadline, "no credential_refused alert");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
);

both_backends!(
    the_native_route_answers_with_usage_and_cost,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok", 1)]).await;
        let native = json!({
            "model": "claude-sonnet-4-5",
            "system": "Você é o Lobo, assistente da VM Deco.",
            "messages": [{"role": "user", "content": "Qual o horário da loja amanhã?"}],
            "max_tokens": 256,
        });
        let res = client()
            .post(app.url("/api/v1/llm/completions"))
            .bearer_auth(&s.key)
            .json(&native)
            .send()
            .await
            .expect("native");
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["text"], mock_provider::REPLY);
        assert_eq!(v["stop_reason"], "end_turn");
        let rows = wait_records(&app, 1).await;
        assert_eq!(v["usage"]["input_tokens"], rows[0].2);
        assert_eq!(v["usage"]["output_tokens"], rows[0].3);
        assert_eq!(
            v["cost_micro_usd"], rows[0].6,
            "the answer states what was charged"
        );

        for (body, status) in [
            (json!({"model": "claude-sonnet-4-5", "messages": []}), 400),
            (json!({"messages": [{"role": "user", "content": "x"}]}), 400),
            (
                json!({"model": "claude-sonnet-4-5", "messages": [{"role": "system", "content": "x"}]}),
                400,
            ),
            (
                json!({"model": "gpt-9", "messages": [{"role": "user", "content": "x"}]}),
                404,
            ),
        ] {
            let res = client()
                .post(app.url("/api/v1/llm/completions"))
                .bearer_auth(&s.key)
                .json(&body)
                .send()
                .await
                .expect("native");
            assert_eq!(res.status(), status, "{body}");
            let e: Value = res.json().await.expect("json");
            assert!(e["error"]["message"].is_string(), "{e}");
        }
        let res = client()
            .post(app.url("/api/v1/llm/completions"))
            .json(&native)
            .send()
            .await
            .expect("native");
        assert_eq!(res.status(), 401);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_larger_than_a_minutes_token_budget_is_too_large() {
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Backend::Sqlite,
        &[("BAAS_AGENT_TPM", "20")],
    )
    .await;
    let s = setup(&app, &[("sk-mock-ok", 1)]).await;
    let res = post(&app, &s.key, &body(false)).await;
    assert_eq!(res.status(), 413, "no retry could ever fit it");
    assert!(res.headers().get("retry-after").is_none());
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["error"]["type"], "request_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_per_minute_are_settled_with_the_real_count() {
    // Admission estimates a request at a quarter of its body's bytes; once the answer is in,
    // the counters are corrected to the provider's real input + output tokens.
    let estimate = serde_json::to_vec(&body(false)).expect("json").len() as i64 / 4;
    let real = mock_provider::input_tokens(&body(false)) + mock_provider::output_tokens();
    assert!(
        real < estimate,
        "the test needs answers smaller than the estimate"
    );
    // Room for two real answers and one more estimate: the third request fits only if the
    // first two were settled down to their real size, and a fourth does not fit.
    let tpm = 2 * real + estimate;
    assert!(3 * estimate > tpm);
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Backend::Sqlite,
        &[("BAAS_AGENT_TPM", &tpm.to_string())],
    )
    .await;
    let s = setup(&app, &[("sk-mock-ok", 1)]).await;
    for i in 0..3 {
        assert_eq!(
            post(&app, &s.key, &body(false)).await.status(),
            200,
            "request {i}"
        );
    }
    let res = post(&app, &s.key, &body(false)).await;
    assert_eq!(res.status(), 429);
    let v: Value = res.json().await.expect("json");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("agent tokens per minute"));
}

both_backends!(
    a_credential_at_its_own_limit_is_passed_over_without_a_failover,
    |app: TestApp| async move {
        let s = setup(&app, &[("sk-mock-ok-primary", 1), ("sk-mock-ok-backup", 2)]).await;
        let creds = credentials::list_credentials(&app.db).await.expect("list");
        let primary = creds
            .iter()
            .find(|c| c.priority == 1)
            .expect("primary")
            .id
            .clone();
        credentials::set_credential_limits(&app.db, &primary, Some(2), None)
            .await
            .expect("limits");
        assert!(
            credentials::set_credential_limits(&app.db, &primary, Some(0), None)
                .await
                .is_err()
        );
        app.gateway.reload_pool().await.expect("reload");
        for _ in 0..4 {
            assert_eq!(post(&app, &s.key, &body(false)).await.status(), 200);
        }
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(calls["sk-mock-ok-primary"], 2, "two per minute");
        assert_eq!(calls["sk-mock-ok-backup"], 2);
        let rows = wait_records(&app, 4).await;
        assert!(rows.iter().all(|r| r.8 == 0), "skipping is not a failover");
    }
);

both_backends!(
    a_key_the_provider_says_is_spent_rests_until_its_reset,
    |app: TestApp| async move {
        // The first answer carries `anthropic-ratelimit-requests-remaining: 0` and a reset 30 s
        // ahead: the next requests go straight to the backup, with no failed attempt.
        let s = setup(
            &app,
            &[("sk-mock-last-primary", 1), ("sk-mock-ok-backup", 2)],
        )
        .await;
        for _ in 0..3 {
            assert_eq!(post(&app, &s.key, &body(false)).await.status(), 200);
        }
        let calls: Value = mock_calls(&s.mock).await;
        assert_eq!(calls["sk-mock-last-primary"], 1);
        assert_eq!(calls["sk-mock-ok-backup"], 2);
        let rows = wait_records(&app, 3).await;
        assert!(rows.iter().all(|r| r.8 == 0));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_too_slow_to_send_its_body_gets_a_timeout_and_pays_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Backend::Sqlite,
        &[("BAAS_BODY_TIMEOUT", "1")],
    )
    .await;
    let s = setup(&app, &[("sk-mock-ok", 1)]).await;
    let addr = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "POST /v1/messages HTTP/1.1\r\nhost: {addr}\r\nx-api-key: {}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"model\":",
        s.key
    );
    tcp.write_all(head.as_bytes()).await.expect("write");
    // The rest of the body never comes; the answer must, without waiting for the client.
    let mut answer = Vec::new();
    let read = tokio::time::timeout(crate::helpers::PATIENCE, async {
        let mut buf = [0u8; 4096];
        loop {
            let n = tcp.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer to a stalled body");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains(r#""type":"error""#), "{text}");
    assert!(text.contains("did not arrive"), "{text}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM usage_records")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing charged");
}
