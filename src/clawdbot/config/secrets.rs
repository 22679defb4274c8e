//! Secrets in a bot's configuration (API keys, tokens, provider headers), masked wherever
//! a configuration is shown or compared.

use serde_json::Value;

/// Whether a config key names a secret (an API key, a token, a password, provider headers):
/// everything under it is shown masked.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "credential",
        "authorization",
        "cookie",
        "headers",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// A secret as it may be shown: its first three and last four characters (`sk-…abcd`), or
/// only the ellipsis when it is too short to show any of it safely.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "…".to_string();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// A copy of `config` with every string under a secret-named key masked, for anything shown
/// or stored in clear (diffs, version summaries, audit entries).
pub fn redacted(config: &Value) -> Value {
    fn hide(v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(mask(s)),
            Value::Array(items) => Value::Array(items.iter().map(hide).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), hide(v))).collect())
            }
            other => other.clone(),
        }
    }
    match config {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let shown = if is_secret_key(k) {
                        hide(v)
                    } else {
                        redacted(v)
                    };
                    (k.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}
