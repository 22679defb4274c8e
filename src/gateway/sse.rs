//! Reads Anthropic Messages server-sent events as they stream through: finds event
//! boundaries across arbitrary chunk splits, collects usage, and rewrites `message_delta` so it
//! carries the complete usage (Clawdbot takes its final counts from that event alone).

use crate::pricing::{Extras, TokenUsage};
use serde_json::Value;

/// Streaming state of one SSE response.
#[derive(Debug, Default)]
pub struct SseUsage {
    buf: Vec<u8>,
    start: Option<TokenUsage>,
    start_extras: Extras,
    delta: Option<Value>,
    /// The model the upstream says served the request.
    pub model: Option<String>,
    /// Whether `message_stop` was seen: the answer is complete.
    pub complete: bool,
    /// The upstream's `error` event, if one was sent.
    pub error: Option<(String, String)>,
    /// Characters of content streamed so far (text, thinking, tool input), to estimate the
    /// output of a stream that breaks before `message_delta` states it.
    streamed_chars: i64,
}

/// Characters per token assumed when a broken stream's output has to be estimated.
const CHARS_PER_TOKEN: i64 = 4;

fn field(v: &Value, name: &str) -> Option<i64> {
    v.get(name).and_then(Value::as_i64)
}

/// Reads an Anthropic `usage` object (missing classes count as zero).
pub fn usage_from(v: &Value) -> TokenUsage {
    TokenUsage {
        input: field(v, "input_tokens").unwrap_or(0),
        output: field(v, "output_tokens").unwrap_or(0),
        cache_read: field(v, "cache_read_input_tokens").unwrap_or(0),
        cache_write: field(v, "cache_creation_input_tokens").unwrap_or(0),
    }
}

/// Reads what an Anthropic `usage` object reports beyond tokens: web searches run and
/// hour-long cache writes.
pub fn extras_from(v: &Value) -> Extras {
    Extras {
        web_searches: v["server_tool_use"]["web_search_requests"]
            .as_i64()
            .unwrap_or(0),
        cache_write_1h: v["cache_creation"]["ephemeral_1h_input_tokens"]
            .as_i64()
            .unwrap_or(0),
    }
}

