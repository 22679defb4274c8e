//! Clawdbot's gateway protocol (WebSocket, JSON text frames, protocol 3): the frames and the
//! connect handshake, as pure functions.

use serde_json::{json, Value};

/// The protocol version this client speaks.
pub const PROTOCOL: u64 = 3;

/// The code this client gives a request it refused to send because too many wait already.
pub const BUSY: &str = "BAAS_BUSY";

/// An error a Clawdbot gateway returned for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    pub code: String,
    pub message: String,
}

/// One frame from the gateway.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// The answer to the request with this id.
    Res {
        id: String,
        result: Result<Value, RemoteError>,
    },
    /// An event the gateway pushes.
    Event { event: String, payload: Value },
    /// A frame of a type this client does not use.
    Other,
}

/// Parses a text frame.
pub fn parse(text: &str) -> Result<Frame, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match v.get("type").and_then(Value::as_str) {
        Some("res") => {
            let id = v
                .get("id")
                .and_then(Value::as_str)
                .ok_or("a response without an id")?
                .to_string();
            let result = if v.get("ok").and_then(Value::as_bool) == Some(true) {
                Ok(v.get("payload").cloned().unwrap_or(Value::Null))
            } else {
                let e = v.get("error").cloned().unwrap_or(Value::Null);
                Err(RemoteError {
                    code: e
                        .get("code")
                        .and_then(Value::as_str)
                        .unwrap_or("UNKNOWN")
                        .to_string(),
                    message: e
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("the gateway refused the request")
                        .to_string(),
                })
            };
            Ok(Frame::Res { id, result })
        }
        Some("event") => Ok(Frame::Event {
            event: v
                .get("event")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            payload: v.get("payload").cloned().unwrap_or(Value::Null),
        }),
        Some(_) => Ok(Frame::Other),
        None => Err("a frame without a type".into()),
    }
}

/// A request frame.
pub fn request(id: &str, method: &str, params: Value) -> String {
    json!({"type": "req", "id": id, "method": method, "params": params}).to_string()
}

/// The `connect` request's parameters: a backend operator client authenticated by the
/// gateway's token.
pub fn connect_params(token: &str, version: &str) -> Value {
    json!({
        "minProtocol": PROTOCOL,
        "maxProtocol": PROTOCOL,
        "client": {
            "id": "gateway-client",
            "displayName": "BaaS",
            "version": version,
            "platform": "linux",
            "mode": "backend",
        },
        "role": "operator",
        "scopes": ["operator.admin"],
        "auth": {"token": token},
    })
}

/// What the gateway says about itself when it accepts a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    pub protocol: u64,
    /// The gateway's own version string, as it reports it.
    pub server_version: Option<String>,
    /// The methods it serves.
    pub methods: Vec<String>,
}

/// Reads the `hello-ok` payload of an accepted `connect`.
pub fn parse_hello(payload: &Value) -> Result<Hello, String> {
    if payload.get("type").and_then(Value::as_str) != Some("hello-ok") {
        return Err("the gateway did not answer connect with hello-ok".into());
    }
    let protocol = payload
        .get("protocol")
        .and_then(Value::as_u64)
        .ok_or("hello-ok without a protocol version")?;
    if protocol != PROTOCOL {
        return Err(format!(
            "the gateway speaks protocol {protocol}; this BaaS speaks {PROTOCOL}"
        ));
    }
    Ok(Hello {
        protocol,
        server_version: payload["server"]["version"].as_str().map(str::to_string),
        methods: payload["features"]["methods"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// Whether a refused `connect` means the token is wrong (as opposed to a protocol problem).
pub fn is_auth_refusal(e: &RemoteError) -> bool {
    let m = e.message.to_ascii_lowercase();
    m.contains("unauthorized") || m.contains("token") || e.code == "NOT_PAIRED"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_events_and_errors_are_read() {
        let ok = parse(r#"{"type":"res","id":"r1","ok":true,"payload":{"ok":true}}"#);
        assert_eq!(
            ok,
            Ok(Frame::Res {
                id: "r1".into(),
                result: Ok(json!({"ok": true}))
            })
        );
        let refused = parse(
            r#"{"type":"res","id":"c","ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch"}}"#,
        )
        .expect("frame");
        let Frame::Res { result: Err(e), .. } = refused else {
            panic!("an error")
        };
        assert_eq!(e.code, "INVALID_REQUEST");
        assert!(is_auth_refusal(&e));
        assert_eq!(
            parse(r#"{"type":"event","event":"health","payload":{"ok":true}}"#),
            Ok(Frame::Event {
                event: "health".into(),
                payload: json!({"ok": true})
            })
        );
        assert!(parse("nope").is_err());
        assert!(parse(r#"{"id":"x"}"#).is_err());
    }

    #[test]
    fn hello_is_checked_for_the_protocol() {
        let hello = parse_hello(&json!({"type": "hello-ok", "protocol": 3,
            "server": {"version": "2026.1.24"}, "features": {"methods": ["health", "config.get"]}}))
        .expect("hello");
        assert_eq!(hello.server_version.as_deref(), Some("2026.1.24"));
        assert!(hello.methods.iter().any(|m| m == "config.get"));
        let newer = parse_hello(&json!({"type": "hello-ok", "protocol": 4}));
        assert!(newer.expect_err("refused").contains("protocol 4"));
    }

    #[test]
    fn the_connect_request_is_an_operator_backend_with_the_token() {
        let frame: Value =
            serde_json::from_str(&request("c1", "connect", connect_params("tok", "0.1.0")))
                .expect("json");
        assert_eq!(frame["type"], "req");
        assert_eq!(frame["params"]["auth"]["token"], "tok");
        assert_eq!(frame["params"]["client"]["id"], "gateway-client");
        assert_eq!(frame["params"]["minProtocol"], 3);
    }
}
