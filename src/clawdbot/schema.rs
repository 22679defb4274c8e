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
        let schema = v.get("schema").unwrap_or(&v);
        jsonschema::validator_for(schema).map(Arc::new)
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
