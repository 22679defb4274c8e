//! `POST /v1/chat/completions`: the OpenAI chat-completions protocol, translated to Anthropic
//! Messages and served by the same gateway path (keys, limits, pool, usage), whose typed
//! answer and errors are rendered here in the OpenAI shape. Text
//! conversations are supported, streaming (with `stream_options.include_usage`) or not; tool
//! calls and images are refused with a clear error pointing at `/v1/messages`.

use crate::gateway::{admit, error_response, event_stream, handle, Gateway, Reply};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use baas::gateway::error::GatewayError;
use serde_json::{json, Map, Value};

/// Output tokens asked for when the client gives no limit (Anthropic requires one).
pub const DEFAULT_MAX_TOKENS: u64 = 4096;

/// An error in the OpenAI shape.
pub fn openai_error(e: &GatewayError) -> Response {
    error_response(
        e,
        json!({"error": {"message": e.message, "type": e.type_name(), "param": null, "code": null}}),
    )
}

fn text_of(content: &Value) -> Result<String, String> {
    match content {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        Value::Array(parts) => {
            let mut out = String::new();
            for p in parts {
                match p.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        out.push_str(p.get("text").and_then(Value::as_str).unwrap_or(""))
                    }
                    other => {
                        return Err(format!(
                            "content part type {:?} is not supported here; send it to /v1/messages",
                            other.unwrap_or("?")
                        ))
                    }
                }
            }
            Ok(out)
        }
        _ => Err("message content must be a string or an array of parts".into()),
    }
}

/// Translates an OpenAI chat-completions body into an Anthropic Messages body. Returns the new
/// body and whether the client asked for usage in the stream.
pub fn to_anthropic(body: &Value) -> Result<(Value, bool), String> {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .ok_or("model: field required")?;
    if body.get("tools").is_some_and(|t| !t.is_null()) || body.get("functions").is_some() {
        return Err("tools are not supported on /v1/chat/completions yet; use /v1/messages".into());
    }
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .ok_or("messages: field required")?;
    let mut system: Vec<String> = Vec::new();
    let mut out: Vec<Value> = Vec::new();
    for m in messages {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        let text = text_of(m.get("content").unwrap_or(&Value::Null))?;
        match role {
            "system" | "developer" => system.push(text),
            "user" | "assistant" => {
                if m.get("tool_calls").is_some_and(|t| !t.is_null()) {
                    return Err("tool calls are not supported on /v1/chat/completions yet; use /v1/messages".into());
                }
                out.push(json!({"role": role, "content": text}));
            }
            other => {
                return Err(format!(
                    "message role {other:?} is not supported here; use /v1/messages"
                ))
            }
        }
    }
    let max_tokens = body
        .get("max_completion_tokens")
        .or_else(|| body.get("max_tokens"))
        .and_then(Value::as_u64)
        .unwrap_or(DEFAULT_MAX_TOKENS);
    let mut a = Map::new();
    a.insert("model".into(), json!(model));
    a.insert("max_tokens".into(), json!(max_tokens));
    a.insert("messages".into(), Value::Array(out));
    if !system.is_empty() {
        a.insert("system".into(), json!(system.join("\n\n")));
    }
    for key in ["temperature", "top_p"] {
        if let Some(v) = body.get(key).filter(|v| v.is_number()) {
            a.insert(key.into(), v.clone());
        }
    }
    match body.get("stop") {
        Some(Value::String(s)) => {
            a.insert("stop_sequences".into(), json!([s]));
        }
        Some(Value::Array(list)) => {
            a.insert("stop_sequences".into(), Value::Array(list.clone()));
        }
        _ => {}
    }
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    a.insert("stream".into(), json!(stream));
    let include_usage = body
        .pointer("/stream_options/include_usage")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok((Value::Object(a), include_usage))
}

fn finish_reason(stop: Option<&str>) -> Value {
    match stop {
        Some("max_tokens") => json!("length"),
        Some("tool_use") => json!("tool_calls"),
        Some(_) => json!("stop"),
        None => Value::Null,
    }
}

fn openai_usage(u: &Value) -> Value {
    let n = |k: &str| u.get(k).and_then(Value::as_i64).unwrap_or(0);
    let cached = n("cache_read_input_tokens");
    let prompt = n("input_tokens") + cached + n("cache_creation_input_tokens");
    let completion = n("output_tokens");
    json!({
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached},
    })
}

/// Translates a whole Anthropic message into an OpenAI chat completion.
pub fn from_anthropic(msg: &Value, created: i64) -> Value {
    let text: String = msg["content"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "id": format!("chatcmpl-{}", msg["id"].as_str().unwrap_or("baas")),
        "object": "chat.completion",
        "created": created,
        "model": msg["model"],
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "finish_reason": finish_reason(msg["stop_reason"].as_str()),
        }],
        "usage": openai_usage(&msg["usage"]),
    })
}

/// Turns Anthropic stream events into OpenAI chunks, one event at a time.
pub struct ChunkTranslator {
    id: String,
    model: String,
    created: i64,
    include_usage: bool,
    usage: Value,
    buf: Vec<u8>,
}

impl ChunkTranslator {
    /// A translator for one response.
    pub fn new(created: i64, include_usage: bool) -> Self {
        Self {
            id: "chatcmpl-baas".into(),
            model: String::new(),
            created,
            include_usage,
            usage: json!({}),
            buf: Vec::new(),
        }
    }

