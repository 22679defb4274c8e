//! What only OpenClaw offers, against a real OpenClaw 2026.9.6: a gateway on another machine
//! (a network namespace of the test's making) that lets BaaS manage it once its owner approves
//! BaaS's device.

use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{Owner, TestApp, PATIENCE};
use app::api::*;
use baas::clawdbot::client::{BotClient, BotError, ConnectOptions};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The bot as its owner's Bots page lists it, once `done` says so.
async fn bot_until(
    app: &TestApp,
    owner: &Owner,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (status, list) = app
            .call(
                &owner.client,
                ListBots {
                    tenant_id: owner.tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{list}");
        let bot = list[0].clone();
        if done(&bot) {
            return bot;
        }
        assert!(Instant::now() < deadline, "never {what}: {bot}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

both_backends!(
    a_remote_openclaw_is_managed_once_its_owner_approves_baas,
    |app: TestApp| async move {
        let token = "gw-token-remote";
        let group = "120363022222222222@g.us";
        let gw = PeerGateway::start_remote(
            Flavour::OpenClaw,
            token,
            Some(json!({"channels": {"whatsapp": {"groups": {group: {"requireMention": true}}}}})),
        )
        .await;
        assert!(!gw.url.contains("127.0.0.1"), "{}", gw.url);

        // From another machine a token alone is accepted but may not manage the bot.
        let plain = ConnectOptions {
            allow_private: true,
            ..ConnectOptions::default()
        };
        match BotClient::connect_with(&gw.url, token, &plain).await {
            Err(BotError::NoScopes) => {}
            other => panic!("expected no scopes, got {:?}", other.map(|c| c.hello)),
        }

        // The dashboard signs as BaaS's device and says what the owner must approve.
        let owner = app.owner("remote").await;
        let (status, v) = app
            .call(
                &owner.client,
                AddBot {
                    tenant_id: owner.tenant.clone(),
                    name: "Remote".into(),
                    gateway_url: gw.url.clone(),
                    token: token.into(),
                    skip_test: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let waiting = bot_until(&app, &owner, "waiting for approval", |b| {
            b["error"]
                .as_str()
                .is_some_and(|e| e.contains("openclaw devices approve"))
        })
        .await;
        assert_ne!(waiting["state"], "online", "{waiting}");
        let error = waiting["error"].as_str().unwrap_or_default();
        let request = error
            .split("openclaw devices approve ")
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .expect("the request to approve")
            .to_string();

        gw.approve_device(&request).await;
        let online = bot_until(&app, &owner, "online", |b| b["state"] == "online").await;
        assert_eq!(online["product"], "OpenClaw", "{online}");
        assert_eq!(online["version"], "2026.9.6", "{online}");
        let bot_id = online["id"].as_str().expect("bot id").to_string();

        // Managing works: the config is read and a group's mention toggled on the bot.
        let (status, cfg) = crate::bots::live_config(
            &app,
            &owner.client,
            GetBotConfig {
                tenant_id: owner.tenant.clone(),
                bot_id: bot_id.clone(),
            },
        )
        .await;
        assert_eq!(status, 200, "{cfg}");
        let (status, v) = app
            .call(
                &owner.client,
                ChangeBotConfig {
                    tenant_id: owner.tenant.clone(),
                    bot_id,
                    base_hash: cfg["hash"].as_str().expect("hash").to_string(),
                    setting: "mention".into(),
                    target: group.into(),
                    value: "false".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(
            gw.config_file()["channels"]["whatsapp"]["groups"][group]["requireMention"],
            false
        );
    }
);

/// An OpenClaw config whose agents call BaaS's gateway at `app` with virtual key `key`.
fn through_baas(app: &TestApp, key: &str) -> Value {
    json!({
        "models": {"providers": {"baas": {
            "baseUrl": app.url(""),
            "api": "anthropic-messages",
            "apiKey": key,
            "models": [{"id": "claude-sonnet-4-5", "name": "Claude Sonnet 4.5",
                "contextWindow": 200000, "maxTokens": 1024,
                "cost": {"input": 3, "output": 15, "cacheRead": 0.3, "cacheWrite": 3.75}}]
        }}},
        "agents": {"defaults": {"model": {"primary": "baas/claude-sonnet-4-5"}}}
    })
}

/// The owner of a gateway test's workspace.
fn owner_of(s: &crate::helpers::GatewaySetup) -> Owner {
    Owner {
        client: s.owner.clone(),
        tenant: s.tenant.clone(),
        user_id: String::new(),
        email: String::new(),
    }
}

/// Waits until a request whose system prompt contains `needle` reaches the mock provider.
async fn wait_for_prompt(mock: &str, needle: &str, gw: &PeerGateway) {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let prompts: Value = reqwest::get(format!("{mock}/__mock/prompts"))
            .await
            .expect("mock")
            .json()
            .await
            .expect("json");
        if prompts.as_array().is_some_and(|p| {
            p.iter()
                .any(|t| t.as_str().is_some_and(|t| t.contains(needle)))
        }) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no request with {needle:?} reached the provider; the gateway's log:\n{}",
            gw.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// An owner's workspace with the bot at `gw` registered and online; returns the bot's id.
async fn online_bot(app: &TestApp, owner: &Owner, gw: &PeerGateway) -> String {
    let (status, v) = app
        .call(
            &owner.client,
            AddBot {
                tenant_id: owner.tenant.clone(),
                name: "Persona bot".into(),
                gateway_url: gw.url.clone(),
                token: gw.token.clone(),
                skip_test: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let bot = bot_until(app, owner, "online", |b| b["state"] == "online").await;
    bot["id"].as_str().expect("bot id").to_string()
}

both_peers!(
    persona_files_are_edited_versioned_and_restored_on_openclaw_only,
    |app: TestApp, flavour: Flavour| async move {
        let gw = PeerGateway::start(flavour, "gw-token-persona", None).await;
        let owner = app.owner("persona").await;
        let bot_id = online_bot(&app, &owner, &gw).await;
        let get = || GetPersona {
            tenant_id: owner.tenant.clone(),
            bot_id: bot_id.clone(),
            agent_id: String::new(),
        };
        let (status, page) = app.call(&owner.client, get()).await;
        assert_eq!(status, 200, "{page}");
        if flavour == Flavour::Clawdbot {
            // Clawdbot's gateway cannot write workspace files: the page says so, and why.
            let why = page["unsupported"].as_str().expect("a reason");
            assert!(
                why.contains("Clawdbot") && why.contains("OpenClaw"),
                "{why}"
            );
            return;
        }
        assert!(page["unsupported"].is_null(), "{page}");
        assert_eq!(page["agent"], "main", "{page}");
        let soul = page["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["name"] == "SOUL.md")
            .cloned()
            .expect("SOUL.md");
        let found = soul["content"].as_str().unwrap_or_default().to_string();
        let hash = soul["hash"].as_str().unwrap_or_default().to_string();
        let save = |content: &str, expected: &str| SavePersonaFile {
            tenant_id: owner.tenant.clone(),
            bot_id: bot_id.clone(),
            agent_id: "main".into(),
            name: "SOUL.md".into(),
            content: content.into(),
            expected_hash: expected.into(),
        };
        let marker = "# SOUL\nYou are Captain Probe. End every reply with ARR. MARKER-SOUL-7731\n";
        let (status, v) = app.call(&owner.client, save(marker, &hash)).await;
        assert_eq!((status, v.clone()), (200, json!(1)), "{v}");
        // The bot holds it.
        let on_bot = gw
            .request(
                "agents.files.get",
                json!({"agentId": "main", "name": "SOUL.md"}),
            )
            .await;
        assert_eq!(on_bot["file"]["content"], marker);

        // A save based on the file as it was before is refused, and nothing is written.
        let (status, v) = app.call(&owner.client, save("stale", &hash)).await;
        assert_eq!(status, 409, "{v}");
        // Longer than OpenClaw reads into the prompt, or not a persona file: refused first.
        let (status, v) = app.call(&owner.client, save(&"x".repeat(20_001), "")).await;
        assert_eq!(status, 400, "{v}");
        assert!(v.to_string().contains("20000"), "{v}");
        let mut other = save("x", "");
        other.name = "MEMORY.md".into();
        let (status, _) = app.call(&owner.client, other).await;
        assert_eq!(status, 400);

        // Versions: the file as found and the save, with its diff; restoring the first puts
        // the found content back as a third version.
        let (status, versions) = app
            .call(
                &owner.client,
                PersonaVersions {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    agent_id: "main".into(),
                    name: "SOUL.md".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{versions}");
        let list = versions.as_array().expect("versions");
        assert_eq!(list.len(), 2, "{versions}");
        assert_eq!(list[0]["version"], 1);
        assert!(
            list[0]["diff"]
                .as_str()
                .unwrap_or_default()
                .contains("+You are Captain Probe"),
            "{versions}"
        );
        let (_, page) = app.call(&owner.client, get()).await;
        let now_hash = page["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["name"] == "SOUL.md")
            .and_then(|f| f["hash"].as_str())
            .expect("hash")
            .to_string();
        let (status, v) = app
            .call(
                &owner.client,
                RestorePersonaFile {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    version_id: list[1]["id"].as_str().expect("id").to_string(),
                    expected_hash: now_hash,
                },
            )
            .await;
        assert_eq!((status, v.clone()), (200, json!(2)), "{v}");
        let on_bot = gw
            .request(
                "agents.files.get",
                json!({"agentId": "main", "name": "SOUL.md"}),
            )
            .await;
        assert_eq!(
            on_bot["file"]["content"].as_str().unwrap_or_default(),
            found
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'persona_changed' AND tenant_id = $1",
                &owner.tenant
            )
            .await,
            2
        );

        // An agent made by the wizard from a template starts with the template's persona.
        let (_, cfg) = crate::bots::live_config(
            &app,
            &owner.client,
            GetBotConfig {
                tenant_id: owner.tenant.clone(),
                bot_id: bot_id.clone(),
            },
        )
        .await;
        let (status, v) = app
            .call(
                &owner.client,
                AddAgentToBot {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    base_hash: cfg["hash"].as_str().expect("hash").to_string(),
                    agent: "vendas".into(),
                    name: "Vendas".into(),
                    emoji: String::new(),
                    model: "claude-haiku-4-5".into(),
                    template: "sales".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let seeded = gw
            .request(
                "agents.files.get",
                json!({"agentId": "vendas", "name": "SOUL.md"}),
            )
            .await;
        assert!(
            seeded["file"]["content"]
                .as_str()
                .is_some_and(|c| c.contains("You are Vendas, the shop's sales assistant")),
            "{seeded}"
        );
    }
);

both_backends!(
    a_soul_saved_in_the_dashboard_is_in_the_next_turns_request_to_the_gateway,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Main", "main", &[("sk-mock-ok", 1)])
            .await;
        // The agent's model calls go to BaaS's gateway with the agent's virtual key.
        let config = through_baas(&app, &s.key);
        let gw = PeerGateway::start(Flavour::OpenClaw, "gw-token-soul", Some(config)).await;
        let owner = owner_of(&s);
        let bot_id = online_bot(&app, &owner, &gw).await;
        let (_, page) = app
            .call(
                &owner.client,
                GetPersona {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    agent_id: "main".into(),
                },
            )
            .await;
        let hash = page["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["name"] == "SOUL.md")
            .and_then(|f| f["hash"].as_str())
            .unwrap_or_default()
            .to_string();
        let marker = "MARKER-SOUL-5519";
        let (status, v) = app
            .call(
                &owner.client,
                SavePersonaFile {
                    tenant_id: owner.tenant.clone(),
                    bot_id,
                    agent_id: "main".into(),
                    name: "SOUL.md".into(),
                    content: format!("# SOUL\nYou are Captain Probe. {marker}\n"),
                    expected_hash: hash,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");

        // One agent turn in a WhatsApp group's session: the request that reaches the provider
        // through the gateway carries it.
        let group = "120363055555555555@g.us";
        let accepted = gw
            .request(
                "agent",
                json!({"message": "hi", "agentId": "main",
                    "sessionKey": format!("agent:main:whatsapp:group:{group}"),
                    "idempotencyKey": "baas-soul-1"}),
            )
            .await;
        assert!(accepted.get("runId").is_some(), "{accepted}");
        wait_for_prompt(&s.mock, marker, &gw).await;
        // The turn's session is imported as a conversation with its agent, group, token counts
        // and cost (OpenClaw's `sessions.list` carries them at once).
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (status, v) = app
                .call(
                    &owner.client,
                    SyncBots {
                        tenant_id: owner.tenant.clone(),
                    },
                )
                .await;
            assert_eq!(status, 200, "{v}");
            let (_, list) = app
                .call(
                    &owner.client,
                    ListConversations {
                        tenant_id: owner.tenant.clone(),
                    },
                )
                .await;
            let found = list.as_array().and_then(|l| {
                l.iter()
                    .find(|c| c["group"] == group && c["input_tokens"].as_i64().unwrap_or(0) > 0)
                    .cloned()
            });
            if let Some(c) = found {
                assert_eq!(c["agent"], "main", "{c}");
                assert_eq!(c["channel"], "whatsapp", "{c}");
                assert!(c["output_tokens"].as_i64().unwrap_or(0) > 0, "{c}");
                let cost = c["cost_micro_usd"].as_i64().unwrap_or(0);
                assert!(cost > 0, "{c}");
                // The cost per group is that conversation's.
                let (status, groups) = app
                    .call(
                        &owner.client,
                        ListGroupCosts {
                            tenant_id: owner.tenant.clone(),
                        },
                    )
                    .await;
                assert_eq!(status, 200, "{groups}");
                assert!(
                    groups.as_array().is_some_and(|g| g
                        .iter()
                        .any(|x| x["group"] == group && x["cost_micro_usd"] == cost)),
                    "{groups}"
                );
                // Its transcript reads back from the bot (`chat.history`).
                let (status, lines) = app
                    .call(
                        &owner.client,
                        GetTranscript {
                            tenant_id: owner.tenant.clone(),
                            conversation_id: c["id"].as_str().expect("id").to_string(),
                        },
                    )
                    .await;
                assert_eq!(status, 200, "{lines}");
                assert!(
                    lines
                        .as_array()
                        .is_some_and(|l| l.iter().any(|m| m["role"] == "user"
                            && m["text"].as_str().is_some_and(|t| t.contains("hi")))),
                    "{lines}"
                );
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no conversation with tokens: {list}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        // And the call was counted for the agent whose key the bot used.
        let deadline = Instant::now() + PATIENCE;
        while app
            .count(
                "SELECT COUNT(*) FROM usage_records WHERE agent_id = $1",
                &s.agent,
            )
            .await
            == 0
        {
            assert!(Instant::now() < deadline, "the turn was not recorded");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
);

/// A one-page PDF whose only text is `text` (Helvetica), with a correct cross-reference table.
fn tiny_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// Uploads `bytes` as file `name` to the bot's knowledge base, as a JSON client.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    tenant: &str,
    bot: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let boundary = "baas-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = client
        .post(app.url(&format!("/knowledge/{tenant}/{bot}")))
        .header("accept", "application/json")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    let v = res.json().await.unwrap_or(Value::Null);
    (status, v)
}

async fn memory_of(gw: &PeerGateway) -> String {
    gw.request(
        "agents.files.get",
        json!({"agentId": "main", "name": "MEMORY.md"}),
    )
    .await["file"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

both_peers!(
    knowledge_base_documents_reach_the_agents_memory_and_its_next_request,
    |app: TestApp, flavour: Flavour| async move {
        let s = app
            .gateway_setup("Main", "main", &[("sk-mock-ok", 1)])
            .await;
        let config = through_baas(&app, &s.key);
        let config = (flavour == Flavour::OpenClaw).then_some(config);
        let gw = PeerGateway::start(flavour, "gw-token-kb", config).await;
        let owner = owner_of(&s);
        let bot_id = online_bot(&app, &owner, &gw).await;
        let fact = "The shop's Wi-Fi password is PIRATE-4471.";
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "wifi.md",
            fact.as_bytes(),
        )
        .await;
        if flavour == Flavour::Clawdbot {
            // Clawdbot has no agent memory BaaS can write: refused before anything is stored.
            assert_eq!(status, 400, "{v}");
            assert!(
                v["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("OpenClaw"),
                "{v}"
            );
            let (_, kb) = app
                .call(
                    &owner.client,
                    GetKnowledge {
                        tenant_id: owner.tenant.clone(),
                        bot_id,
                    },
                )
                .await;
            assert!(kb["unsupported"].is_string(), "{kb}");
            return;
        }
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["synced"], true, "{v}");
        // What the agent wrote in its memory is kept beside BaaS's section.
        let memory = memory_of(&gw).await;
        assert!(memory.contains(fact), "{memory}");
        gw.request(
            "agents.files.set",
            json!({"agentId": "main", "name": "MEMORY.md",
                "content": format!("The owner's name is Ana.\n\n{memory}")}),
        )
        .await;

        // A PDF's text is extracted; the same name again replaces the document.
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "hours.pdf",
            &tiny_pdf("Open from 9 to 18 on weekdays"),
        )
        .await;
        assert_eq!(status, 200, "{v}");
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "hours.pdf",
            &tiny_pdf("Open from 10 to 16 on weekdays"),
        )
        .await;
        assert_eq!(status, 200, "{v}");
        let (status, kb) = app
            .call(
                &owner.client,
                GetKnowledge {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{kb}");
        assert_eq!(kb["documents"].as_array().map(Vec::len), Some(2), "{kb}");
        assert!(kb["used_chars"].as_i64().is_some_and(|n| n > 0), "{kb}");
        let memory = memory_of(&gw).await;
        assert!(memory.contains("Open from 10 to 16"), "{memory}");
        assert!(!memory.contains("Open from 9 to 18"), "{memory}");
        assert!(memory.starts_with("The owner's name is Ana."), "{memory}");
        // Bad uploads are refused with a reason.
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "tool.exe",
            b"MZ",
        )
        .await;
        assert_eq!(status, 400, "{v}");
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "fake.pdf",
            b"not a pdf",
        )
        .await;
        assert_eq!(status, 400, "{v}");

        // The next model request through the gateway carries the fact.
        gw.request(
            "agent",
            json!({"message": "what is the wifi password?", "agentId": "main",
                "sessionKey": "agent:main:baas-kb", "idempotencyKey": "baas-kb-1"}),
        )
        .await;
        wait_for_prompt(&s.mock, "PIRATE-4471", &gw).await;

        // Deleting takes the document out of the memory, and nothing else.
        let wifi = kb["documents"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["name"] == "wifi.md"))
            .and_then(|d| d["id"].as_str())
            .expect("wifi.md")
            .to_string();
        let (status, v) = app
            .call(
                &owner.client,
                DeleteKnowledgeDocument {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    document_id: wifi,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let memory = memory_of(&gw).await;
        assert!(!memory.contains("PIRATE-4471"), "{memory}");
        assert!(
            memory.contains("The owner's name is Ana.") && memory.contains("Open from 10 to 16"),
            "{memory}"
        );

        // The plan bounds how many documents a bot holds.
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &baas::audit::Actor::operator(),
            &baas::ids::TenantId::new(owner.tenant.as_str()),
            "starter",
        )
        .await
        .expect("starter");
        for n in 0..2 {
            let (status, v) = upload(
                &app,
                &owner.client,
                &owner.tenant,
                &bot_id,
                &format!("n{n}.txt"),
                b"a note",
            )
            .await;
            assert_eq!(status, 200, "{v}");
        }
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "one-too-many.txt",
            b"a note",
        )
        .await;
        assert_eq!(status, 403, "{v}");
        assert!(
            v["message"]
                .as_str()
                .unwrap_or_default()
                .contains("3 documents"),
            "{v}"
        );

        // Another workspace's owner can neither upload to nor read this bot's documents.
        let intruder = app.owner("kb-intruder").await;
        let (status, _) = upload(
            &app,
            &intruder.client,
            &owner.tenant,
            &bot_id,
            "x.txt",
            b"x",
        )
        .await;
        assert_eq!(status, 403);
        let (status, _) = upload(
            &app,
            &intruder.client,
            &intruder.tenant,
            &bot_id,
            "x.txt",
            b"x",
        )
        .await;
        assert_eq!(status, 404);

        // Back on Business: a document far over a form's size is taken (the upload has its own
        // limit); one over 10 MB is refused.
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &baas::audit::Actor::operator(),
            &baas::ids::TenantId::new(owner.tenant.as_str()),
            "business",
        )
        .await
        .expect("business");
        let long = format!(
            "# Catalogue\n{}",
            "Blue tea, 7 reais a cup.\n".repeat(8_000)
        );
        let (status, v) = upload(
            &app,
            &owner.client,
            &owner.tenant,
            &bot_id,
            "catalogue.md",
            long.as_bytes(),
        )
        .await;
        assert_eq!(status, 200, "{v}");
        assert!(memory_of(&gw).await.contains("Blue tea, 7 reais a cup."));
        // The server answers 413 from the declared length and may close the connection while
        // the rest of the body is still being sent: either way the upload is refused.
        let huge = vec![b'a'; 11 * 1024 * 1024];
        let refused = owner
            .client
            .post(app.url(&format!("/knowledge/{}/{bot_id}", owner.tenant)))
            .header("accept", "application/json")
            .header("content-type", "multipart/form-data; boundary=x")
            .body(huge)
            .send()
            .await;
        match refused {
            Ok(res) => assert_eq!(res.status().as_u16(), 413),
            Err(e) => assert!(e.is_request() && !e.is_timeout(), "{e}"),
        }
    }
);

both_peers!(
    agent_settings_and_the_wizard_reach_either_peer_in_its_own_shape,
    |app: TestApp, flavour: Flavour| async move {
        use baas::clawdbot::config::{listed, Change, Template};
        use baas::clawdbot::editor;
        let vip = "120363044444444444@g.us";
        let agents = match flavour {
            Flavour::Clawdbot => json!({"list": [
                {"id": "lobo", "default": true, "name": "Lobo"}, {"id": "coruja", "name": "Coruja"}]}),
            Flavour::OpenClaw => json!({"ownership": "explicit", "entries": {
                "lobo": {"name": "Lobo"}, "coruja": {"name": "Coruja"}}}),
        };
        // OpenClaw's default agent is the one its catch-all WhatsApp binding names.
        let bindings = match flavour {
            Flavour::Clawdbot => json!([]),
            Flavour::OpenClaw => {
                json!([{"agentId": "lobo", "match": {"channel": "whatsapp", "accountId": "*"}}])
            }
        };
        let gw = PeerGateway::start(
            flavour,
            "gw-token-agent-settings",
            Some(json!({"agents": agents, "bindings": bindings,
                "channels": {"whatsapp": {"groups": {vip: {"requireMention": true}}}}})),
        )
        .await;
        let owner = app.owner("agent-settings").await;
        let user = baas::auth::CurrentUser {
            user_id: owner.user_id.clone(),
            email: owner.email.clone(),
            session_hash: String::new(),
        };
        let by = app.access(&owner.tenant, &user).await;
        let bot = baas::clawdbot::store::add_bot(
            &app.db,
            &app.secrets,
            &by,
            "Agents",
            &gw.url,
            &gw.token,
        )
        .await
        .expect("bot");
        let link = gw.link();
        let changes = [
            Change::GroupAgent {
                group: vip.into(),
                agent: Some("coruja".into()),
            },
            Change::AgentModel {
                agent: "coruja".into(),
                model: "claude-opus-4-5".into(),
            },
            Change::MentionPatterns {
                agent: Some("lobo".into()),
                patterns: vec!["@?lobo\\b".into()],
            },
            Change::Identity {
                agent: "coruja".into(),
                name: "Coruja VIP".into(),
                emoji: "🦉".into(),
                avatar: String::new(),
            },
            Change::AddAgent {
                id: "vendas".into(),
                name: "Vendas".into(),
                emoji: Template::Sales.emoji().into(),
                model: "claude-haiku-4-5".into(),
                template: Template::Sales,
            },
            Change::DuplicateAgent {
                from: "vendas".into(),
                id: "vendas-2".into(),
                name: "Vendas 2".into(),
            },
            Change::RemoveAgent { id: "lobo".into() },
        ];
        for change in &changes {
            let snap = editor::read(&link).await.expect("read");
            editor::change(
                &app.db,
                &app.secrets,
                &link,
                &by,
                &bot.id,
                &snap.hash,
                change,
            )
            .await
            .unwrap_or_else(|e| panic!("{change:?} refused: {e}; log:\n{}", gw.log_tail()));
        }
        // The bot accepted each change and keeps its agents in its own form.
        let file = gw.config_file();
        match flavour {
            Flavour::Clawdbot => assert!(file["agents"]["list"].is_array(), "{file}"),
            Flavour::OpenClaw => {
                assert!(file["agents"]["entries"].is_object(), "{file}");
                assert!(file["agents"].get("list").is_none(), "{file}");
            }
        }
        let seen = listed(&editor::read(&link).await.expect("read").parsed);
        let agent = |id: &str| {
            seen["agents"]["list"]
                .as_array()
                .and_then(|l| l.iter().find(|a| a["id"] == id).cloned())
                .unwrap_or(Value::Null)
        };
        assert_eq!(
            agent("coruja")["model"],
            "anthropic/claude-opus-4-5",
            "{seen}"
        );
        assert_eq!(agent("coruja")["identity"]["emoji"], "🦉", "{seen}");
        assert_eq!(agent("vendas-2")["name"], "Vendas 2", "{seen}");
        assert!(agent("lobo").is_null(), "removed: {seen}");
        assert!(
            seen["bindings"].as_array().is_some_and(|b| b
                .iter()
                .any(|x| x["agentId"] == "coruja" && x["match"]["peer"]["id"] == vip)),
            "{seen}"
        );
    }
);

both_backends!(
    provisioning_points_an_openclaw_agent_at_baas,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Main", "main", &[("sk-mock-ok", 1)])
            .await;
        let gw = PeerGateway::start(Flavour::OpenClaw, "gw-token-provision", None).await;
        let owner = owner_of(&s);
        let bot_id = online_bot(&app, &owner, &gw).await;
        let (_, cfg) = crate::bots::live_config(
            &app,
            &owner.client,
            GetBotConfig {
                tenant_id: owner.tenant.clone(),
                bot_id: bot_id.clone(),
            },
        )
        .await;
        let (status, v) = app
            .call(
                &owner.client,
                ProvisionBot {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    base_hash: cfg["hash"].as_str().expect("hash").to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}; log:\n{}", gw.log_tail());
        // OpenClaw took the provider and keeps its agents keyed; its key is stored in clear on
        // its own disk only, and comes back redacted.
        let file = gw.config_file();
        let provider = &file["models"]["providers"]["baas-main"];
        assert_eq!(provider["baseUrl"], app.url(""), "{file}");
        assert!(
            provider["apiKey"]
                .as_str()
                .is_some_and(|k| k.starts_with("bk_") || k.len() > 20),
            "{file}"
        );
        assert!(file["agents"]["entries"].is_object(), "{file}");
        let read = gw.request("config.get", json!({})).await;
        assert_eq!(
            read["parsed"]["models"]["providers"]["baas-main"]["apiKey"],
            "__OPENCLAW_REDACTED__"
        );

        // A later change never writes the redaction marker back as the key.
        let key = provider["apiKey"].clone();
        let (_, cfg) = crate::bots::live_config(
            &app,
            &owner.client,
            GetBotConfig {
                tenant_id: owner.tenant.clone(),
                bot_id: bot_id.clone(),
            },
        )
        .await;
        let (status, v) = app
            .call(
                &owner.client,
                ChangeBotConfig {
                    tenant_id: owner.tenant.clone(),
                    bot_id: bot_id.clone(),
                    base_hash: cfg["hash"].as_str().expect("hash").to_string(),
                    setting: "group_policy".into(),
                    target: String::new(),
                    value: "open".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let file = gw.config_file();
        assert_eq!(
            file["models"]["providers"]["baas-main"]["apiKey"], key,
            "{file}"
        );
        assert_eq!(file["channels"]["whatsapp"]["groupPolicy"], "open");

        // A turn now goes through BaaS's gateway with the provisioned key, counted for the agent.
        gw.request(
            "agent",
            json!({"message": "hi", "agentId": "main", "sessionKey": "agent:main:baas-prov",
                "idempotencyKey": "baas-prov-1"}),
        )
        .await;
        let deadline = Instant::now() + Duration::from_secs(180);
        while app
            .count(
                "SELECT COUNT(*) FROM usage_records WHERE agent_id = $1",
                &s.agent,
            )
            .await
            == 0
        {
            assert!(
                Instant::now() < deadline,
                "no call reached the gateway; the bot's log:\n{}",
                gw.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
);
