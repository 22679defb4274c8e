//! An Anthropic-compatible upstream for tests, benchmarks and demos. It answers
//! `POST /v1/messages`, streaming or not, with deterministic token counts, and misbehaves on
//! request: the credential it is called with picks the behaviour.
//!
//! | key contains | behaviour |
//! |---|---|
//! | `529` | 529 `overloaded_error` |
//! | `500` | 500 `api_error` |
//! | `429` | 429 `rate_limit_error` with `retry-after` and reset headers |
//! | `drop` | streams the start of an answer, then drops the connection |
//! | `revoked` | 401 `authentication_error` (the credential itself is refused) |
//! | `thirdparty` | 400 `invalid_request_error`: third-party use draws from extra usage |
//! | `nocredit` | 400 `invalid_request_error`: the account's credit balance is too low |
//! | `orgrefusal` | 400 `invalid_request_error` naming the operator's organization |
//! | `badrequest` | 400 `invalid_request_error` about the request itself |
//! | `slow` | answers after 3 s |
//! | `search` | a normal answer whose usage reports 2 web searches and hour-long cache writes |
//! | `tail` | streams the answer, then waits 1 s before its final usage events |
//! | `low` | a normal answer whose rate-limit headers show 2.5% headroom |
//! | `sub` | a normal answer with subscription (`unified`) rate-limit headers |
//! | `unlisted` | a normal answer from a model that no price table knows |
//! | anything else | a normal answer |

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The reply text; its word count is the output token count.
pub const REPLY: &str =
    "Olá! Sou o assistente de teste. Posso ajudar com pedidos, horários e dúvidas.";

/// How the mock behaves for every request.
#[derive(Debug, Clone, Default)]
pub struct MockConfig {
    /// Delay before answering (and, when streaming, before the first event).
    pub latency: Duration,
    /// Pause between two streamed events (long-lived streams for load tests).
    pub stream_gap: Duration,
}

#[derive(Clone)]
struct MockState {
    config: MockConfig,
    calls: Arc<Mutex<HashMap<String, u64>>>,
    /// The system prompts of the last [`PROMPTS_KEPT`] requests, oldest first.
    prompts: Arc<Mutex<std::collections::VecDeque<String>>>,
}

/// Requests whose system prompt is kept for `/__mock/prompts`.
const PROMPTS_KEPT: usize = 32;

/// The mock's router.
pub fn router(config: MockConfig) -> Router {
    let state = MockState {
        config,
        calls: Arc::new(Mutex::new(HashMap::new())),
        prompts: Arc::default(),
    };
    Router::new()
        .route("/v1/messages", post(messages))
        .route("/__mock/calls", get(calls))
        .route("/__mock/prompts", get(prompts))
        .with_state(state)
}

/// Input tokens the mock reports for a request body: one per four bytes of its messages and
/// system prompt, at least one.
pub fn input_tokens(body: &Value) -> i64 {
    let text = format!("{}{}", body["system"], body["messages"]);
    (text.len() as i64 / 4).max(1)
}

/// Output tokens the mock reports: the reply's word count.
pub fn output_tokens() -> i64 {
    REPLY.split_whitespace().count() as i64
}

fn credential(headers: &HeaderMap) -> String {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string)
        })
        .unwrap_or_default()
}

fn error(status: u16, kind: &str, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        Json(json!({"type": "error", "error": {"type": kind, "message": message}})),
    )
        .into_response()
}

fn rate_headers(res: &mut Response, key: &str) {
    // "last": this answer used the key's last request of the window, which resets in 30 s.
    let remaining = if key.contains("last") {
        "0"
    } else if key.contains("low") {
        "100"
    } else {
        "3999"
    };
    let reset = baas::time::format_rfc3339(baas::clock::now() + 30);
    let h = res.headers_mut();
    if let Ok(v) = reset.parse() {
        h.insert("anthropic-ratelimit-requests-reset", v);
    }
    let unified: &[(&str, &str)] = if key.contains("sub") {
        &[
            ("anthropic-ratelimit-unified-status", "allowed"),
            ("anthropic-ratelimit-unified-5h-utilization", "0.5"),
            ("anthropic-ratelimit-unified-7d-utilization", "0.2"),
        ]
    } else {
        &[]
    };
    for (k, v) in [
        ("anthropic-ratelimit-requests-limit", "4000"),
        ("anthropic-ratelimit-requests-remaining", remaining),
        ("anthropic-ratelimit-tokens-limit", "2000000"),
        ("anthropic-ratelimit-tokens-remaining", "1990000"),
    ]
    .iter()
    .chain(unified)
    {
        if let Ok(v) = v.parse() {
            h.insert(*k, v);
        }
    }
}

async fn calls(State(state): State<MockState>) -> Json<Value> {
    let calls = state.calls.lock().map(|c| c.clone()).unwrap_or_default();
    Json(json!(calls))
}

/// What the last requests carried as their system prompt (a string, or its text blocks
/// joined), so a test can see what an agent was told.
async fn prompts(State(state): State<MockState>) -> Json<Value> {
    let prompts = state.prompts.lock().map(|p| p.clone()).unwrap_or_default();
    Json(json!(prompts))
}

