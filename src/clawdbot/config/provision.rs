//! Provisioning: every agent of a bot pointed at this BaaS's gateway, each with its own key
//! and a model from the price table.

use super::shape::{check_shape, object};
use crate::pricing::ModelPrice;
use serde_json::{Map, Value};

/// One agent to point at the BaaS gateway, with its own virtual key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    pub agent_id: String,
    pub key: String,
}

/// The model an agent keeps when it moves to BaaS: its current Claude model if priced, else
/// `fallback`.
fn model_for(agent: &Value, defaults: &Value, prices: &[ModelPrice], fallback: &str) -> String {
    let current = agent["model"]
        .as_str()
        .or_else(|| agent["model"]["primary"].as_str())
        .or_else(|| defaults["model"]["primary"].as_str())
        .or_else(|| defaults["model"].as_str())
        .unwrap_or(fallback);
    let id = current.rsplit('/').next().unwrap_or(current);
    if prices.iter().any(|p| p.model == id) {
        id.to_string()
    } else {
        fallback.to_string()
    }
}

/// Points each agent at the BaaS gateway at `base_url`: a `models.providers["baas-<agent>"]`
/// entry with that agent's key and the priced models (USD per million tokens), and the
/// agent's model set to it, so every call is attributed to the right agent.
pub fn provision(
    config: &Value,
    base_url: &str,
    agents: &[Provisioned],
    prices: &[ModelPrice],
    fallback_model: &str,
) -> Result<Value, String> {
    check_shape(config)?;
    let mut next = config.clone();
    if !next.is_object() {
        next = Value::Object(Map::new());
    }
    let usd = |micro: i64| micro as f64 / 1_000_000.0;
    let models: Vec<Value> = prices
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.model,
                "name": p.model,
                "contextWindow": 200000,
                "maxTokens": 8192,
                "cost": {"input": usd(p.input), "output": usd(p.output),
                         "cacheRead": usd(p.cache_read), "cacheWrite": usd(p.cache_write)},
            })
        })
        .collect();
    let defaults = config["agents"]["defaults"].clone();
    let mut list: Vec<Value> = config["agents"]["list"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for a in agents {
        let provider = format!("baas-{}", a.agent_id);
        let models_obj = object(&mut next, "models");
        let providers = models_obj
            .entry("providers")
            .or_insert_with(|| Value::Object(Map::new()));
        providers[provider.as_str()] = serde_json::json!({
            "baseUrl": base_url.trim_end_matches('/'),
            "apiKey": a.key,
            "api": "anthropic-messages",
            "models": models,
        });
        let pos = list.iter().position(|x| x["id"] == a.agent_id.as_str());
        let entry = match pos {
            Some(i) => &mut list[i],
            None => {
                list.push(serde_json::json!({"id": a.agent_id, "default": list.is_empty()}));
                let last = list.len() - 1;
                &mut list[last]
            }
        };
        let model = model_for(entry, &defaults, prices, fallback_model);
        entry["model"] = Value::String(format!("{provider}/{model}"));
    }
    object(&mut next, "agents").insert("list".into(), Value::Array(list));
    Ok(next)
}
