//! Secrets in a bot's configuration (API keys, tokens, provider headers), masked wherever
//! a configuration is shown or compared.

use serde_json::{Map, Value};

/// What OpenClaw's `config.get` shows in place of a secret; sent back at the same place in a
/// `config.patch`, it keeps the stored secret (and it is refused anywhere else).
pub const REDACTED: &str = "__OPENCLAW_REDACTED__";

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

/// `target` (an old version being restored) with the bot's `current` secret wherever both have
/// one at the same place: a restore brings back settings, not keys rotated since. A secret only
/// the old version has comes back from it, except OpenClaw's stand-in, whose value BaaS never
/// saw: that is refused with its path. Array items with an `id` are matched by it, others by
/// position.
pub fn keep_current(target: &Value, current: &Value) -> Result<Value, String> {
    fn walk(
        t: &Value,
        c: Option<&Value>,
        secret: bool,
        path: &mut Vec<String>,
    ) -> Result<Value, String> {
        match t {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    path.push(k.clone());
                    let now = c.and_then(|c| c.get(k));
                    out.insert(k.clone(), walk(v, now, secret || is_secret_key(k), path)?);
                    path.pop();
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    let now = match v.get("id") {
                        Some(id) => c
                            .and_then(Value::as_array)
                            .and_then(|l| l.iter().find(|x| x.get("id") == Some(id))),
                        None => c.and_then(|c| c.get(i)),
                    };
                    path.push(i.to_string());
                    out.push(walk(v, now, secret, path)?);
                    path.pop();
                }
                Ok(Value::Array(out))
            }
            Value::String(s) if secret => match c {
                Some(Value::String(now)) => Ok(Value::String(now.clone())),
                _ if s == REDACTED => Err(path.join(".")),
                _ => Ok(t.clone()),
            },
            other => Ok(other.clone()),
        }
    }
    walk(target, Some(current), false, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_restore_keeps_the_bots_current_secrets_and_refuses_stand_ins_it_cannot_fill() {
        let old = json!({
            "models": {"providers": {"baas": {"apiKey": "sk-old", "headers": {"x-a": "old-h"},
                "baseUrl": "http://old"}}},
            "agents": {"list": [{"id": "b", "token": "old-b"}, {"id": "a", "token": "old-a"}]},
            "channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}}
        });
        let now = json!({
            "models": {"providers": {"baas": {"apiKey": "sk-new", "headers": {"x-a": "new-h"},
                "baseUrl": "http://new"}}},
            "agents": {"list": [{"id": "a", "token": "new-a"}]},
            "channels": {"whatsapp": {"groups": {"*": {"requireMention": false}}}}
        });
        let restored = keep_current(&old, &now).expect("restored");
        // Settings come back; secrets the bot has now stay, matched by agent id, not position.
        assert_eq!(
            restored["models"]["providers"]["baas"]["baseUrl"],
            "http://old"
        );
        assert_eq!(restored["models"]["providers"]["baas"]["apiKey"], "sk-new");
        assert_eq!(
            restored["models"]["providers"]["baas"]["headers"]["x-a"],
            "new-h"
        );
        assert_eq!(restored["agents"]["list"][1]["token"], "new-a");
        assert_eq!(
            restored["channels"]["whatsapp"]["groups"]["*"]["requireMention"],
            true
        );
        // A secret the bot no longer has comes back from the version.
        assert_eq!(restored["agents"]["list"][0]["token"], "old-b");
        // OpenClaw's stand-in is kept where the bot still has a secret (OpenClaw keeps it)...
        let redacted_now = json!({"models": {"providers": {"baas": {"apiKey": REDACTED}}}});
        let redacted_old = json!({"models": {"providers": {"baas": {"apiKey": REDACTED}}}});
        assert_eq!(
            keep_current(&redacted_old, &redacted_now).expect("kept"),
            redacted_now
        );
        // ...and refused, with its path, where there is nothing to keep.
        assert_eq!(
            keep_current(&redacted_old, &json!({})),
            Err("models.providers.baas.apiKey".to_string())
        );
    }
}
