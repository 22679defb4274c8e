//! Checking a config against the bot's own JSON Schema (its `config.schema` method). The schema
//! comes from the bot, so compiling it and validating against it are CPU work fed by a tenant:
//! both run on the blocking pool, with the config's size capped, and a compiled schema is kept
//! per bot and bot version so it is fetched and compiled once.

use crate::clawdbot::client::{BotClient, BotError, Transient};
use jsonschema::Validator;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest config (as JSON) that is validated or compared.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;
/// How long fetching the schema may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Problems reported at most.
const MAX_PROBLEMS: usize = 5;

/// A bot's compiled schema, and the bot version it came from.
type Compiled = (String, Arc<Validator>);

/// Compiled schemas by bot.
#[derive(Clone, Default)]
pub struct SchemaCache {
    compiled: Arc<Mutex<HashMap<String, Compiled>>>,
}

impl SchemaCache {
    fn get(&self, bot: &str, version: &str) -> Option<Arc<Validator>> {
        let compiled = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
        compiled
            .get(bot)
            .filter(|(v, _)| v == version)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, bot: &str, version: &str, schema: Arc<Validator>) {
        self.compiled
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(bot.to_string(), (version.to_string(), schema));
    }

    /// Forgets a bot's schema (the bot was removed).
    pub fn forget(&self, bot: &str) {
        self.compiled
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(bot);
    }
}

/// Why a config could not be checked, or what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{0}")]
    Bot(#[from] BotError),
    /// The config breaks the schema, is too large, or the schema cannot be used.
    #[error("{0}")]
    Invalid(String),
}

impl Transient for SchemaError {
    fn is_transient(&self) -> bool {
        matches!(self, SchemaError::Bot(e) if e.is_transient())
    }
}

/// Refuses a config larger than [`MAX_CONFIG_BYTES`].
pub fn check_size(config: &Value) -> Result<(), String> {
    let size = serde_json::to_vec(config)
        .map(|b| b.len())
        .unwrap_or(usize::MAX);
    if size > MAX_CONFIG_BYTES {
        return Err(format!(
            "the configuration is {size} bytes; BaaS edits configurations up to {MAX_CONFIG_BYTES} bytes"
        ));
    }
    Ok(())
}

async fn compiled(
    client: &BotClient,
    cache: Option<(&SchemaCache, &str)>,
) -> Result<Arc<Validator>, SchemaError> {
    let version = client.hello.server_version.clone().unwrap_or_default();
    if let Some(found) = cache.and_then(|(c, bot)| c.get(bot, &version)) {
        return Ok(found);
    }
    let v = client.request("config.schema", json!({}), TIMEOUT).await?;
    let validator = tokio::task::spawn_blocking(move || {
        let mut v = v;
        let mut schema = v.get_mut("schema").map(Value::take).unwrap_or(v);
        prepare(&mut schema);
        jsonschema::validator_for(&schema).map(Arc::new)
    })
    .await
    .map_err(|e| SchemaError::Invalid(format!("the bot's schema could not be compiled: {e}")))?
    .map_err(|e| SchemaError::Invalid(format!("the bot's schema cannot be used: {e}")))?;
    if let Some((c, bot)) = cache {
        c.put(bot, &version, validator.clone());
    }
    Ok(validator)
}

/// Checks `candidate` against the schema of the bot behind `client`; the reasons name the
/// path of each problem. `cache` keeps the compiled schema for the bot it names.
pub async fn validate(
    client: &BotClient,
    cache: Option<(&SchemaCache, &str)>,
    candidate: &Value,
) -> Result<(), SchemaError> {
    check_size(candidate).map_err(SchemaError::Invalid)?;
    let validator = compiled(client, cache).await?;
    let candidate = candidate.clone();
    let problems = tokio::task::spawn_blocking(move || {
        // Clawdbot's exported schema lists every field that has a default as required, while
        // Clawdbot itself fills those defaults in; a missing field is therefore not a problem.
        validator
            .iter_errors(&candidate)
            .filter(|e| {
                !matches!(
                    e.kind(),
                    jsonschema::error::ValidationErrorKind::Required { .. }
                )
            })
            .take(MAX_PROBLEMS)
            .map(|e| {
                let path = e.instance_path().to_string();
                let at = if path.is_empty() {
                    "/".to_string()
                } else {
                    path
                };
                format!("{at}: {e}")
            })
            .collect::<Vec<String>>()
    })
    .await
    .map_err(|e| SchemaError::Invalid(format!("the configuration could not be checked: {e}")))?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SchemaError::Invalid(format!(
            "the bot would refuse this configuration: {}",
            problems.join("; ")
        )))
    }
}

