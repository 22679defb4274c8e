//! The gateway protocol of Clawdbot (protocol 3) and OpenClaw (protocol 4): WebSocket, JSON
//! text frames; the frames and the connect handshake, as pure functions. One connect frame
//! serves both: the gateway picks the protocol and says which in `hello-ok`.

use serde_json::{json, Value};

/// The oldest protocol this client speaks: Clawdbot 2026.1.
pub const MIN_PROTOCOL: u64 = 3;
/// The newest: OpenClaw 2026.9.
pub const MAX_PROTOCOL: u64 = 4;
/// The scope every management call needs (`config.patch` among them).
pub const ADMIN_SCOPE: &str = "operator.admin";
/// How this client names itself: the ids the gateway keeps scopes for on a backend connection.
pub const CLIENT_ID: &str = "gateway-client";
pub const CLIENT_MODE: &str = "backend";
pub const ROLE: &str = "operator";
pub const PLATFORM: &str = "linux";

/// The code this client gives a request it refused to send because too many wait already.
pub const BUSY: &str = "BAAS_BUSY";
/// The code of a refusal to try again shortly (OpenClaw while it starts or restarts).
pub const UNAVAILABLE: &str = "UNAVAILABLE";
/// The event OpenClaw sends before it restarts or stops.
pub const SHUTDOWN: &str = "shutdown";

/// An error a Clawdbot gateway returned for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    pub code: String,
    pub message: String,
    /// A pairing request the gateway opened for this client (`details.requestId` of a
    /// `NOT_PAIRED` refusal): what its owner approves.
    pub pairing_request: Option<String>,
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
                    pairing_request: e["details"]["requestId"].as_str().map(str::to_string),
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

/// The scopes this client asks for.
pub fn scopes() -> [&'static str; 1] {
    [ADMIN_SCOPE]
}

/// The `connect` request's parameters: a backend operator client authenticated by the
/// gateway's token, with the signed device block when the gateway needs one (see
/// [`crate::clawdbot::device`]).
pub fn connect_params(token: &str, version: &str, device: Option<Value>) -> Value {
    let mut params = json!({
        "minProtocol": MIN_PROTOCOL,
        "maxProtocol": MAX_PROTOCOL,
        "client": {
            "id": CLIENT_ID,
            "displayName": "BaaS",
            "version": version,
            "platform": PLATFORM,
            "mode": CLIENT_MODE,
        },
        "role": ROLE,
        "scopes": scopes(),
        "auth": {"token": token},
    });
    if let Some(device) = device {
        params["device"] = device;
    }
    params
}

/// The `connect.challenge` the gateway opens with: what a device signature must cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub nonce: String,
    /// The gateway's clock, Unix milliseconds (a signature's `signedAt`).
    pub ts: i64,
}

/// Reads a `connect.challenge` payload (Clawdbot's may carry neither field).
pub fn parse_challenge(payload: &Value) -> Option<Challenge> {
    Some(Challenge {
        nonce: payload["nonce"].as_str()?.to_string(),
        ts: payload["ts"].as_i64()?,
    })
}

/// Which gateway answered, from the protocol it chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Flavour {
    /// Clawdbot 2026.1 (protocol 3).
    Clawdbot,
    /// OpenClaw 2026.9 (protocol 4): keyed agents, redacted secrets, persona files.
    OpenClaw,
}

impl Flavour {
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Clawdbot => "Clawdbot",
            Flavour::OpenClaw => "OpenClaw",
        }
    }
}

/// What the gateway says about itself when it accepts a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    pub protocol: u64,
    /// The gateway's own version string, as it reports it.
    pub server_version: Option<String>,
    /// The methods it serves.
    pub methods: Vec<String>,
    /// The scopes it granted; protocol 3 grants what was asked and does not say.
    pub scopes: Vec<String>,
}

impl Hello {
    pub fn flavour(&self) -> Flavour {
        if self.protocol >= 4 {
            Flavour::OpenClaw
        } else {
            Flavour::Clawdbot
        }
    }

    /// Whether the connection may manage the bot. OpenClaw clears a token-only client's
    /// scopes unless it connects from the gateway's own machine; such a client must sign
    /// with a paired device.
    pub fn may_manage(&self) -> bool {
        self.scopes.iter().any(|s| s == ADMIN_SCOPE)
    }
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
    if !(MIN_PROTOCOL..=MAX_PROTOCOL).contains(&protocol) {
        return Err(format!(
            "the gateway speaks protocol {protocol}; this BaaS speaks {MIN_PROTOCOL} to {MAX_PROTOCOL}"
        ));
    }
    let scopes = match payload["auth"]["scopes"].as_array() {
        Some(granted) => granted
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        None if protocol == 3 => scopes().iter().map(|s| s.to_string()).collect(),
        None => Vec::new(),
    };
    Ok(Hello {
        protocol,
        scopes,
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
        assert_eq!(hello.flavour(), Flavour::Clawdbot);
        assert!(hello.may_manage(), "protocol 3 grants what was asked");
        let openclaw = parse_hello(&json!({"type": "hello-ok", "protocol": 4,
            "server": {"version": "2026.9.6"},
            "auth": {"method": "token", "role": "operator", "scopes": ["operator.admin"]}}))
        .expect("hello");
        assert_eq!(openclaw.flavour(), Flavour::OpenClaw);
        assert!(openclaw.may_manage());
        let remote = parse_hello(&json!({"type": "hello-ok", "protocol": 4,
            "auth": {"method": "token", "role": "operator", "scopes": []}}))
        .expect("hello");
        assert!(
            !remote.may_manage(),
            "a remote token-only client keeps no scopes"
        );
        let newer = parse_hello(&json!({"type": "hello-ok", "protocol": 5}));
        assert!(newer.expect_err("refused").contains("protocol 5"));
    }

    #[test]
    fn a_pairing_refusal_carries_its_request() {
        let refused = parse(
            r#"{"type":"res","id":"connect","ok":false,"error":{"code":"NOT_PAIRED","message":"pairing required: device is not approved yet","details":{"code":"PAIRING_REQUIRED","requestId":"26a8c7f1"}}}"#,
        )
        .expect("frame");
        let Frame::Res { result: Err(e), .. } = refused else {
            panic!("an error")
        };
        assert_eq!(e.pairing_request.as_deref(), Some("26a8c7f1"));
        assert_eq!(
            parse_challenge(&json!({"nonce": "n-1", "ts": 1796105799288_i64})),
            Some(Challenge {
                nonce: "n-1".into(),
                ts: 1796105799288
            })
        );
        assert_eq!(parse_challenge(&json!({})), None);
    }

    #[test]
    fn the_connect_request_is_an_operator_backend_with_the_token() {
        let frame: Value = serde_json::from_str(&request(
            "c1",
            "connect",
            connect_params("tok", "0.1.0", None),
        ))
        .expect("json");
        assert_eq!(frame["type"], "req");
        assert_eq!(frame["params"]["auth"]["token"], "tok");
        assert_eq!(frame["params"]["client"]["id"], "gateway-client");
        assert_eq!(frame["params"]["client"]["mode"], "backend");
        assert_eq!(frame["params"]["minProtocol"], 3);
        assert_eq!(frame["params"]["maxProtocol"], 4);
        assert_eq!(frame["params"]["scopes"], json!(["operator.admin"]));
        assert!(frame["params"].get("device").is_none());
    }
}
