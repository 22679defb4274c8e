//! Editing a bot's configuration: the changes the dashboard makes, as pure functions on the
//! config document, and the RFC 7396 merge patch that carries them to the gateway.

pub use crate::agent_templates::Template;
use crate::pricing::ModelPrice;
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

fn object<'a>(v: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    if !v.get(key).is_some_and(Value::is_object) {
        v[key] = Value::Object(Map::new());
    }
    match v.get_mut(key) {
        Some(Value::Object(m)) => m,
        _ => unreachable!("just made an object"),
    }
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

/// What each part of the config the dashboard edits must be, where present.
#[derive(Clone, Copy)]
enum Shape {
    Object,
    Array,
}

/// The paths the changes write into, and what each must hold (`*` is every key or item).
const SHAPES: &[(&str, Shape)] = &[
    ("channels", Shape::Object),
    ("channels.whatsapp", Shape::Object),
    ("channels.whatsapp.groups", Shape::Object),
    ("channels.whatsapp.groups.*", Shape::Object),
    ("messages", Shape::Object),
    ("messages.groupChat", Shape::Object),
    ("agents", Shape::Object),
    ("agents.defaults", Shape::Object),
    ("agents.list", Shape::Array),
    ("agents.list.*", Shape::Object),
    ("agents.list.*.groupChat", Shape::Object),
    ("agents.list.*.identity", Shape::Object),
    ("skills", Shape::Object),
    ("skills.entries", Shape::Object),
    ("skills.entries.*", Shape::Object),
    ("bindings", Shape::Array),
    ("bindings.*", Shape::Object),
    ("models", Shape::Object),
    ("models.providers", Shape::Object),
    ("models.providers.*", Shape::Object),
];

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Checks that the config has the shape the dashboard's changes need (a missing or null part
/// is fine: it is created), so that a bot whose file is malformed gets a clear refusal.
pub fn check_shape(config: &Value) -> Result<(), String> {
    if !(config.is_object() || config.is_null()) {
        return Err(format!(
            "the bot's configuration is {} where an object was expected; fix it on the bot first",
            kind_of(config)
        ));
    }
    fn walk(v: &Value, path: &[&str], at: String, shape: Shape) -> Result<(), String> {
        let Some((head, rest)) = path.split_first() else {
            let fits = match shape {
                Shape::Object => v.is_object() || v.is_null(),
                Shape::Array => v.is_array() || v.is_null(),
            };
            let want = match shape {
                Shape::Object => "an object",
                Shape::Array => "a list",
            };
            return if fits {
                Ok(())
            } else {
                Err(format!(
                    "the bot's configuration has {at} as {} where {want} was expected; fix it on the bot first",
                    kind_of(v)
                ))
            };
        };
        let join = |k: &str| {
            if at.is_empty() {
                k.to_string()
            } else {
                format!("{at}.{k}")
            }
        };
        match (*head, v) {
            ("*", Value::Object(m)) => m
                .iter()
                .try_for_each(|(k, c)| walk(c, rest, join(k), shape)),
            ("*", Value::Array(items)) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, c)| walk(c, rest, format!("{at}[{i}]"), shape)),
            (key, Value::Object(m)) => match m.get(key) {
                Some(c) => walk(c, rest, join(key), shape),
                None => Ok(()),
            },
            // A parent of the wrong kind is reported by its own entry.
            _ => Ok(()),
        }
    }
    SHAPES.iter().try_for_each(|(path, shape)| {
        let parts: Vec<&str> = path.split('.').collect();
        walk(config, &parts, String::new(), *shape)
    })
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

/// The RFC 7396 merge patch that turns `old` into `new` (removed keys become `null`; arrays
/// and other values are replaced whole).
pub fn merge_patch(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut patch = Map::new();
            for (k, nv) in n {
                match o.get(k) {
                    Some(ov) if ov == nv => {}
                    Some(ov) if ov.is_object() && nv.is_object() => {
                        patch.insert(k.clone(), merge_patch(ov, nv));
                    }
                    _ => {
                        patch.insert(k.clone(), nv.clone());
                    }
                }
            }
            for k in o.keys() {
                if !n.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(patch)
        }
        _ => new.clone(),
    }
}

