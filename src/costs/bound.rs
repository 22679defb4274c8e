//! The most a Messages request can cost, read from its body, so that the budget reservation is
//! a true upper bound. Most requests are bounded by their own size and `max_tokens`; a few are
//! not: content the provider fetches itself (images and documents by URL or by file id),
//! server tools (web search results, fetched pages) and MCP servers add input the body does not
//! show. Those are reserved as if they filled the model's whole context window, web searches
//! also at their fee for every search allowed, and what cannot be bounded at all (code
//! execution, billed by container time) is refused.

use serde_json::Value;

/// Input tokens a request can reach at most: the context window of current Claude models.
pub const CONTEXT_WINDOW_TOKENS: i64 = 200_000;
use crate::pricing::WEB_SEARCH_MICRO_USD;

/// What the reservation of a request has to cover beyond its body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bound {
    /// The provider adds input the body does not show: reserve the whole context window.
    pub unbounded_input: bool,
    /// The body asks for one-hour cache writes, billed at twice the input price.
    pub hour_cache: bool,
    /// Fees on top of tokens (web searches), micro-USD.
    pub fees: i64,
}

/// Words whose absence from the body proves there is nothing to look at closely, so the usual
/// request is not parsed twice.
const MARKERS: [&str; 8] = [
    "\"url\"",
    "\"file\"",
    "file_id",
    "web_search",
    "web_fetch",
    "code_execution",
    "mcp_servers",
    "\"1h\"",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Reads what beyond the body a request may cost, or why it cannot be bounded.
pub fn bound(body: &[u8]) -> Result<Bound, String> {
    if !MARKERS.iter().any(|m| contains(body, m)) {
        return Ok(Bound::default());
    }
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not valid JSON: {e}"))?;
    let mut b = Bound::default();
    if let Some(tools) = v.get("tools").and_then(Value::as_array) {
        for tool in tools {
            let kind = tool.get("type").and_then(Value::as_str).unwrap_or("custom");
            if kind.starts_with("web_search") {
                let uses = tool
                    .get("max_uses")
                    .and_then(Value::as_i64)
                    .filter(|n| *n > 0)
                    .ok_or("tools: a web_search tool needs max_uses, so that what its searches cost can be reserved in advance")?;
                b.fees = b
                    .fees
                    .saturating_add(uses.saturating_mul(WEB_SEARCH_MICRO_USD));
                b.unbounded_input = true;
            } else if kind.starts_with("web_fetch") {
                b.unbounded_input = true;
            } else if kind.starts_with("code_execution") {
                return Err("tools: code execution is billed by container time, which cannot be bounded in advance, so it is not available through this gateway".into());
            }
        }
    }
    if v.get("mcp_servers").is_some_and(|m| !m.is_null()) {
        b.unbounded_input = true;
    }
    fn walk(v: &Value, b: &mut Bound) {
        match v {
            Value::Object(m) => {
                if let Some(kind) = m
                    .get("source")
                    .and_then(|s| s.get("type"))
                    .and_then(Value::as_str)
                {
                    if kind == "url" || kind == "file" {
                        b.unbounded_input = true;
                    }
                }
                if m.get("cache_control")
                    .and_then(|c| c.get("ttl"))
                    .and_then(Value::as_str)
                    == Some("1h")
                {
                    b.hour_cache = true;
                }
                m.values().for_each(|c| walk(c, b));
            }
            Value::Array(items) => items.iter().for_each(|c| walk(c, b)),
            _ => {}
        }
    }
    for part in ["messages", "system", "tools"] {
        if let Some(p) = v.get(part) {
            walk(p, &mut b);
        }
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(v: Value) -> Result<Bound, String> {
        bound(v.to_string().as_bytes())
    }

    #[test]
    fn a_plain_request_is_bounded_by_its_body() {
        let b = of(json!({"model": "m", "max_tokens": 10, "messages": [
            {"role": "user", "content": [{"type": "text", "text": "oi", "cache_control": {"type": "ephemeral"}}]}
        ]}));
        assert_eq!(b, Ok(Bound::default()));
    }

    #[test]
    fn content_the_provider_fetches_reserves_the_whole_context() {
        for source in [
            json!({"type": "url", "url": "https://example.com/a.pdf"}),
            json!({"type": "file", "file_id": "file_1"}),
        ] {
            let b = of(json!({"messages": [{"role": "user", "content": [
                {"type": "document", "source": source}]}]}))
            .expect("bounded");
            assert!(b.unbounded_input);
            assert_eq!(b.fees, 0);
        }
        let b = of(
            json!({"messages": [], "mcp_servers": [{"type": "url", "url": "https://mcp.example"}]}),
        )
        .expect("bounded");
        assert!(b.unbounded_input);
        // A key named url inside a text is not a source.
        let b = of(json!({"messages": [{"role": "user", "content": "\"url\": not json here"}]}))
            .expect("bounded");
        assert!(!b.unbounded_input);
    }

    #[test]
    fn server_tools_are_priced_at_their_worst_case_or_refused() {
        let b = of(json!({"messages": [], "tools": [
            {"type": "web_search_20250305", "name": "web_search", "max_uses": 5}]}))
        .expect("bounded");
        assert_eq!(b.fees, 5 * WEB_SEARCH_MICRO_USD);
        assert!(b.unbounded_input);
        let why = of(json!({"messages": [], "tools": [{"type": "web_search_20250305", "name": "web_search"}]}))
            .expect_err("refused");
        assert!(why.contains("max_uses"), "{why}");
        let why = of(json!({"messages": [], "tools": [{"type": "code_execution_20250522", "name": "code_execution"}]}))
            .expect_err("refused");
        assert!(why.contains("code execution"), "{why}");
        let b = of(
            json!({"messages": [], "tools": [{"type": "web_fetch_20250910", "name": "web_fetch"}]}),
        )
        .expect("bounded");
        assert!(b.unbounded_input);
        let b = of(json!({"messages": [], "tools": [{"name": "lookup_order", "input_schema": {"type": "object",
            "properties": {"url": {"type": "string"}}}}]}))
        .expect("bounded");
        assert_eq!(
            b,
            Bound::default(),
            "a client tool with a url parameter costs nothing extra"
        );
    }

    #[test]
    fn one_hour_cache_writes_are_noticed() {
        let b = of(json!({"system": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
            "messages": []}))
        .expect("bounded");
        assert!(b.hour_cache);
    }
}