fn system_text(body: &Value) -> String {
    match &body["system"] {
        Value::String(s) => s.clone(),
        Value::Array(blocks) => blocks
            .iter()
            .filter_map(|b| b["text"].as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

async fn messages(
    State(state): State<MockState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let key = credential(&headers);
    if let Ok(mut calls) = state.calls.lock() {
        *calls.entry(key.clone()).or_default() += 1;
    }
    if let Ok(mut prompts) = state.prompts.lock() {
        if prompts.len() == PROMPTS_KEPT {
            prompts.pop_front();
        }
        prompts.push_back(system_text(&body));
    }
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    if key.is_empty() {
        return error(401, "authentication_error", "missing API key");
    }
    if key.contains("529") {
        return error(529, "overloaded_error", "Overloaded");
    }
    if key.contains("500") {
        return error(500, "api_error", "Internal server error");
    }
    if key.contains("revoked") {
        return error(401, "authentication_error", "invalid x-api-key");
    }
    if key.contains("thirdparty") {
        return error(
            400,
            "invalid_request_error",
            "Third-party apps now draw from your extra usage, not your plan limits.",
        );
    }
    if key.contains("nocredit") {
        return error(
            400,
            "invalid_request_error",
            "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
        );
    }
    if key.contains("orgrefusal") {
        return error(
            400,
            "invalid_request_error",
            "Your organization org-7f3k2 does not have access to claude-opus-4-5 in this workspace.",
        );
    }
    if key.contains("badrequest") {
        return error(
            400,
            "invalid_request_error",
            "messages: roles must alternate between \"user\" and \"assistant\"",
        );
    }
    if key.contains("slow") {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    if key.contains("429") {
        let mut res = error(
            429,
            "rate_limit_error",
            "Number of requests has exceeded your rate limit",
        );
        let h = res.headers_mut();
        if let Ok(v) = "30".parse() {
            h.insert("retry-after", v);
        }
        if let Ok(v) = "2099-01-01T00:00:30Z".parse() {
            h.insert("anthropic-ratelimit-requests-reset", v);
        }
        return res;
    }
    let model = if key.contains("unlisted") {
        "claude-unlisted-1".to_string()
    } else {
        body["model"]
            .as_str()
            .unwrap_or("claude-sonnet-4-5")
            .to_string()
    };
    let input = input_tokens(&body);
    let output = output_tokens();
    let stream = body["stream"].as_bool().unwrap_or(false);
    let mut usage = json!({
        "input_tokens": input,
        "output_tokens": output,
        "cache_read_input_tokens": 0,
        "cache_creation_input_tokens": 0,
    });
    if key.contains("search") {
        usage["cache_creation_input_tokens"] = json!(1000);
        usage["cache_creation"] =
            json!({"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 1000});
        usage["server_tool_use"] = json!({"web_search_requests": 2});
    }
    if !stream {
        let mut res = Json(json!({
            "id": "msg_mock",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": REPLY}],
            "stop_reason": "end_turn",
            "stop_sequence": null,
            "usage": usage,
        }))
        .into_response();
        rate_headers(&mut res, &key);
        return res;
    }
    let drop_mid_stream = key.contains("drop");
    let mut events: Vec<String> = vec![
        sse(
            "message_start",
            &json!({"type": "message_start", "message": {
            "id": "msg_mock", "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": null, "stop_sequence": null,
            "usage": {"input_tokens": input, "output_tokens": 1, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}}}),
        ),
        sse(
            "content_block_start",
            &json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ),
    ];
    let words: Vec<&str> = REPLY.split_inclusive(' ').collect();
    for w in &words {
        events.push(sse("content_block_delta", &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": w}})));
    }
    events.push(sse(
        "content_block_stop",
        &json!({"type": "content_block_stop", "index": 0}),
    ));
    let tail_at = events.len();
    events.push(sse("message_delta", &json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": output}})));
    events.push(sse("message_stop", &json!({"type": "message_stop"})));
    use futures_util::StreamExt;
    let cut = if drop_mid_stream { 4 } else { events.len() };
    let gap = state.config.stream_gap;
    let tail = key.contains("tail");
    let head = futures_util::stream::iter(events.into_iter().take(cut).enumerate()).then(
        move |(i, e)| async move {
            if i > 0 && !gap.is_zero() {
                tokio::time::sleep(gap).await;
            }
            if tail && i == tail_at {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Ok::<String, std::io::Error>(e)
        },
    );
    // The drop comes a moment later, once the first events are on the wire.
    let drop = futures_util::stream::iter(drop_mid_stream.then_some(())).then(|()| async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::other("connection dropped by the mock"))
    });
    let body = Body::from_stream(head.chain(drop));
    let mut res = Response::new(body);
    if let Ok(v) = "text/event-stream".parse() {
        res.headers_mut().insert("content-type", v);
    }
    rate_headers(&mut res, &key);
    res
}

fn sse(event: &str, data: &Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}
