//! Provisioning: every agent of a bot pointed at this BaaS's gateway, each with its own key
//! and a model from the price table.

use super::shape::{check_shape, object};
use crate::pricing::ModelPrice;
use serde_json::{Map, Value};

/// The model an agent gets on its BaaS provider when its own is not a priced Claude model.
pub const FALLBACK_MODEL: &str = "claude-sonnet-4-5";

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

/// What an owner pastes into a bot's configuration by hand to send one agent's calls through
/// BaaS: exactly what provisioning writes (the `baas-<agent>` provider with the key, the
/// gateway at `base_url`, `api: "anthropic-messages"` and the priced models, and the agent's
/// model on it), with the agent listed (Clawdbot) or keyed (OpenClaw, `keyed_agents`).
pub fn snippet(
    base_url: &str,
    agent: &Provisioned,
    prices: &[ModelPrice],
    fallback_model: &str,
    keyed_agents: bool,
) -> Result<Value, String> {
    let mut config = provision(
        &Value::Object(Map::new()),
        base_url,
        std::slice::from_ref(agent),
        prices,
        fallback_model,
    )?;
    // Merged into a config with agents of its own, it must not take the default from them.
    if let Some(list) = config["agents"]["list"].as_array_mut() {
        for entry in list.iter_mut().filter_map(Value::as_object_mut) {
            entry.remove("default");
        }
    }
    Ok(if keyed_agents {
        super::keyed(config)
    } else {
        config
    })
}

#[cfg(test)]
mod tests {
    use super::{snippet, Provisioned};

    #[test]
    fn a_snippet_points_one_agent_at_the_gateway_in_each_shape() {
        let prices = crate::pricing::default_prices();
        let agent = Provisioned {
            agent_id: "lobo".into(),
            key: "baas_vk_secret".into(),
        };
        let listed = snippet(
            "https://baas.example.com/",
            &agent,
            &prices,
            "claude-sonnet-4-5",
            false,
        )
        .expect("snippet");
        let p = &listed["models"]["providers"]["baas-lobo"];
        assert_eq!(p["baseUrl"], "https://baas.example.com");
        assert_eq!(p["apiKey"], "baas_vk_secret");
        assert_eq!(p["api"], "anthropic-messages");
        assert!(p["models"].as_array().is_some_and(|m| !m.is_empty()));
        assert_eq!(
            listed["agents"]["list"],
            serde_json::json!([{"id": "lobo", "model": "baas-lobo/claude-sonnet-4-5"}]),
            "listed, and not made the default"
        );

        let keyed = snippet(
            "https://baas.example.com",
            &agent,
            &prices,
            "claude-sonnet-4-5",
            true,
        )
        .expect("snippet");
        assert_eq!(keyed["models"], listed["models"]);
        assert_eq!(
            keyed["agents"],
            serde_json::json!({"entries": {"lobo": {"model": "baas-lobo/claude-sonnet-4-5"}}})
        );
        assert!(keyed.get("bindings").is_none());
    }
}
