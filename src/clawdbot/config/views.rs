//! What the editor shows of a configuration: agents and their models, skills, which agent a
//! group is routed to, and the groups the bot has seen.

use serde_json::Value;

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

/// The strings of a JSON array (none if it is not one).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
