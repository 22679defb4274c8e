//! The configuration edits, patches, masking and provisioning, on config documents.

use super::shape::SHAPES;
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

#[test]
fn openclaw_keyed_agents_are_changed_as_a_list_and_written_back_as_keys() {
    let keyed = json!({"agents": {"entries": {"main": {"name": "Main"}}},
        "channels": {"whatsapp": {}}});
    let listed = listed(&keyed);
    assert_eq!(listed["agents"]["list"][0]["id"], "main");
    assert!(listed["agents"].get("entries").is_none());
    let next = apply_for(
        &keyed,
        &Change::DuplicateAgent {
            from: "main".into(),
            id: "vip".into(),
            name: "VIP".into(),
        },
        true,
    )
    .expect("applied");
    assert!(next["agents"].get("list").is_none(), "{next}");
    assert_eq!(next["agents"]["entries"]["vip"]["name"], "VIP", "{next}");
    assert!(
        next["agents"]["entries"]["vip"].get("id").is_none(),
        "{next}"
    );
    assert_eq!(
        next["agents"]["ownership"], "explicit",
        "two agents need it"
    );
    let with_default = super::keyed(json!({"agents": {"list": [
        {"id": "lobo", "default": true}, {"id": "coruja"}]}}));
    assert!(
        with_default["agents"]["entries"]["lobo"]
            .get("default")
            .is_none(),
        "{with_default}"
    );
    assert_eq!(
        with_default["bindings"][0]["agentId"], "lobo",
        "{with_default}"
    );
    // The merge patch between keyed forms names the one agent that changed.
    let patch = merge_patch(&keyed, &next);
    assert_eq!(patch["agents"]["entries"]["vip"]["name"], "VIP", "{patch}");
    assert!(patch["agents"]["entries"].get("main").is_none(), "{patch}");
    // A Clawdbot config stays a list.
    let clawdbot = json!({"agents": {"list": [{"id": "main"}]}});
    let same = apply_for(
        &clawdbot,
        &Change::Skill {
            skill: "x".into(),
            enabled: true,
        },
        false,
    )
    .expect("applied");
    assert!(same["agents"]["list"].is_array());
}

#[test]
fn the_arrays_a_patch_shortens_or_removes_are_named() {
    let old = json!({"agents": {"entries": {
        "lobo": {"groupChat": {"mentionPatterns": ["@lobo"]}, "name": "Lobo"},
        "coruja": {"name": "Coruja"}}},
        "bindings": [{"agentId": "lobo"}, {"agentId": "coruja"}],
        "channels": {"whatsapp": {"allowFrom": ["+5511"]}}});
    let mut new = old.clone();
    new["agents"]["entries"]
        .as_object_mut()
        .expect("entries")
        .remove("lobo");
    new["bindings"] = json!([{"agentId": "coruja"}]);
    new["channels"]["whatsapp"]["allowFrom"] = json!(["+5511", "+5521"]);
    let patch = merge_patch(&old, &new);
    let mut paths = shrunk_arrays(&old, &patch);
    paths.sort();
    assert_eq!(
        paths,
        vec!["agents.entries.lobo.groupChat.mentionPatterns", "bindings"],
        "a grown array is not named"
    );
}

#[test]
fn a_config_without_agents_stays_without_them() {
    let bare = json!({"channels": {"whatsapp": {}}});
    assert_eq!(listed(&bare), bare);
    assert_eq!(keyed(bare.clone()), bare);
}
