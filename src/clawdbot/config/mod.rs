//! Editing a bot's configuration: the changes the dashboard makes, as pure functions on the
//! config document, and the RFC 7396 merge patch that carries them to the gateway.

pub use crate::agent_templates::Template;
use serde_json::{Map, Value};

/// One change an owner makes from the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `channels.whatsapp.groups["<jid>"].requireMention`; `"*"` is every group's default.
    GroupMention { group: String, require: bool },
    /// `channels.whatsapp.groupPolicy`: `open`, `allowlist` or `disabled`.
    GroupPolicy(String),
    /// `channels.whatsapp.dmPolicy`: `pairing`, `allowlist`, `open` or `disabled`.
    DmPolicy(String),
    /// `channels.whatsapp.allowFrom`: E.164 numbers allowed to message the bot directly.
    AllowFrom(Vec<String>),
    /// `channels.whatsapp.groupAllowFrom`: E.164 numbers whose group messages are answered
    /// under the allow-list group policy.
    GroupAllowFrom(Vec<String>),
    /// An agent's model (a Claude model id); kept on its BaaS provider when it has one.
    AgentModel { agent: String, model: String },
    /// Routes a WhatsApp group to an agent (`None`: back to the default routing).
    GroupAgent {
        group: String,
        agent: Option<String>,
    },
    /// Mention patterns (regular expressions), for one agent or for all (`None`).
    MentionPatterns {
        agent: Option<String>,
        patterns: Vec<String>,
    },
    /// An agent's identity: name, emoji, avatar (empty values are removed).
    Identity {
        agent: String,
        name: String,
        emoji: String,
        avatar: String,
    },
    /// `skills.entries.<skill>.enabled`.
    Skill { skill: String, enabled: bool },
    /// A new agent from the wizard.
    AddAgent {
        id: String,
        name: String,
        emoji: String,
        model: String,
        template: Template,
    },
    /// A copy of agent `from` as `id`.
    DuplicateAgent {
        from: String,
        id: String,
        name: String,
    },
    /// Removes an agent and the group routes that pointed at it.
    RemoveAgent { id: String },
    /// `messages.responsePrefix`, the text every reply starts with (`None`: removed).
    ResponsePrefix(Option<String>),
}

/// OpenClaw keeps agents as the keyed map `agents.entries{<id>: {…}}`, Clawdbot as the list
/// `agents.list[{id, …}]`. Changes and views work on the list form; a keyed config is read as
/// a list here and written back as keys by [`keyed`].
pub fn listed(config: &Value) -> Value {
    let mut out = config.clone();
    // `get_mut`, not indexing: indexing a missing key would add `"agents": null`.
    let entries = out
        .get_mut("agents")
        .and_then(|a| a.get_mut("entries"))
        .map(Value::take);
    if let Some(Value::Object(entries)) = entries {
        let list: Vec<Value> = entries
            .into_iter()
            .map(|(id, mut entry)| {
                if let Value::Object(fields) = &mut entry {
                    fields.insert("id".into(), Value::String(id));
                }
                entry
            })
            .collect();
        if let Some(agents) = out["agents"].as_object_mut() {
            agents.remove("entries");
            agents.insert("list".into(), Value::Array(list));
        }
    }
    out
}

/// The list form of [`listed`] turned back into OpenClaw's keyed form. More than one agent
/// needs `agents.ownership: "explicit"`, which refuses the list's `default` markers: there the
/// default agent is the one a catch-all WhatsApp binding names.
pub fn keyed(mut config: Value) -> Value {
    let list = config
        .get_mut("agents")
        .and_then(|a| a.get_mut("list"))
        .map(Value::take);
    let Some(Value::Array(list)) = list else {
        return config;
    };
    let many = list.len() > 1;
    let mut default = None;
    let mut entries = Map::new();
    for mut item in list {
        let id = item["id"].as_str().unwrap_or_default().to_string();
        if let Value::Object(fields) = &mut item {
            fields.remove("id");
            if many && fields.remove("default") == Some(Value::Bool(true)) {
                default = Some(id.clone());
            }
        }
        entries.insert(id, item);
    }
    if let Some(agents) = config["agents"].as_object_mut() {
        agents.remove("list");
        agents.insert("entries".into(), Value::Object(entries));
        if many {
            agents
                .entry("ownership")
                .or_insert_with(|| Value::String("explicit".into()));
        }
    }
    if let Some(id) = default {
        let catch_all = |b: &Value| {
            b["match"]["channel"] == "whatsapp"
                && b["match"]["accountId"] == "*"
                && b["match"].get("peer").is_none()
        };
        let bindings = config["bindings"].as_array().cloned().unwrap_or_default();
        if !bindings.iter().any(catch_all) {
            let mut bindings = bindings;
            bindings.push(serde_json::json!({"agentId": id, "match": {"channel": "whatsapp", "accountId": "*"}}));
            config["bindings"] = Value::Array(bindings);
        }
    }
    config
}