/// Whether two configs say the same, ignoring the `meta` stamp Clawdbot writes into its file
/// on every save.
pub fn same_content(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("meta");
        }
        v
    };
    strip(a) == strip(b)
}

/// Applies an RFC 7396 merge patch (what the gateway does with `config.patch`).
pub fn apply_merge_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut out = match target {
        Value::Object(t) => t.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = apply_merge_patch(out.get(k).unwrap_or(&Value::Null), v);
            out.insert(k.clone(), merged);
        }
    }
    Value::Object(out)
}

/// The differences between two configs, one line per changed leaf: `path: old → new`.
pub fn diff_lines(old: &Value, new: &Value) -> Vec<String> {
    fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<String>) {
        match (old, new) {
            (Some(Value::Object(o)), Some(Value::Object(n))) => {
                let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(&p, o.get(k), n.get(k), out);
                }
            }
            (o, n) if o == n => {}
            (o, n) => {
                let show = |v: Option<&Value>| v.map_or("(none)".to_string(), Value::to_string);
                out.push(format!("{path}: {} → {}", show(o), show(n)));
            }
        }
    }
    let mut out = Vec::new();
    walk("", Some(&redacted(old)), Some(&redacted(new)), &mut out);
    out
}

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

/// The agents a config defines (`agents.list[].id`), or Clawdbot's implicit `main` agent.
pub fn agent_ids(config: &Value) -> Vec<String> {
    let ids: Vec<String> = config["agents"]["list"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|a| a["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        vec!["main".to_string()]
    } else {
        ids
    }
}

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

/// The agent a WhatsApp group is routed to by a binding, if any.
pub fn group_agent(config: &Value, group: &str) -> Option<String> {
    config["bindings"].as_array()?.iter().find_map(|b| {
        (b["match"]["channel"] == "whatsapp"
            && b["match"]["peer"]["kind"] == "group"
            && b["match"]["peer"]["id"] == group)
            .then(|| b["agentId"].as_str().map(str::to_string))
            .flatten()
    })
}

/// Each agent's editable settings, in config order (the implicit `main` agent if none).
pub fn agent_settings(config: &Value) -> Vec<crate::model::AgentSetting> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    agent_ids(config)
        .into_iter()
        .map(|id| {
            let a = config["agents"]["list"]
                .as_array()
                .and_then(|l| l.iter().find(|a| a["id"] == id.as_str()))
                .cloned()
                .unwrap_or(Value::Null);
            let model_ref = a["model"]
                .as_str()
                .or_else(|| a["model"]["primary"].as_str())
                .map(str::to_string);
            crate::model::AgentSetting {
                name: text(&a["identity"]["name"]),
                emoji: text(&a["identity"]["emoji"]),
                avatar: text(&a["identity"]["avatar"]),
                on_baas: model_ref
                    .as_deref()
                    .is_some_and(|m| m.starts_with(&format!("baas-{id}/"))),
                model: model_ref.map(|m| m.rsplit('/').next().unwrap_or(&m).to_string()),
                mention_patterns: a["groupChat"]["mentionPatterns"]
                    .as_array()
                    .map(|p| {
                        p.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                workspace: a["workspace"].as_str().map(str::to_string),
                id,
            }
        })
        .collect()
}

/// The bot's skills (from its `skills.status`), on unless the config turns one off.
pub fn skill_settings(config: &Value, status: &Value) -> Vec<crate::model::SkillSetting> {
    let mut out: Vec<crate::model::SkillSetting> = status["skills"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    let name = s["skillKey"].as_str().or_else(|| s["name"].as_str())?;
                    Some(crate::model::SkillSetting {
                        name: name.to_string(),
                        description: s["description"].as_str().unwrap_or_default().to_string(),
                        enabled: config["skills"]["entries"][name]["enabled"]
                            .as_bool()
                            .unwrap_or(true),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A WhatsApp group the dashboard can show, with its mention setting if configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownGroup {
    pub id: String,
    pub require_mention: Option<bool>,
}

/// Every group named in the config or in a session key (`agent:<id>:whatsapp:group:<jid>`),
/// wildcard first, then by id.
pub fn known_groups(config: &Value, session_keys: &[String]) -> Vec<KnownGroup> {
    let mut ids: Vec<String> = config["channels"]["whatsapp"]["groups"]
        .as_object()
        .map(|g| g.keys().cloned().collect())
        .unwrap_or_default();
    for key in session_keys {
        if let Some((_, jid)) = key.split_once(":whatsapp:group:") {
            ids.push(jid.to_string());
        }
    }
    ids.push("*".into());
    ids.sort_by(|a, b| (a != "*").cmp(&(b != "*")).then(a.cmp(b)));
    ids.dedup();
    ids.into_iter()
        .map(|id| KnownGroup {
            require_mention: config["channels"]["whatsapp"]["groups"][id.as_str()]
                ["requireMention"]
                .as_bool(),
            id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mention_toggle_touches_only_its_group() {
        let config = json!({"channels": {"whatsapp": {"groups": {
            "1203630@g.us": {"requireMention": true}, "*": {"requireMention": true}}}},
            "agents": {"list": [{"id": "main"}]}});
        let next = apply(
            &config,
            &Change::GroupMention {
                group: "1203630@g.us".into(),
                require: false,
            },
        )
        .expect("ok");
        assert_eq!(
            next["channels"]["whatsapp"]["groups"]["1203630@g.us"]["requireMention"],
            false
        );
        assert_eq!(
            merge_patch(&config, &next),
            json!({"channels": {"whatsapp": {"groups": {"1203630@g.us": {"requireMention": false}}}}})
        );
        assert_eq!(
            diff_lines(&config, &next),
            vec!["channels.whatsapp.groups.1203630@g.us.requireMention: true → false"]
        );
        assert!(apply(
            &config,
            &Change::GroupMention {
                group: "not a group".into(),
                require: true
            }
        )
        .is_err());
    }

    #[test]
    fn diffs_never_show_secrets() {
        let before = json!({"models": {"providers": {}}});
        let after = json!({"models": {"providers": {"baas-lobo": {
            "baseUrl": "https://baas.example", "apiKey": "baas_vk_0123456789abcdef",
            "headers": {"x-tenant": "tenant-secret-42"}}}},
            "gateway": {"auth": {"token": "gw-token-0123456789"}}});
        let text = diff_lines(&before, &after).join("\n");
        for secret in [
            "baas_vk_0123456789abcdef",
            "tenant-secret-42",
            "gw-token-0123456789",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(text.contains("baa…cdef"), "{text}");
        assert!(
            text.contains("https://baas.example"),
            "not a secret: {text}"
        );
        assert_eq!(mask("short"), "…");
        let rotated = diff_lines(
            &json!({"gateway": {"auth": {"token": "old-token-aaaa1111"}}}),
            &json!({"gateway": {"auth": {"token": "new-token-bbbb2222"}}}),
        );
        assert_eq!(
            rotated,
            vec!["gateway.auth.token: \"old…1111\" → \"new…2222\""]
        );
    }

    #[test]
    fn configs_of_an_unexpected_shape_are_refused_clearly_and_never_panic() {
        let changes = [
            Change::GroupMention {
                group: "120363012345678901@g.us".into(),
                require: false,
            },
            Change::GroupMention {
                group: "*".into(),
                require: true,
            },
            Change::GroupPolicy("open".into()),
            Change::DmPolicy("open".into()),
            Change::AllowFrom(vec!["+5511999990000".into()]),
            Change::AgentModel {
                agent: "main".into(),
                model: "claude-haiku-4-5".into(),
            },
            Change::GroupAgent {
                group: "120363012345678901@g.us".into(),
                agent: Some("main".into()),
            },
            Change::MentionPatterns {
                agent: None,
                patterns: vec!["@bot".into()],
            },
            Change::MentionPatterns {
                agent: Some("main".into()),
                patterns: vec!["@bot".into()],
            },
            Change::Identity {
                agent: "main".into(),
                name: "Bot".into(),
                emoji: "🤖".into(),
                avatar: String::new(),
            },
            Change::Skill {
                skill: "weather".into(),
                enabled: false,
            },
            Change::AddAgent {
                id: "vendas".into(),
                name: "Vendas".into(),
                emoji: "🛒".into(),
                model: "claude-haiku-4-5".into(),
                template: Template::Sales,
            },
            Change::DuplicateAgent {
                from: "main".into(),
                id: "copia".into(),
                name: "Cópia".into(),
            },
            Change::RemoveAgent { id: "main".into() },
        ];
        let odd = [
            json!(7),
            json!("text"),
            json!([1, 2]),
            json!(true),
            json!({"x": 1}),
        ];
        let paths: Vec<&str> = SHAPES.iter().map(|(p, _)| *p).collect();
        let mut configs = vec![json!(3), json!([]), json!("config")];
        for path in &paths {
            for v in &odd {
                // Builds {"a": {"b": v}} for "a.b", with "*" as a key or an item.
                let mut node = v.clone();
                for part in path.split('.').rev() {
                    node = if part == "*" {
                        json!({"id": "main", "x": node.clone(), "0": node})
                    } else {
                        json!({ part: node })
                    };
                }
                configs.push(node);
            }
        }
        for config in &configs {
            for change in &changes {
                let run = std::panic::catch_unwind(|| apply(config, change));
                assert!(run.is_ok(), "{change:?} on {config} panicked");
            }
            let run = std::panic::catch_unwind(|| {
                provision(
                    config,
                    "https://baas.example",
                    &[],
                    &crate::pricing::default_prices(),
                    "claude-sonnet-4-5",
                )
            });
            assert!(run.is_ok(), "provision on {config} panicked");
        }
        let why = apply(&json!({"channels": {"whatsapp": 5}}), &changes[0]).expect_err("refused");
        assert!(
            why.contains("channels.whatsapp as a number where an object was expected"),
            "{why}"
        );
        let why = apply(&json!({"agents": {"list": [3]}}), &changes[5]).expect_err("refused");
        assert!(why.contains("agents.list[0] as a number"), "{why}");
    }

    #[test]
    fn content_is_compared_without_the_bots_save_stamp() {
        let sent = json!({"skills": {"entries": {"weather": {"enabled": false}}}});
        let mut saved = sent.clone();
        saved["meta"] = json!({"lastTouchedAt": "2026-11-30T20:00:00Z"});
        assert!(same_content(&sent, &saved));
        saved["skills"]["entries"]["weather"]["enabled"] = json!(true);
        assert!(!same_content(&sent, &saved));
    }

    #[test]
    fn merge_patches_round_trip_including_removals_and_arrays() {
        let old = json!({"a": 1, "b": {"c": [1, 2], "d": "x"}, "gone": true});
        let new = json!({"a": 1, "b": {"c": [2], "e": "v"}, "added": {"k": 1}});
        let patch = merge_patch(&old, &new);
        assert_eq!(patch["gone"], Value::Null);
        assert_eq!(patch["b"]["d"], Value::Null);
        assert_eq!(apply_merge_patch(&old, &patch), new);
        assert_eq!(merge_patch(&new, &new), json!({}));
    }

    #[test]
    fn policies_and_numbers_are_checked() {
        let c = json!({});
        assert!(apply(&c, &Change::GroupPolicy("sometimes".into())).is_err());
        let open = apply(&c, &Change::DmPolicy("open".into())).expect("open");
        assert_eq!(open["channels"]["whatsapp"]["allowFrom"], json!(["*"]));
        assert!(apply(&c, &Change::AllowFrom(vec!["+5511999990000".into()])).is_ok());
        let g = apply(&c, &Change::GroupAllowFrom(vec!["+5511999990000".into()])).expect("group");
        assert_eq!(
            g["channels"]["whatsapp"]["groupAllowFrom"],
            json!(["+5511999990000"])
        );
        assert!(apply(&c, &Change::GroupAllowFrom(vec!["abc".into()])).is_err());
        let e = apply(&c, &Change::AllowFrom(vec!["11 99999-0000".into()])).expect_err("bad");
        assert!(e.contains("11 99999-0000"));
        assert!(is_e164("+5511999990000") && !is_e164("+0123456789") && !is_e164("+12"));
    }

    #[test]
    fn agents_get_models_routes_patterns_identity_and_skills() {
        let c = json!({"models": {"providers": {"baas-lobo": {"api": "anthropic-messages"}}},
            "agents": {"list": [{"id": "lobo"}, {"id": "vip"}]}});
        let m = apply(
            &c,
            &Change::AgentModel {
                agent: "lobo".into(),
                model: "claude-opus-4-5".into(),
            },
        )
        .expect("model");
        assert_eq!(m["agents"]["list"][0]["model"], "baas-lobo/claude-opus-4-5");
        let m = apply(
            &c,
            &Change::AgentModel {
                agent: "vip".into(),
                model: "claude-haiku-4-5".into(),
            },
        )
        .expect("model");
        assert_eq!(
            m["agents"]["list"][1]["model"],
            "anthropic/claude-haiku-4-5"
        );
        assert!(apply(
            &c,
            &Change::AgentModel {
                agent: "ghost".into(),
                model: "claude-haiku-4-5".into()
            }
        )
        .is_err());

        let g = "120363000000000009@g.us";
        let routed = apply(
            &c,
            &Change::GroupAgent {
                group: g.into(),
                agent: Some("vip".into()),
            },
        )
        .expect("bind");
        let again = apply(
            &routed,
            &Change::GroupAgent {
                group: g.into(),
                agent: Some("lobo".into()),
            },
        )
        .expect("rebind");
        assert_eq!(
            again["bindings"].as_array().map(Vec::len),
            Some(1),
            "one binding per group"
        );
        assert_eq!(again["bindings"][0]["agentId"], "lobo");
        assert_eq!(again["bindings"][0]["match"]["peer"]["id"], g);
        let unbound = apply(
            &again,
            &Change::GroupAgent {
                group: g.into(),
                agent: None,
            },
        )
        .expect("unbind");
        assert_eq!(unbound["bindings"], json!([]));

        let bad = apply(
            &c,
            &Change::MentionPatterns {
                agent: None,
                patterns: vec!["@lobo".into(), "(unclosed".into()],
            },
        );
        let why = bad.expect_err("refused");
        assert!(
            why.contains("(unclosed") && why.contains("not a valid regular expression"),
            "{why}"
        );
        let ok = apply(
            &c,
            &Change::MentionPatterns {
                agent: Some("lobo".into()),
                patterns: vec!["@?lobo\\b".into()],
            },
        )
        .expect("ok");
        assert_eq!(
            ok["agents"]["list"][0]["groupChat"]["mentionPatterns"],
            json!(["@?lobo\\b"])
        );

        let id = apply(
            &c,
            &Change::Identity {
                agent: "lobo".into(),
                name: "Lobo".into(),
                emoji: "🐺".into(),
                avatar: String::new(),
            },
        )
        .expect("identity");
        assert_eq!(
            id["agents"]["list"][0]["identity"],
            json!({"name": "Lobo", "emoji": "🐺"})
        );
        let s = apply(
            &c,
            &Change::Skill {
                skill: "weather".into(),
                enabled: false,
            },
        )
        .expect("skill");
        assert_eq!(s["skills"]["entries"]["weather"]["enabled"], false);
        assert!(apply(
            &c,
            &Change::Skill {
                skill: "../x".into(),
                enabled: true
            }
        )
        .is_err());
    }

    #[test]
    fn the_wizard_adds_duplicates_and_removes_agents() {
        let c = json!({"agents": {"list": [{"id": "lobo", "default": true, "model": "baas-lobo/claude-sonnet-4-5",
            "workspace": "/w/lobo", "identity": {"name": "Lobo"}}]},
            "bindings": [{"agentId": "lobo", "match": {"channel": "whatsapp", "peer": {"kind": "group", "id": "1@g.us"}}}]});
        let added = apply(
            &c,
            &Change::AddAgent {
                id: "vendas".into(),
                name: "Vendas".into(),
                emoji: Template::Sales.emoji().into(),
                model: "claude-haiku-4-5".into(),
                template: Template::Sales,
            },
        )
        .expect("add");
        let v = &added["agents"]["list"][1];
        assert_eq!(v["model"], "anthropic/claude-haiku-4-5");
        assert_eq!(v["identity"]["emoji"], "🛍️");
        assert_eq!(v["groupChat"]["mentionPatterns"], json!(["(?i)@?vendas"]));
        assert!(check_patterns(&["(?i)@?vendas".to_string()]).is_ok());
        assert!(
            apply(
                &added,
                &Change::AddAgent {
                    id: "vendas".into(),
                    name: String::new(),
                    emoji: String::new(),
                    model: "claude-haiku-4-5".into(),
                    template: Template::Hr
                }
            )
            .is_err(),
            "ids are unique"
        );
        assert!(apply(
            &c,
            &Change::AddAgent {
                id: "Bad Id".into(),
                name: String::new(),
                emoji: String::new(),
                model: "claude-haiku-4-5".into(),
                template: Template::Hr
            }
        )
        .is_err());

        let dup = apply(
            &c,
            &Change::DuplicateAgent {
                from: "lobo".into(),
                id: "lobo-vip".into(),
                name: "Lobo VIP".into(),
            },
        )
        .expect("dup");
        let copy = &dup["agents"]["list"][1];
        assert_eq!(copy["identity"]["name"], "Lobo VIP");
        assert_eq!(
            copy["model"], "anthropic/claude-sonnet-4-5",
            "not billed to the original's key"
        );
        assert!(copy.get("default").is_none() && copy.get("workspace").is_none());

        let removed = apply(&dup, &Change::RemoveAgent { id: "lobo".into() }).expect("remove");
        assert_eq!(removed["agents"]["list"][0]["id"], "lobo-vip");
        assert_eq!(
            removed["agents"]["list"][0]["default"], true,
            "someone stays default"
        );
        assert_eq!(removed["bindings"], json!([]), "routes to it are gone");
        assert!(
            apply(&c, &Change::RemoveAgent { id: "lobo".into() }).is_err(),
            "never the last one"
        );
        assert!(Template::Support.persona("Ana").contains("You are Ana"));
    }

    #[test]
    fn provisioning_gives_each_agent_its_own_provider_and_keeps_its_claude_model() {
        let prices = crate::pricing::default_prices();
        let config = json!({"agents": {"defaults": {"model": {"primary": "anthropic/claude-opus-4-5"}},
            "list": [{"id": "lobo", "name": "Lobo"}, {"id": "vip", "model": "openai/gpt-5"}]}});
        assert_eq!(agent_ids(&config), vec!["lobo", "vip"]);
        assert_eq!(agent_ids(&json!({})), vec!["main"]);
        let agents = [
            Provisioned {
                agent_id: "lobo".into(),
                key: "baas_vk_a".into(),
            },
            Provisioned {
                agent_id: "vip".into(),
                key: "baas_vk_b".into(),
            },
        ];
        let next = provision(
            &config,
            "https://baas.example.com/",
            &agents,
            &prices,
            "claude-sonnet-4-5",
        )
        .expect("provisioned");
        let p = &next["models"]["providers"]["baas-lobo"];
        assert_eq!(p["baseUrl"], "https://baas.example.com");
        assert_eq!(p["apiKey"], "baas_vk_a");
        assert_eq!(p["api"], "anthropic-messages");
        let sonnet = p["models"]
            .as_array()
            .expect("models")
            .iter()
            .find(|m| m["id"] == "claude-sonnet-4-5")
            .expect("sonnet");
        assert_eq!(sonnet["cost"]["output"], 15.0);
        let list = next["agents"]["list"].as_array().expect("list");
        assert_eq!(
            list[0]["model"], "baas-lobo/claude-opus-4-5",
            "the default Claude model is kept"
        );
        assert_eq!(list[0]["name"], "Lobo", "other fields untouched");
        assert_eq!(
            list[1]["model"], "baas-vip/claude-sonnet-4-5",
            "a non-Claude model falls back"
        );
        // An implicit main agent is written out so it can carry its model.
        let bare = provision(
            &json!({}),
            "http://x",
            &[Provisioned {
                agent_id: "main".into(),
                key: "k".into(),
            }],
            &prices,
            "claude-sonnet-4-5",
        )
        .expect("provisioned");
        assert_eq!(bare["agents"]["list"][0]["id"], "main");
        assert_eq!(bare["agents"]["list"][0]["default"], true);
    }

    #[test]
    fn groups_come_from_config_and_sessions_wildcard_first() {
        let config =
            json!({"channels": {"whatsapp": {"groups": {"222@g.us": {"requireMention": false}}}}});
        let groups = known_groups(
            &config,
            &[
                "agent:main:whatsapp:group:111@g.us".into(),
                "agent:main:main".into(),
            ],
        );
        let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, vec!["*", "111@g.us", "222@g.us"]);
        assert_eq!(groups[2].require_mention, Some(false));
        assert_eq!(groups[1].require_mention, None);
    }
}