    fn chunk(&self, delta: Value, finish: Value) -> String {
        let c = json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        });
        format!("data: {c}\n\n")
    }

    /// Feeds Anthropic SSE bytes; returns the OpenAI SSE text they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> String {
        self.buf.extend_from_slice(bytes);
        let mut out = String::new();
        while let Some(at) = self.buf.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = self.buf.drain(..at + 2).collect();
            let text = String::from_utf8_lossy(&event);
            let data: String = text
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim_start)
                .collect();
            let Ok(v) = serde_json::from_str::<Value>(&data) else {
                continue;
            };
            match v["type"].as_str().unwrap_or("") {
                "message_start" => {
                    let m = &v["message"];
                    if let Some(id) = m["id"].as_str() {
                        self.id = format!("chatcmpl-{id}");
                    }
                    self.model = m["model"].as_str().unwrap_or("").to_string();
                    self.usage = m["usage"].clone();
                    out.push_str(
                        &self.chunk(json!({"role": "assistant", "content": ""}), Value::Null),
                    );
                }
                "content_block_delta" => {
                    if let Some(t) = v["delta"]["text"].as_str() {
                        out.push_str(&self.chunk(json!({"content": t}), Value::Null));
                    }
                }
                "message_delta" => {
                    if let (Some(u), Some(acc)) =
                        (v["usage"].as_object(), self.usage.as_object_mut())
                    {
                        for (k, val) in u {
                            acc.insert(k.clone(), val.clone());
                        }
                    }
                    out.push_str(
                        &self.chunk(json!({}), finish_reason(v["delta"]["stop_reason"].as_str())),
                    );
                }
                "message_stop" => {
                    if self.include_usage {
                        let c = json!({
                            "id": self.id, "object": "chat.completion.chunk", "created": self.created,
                            "model": self.model, "choices": [], "usage": openai_usage(&self.usage),
                        });
                        out.push_str(&format!("data: {c}\n\n"));
                    }
                    out.push_str("data: [DONE]\n\n");
                }
                "error" => {
                    let e = &v["error"];
                    let err = json!({"error": {"message": e["message"], "type": e["type"], "param": null, "code": null}});
                    out.push_str(&format!("data: {err}\n\n"));
                }
                _ => {}
            }
        }
        out
    }
}

/// `POST /v1/chat/completions`.
pub async fn chat_completions(State(gw): State<Gateway>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let admitted = match admit(&gw, &parts.headers, body).await {
        Ok(a) => a,
        Err(e) => return openai_error(&e),
    };
    let parsed: Value = match serde_json::from_slice(&admitted.body) {
        Ok(v) => v,
        Err(e) => {
            return openai_error(&GatewayError::invalid(format!(
                "body is not valid JSON: {e}"
            )))
        }
    };
    let (anthropic, include_usage) = match to_anthropic(&parsed) {
        Ok(t) => t,
        Err(msg) => return openai_error(&GatewayError::invalid(msg)),
    };
    drop(admitted.permit);
    let created = baas::clock::now();
    let served = match handle(
        gw,
        admitted.owner,
        parts.headers,
        Bytes::from(anthropic.to_string()),
    )
    .await
    {
        Ok(served) => served,
        Err(e) => return openai_error(&e),
    };
    match served.reply {
        Reply::Events(events) => {
            let mut translator = ChunkTranslator::new(created, include_usage);
            event_stream(events, move |chunk| {
                Ok(Bytes::from(translator.feed(&chunk)))
            })
        }
        Reply::Whole(body) => {
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            Json(from_anthropic(&v, created)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_translate_with_system_prompt_and_defaults() {
        let (a, usage) = to_anthropic(&json!({
            "model": "claude-sonnet-4-5",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Oi"}]},
            ],
            "stop": "FIM",
            "stream": true,
            "stream_options": {"include_usage": true},
        }))
        .expect("translates");
        assert!(usage);
        assert_eq!(a["system"], "Be brief.");
        assert_eq!(a["messages"], json!([{"role": "user", "content": "Oi"}]));
        assert_eq!(a["max_tokens"], DEFAULT_MAX_TOKENS);
        assert_eq!(a["stop_sequences"], json!(["FIM"]));
        assert_eq!(a["stream"], true);
    }

    #[test]
    fn unsupported_features_are_refused_with_a_pointer() {
        for body in [
            json!({"model": "m", "messages": [], "tools": [{"type": "function"}]}),
            json!({"model": "m", "messages": [{"role": "tool", "content": "x"}]}),
            json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}),
        ] {
            assert!(to_anthropic(&body)
                .expect_err("refused")
                .contains("/v1/messages"));
        }
        assert!(to_anthropic(&json!({"messages": []})).is_err());
    }

    #[test]
    fn stream_events_become_chunks_with_usage_and_done() {
        let mut t = ChunkTranslator::new(1, true);
        let sse = concat!(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1,\"cache_read_input_tokens\":5}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Olá\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        );
        let (a, b) = sse.as_bytes().split_at(50);
        let out = format!("{}{}", t.feed(a), t.feed(b));
        let chunks: Vec<Value> = out
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter(|d| *d != "[DONE]")
            .map(|d| serde_json::from_str(d).expect("json"))
            .collect();
        assert_eq!(chunks[1]["choices"][0]["delta"]["content"], "Olá");
        assert_eq!(chunks[2]["choices"][0]["finish_reason"], "stop");
        assert_eq!(chunks[3]["usage"]["prompt_tokens"], 15);
        assert_eq!(chunks[3]["usage"]["completion_tokens"], 7);
        assert!(out.ends_with("data: [DONE]\n\n"));
    }
}
