//! The gateway's errors as each protocol's clients read them: one snapshot per failure and
//! wire shape (Anthropic, OpenAI, native) of the status, `retry-after`, `x-baas-limit` and body.

use crate::helpers::TestApp;
use baas::audit::Actor;
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
        baas::costs::settings::set_tenant_plan(
            &app.db,
            &Actor::operator(),
            &starter.tenant,
            "starter",
        )
        .await
        .expect("plan");
        let starter_bot_key = app.bot_key(&starter).await;
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
                seen(&app, path, Some(&starter_bot_key), ask).await
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
