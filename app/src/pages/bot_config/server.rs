//! The bot editor's server functions: read a bot's configuration as the editor shows it, and
//! apply one change, a rollback, provisioning or a new agent to it — each checked against the
//! caller's access, sent to the bot with its hash, versioned, and watched after it lands.
// A server function's parameters are its form's fields, and these forms have many.
#![allow(clippy::too_many_arguments)]

use crate::error::ApiError;
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, edit_failed, reach};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
#[cfg(feature = "ssr")]
use baas::i18n::Text;
use baas::model::BotConfigView;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;

/// The refusal of a model that is not in the price table.
#[cfg(feature = "ssr")]
fn unknown_model(model: &str) -> ApiError {
    ApiError::Invalid(crate::i18n::tr(
        &Text::new("botcfg-unknown-model").str("model", model),
    ))
}

/// What the bot editor's functions ask of a bot.
#[cfg(feature = "ssr")]
enum Edit<'a> {
    Change(baas::clawdbot::config::Change),
    Rollback(&'a str),
    Provision,
}

/// Applies an edit to a bot whose config was loaded at `base_hash` (the caller has checked the
/// bot is in the workspace it administers), then watches the bot come back.
#[cfg(feature = "ssr")]
async fn edit_bot(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
    base_hash: &str,
    edit: Edit<'_>,
) -> Result<i64, ApiError> {
    use baas::clawdbot::editor;
    let link = bot_link(state, bot_id)?;
    let (db, secrets) = (&state.db, &state.secrets);
    let version = match edit {
        Edit::Change(change) => {
            editor::change(db, secrets, &link, at, bot_id, base_hash, &change).await
        }
        Edit::Rollback(version_id) => {
            editor::rollback(db, secrets, &link, at, bot_id, base_hash, version_id).await
        }
        Edit::Provision => {
            let name = bot_name(state, at, bot_id).await;
            editor::provision(
                db,
                secrets,
                &link,
                at,
                bot_id,
                &name,
                base_hash,
                &state.public_url,
            )
            .await
        }
    }
    .map_err(|e| edit_failed(state, bot_id, e))?;
    watch_after(state, at, bot_id, version).await;
    Ok(version)
}

/// A bot's name, for messages (its id if it cannot be read).
#[cfg(feature = "ssr")]
async fn bot_name(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
) -> String {
    baas::clawdbot::store::list_bots(&state.db, at)
        .await
        .ok()
        .and_then(|l| l.into_iter().find(|b| b.id == bot_id))
        .map(|b| b.name)
        .unwrap_or_else(|| bot_id.to_string())
}

/// Starts watching a bot after a change applied as `version`: see
/// `baas::clawdbot::watch::watch_after_apply`.
#[cfg(feature = "ssr")]
async fn watch_after(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
    version: i64,
) {
    let bot_name = bot_name(state, at, bot_id).await;
    let applied = baas::clawdbot::watch::Applied {
        access: at.clone(),
        bot_id: bot_id.to_string(),
        bot_name,
        version,
        at: baas::clock::now(),
    };
    let (db, secrets, bots, window) = (
        state.db.clone(),
        state.secrets.clone(),
        state.bots.clone(),
        state.bot_health_window,
    );
    baas::clawdbot::watch::spawn_watch(db, secrets, bots, applied, window);
}

/// A bot's configuration as the editor shows it: groups, policies and applied versions. Read
/// from the bot when it is connected and answers in time (and kept as what BaaS last knew);
/// otherwise, at once, what BaaS last knew, with the bot's state, and nothing can be saved.
#[server(prefix = "/api", endpoint = "get_bot_config")]
pub async fn get_bot_config(tenant_id: String, bot_id: String) -> Result<BotConfigView, ApiError> {
    use baas::clawdbot::{config, editor};
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let bots = baas::clawdbot::store::list_bots(&state.db, &at).await?;
    let bot = bots
        .into_iter()
        .find(|b| b.id == bot_id)
        .ok_or_else(|| ApiError::NotFound(crate::i18n::tr(&Text::new("botcfg-bot-not-found"))))?;
    let versions = editor::versions(&state.db, &state.secrets, &at, &bot_id).await?;
    // Asked of the bot only when it is connected and answering.
    let live = answering(&state, &bot_id).await;
    let link = bot_link(&state, &bot_id).ok().filter(|_| live);
    let source =
        baas::clawdbot::reach::config_source(&state.db, &state.secrets, link.as_ref(), &bot_id)
            .await
            .map_err(|e| edit_failed(&state, &bot_id, e))?;
    let parsed = &source.parsed;
    let wa = &parsed["channels"]["whatsapp"];
    let views = versions
        .iter()
        .enumerate()
        .map(|(i, v)| baas::model::ConfigVersionView {
            id: v.id.clone(),
            version: v.version,
            summary: v.summary.clone(),
            author: v.author.clone(),
            created_at: v.created_at,
            diff: versions
                .get(i + 1)
                .map(|before| config::diff_lines(&before.config, &v.config))
                .unwrap_or_default(),
        })
        .collect();
    Ok(BotConfigView {
        bot_id: bot_id.clone(),
        bot_name: bot.name.clone(),
        hash: source.hash.clone(),
        groups: config::known_groups(parsed, &source.keys)
            .into_iter()
            .map(|g| baas::model::GroupSetting {
                agent: config::group_agent(parsed, &g.id),
                id: g.id,
                require_mention: g.require_mention,
            })
            .collect(),
        group_policy: wa["groupPolicy"].as_str().map(str::to_string),
        dm_policy: wa["dmPolicy"].as_str().map(str::to_string),
        group_allow_from: config::strings(&wa["groupAllowFrom"]),
        allow_from: config::strings(&wa["allowFrom"]),
        agents: config::agent_settings(parsed),
        mention_patterns: config::strings(&parsed["messages"]["groupChat"]["mentionPatterns"]),
        skills: config::skill_settings(parsed, &source.skills),
        models: baas::gateway::prices::load_prices(&state.db)
            .await?
            .into_iter()
            .map(|p| p.model)
            .collect(),
        versions: views,
        reach: reach(&state, bot, source.live, source.known_at),
    })
}