/// [`apply`] on a bot whose agents are keyed (OpenClaw) or listed (Clawdbot).
pub fn apply_for(config: &Value, change: &Change, keyed_agents: bool) -> Result<Value, String> {
    if keyed_agents {
        Ok(keyed(apply(&listed(config), change)?))
    } else {
        apply(config, change)
    }
}

/// Whether `id` can name a Clawdbot agent: 1 to 64 lowercase letters, digits, `-` or `_`.
pub fn is_agent_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `agents.list` as an array, writing out the implicit `main` agent if the config has none.
fn agent_list(next: &mut Value) -> &mut Vec<Value> {
    let had = !agent_ids_explicit(next).is_empty();
    let agents = object(next, "agents");
    let list = agents
        .entry("list")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    let Value::Array(items) = list else {
        unreachable!("just made an array")
    };
    if !had {
        items.push(serde_json::json!({"id": "main", "default": true}));
    }
    items
}

fn agent_ids_explicit(config: &Value) -> Vec<String> {
    config["agents"]["list"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|a| a["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The index of agent `id` in `agents.list`, writing out the implicit `main` agent if needed.
fn agent_index(next: &mut Value, id: &str) -> Result<usize, String> {
    let ids = agent_ids(next);
    if !ids.iter().any(|a| a == id) {
        return Err(format!("the bot has no agent \"{id}\""));
    }
    let agents = object(next, "agents");
    let list = agents
        .entry("list")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    let Value::Array(items) = list else {
        unreachable!("just made an array")
    };
    if let Some(i) = items.iter().position(|a| a["id"] == id) {
        return Ok(i);
    }
    items.push(serde_json::json!({"id": id, "default": items.is_empty()}));
    Ok(items.len() - 1)
}

/// Checks that every pattern compiles as a regular expression; the reason names the pattern.
pub fn check_patterns(patterns: &[String]) -> Result<(), String> {
    for p in patterns {
        if p.is_empty() {
            return Err("a mention pattern is empty".into());
        }
        if let Err(e) = regex::Regex::new(p) {
            let why = e.to_string();
            let last = why.lines().last().unwrap_or("invalid").trim().to_string();
            return Err(format!(
                "mention pattern \"{p}\" is not a valid regular expression: {last}"
            ));
        }
    }
    Ok(())
}

/// Whether `jid` names a WhatsApp group (`<digits>[-<digits>]@g.us`) or is the wildcard.
pub fn is_group_id(jid: &str) -> bool {
    if jid == "*" {
        return true;
    }
    let Some(local) = jid.strip_suffix("@g.us") else {
        return false;
    };
    !local.is_empty() && local.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// Whether `n` is an E.164 number (`+` and 8 to 15 digits, no leading zero).
pub fn is_e164(n: &str) -> bool {
    let Some(digits) = n.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

fn whatsapp(config: &mut Value) -> &mut Map<String, Value> {
    if !config.is_object() {
        *config = Value::Object(Map::new());
    }
    let channels = object(config, "channels");
    let wa = channels
        .entry("whatsapp")
        .or_insert_with(|| Value::Object(Map::new()));
    if !wa.is_object() {
        *wa = Value::Object(Map::new());
    }
    match wa {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

/// WhatsApp groups configured by id (the `*` default excluded).
pub fn group_count(config: &Value) -> usize {
    config
        .pointer("/channels/whatsapp/groups")
        .and_then(Value::as_object)
        .map_or(0, |m| m.keys().filter(|k| k.as_str() != "*").count())
}

/// Applies `change` to a copy of `config`, or says why it cannot be made.
pub fn apply(config: &Value, change: &Change) -> Result<Value, String> {
    check_shape(config)?;
    let mut next = config.clone();
    match change {
        Change::GroupMention { group, require } => {
            if !is_group_id(group) {
                return Err(format!(
                    "\"{group}\" is not a WhatsApp group id (like 120363012345678901@g.us) or *"
                ));
            }
            let wa = whatsapp(&mut next);
            let groups = wa
                .entry("groups")
                .or_insert_with(|| Value::Object(Map::new()));
            if !groups.is_object() {
                *groups = Value::Object(Map::new());
            }
            let entry = &mut groups[group.as_str()];
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            entry["requireMention"] = Value::Bool(*require);
        }
        Change::GroupPolicy(p) => {
            if !["open", "allowlist", "disabled"].contains(&p.as_str()) {
                return Err(format!(
                    "group policy \"{p}\" is not one of open, allowlist, disabled"
                ));
            }
            whatsapp(&mut next).insert("groupPolicy".into(), Value::String(p.clone()));
        }
        Change::DmPolicy(p) => {
            if !["pairing", "allowlist", "open", "disabled"].contains(&p.as_str()) {
                return Err(format!(
                    "DM policy \"{p}\" is not one of pairing, allowlist, open, disabled"
                ));
            }
            let wa = whatsapp(&mut next);
            if p == "open" {
                // Clawdbot requires an open DM policy to say so explicitly in its allow list.
                let mut allow: Vec<Value> = wa
                    .get("allowFrom")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if !allow.iter().any(|v| v == "*") {
                    allow.push(Value::String("*".into()));
                }
                wa.insert("allowFrom".into(), Value::Array(allow));
            }
            wa.insert("dmPolicy".into(), Value::String(p.clone()));
        }
        Change::AllowFrom(numbers) | Change::GroupAllowFrom(numbers) => {
            if let Some(bad) = numbers.iter().find(|n| *n != "*" && !is_e164(n)) {
                return Err(format!(
                    "\"{bad}\" is not a phone number in international form (like +5511999990000)"
                ));
            }
            let field = if matches!(change, Change::AllowFrom(_)) {
                "allowFrom"
            } else {
                "groupAllowFrom"
            };
            whatsapp(&mut next).insert(
                field.into(),
                Value::Array(numbers.iter().cloned().map(Value::String).collect()),
            );
        }
        Change::AgentModel { agent, model } => {
            if model.is_empty() || model.contains('/') || model.contains(char::is_whitespace) {
                return Err(format!("\"{model}\" is not a model id"));
            }
            let provider = format!("baas-{agent}");
            let on_baas = next["models"]["providers"].get(&provider).is_some();
            let i = agent_index(&mut next, agent)?;
            let prefix = if on_baas {
                provider
            } else {
                "anthropic".into()
            };
            next["agents"]["list"][i]["model"] = Value::String(format!("{prefix}/{model}"));
        }
        Change::GroupAgent { group, agent } => {
            if group == "*" || !is_group_id(group) {
                return Err(format!("\"{group}\" is not a WhatsApp group id"));
            }
            if let Some(a) = agent {
                if !agent_ids(&next).contains(a) {
                    return Err(format!("the bot has no agent \"{a}\""));
                }
            }
            let mut bindings: Vec<Value> = next["bindings"].as_array().cloned().unwrap_or_default();
            bindings.retain(|b| {
                !(b["match"]["channel"] == "whatsapp"
                    && b["match"]["peer"]["kind"] == "group"
                    && b["match"]["peer"]["id"] == group.as_str())
            });
            if let Some(a) = agent {
                bindings.push(serde_json::json!({"agentId": a, "match": {
                    "channel": "whatsapp", "peer": {"kind": "group", "id": group}}}));
            }
            if !next.is_object() {
                next = Value::Object(Map::new());
            }
            next["bindings"] = Value::Array(bindings);
        }
        Change::MentionPatterns { agent, patterns } => {
            check_patterns(patterns)?;
            let list = Value::Array(patterns.iter().cloned().map(Value::String).collect());
            match agent {
                None => {
                    let messages = object(&mut next, "messages");
                    let chat = messages
                        .entry("groupChat")
                        .or_insert_with(|| Value::Object(Map::new()));
                    chat["mentionPatterns"] = list;
                }
                Some(a) => {
                    let i = agent_index(&mut next, a)?;
                    let entry = &mut next["agents"]["list"][i];
                    if !entry["groupChat"].is_object() {
                        entry["groupChat"] = Value::Object(Map::new());
                    }
                    entry["groupChat"]["mentionPatterns"] = list;
                }
            }
        }
        Change::Identity {
            agent,
            name,
            emoji,
            avatar,
        } => {
            if name.chars().count() > 80 || emoji.chars().count() > 8 || avatar.len() > 2048 {
                return Err("name up to 80 characters, emoji up to 8, avatar up to 2048".into());
            }
            let i = agent_index(&mut next, agent)?;
            let mut identity = Map::new();
            for (k, v) in [("name", name), ("emoji", emoji), ("avatar", avatar)] {
                if !v.trim().is_empty() {
                    identity.insert(k.into(), Value::String(v.trim().to_string()));
                }
            }
            let entry = next["agents"]["list"][i]
                .as_object_mut()
                .ok_or("the agent entry is not an object")?;
            if identity.is_empty() {
                entry.remove("identity");
            } else {
                entry.insert("identity".into(), Value::Object(identity));
            }
        }
        Change::ResponsePrefix(prefix) => {
            if !next.is_object() {
                next = Value::Object(Map::new());
            }
            match prefix {
                Some(p) => {
                    object(&mut next, "messages")
                        .insert("responsePrefix".into(), Value::String(p.clone()));
                }
                None => {
                    if let Some(m) = next.get_mut("messages").and_then(Value::as_object_mut) {
                        m.remove("responsePrefix");
                    }
                }
            }
        }
        Change::Skill { skill, enabled } => {
            if skill.is_empty()
                || !skill
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            {
                return Err(format!("\"{skill}\" is not a skill name"));
            }
            if !next.is_object() {
                next = Value::Object(Map::new());
            }
            let skills = object(&mut next, "skills");
            let entries = skills
                .entry("entries")
                .or_insert_with(|| Value::Object(Map::new()));
            if !entries[skill.as_str()].is_object() {
                entries[skill.as_str()] = Value::Object(Map::new());
            }
            entries[skill.as_str()]["enabled"] = Value::Bool(*enabled);
        }
        Change::AddAgent {
            id,
            name,
            emoji,
            model,
            template: _,
        } => {
            if !is_agent_id(id) {
                return Err(format!(
                    "\"{id}\" is not an agent id (lowercase letters, digits, - or _)"
                ));
            }
            if agent_ids(&next).contains(id) {
                return Err(format!("the bot already has an agent \"{id}\""));
            }
            if model.is_empty() || model.contains('/') {
                return Err(format!("\"{model}\" is not a model id"));
            }
            let name = if name.trim().is_empty() {
                id.as_str()
            } else {
                name.trim()
            };
            agent_list(&mut next).push(serde_json::json!({
                "id": id,
                "name": name,
                "identity": {"name": name, "emoji": emoji},
                "model": format!("anthropic/{model}"),
                "groupChat": {"mentionPatterns": [format!("(?i)@?{}", regex::escape(&name.to_lowercase()))]},
            }));
        }
        Change::DuplicateAgent { from, id, name } => {
            if !is_agent_id(id) {
                return Err(format!(
                    "\"{id}\" is not an agent id (lowercase letters, digits, - or _)"
                ));
            }
            if agent_ids(&next).contains(id) {
                return Err(format!("the bot already has an agent \"{id}\""));
            }
            let list = agent_list(&mut next);
            let source = list
                .iter()
                .find(|a| a["id"] == from.as_str())
                .cloned()
                .ok_or_else(|| format!("the bot has no agent \"{from}\""))?;
            let mut copy = source;
            copy["id"] = Value::String(id.clone());
            if let Some(o) = copy.as_object_mut() {
                o.remove("default");
                // A copy shares no workspace or state directory with its original.
                o.remove("workspace");
                o.remove("agentDir");
            }
            let name = if name.trim().is_empty() {
                id.as_str()
            } else {
                name.trim()
            };
            copy["name"] = Value::String(name.to_string());
            if copy["identity"].is_object() {
                copy["identity"]["name"] = Value::String(name.to_string());
            }
            // A model on the original's own BaaS provider would bill the original agent.
            if let Some(m) = copy["model"].as_str() {
                if m.starts_with(&format!("baas-{from}/")) {
                    let model = m.rsplit('/').next().unwrap_or(m).to_string();
                    copy["model"] = Value::String(format!("anthropic/{model}"));
                }
            }
            list.push(copy);
        }
        Change::RemoveAgent { id } => {
            let list = agent_list(&mut next);
            if !list.iter().any(|a| a["id"] == id.as_str()) {
                return Err(format!("the bot has no agent \"{id}\""));
            }
            if list.len() == 1 {
                return Err("the bot's only agent cannot be removed".into());
            }
            let was_default = list
                .iter()
                .any(|a| a["id"] == id.as_str() && a["default"] == true);
            list.retain(|a| a["id"] != id.as_str());
            if was_default {
                list[0]["default"] = Value::Bool(true);
            }
            if let Some(b) = next["bindings"].as_array_mut() {
                b.retain(|b| b["agentId"] != id.as_str());
            }
        }
    }
    Ok(next)
}

mod patch;
mod provision;
mod secrets;
mod shape;
#[cfg(test)]
mod tests;
mod views;

pub use patch::{apply_merge_patch, diff_lines, merge_patch, same_content, shrunk_arrays};
pub use provision::{provision, snippet, Provisioned, FALLBACK_MODEL};
pub use secrets::{is_secret_key, keep_current, mask, redacted, REDACTED};
pub use shape::check_shape;
use shape::object;
pub use views::{
    agent_ids, agent_settings, group_agent, known_groups, skill_settings, strings, KnownGroup,
};