/// Makes a bot's exported schema usable by the validator: see [`rust_friendly_patterns`] and
/// [`root_local_refs`].
pub fn prepare(schema: &mut Value) {
    rust_friendly_patterns(schema);
    root_local_refs(schema, "", None);
}

/// OpenClaw embeds each plugin's config schema with its own `$defs`, and that schema's
/// references (`#/$defs/account`) still point from its own root. Each such reference is
/// rewritten to the absolute pointer of the `$defs` beside it.
pub fn root_local_refs(node: &mut Value, pointer: &str, base: Option<&str>) {
    match node {
        Value::Object(map) => {
            let own =
                (!pointer.is_empty() && map.contains_key("$defs")).then(|| pointer.to_string());
            let base = own.as_deref().or(base);
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value, base) {
                    ("$ref", Value::String(r), Some(b)) if r.starts_with("#/$defs/") => {
                        *r = format!("#{b}{}", &r[1..]);
                    }
                    (k, v, _) => {
                        let token = k.replace('~', "~0").replace('/', "~1");
                        root_local_refs(v, &format!("{pointer}/{token}"), base);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                root_local_refs(v, &format!("{pointer}/{i}"), base);
            }
        }
        _ => {}
    }
}

/// Rewrites the one ECMAScript escape the schemas use that the Rust regex engines refuse: `\0`
/// (the NUL character) becomes `\x00`, which means the same in both. OpenClaw's schema has
/// patterns like `^\/(?!\/)[^\0]*$`.
pub fn rust_friendly_patterns(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value) {
                    ("pattern", Value::String(p)) => *p = nul_escapes(p),
                    ("patternProperties", Value::Object(props)) => {
                        let renamed: serde_json::Map<String, Value> = std::mem::take(props)
                            .into_iter()
                            .map(|(k, mut v)| {
                                rust_friendly_patterns(&mut v);
                                (nul_escapes(&k), v)
                            })
                            .collect();
                        *props = renamed;
                    }
                    (_, v) => rust_friendly_patterns(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rust_friendly_patterns),
        _ => {}
    }
}

fn nul_escapes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // `\0` not followed by a digit is NUL; `\01` would be an octal escape, left alone.
            Some('0') if !chars.peek().is_some_and(char::is_ascii_digit) => out.push_str("\\x00"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_escapes_become_hex_and_nothing_else_moves() {
        assert_eq!(
            nul_escapes(r"^\/(?!\/)[^\0]*[^/\0]$"),
            r"^\/(?!\/)[^\x00]*[^/\x00]$"
        );
        assert_eq!(
            nul_escapes(r"a\\0b"),
            r"a\\0b",
            "an escaped backslash, then 0"
        );
        assert_eq!(nul_escapes(r"\d+\.\0"), r"\d+\.\x00");
        let mut schema = serde_json::json!({"properties": {"p": {"pattern": r"[^\0]"}},
            "patternProperties": {r"^\0x$": {"items": [{"pattern": r"\0"}]}}});
        rust_friendly_patterns(&mut schema);
        assert_eq!(schema["properties"]["p"]["pattern"], r"[^\x00]");
        assert_eq!(
            schema["patternProperties"][r"^\x00x$"]["items"][0]["pattern"],
            r"\x00"
        );
        assert!(
            jsonschema::validator_for(&serde_json::json!({"pattern": r"^\/(?!\/)[^\x00]*$"}))
                .is_ok()
        );
    }

    #[test]
    fn an_embedded_schemas_refs_point_to_its_own_defs() {
        let mut schema = serde_json::json!({
            "$defs": {"top": {"type": "string"}},
            "properties": {
                "a": {"$ref": "#/$defs/top"},
                "plugins": {"properties": {"im/ap": {"properties": {"config": {
                    "$defs": {"account": {"type": "integer"}},
                    "properties": {"acct": {"$ref": "#/$defs/account"}}
                }}}}}
            }
        });
        prepare(&mut schema);
        assert_eq!(schema["properties"]["a"]["$ref"], "#/$defs/top");
        assert_eq!(
            schema["properties"]["plugins"]["properties"]["im/ap"]["properties"]["config"]
                ["properties"]["acct"]["$ref"],
            "#/properties/plugins/properties/im~1ap/properties/config/$defs/account"
        );
        let v = jsonschema::validator_for(&schema).expect("compiles");
        assert!(v.is_valid(&serde_json::json!({"plugins": {"im/ap": {"config": {"acct": 3}}}})));
        assert!(!v.is_valid(&serde_json::json!({"plugins": {"im/ap": {"config": {"acct": "x"}}}})));
    }
}