/// Changes one setting of a bot's config loaded at `base_hash`; `target` names the group,
/// agent or skill it is about. Settings: `mention` (group; `true`/`false`), `group_policy`,
/// `dm_policy`, `allow_from` and `group_allow_from` (numbers separated by commas or spaces), `agent_model` (agent; a
/// priced Claude model), `group_agent` (group; an agent id, empty for the default routing),
/// `mention_patterns` (agent, empty for every agent; one pattern per line), `skill` (skill;
/// `true`/`false`), `duplicate_agent` (agent; the copy's id), `remove_agent` (agent). Returns
/// the new version number.
#[server(prefix = "/api", endpoint = "change_bot_config")]
pub async fn change_bot_config(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    setting: String,
    target: String,
    value: String,
) -> Result<i64, ApiError> {
    use baas::clawdbot::config::Change;
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let change = match setting.as_str() {
        "mention" => Change::GroupMention {
            group: target,
            require: value == "true",
        },
        "group_allow_from" => Change::GroupAllowFrom(
            value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        "agent_model" => {
            let prices = baas::gateway::prices::load_prices(&state.db).await?;
            if !prices.iter().any(|p| p.model == value) {
                return Err(unknown_model(&value));
            }
            Change::AgentModel {
                agent: target,
                model: value,
            }
        }
        "group_agent" => Change::GroupAgent {
            group: target,
            agent: Some(value).filter(|v| !v.is_empty()),
        },
        "mention_patterns" => Change::MentionPatterns {
            agent: Some(target).filter(|t| !t.is_empty()),
            patterns: value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        },
        "skill" => Change::Skill {
            skill: target,
            enabled: value == "true",
        },
        "duplicate_agent" => Change::DuplicateAgent {
            from: target,
            name: value.clone(),
            id: value,
        },
        "remove_agent" => Change::RemoveAgent { id: target },
        "group_policy" => Change::GroupPolicy(value),
        "dm_policy" => Change::DmPolicy(value),
        "allow_from" => Change::AllowFrom(
            value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        other => {
            let text = Text::new("botcfg-unknown-setting").str("setting", other);
            return Err(ApiError::Invalid(crate::i18n::tr(&text)));
        }
    };
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await
}

/// Restores a stored version of a bot's configuration; returns the new version number.
#[server(prefix = "/api", endpoint = "rollback_bot_config")]
pub async fn rollback_bot_config(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    version_id: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    edit_bot(
        &state,
        &at,
        &bot_id,
        &base_hash,
        Edit::Rollback(&version_id),
    )
    .await
}

/// Points every agent of the bot at this BaaS's gateway, each with its own new virtual key.
#[server(prefix = "/api", endpoint = "provision_bot")]
pub async fn provision_bot(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Provision).await
}

/// Sets an agent's identity (name, emoji, avatar URL or path; empty values are removed).
#[server(prefix = "/api", endpoint = "set_agent_identity")]
pub async fn set_agent_identity(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    agent: String,
    name: String,
    emoji: String,
    avatar: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let change = baas::clawdbot::config::Change::Identity {
        agent,
        name,
        emoji,
        avatar,
    };
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await
}

/// Creates an agent on the bot from the wizard: id, name, emoji, model and template (`sales`,
/// `support`, `hr`). Returns the new version number.
#[server(prefix = "/api", endpoint = "add_agent_to_bot")]
pub async fn add_agent_to_bot(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    agent: String,
    name: String,
    emoji: String,
    model: String,
    template: String,
) -> Result<i64, ApiError> {
    use baas::clawdbot::config::{Change, Template};
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, &bot_id).await?;
    let template = Template::parse(&template)
        .ok_or_else(|| ApiError::Invalid(crate::i18n::tr(&Text::new("botcfg-bad-template"))))?;
    let prices = baas::gateway::prices::load_prices(&state.db).await?;
    if !prices.iter().any(|p| p.model == model) {
        return Err(unknown_model(&model));
    }
    let persona = template.persona(&name);
    let change = Change::AddAgent {
        id: agent.clone(),
        name,
        emoji: if emoji.trim().is_empty() {
            template.emoji().to_string()
        } else {
            emoji
        },
        model,
        template,
    };
    let version = edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await?;
    // On OpenClaw the template's persona becomes the new agent's SOUL.md.
    let link = bot_link(&state, &bot_id)?;
    let client = baas::clawdbot::link::BotLink::connect(&link, std::time::Duration::from_secs(10))
        .await
        .map_err(|e| {
            let text = Text::new("botreach-persona-not-written").str("why", e.to_string());
            ApiError::Invalid(crate::i18n::tr(&text))
        })?;
    if baas::clawdbot::persona::unsupported(&client).is_none() {
        baas::clawdbot::persona::seed(&state.db, &link, &at, &bot_id, &agent, &persona)
            .await
            .map_err(|e| {
                let text = Text::new("botcfg-persona-not-written").str("error", e.to_string());
                ApiError::Invalid(crate::i18n::tr(&text))
            })?;
    }
    Ok(version)
}