fn find_boundary(buf: &[u8]) -> Option<(usize, usize)> {
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let crlf = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

impl SseUsage {
    /// Feeds a chunk from upstream; appends every event it completes to `out`, unchanged
    /// except `message_delta`, whose usage is completed from `message_start`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) {
        self.buf.extend_from_slice(chunk);
        while let Some((at, sep)) = find_boundary(&self.buf) {
            let event: Vec<u8> = self.buf.drain(..at + sep).collect();
            self.handle(&event[..at], &event, out);
        }
    }

    /// Flushes a trailing event the upstream did not terminate with a blank line.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.buf.iter().any(|b| !b.is_ascii_whitespace()) {
            let event = std::mem::take(&mut self.buf);
            let mut terminated = event.clone();
            terminated.extend_from_slice(b"\n\n");
            self.handle(&event, &terminated, out);
        }
    }

    fn handle(&mut self, body: &[u8], raw: &[u8], out: &mut Vec<u8>) {
        let text = String::from_utf8_lossy(body);
        let mut name = "";
        let mut data = String::new();
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim();
            } else if let Some(v) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(v.strip_prefix(' ').unwrap_or(v));
            }
        }
        let Ok(json) = serde_json::from_str::<Value>(&data) else {
            out.extend_from_slice(raw);
            return;
        };
        let kind = json
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or(name)
            .to_string();
        match kind.as_str() {
            "message_start" => {
                let msg = &json["message"];
                self.model = msg.get("model").and_then(Value::as_str).map(str::to_string);
                self.start = Some(usage_from(&msg["usage"]));
                self.start_extras = extras_from(&msg["usage"]);
                out.extend_from_slice(raw);
            }
            "message_delta" => {
                let mut json = json;
                if let (Some(start), Some(usage)) = (self.start, json.get_mut("usage")) {
                    if let Some(obj) = usage.as_object_mut() {
                        for (key, value) in [
                            ("input_tokens", start.input),
                            ("cache_read_input_tokens", start.cache_read),
                            ("cache_creation_input_tokens", start.cache_write),
                        ] {
                            obj.entry(key).or_insert(Value::from(value));
                        }
                    }
                }
                self.delta = Some(json["usage"].clone());
                out.extend_from_slice(b"event: message_delta\ndata: ");
                out.extend_from_slice(json.to_string().as_bytes());
                out.extend_from_slice(b"\n\n");
            }
            "message_stop" => {
                self.complete = true;
                out.extend_from_slice(raw);
            }
            "content_block_delta" => {
                let d = &json["delta"];
                for key in ["text", "thinking", "partial_json"] {
                    if let Some(t) = d.get(key).and_then(Value::as_str) {
                        self.streamed_chars += t.chars().count() as i64;
                    }
                }
                out.extend_from_slice(raw);
            }
            "error" => {
                let e = &json["error"];
                self.error = Some((
                    e.get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("error")
                        .to_string(),
                    e.get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ));
                out.extend_from_slice(raw);
            }
            _ => out.extend_from_slice(raw),
        }
    }

    /// What the request used beyond tokens: as `message_delta` states it, else as
    /// `message_start` did.
    pub fn extras(&self) -> Extras {
        match &self.delta {
            Some(d) if d.get("server_tool_use").is_some() || d.get("cache_creation").is_some() => {
                extras_from(d)
            }
            _ => self.start_extras,
        }
    }

    /// The request's usage so far: input and cache counts from `message_start` unless
    /// `message_delta` restates them; output from `message_delta` (cumulative) when present,
    /// else estimated from the content streamed before the break (a cut stream is still paid
    /// for upstream, so it is never recorded as free).
    pub fn usage(&self) -> TokenUsage {
        let start = self.start.unwrap_or_default();
        match &self.delta {
            None => TokenUsage {
                output: start
                    .output
                    .max((self.streamed_chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN),
                ..start
            },
            Some(d) => TokenUsage {
                input: field(d, "input_tokens").unwrap_or(start.input),
                output: field(d, "output_tokens").unwrap_or(start.output),
                cache_read: field(d, "cache_read_input_tokens").unwrap_or(start.cache_read),
                cache_write: field(d, "cache_creation_input_tokens").unwrap_or(start.cache_write),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &str = concat!(
        "event: message_start\n",
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",",
        "\"usage\":{\"input_tokens\":1200,\"output_tokens\":1,\"cache_read_input_tokens\":800,\"cache_creation_input_tokens\":300}}}\n\n",
        "event: content_block_start\n",
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Olá, tudo bem?\"}}\n\n",
        "event: message_delta\n",
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":42}}\n\n",
        "event: message_stop\n",
        "data: {\"type\":\"message_stop\"}\n\n",
    );

    #[test]
    fn a_stream_cut_before_message_delta_estimates_its_output() {
        let cut = STREAM.split("event: message_delta").next().expect("head");
        let (s, _) = run(&[cut.as_bytes()]);
        let u = s.usage();
        assert!(!s.complete);
        assert_eq!(u.input, 1200);
        // "Olá, tudo bem?" is 14 characters: 4 tokens at 4 characters each, rounded up.
        assert_eq!(u.output, 4);
    }

    fn run(chunks: &[&[u8]]) -> (SseUsage, String) {
        let mut s = SseUsage::default();
        let mut out = Vec::new();
        for c in chunks {
            s.feed(c, &mut out);
        }
        s.finish(&mut out);
        (s, String::from_utf8(out).expect("utf8"))
    }

    #[test]
    fn usage_is_exact_for_every_split_of_the_stream() {
        let bytes = STREAM.as_bytes();
        let (whole, whole_out) = run(&[bytes]);
        let expected = TokenUsage {
            input: 1200,
            output: 42,
            cache_read: 800,
            cache_write: 300,
        };
        assert_eq!(whole.usage(), expected);
        assert!(whole.complete);
        assert_eq!(whole.model.as_deref(), Some("claude-sonnet-4-5"));
        // Every two-way split, and byte-by-byte, give the same usage and the same output.
        for cut in 0..bytes.len() {
            let (s, out) = run(&[&bytes[..cut], &bytes[cut..]]);
            assert_eq!(s.usage(), expected, "cut at {cut}");
            assert_eq!(out, whole_out, "cut at {cut}");
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        let (s, out) = run(&singles);
        assert_eq!(s.usage(), expected);
        assert_eq!(out, whole_out);
    }

    #[test]
    fn message_delta_is_completed_with_input_and_cache_counts() {
        let (_, out) = run(&[STREAM.as_bytes()]);
        let delta_line = out
            .lines()
            .find(|l| l.starts_with("data: ") && l.contains("message_delta"))
            .expect("delta");
        let v: Value = serde_json::from_str(&delta_line[6..]).expect("json");
        assert_eq!(v["usage"]["input_tokens"], 1200);
        assert_eq!(v["usage"]["output_tokens"], 42);
        assert_eq!(v["usage"]["cache_read_input_tokens"], 800);
        assert_eq!(v["usage"]["cache_creation_input_tokens"], 300);
        assert!(out.contains("Olá, tudo bem?"), "text passes through intact");
    }

    #[test]
    fn crlf_streams_errors_and_truncation_are_understood() {
        let crlf = STREAM.replace('\n', "\r\n");
        let (s, _) = run(&[crlf.as_bytes()]);
        assert_eq!(s.usage().output, 42);

        let cut = STREAM.find("event: message_delta").expect("delta");
        let (s, _) = run(&[&STREAM.as_bytes()[..cut]]);
        assert!(!s.complete, "no message_stop: truncated");
        assert_eq!(s.usage().input, 1200);

        let err = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        let (s, out) = run(&[err.as_bytes()]);
        assert_eq!(
            s.error,
            Some(("overloaded_error".into(), "Overloaded".into()))
        );
        assert_eq!(out, err);
    }
}
