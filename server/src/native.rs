//! `POST /api/v1/llm/completions`: the gateway's own simple protocol. A request is a model, a
//! list of messages and optional settings; the answer is the text with its exact usage and its
//! cost. It runs through the same path as `/v1/messages` (keys, limits, pool, usage records).

use crate::gateway::{admit, error_response, handle, Gateway, Reply};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use baas::gateway::error::GatewayError;
use serde_json::{json, Value};

/// Output tokens asked for when the request gives no limit.
pub const DEFAULT_MAX_TOKENS: u64 = 1024;

/// An error in the native shape.
fn native_error(e: &GatewayError) -> Response {
    error_response(
        e,
        json!({"error": {"code": e.native_code(), "message": e.message}}),
    )
}

/// Translates a native request into an Anthropic Messages body (never streaming).
pub fn to_anthropic(body: &Value) -> Result<Value, String> {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .ok_or("model is required")?;
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .ok_or("messages is required")?;
    if messages.is_empty() {
        return Err("messages must not be empty".into());
    }
    let mut out = Vec::with_capacity(messages.len());
    for m in messages {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        if role != "user" && role != "assistant" {
            return Err(format!(
                "message role must be user or assistant, not {role:?}"
            ));
        }
        let content = m
            .get("content")
            .and_then(Value::as_str)
            .ok_or("message content must be text")?;
        out.push(json!({"role": role, "content": content}));
    }
    let mut a = json!({
        "model": model,
        "max_tokens": body.get("max_tokens").and_then(Value::as_u64).unwrap_or(DEFAULT_MAX_TOKENS),
        "messages": out,
        "stream": false,
    });
    if let Some(system) = body.get("system").and_then(Value::as_str) {
        a["system"] = json!(system);
    }
    if let Some(t) = body.get("temperature").filter(|t| t.is_number()) {
        a["temperature"] = t.clone();
    }
    Ok(a)
}

/// `POST /api/v1/llm/completions`.
pub async fn completions(State(gw): State<Gateway>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let admitted = match admit(&gw, &parts.headers, body).await {
        Ok(a) => a,
        Err(e) => return native_error(&e),
    };
    let parsed: Value = match serde_json::from_slice(&admitted.body) {
        Ok(v) => v,
        Err(e) => {
            return native_error(&GatewayError::invalid(format!(
                "body is not valid JSON: {e}"
            )))
        }
    };
    let anthropic = match to_anthropic(&parsed) {
        Ok(a) => a,
        Err(msg) => return native_error(&GatewayError::invalid(msg)),
    };
    drop(admitted.permit);
    let served = match handle(
        gw.clone(),
        admitted.owner,
        parts.headers,
        Bytes::from(anthropic.to_string()),
    )
    .await
    {
        Ok(served) => served,
        Err(e) => return native_error(&e),
    };
    let Reply::Whole(body) = served.reply else {
        // `to_anthropic` never asks for a stream.
        return native_error(&GatewayError::internal());
    };
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let u = &v["usage"];
    let usage = baas::gateway::sse::usage_from(u);
    let model = v["model"].as_str().unwrap_or_default().to_string();
    let text: String = v["content"]
        .as_array()
        .map(|parts| parts.iter().filter_map(|p| p["text"].as_str()).collect())
        .unwrap_or_default();
    Json(json!({
        "id": v["id"],
        "model": model,
        "text": text,
        "stop_reason": v["stop_reason"],
        "usage": {
            "input_tokens": usage.input,
            "output_tokens": usage.output,
            "cache_read_tokens": usage.cache_read,
            "cache_write_tokens": usage.cache_write,
        },
        "cost_micro_usd": gw.cost_of(&model, &usage),
    }))
    .into_response()
}
