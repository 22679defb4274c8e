//! What a new virtual key comes with: the gateway's base URL a bot sends its calls to, and the
//! configuration to paste into the bot (the provider entry provisioning would write) for
//! Clawdbot and for OpenClaw.

use crate::access::Access;
use crate::clawdbot::config::{snippet, Provisioned, FALLBACK_MODEL};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::gateway::{prices, store};
use crate::model::IssuedKey;

/// Creates a key for an agent of the workspace and hands it over with where and how to use
/// it; `base_url` is this BaaS's public address, where its gateway answers.
pub async fn issue_key(
    db: &Db,
    at: &Access,
    agent_id: &str,
    name: &str,
    base_url: &str,
) -> Result<IssuedKey> {
    let created = store::create_key(db, at, agent_id, name).await?;
    let agent = store::list_agents(db, at)
        .await?
        .into_iter()
        .find(|a| a.id == agent_id)
        .ok_or(Error::NotFound("agent"))?;
    let prices = prices::load_prices(db).await?;
    let provisioned = Provisioned {
        agent_id: agent.clawdbot_agent_id,
        key: created.key.clone(),
    };
    let text = |keyed: bool| -> Result<String> {
        let value = snippet(base_url, &provisioned, &prices, FALLBACK_MODEL, keyed)
            .map_err(Error::Internal)?;
        serde_json::to_string_pretty(&value).map_err(|e| Error::Internal(e.to_string()))
    };
    Ok(IssuedKey {
        clawdbot_snippet: text(false)?,
        openclaw_snippet: text(true)?,
        base_url: base_url.trim_end_matches('/').to_string(),
        key: created.key,
        view: created.view,
    })
}
