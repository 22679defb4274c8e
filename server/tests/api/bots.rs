//! Bots: the connector talks to a real Clawdbot 2026.1.24 gateway started on loopback —
//! handshake, health, status and config through the protocol; the dashboard's functions show a
//! bot online, explain a wrong token, keep the token sealed, and stay within the tenant.

use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{Owner, TestApp};
use app::api::*;
use baas::clawdbot::client::{BotClient, BotError};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const T: Duration = Duration::from_secs(20);

/// A new owner's tenant with a bot registered at `url`.
async fn owner_with_bot(
    app: &TestApp,
    tag: &str,
    url: &str,
    token: &str,
) -> (baas::access::Access, baas::clawdbot::store::BotRow) {
    let Owner {
        user_id,
        tenant,
        email,
        ..
    } = app.owner(tag).await;
    let user = baas::auth::CurrentUser {
        user_id,
        email,
        session_hash: String::new(),
    };
    let at = app.access(&tenant, &user).await;
    let bot = baas::clawdbot::store::add_bot(&app.db, &app.secrets, &at, "VM Deco", url, token)
        .await
        .expect("bot");
    (at, bot)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_speaks_the_gateway_protocol_with_a_real_clawdbot() {
    speaks_the_gateway_protocol(Flavour::Clawdbot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_speaks_the_gateway_protocol_with_a_real_openclaw() {
    speaks_the_gateway_protocol(Flavour::OpenClaw).await;
}

async fn speaks_the_gateway_protocol(flavour: Flavour) {
    let gw = PeerGateway::start(flavour, "gw-token-1", None).await;
    // The product's default refuses loopback addresses, before any traffic.
    match BotClient::connect(&gw.url, "gw-token-1").await {
        Err(e @ BotError::NotAllowed(_)) => {
            assert!(
                e.to_string().contains("not a public internet address"),
                "{e}"
            )
        }
        other => panic!(
            "a loopback gateway was not refused: {:?}",
            other.map(|c| c.hello)
        ),
    }
    let opts = crate::helpers::peer::loopback_options();
    let client = BotClient::connect_with(&gw.url, "gw-token-1", &opts)
        .await
        .expect("connect");
    let protocol = match flavour {
        Flavour::Clawdbot => 3,
        Flavour::OpenClaw => 4,
    };
    assert_eq!(client.hello.protocol, protocol);
    assert_eq!(client.hello.flavour(), flavour);
    assert!(client.hello.may_manage(), "{:?}", client.hello.scopes);
    for m in [
        "health",
        "status",
        "config.get",
        "config.patch",
        "sessions.list",
    ] {
        assert!(
            client.hello.methods.iter().any(|x| x == m),
            "{m} not offered"
        );
    }
    let mut events = client.events();
    let health = client
        .request("health", json!({}), T)
        .await
        .expect("health");
    assert_eq!(health["ok"], true);
    let status = client
        .request("status", json!({}), T)
        .await
        .expect("status");
    assert!(status.get("sessions").is_some(), "{status}");
    let config = client
        .request("config.get", json!({}), T)
        .await
        .expect("config");
    // Clawdbot hashes the file (hex SHA-256); OpenClaw signs it (`hmac-sha256:v1:…`).
    let hash = config["hash"].as_str().unwrap_or_default();
    match flavour {
        Flavour::Clawdbot => assert_eq!(hash.len(), 64, "{config}"),
        Flavour::OpenClaw => assert!(hash.starts_with("hmac-sha256:v1:"), "{config}"),
    }
    // Requests in flight at once are matched to their own answers.
    let (a, b) = tokio::join!(
        client.request("health", json!({}), T),
        client.request("config.get", json!({}), T)
    );
    assert_eq!(a.expect("a")["ok"], true);
    assert!(b.expect("b").get("hash").is_some());
    // The gateway pushes events (it broadcasts health after a check).
    let ev = tokio::time::timeout(T, events.recv())
        .await
        .expect("an event")
        .expect("event");
    assert!(!ev.event.is_empty());
    match client.request("no.such.method", json!({}), T).await {
        Err(BotError::Remote { method, .. }) => assert_eq!(method, "no.such.method"),
        other => panic!("an unknown method is refused by the gateway: {other:?}"),
    }

    match BotClient::connect_with(&gw.url, "wrong-token", &opts).await {
        Err(BotError::Unauthorized(m)) => assert!(m.contains("token"), "{m}"),
        Err(e) => panic!("a wrong token must be reported as such, got: {e}"),
        Ok(_) => panic!("a wrong token was accepted"),
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let dead = format!("ws://{}", closed.local_addr().expect("addr"));
    drop(closed);
    assert!(matches!(
        BotClient::connect_with(&dead, "x", &opts).await,
        Err(BotError::Unreachable(_))
    ));
}

/// Waits until the bot called `name` is listed in state `want`; returns its listing.
pub(crate) async fn wait_for_state(
    app: &TestApp,
    c: &reqwest::Client,
    tenant: &str,
    name: &str,
    want: &str,
) -> Value {
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let (status, list) = app
            .call(
                c,
                ListBots {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{list}");
        let bot = list
            .as_array()
            .expect("list")
            .iter()
            .find(|b| b["name"] == name)
            .cloned()
            .expect("the bot is listed");
        if bot["state"] == want {
            return bot;
        }
        assert!(
            Instant::now() < deadline,
            "{name} never became {want}: {bot}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The bot's config as its editor reads it from the bot, with the hash a change names: asked
/// again until the page says it was read from the bot (a bot restarting after a change is
/// shown as BaaS last knew it meanwhile). Another status is returned as it is.
pub(crate) async fn live_config(
    app: &TestApp,
    c: &reqwest::Client,
    args: GetBotConfig,
) -> (u16, Value) {
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let (status, cfg) = app.call(c, args.clone()).await;
        if status != 200 || cfg["reach"]["live"] == true {
            return (status, cfg);
        }
        assert!(
            Instant::now() < deadline,
            "the bot's config was never read from the bot: {cfg}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

both_peers!(
    owners_see_their_bot_online_and_a_wrong_token_explained,
    |app: TestApp, flavour: Flavour| async move {
        let token = "gw-token-dashboard";
        let gw = PeerGateway::start(flavour, token, None).await;
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("bots").await;
        // A wrong token is found when the bot is added, and nothing is saved; saved untested,
        // the bot's listing explains it.
        for (name, tok, skip, want) in [
            ("VM Deco", token, None, 200),
            ("Wrong token", "not-the-token", None, 400),
            ("Wrong token", "not-the-token", Some("on".to_string()), 200),
        ] {
            let (status, body) = app
                .call(
                    &owner,
                    AddBot {
                        tenant_id: tenant.to_string(),
                        name: name.to_string(),
                        gateway_url: gw.url.to_string(),
                        token: tok.to_string(),
                        skip_test: skip,
                    },
                )
                .await;
            assert_eq!(status, want, "{body}");
            if want == 400 {
                assert!(
                    body.to_string().contains("refused the token")
                        && body.to_string().contains("The bot was not added."),
                    "{body}"
                );
            }
        }
        let (status, body) = app
            .call(
                &owner,
                AddBot {
                    tenant_id: tenant.to_string(),
                    name: "Bad".to_string(),
                    gateway_url: "bot.example.com".to_string(),
                    token: "x".to_string(),
                    skip_test: None,
                },
            )
            .await;
        assert_eq!(status, 400, "{body}");

        let online = wait_for_state(&app, &owner, &tenant, "VM Deco", "online").await;
        assert!(online["last_seen"].as_i64().is_some(), "{online}");
        assert!(online["version"].as_str().is_some(), "{online}");
        assert_eq!(online["product"], flavour.name(), "{online}");
        assert!(online["error"].is_null(), "{online}");
        let refused = wait_for_state(&app, &owner, &tenant, "Wrong token", "offline").await;
        assert!(
            refused["error"]
                .as_str()
                .unwrap_or("")
                .contains("refused the token"),
            "{refused}"
        );

        // The editor's functions: read with the hash, save, and a stale hash is a conflict.
        let id = online["id"].as_str().expect("id").to_string();
        let (status, cfg) = crate::bots::live_config(
            &app,
            &owner,
            GetBotConfig {
                tenant_id: tenant.to_string(),
                bot_id: id.to_string(),
            },
        )
        .await;
        assert_eq!(status, 200, "{cfg}");
        let hash = cfg["hash"].as_str().expect("hash").to_string();
        assert_eq!(cfg["groups"][0]["id"], "*");
        let save = |base: String, value: &'static str| {
            let (owner, tenant, id) = (owner.clone(), tenant.clone(), id.clone());
            let app = &app;
            async move {
                app.call(
                    &owner,
                    ChangeBotConfig {
                        tenant_id: (tenant.as_str()).to_string(),
                        bot_id: (id.as_str()).to_string(),
                        base_hash: (base.as_str()).to_string(),
                        setting: "group_policy".to_string(),
                        target: "".to_string(),
                        value: value.to_string(),
                    },
                )
                .await
            }
        };
        // Saved while Clawdbot restarts: the save waits for it to be back. OpenClaw changes its
        // config without restarting; it is restarted the way BaaS restarts it
        // (`gateway.restart.request`), and the save goes through the reconnected link.
        match flavour {
            Flavour::Clawdbot => gw.restart(),
            Flavour::OpenClaw => {
                gw.request("gateway.restart.request", json!({"reason": "test"}))
                    .await;
                gw.client().await;
            }
        }
        let (status, v) = save(hash.clone(), "open").await;
        assert_eq!((status, v.clone()), (200, json!(1)), "{v}");
        let (status, v) = save(hash.clone(), "disabled").await;
        assert_eq!(status, 409, "{v}");
        assert!(v.to_string().contains("changed elsewhere"), "{v}");
        let (status, v) = save(hash, "sometimes").await;
        assert!(status == 400 || status == 409, "{v}");

        // The token is sealed at rest.
        let sealed: Vec<(String,)> = sqlx::query_as("SELECT token_sealed FROM bots")
            .fetch_all(&app.db.pool)
            .await
            .expect("rows");
        assert!(sealed.iter().all(|(t,)| !t.contains(token)));

        // Another tenant's owner neither sees nor removes it.
        let Owner {
            client: intruder, ..
        } = app.owner("intruder").await;
        let (status, body) = app
            .call(
                &intruder,
                ListBots {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 403, "{body}");
        let id = online["id"].as_str().expect("id");
        let (status, _) = app
            .call(
                &intruder,
                RemoveBot {
                    tenant_id: tenant.to_string(),
                    bot_id: id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 403);

        let (status, _) = app
            .call(
                &owner,
                RemoveBot {
                    tenant_id: tenant.to_string(),
                    bot_id: id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        let (_, list) = app
            .call(
                &owner,
                ListBots {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(list.as_array().map(Vec::len), Some(1));
    }
);

/// The config file without `meta`, which Clawdbot stamps on every write.
fn without_meta(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("meta");
    }
    v
}

both_peers!(
    changes_are_validated_sent_with_their_hash_versioned_and_rolled_back,
    |app: TestApp, flavour: Flavour| async move {
        use baas::clawdbot::config::Change;
        use baas::clawdbot::editor::{self, EditError};
        let token = "gw-token-config";
        let group = "120363011111111111@g.us";
        let gw = PeerGateway::start(
            flavour,
            token,
            Some(json!({"channels": {"whatsapp": {"groups": {
                group: {"requireMention": true}, "*": {"requireMention": true}}}}})),
        )
        .await;
        let (by, bot) = owner_with_bot(&app, "config", &gw.url, token).await;
        let link = gw.link();
        let found = editor::read(&link).await.expect("read");
        let original = without_meta(gw.config_file());

        // A change Clawdbot's own schema refuses is stopped before it is sent.
        match editor::validate(&link, &json!({"channels": {"whatsapp": {"bogusKey": 1}}})).await {
            Err(EditError::Invalid(why)) => assert!(why.contains("bogusKey"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let bad = Change::GroupMention {
            group: "not-a-group".into(),
            require: false,
        };
        assert!(matches!(
            editor::change(
                &app.db,
                &app.secrets,
                &link,
                &by,
                &bot.id,
                &found.hash,
                &bad
            )
            .await,
            Err(EditError::Invalid(_))
        ));
        assert_eq!(without_meta(gw.config_file()), original, "nothing was sent");

        // The toggle reaches the file, and Clawdbot accepted it (it validates before writing).
        let toggle = Change::GroupMention {
            group: group.into(),
            require: false,
        };
        let v = editor::change(
            &app.db,
            &app.secrets,
            &link,
            &by,
            &bot.id,
            &found.hash,
            &toggle,
        )
        .await
        .expect("applied");
        assert_eq!(v, 1, "version 0 is the config as found");
        assert_eq!(
            gw.config_file()["channels"]["whatsapp"]["groups"][group]["requireMention"],
            false
        );
        let after = editor::read(&link).await.expect("read");
        assert_eq!(
            after.parsed["channels"]["whatsapp"]["groups"][group]["requireMention"],
            false
        );

        // On a plan with one WhatsApp group, a second group is refused before it is sent.
        let operator = baas::audit::Actor::operator();
        baas::costs::plans::set_tenant_plan(&app.db, &operator, &by.tenant_id, "starter")
            .await
            .expect("starter");
        let second = Change::GroupMention {
            group: "120363099999999999@g.us".into(),
            require: true,
        };
        match editor::change(
            &app.db,
            &app.secrets,
            &link,
            &by,
            &bot.id,
            &after.hash,
            &second,
        )
        .await
        {
            Err(e) => assert!(
                e.to_string()
                    .contains("Starter plan allows 1 WhatsApp group"),
                "{e}"
            ),
            Ok(v) => panic!("a second group was applied as version {v}"),
        }
        assert_eq!(
            without_meta(gw.config_file()),
            without_meta(after.parsed.clone())
        );
        baas::costs::plans::set_tenant_plan(&app.db, &operator, &by.tenant_id, "business")
            .await
            .expect("business");

        // A save based on a stale hash is refused, never written over.
        let stale = Change::GroupMention {
            group: "*".into(),
            require: false,
        };
        assert!(matches!(
            editor::change(
                &app.db,
                &app.secrets,
                &link,
                &by,
                &bot.id,
                &found.hash,
                &stale
            )
            .await,
            Err(EditError::Conflict)
        ));
        // So is one made after the file changed behind BaaS's back.
        let mut edited = gw.config_file();
        edited["channels"]["whatsapp"]["groupPolicy"] = json!("open");
        gw.write_config_file(&edited);
        assert!(matches!(
            editor::change(
                &app.db,
                &app.secrets,
                &link,
                &by,
                &bot.id,
                &after.hash,
                &stale
            )
            .await,
            Err(EditError::Conflict)
        ));

        // Rolling back to the version found restores that exact configuration.
        let versions = editor::versions(&app.db, &app.secrets, &by, &bot.id)
            .await
            .expect("versions");
        assert_eq!(versions.len(), 2);
        let first = versions.iter().find(|v| v.version == 0).expect("v0");
        let now = editor::read(&link).await.expect("read");
        // The bot restarts under the rollback twice: before its first read, and before its
        // write (connections 1 and 4: read, read again, schema, write). It waits for the bot
        // each time, finds the write did not land, sends it again, and it lands once.
        let restarting = crate::helpers::peer::RestartingLink::new(&gw, &[1, 4]);
        editor::rollback(
            &app.db,
            &app.secrets,
            &restarting,
            &by,
            &bot.id,
            &now.hash,
            &first.id,
        )
        .await
        .expect("rolled back");
        assert_eq!(
            without_meta(gw.config_file()),
            without_meta(first.config.clone())
        );
        assert_eq!(
            without_meta(gw.config_file())["channels"]["whatsapp"]["groups"][group]
                ["requireMention"],
            true
        );
        let versions = editor::versions(&app.db, &app.secrets, &by, &bot.id)
            .await
            .expect("versions");
        assert_eq!(versions[0].summary, "rolled back to version 0");
        assert_eq!(versions.len(), 3, "one version for the rollback");
        assert!(
            restarting.calls() >= 6,
            "the write was cut off and sent again"
        );
    }
);

both_peers!(
    a_restore_brings_settings_back_but_keeps_a_key_rotated_since,
    |app: TestApp, flavour: Flavour| async move {
        use baas::clawdbot::config::Change;
        use baas::clawdbot::editor;
        let token = "gw-token-restore";
        let group = "120363012121212121@g.us";
        let provider = |key: &str| {
            json!({"baseUrl": "http://127.0.0.1:9/", "api": "anthropic-messages", "apiKey": key,
                "models": [{"id": "claude-sonnet-4-5", "name": "Claude Sonnet 4.5"}]})
        };
        let (old_key, new_key) = ("sk-before-rotation-0001", "sk-after-rotation-0002");
        let gw = PeerGateway::start(
            flavour,
            token,
            Some(json!({
                "models": {"providers": {"baas": provider(old_key)}},
                "channels": {"whatsapp": {"groups": {group: {"requireMention": true}}}}
            })),
        )
        .await;
        let (by, bot) = owner_with_bot(&app, "restore", &gw.url, token).await;
        let link = gw.link();
        let found = editor::read(&link).await.expect("read");
        let toggle = Change::GroupMention {
            group: group.into(),
            require: false,
        };
        editor::change(
            &app.db,
            &app.secrets,
            &link,
            &by,
            &bot.id,
            &found.hash,
            &toggle,
        )
        .await
        .expect("applied");
        let toggled = editor::read(&link).await.expect("read");
        // Versions hold the config sealed: the key is nowhere in the table in clear.
        let sealed: Vec<(String,)> =
            sqlx::query_as("SELECT config_sealed FROM bot_config_versions")
                .fetch_all(&app.db.pool)
                .await
                .expect("versions");
        assert_eq!(sealed.len(), 2);
        assert!(sealed.iter().all(|(v,)| !v.contains(old_key)));

        // The key is rotated on the bot, behind BaaS's back.
        let mut rotated = gw.config_file();
        rotated["models"]["providers"]["baas"]["apiKey"] = json!(new_key);
        gw.write_config_file(&rotated);
        let deadline = Instant::now() + Duration::from_secs(60);
        let now = loop {
            let now = editor::read(&link).await.expect("read");
            if now.hash != toggled.hash {
                break now;
            }
            assert!(
                Instant::now() < deadline,
                "the bot did not see the rotated key"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        };

        // Restoring the config as found brings the mention back and keeps the new key.
        let versions = editor::versions(&app.db, &app.secrets, &by, &bot.id)
            .await
            .expect("versions");
        let first = versions.iter().find(|v| v.version == 0).expect("v0");
        editor::rollback(
            &app.db,
            &app.secrets,
            &link,
            &by,
            &bot.id,
            &now.hash,
            &first.id,
        )
        .await
        .expect("rolled back");
        let file = gw.config_file();
        assert_eq!(
            file["channels"]["whatsapp"]["groups"][group]["requireMention"],
            true
        );
        assert_eq!(file["models"]["providers"]["baas"]["apiKey"], new_key);
        assert_eq!(
            file["models"]["providers"]["baas"]["baseUrl"],
            "http://127.0.0.1:9/"
        );
    }
);

both_backends!(
    provisioning_points_each_agent_at_baas_and_its_calls_are_attributed,
    |app: TestApp| async move {
        // A tenant whose pool serves from the mock provider.
        let s = app
            .gateway_setup("Setup", "setup", &[("sk-mock-ok", 1)])
            .await;
        let token = "gw-token-provision";
        let workspace = tempfile::tempdir().expect("workspace");
        let gw = PeerGateway::start(
            Flavour::Clawdbot,
            token,
            Some(json!({"agents": {"list": [{
                "id": "lobo", "default": true, "name": "Lobo",
                "workspace": workspace.path().display().to_string(),
                "model": "anthropic/claude-sonnet-4-5"
            }]}})),
        )
        .await;
        let (status, body) = app
            .call(
                &s.owner,
                AddBot {
                    tenant_id: s.tenant.to_string(),
                    name: "Loja".to_string(),
                    gateway_url: gw.url.to_string(),
                    token: token.to_string(),
                    skip_test: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let bot = wait_for_state(&app, &s.owner, &s.tenant, "Loja", "online").await;
        let bot_id = bot["id"].as_str().expect("id").to_string();
        let (_, cfg) = crate::bots::live_config(
            &app,
            &s.owner,
            GetBotConfig {
                tenant_id: s.tenant.to_string(),
                bot_id: bot_id.to_string(),
            },
        )
        .await;
        let hash = cfg["hash"].as_str().expect("hash").to_string();
        let (status, v) = app
            .call(
                &s.owner,
                ProvisionBot {
                    tenant_id: s.tenant.to_string(),
                    bot_id: bot_id.to_string(),
                    base_hash: hash.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");

        // Clawdbot accepted and wrote it: one provider for the agent, pointing here.
        let file = gw.config_file();
        let provider = &file["models"]["providers"]["baas-lobo"];
        assert_eq!(provider["baseUrl"], app.base.as_str());
        assert_eq!(provider["api"], "anthropic-messages");
        assert_eq!(
            file["agents"]["list"][0]["model"],
            "baas-lobo/claude-sonnet-4-5"
        );
        let key = provider["apiKey"].as_str().expect("key").to_string();
        // The key is nowhere in clear: not in the version list's diffs and summaries, nor in
        // the stored summaries or the audit log.
        let (_, cfg) = crate::bots::live_config(
            &app,
            &s.owner,
            GetBotConfig {
                tenant_id: s.tenant.to_string(),
                bot_id: bot_id.to_string(),
            },
        )
        .await;
        let shown = cfg["versions"].to_string();
        assert!(!shown.contains(&key), "{shown}");
        assert!(
            shown.contains(&baas::clawdbot::config::mask(&key)),
            "the diff shows the key masked: {shown}"
        );
        for sql in [
            "SELECT COUNT(*) FROM bot_config_versions WHERE summary LIKE '%' || $1 || '%'",
            "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%' || $1 || '%'",
        ] {
            assert_eq!(app.count(sql, &key).await, 0, "{sql}");
        }
        // The agent was created in BaaS, and the key belongs to it.
        let (_, agents) = app
            .call(
                &s.owner,
                ListAgents {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        let lobo = agents
            .as_array()
            .expect("agents")
            .iter()
            .find(|a| a["clawdbot_agent_id"] == "lobo")
            .cloned()
            .expect("lobo created");

        // A real agent turn with the provisioned config is counted for that agent.
        let out = gw.agent_local("lobo", "Que horas abre?").await;
        assert!(
            out.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT r.agent_id, k.name FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
                 WHERE r.tenant_id = $1",
            )
            .bind(&s.tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("records");
            if let Some((agent, key_name)) = rows.first() {
                assert_eq!(agent, lobo["id"].as_str().expect("id"));
                assert_eq!(key_name, "bot Loja");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no usage record for the provisioned agent"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(key.starts_with("baas_vk_"));

        // A turn in a WhatsApp group session, run by the bot's gateway itself.
        let group = "120363044444444444@g.us";
        let before: Vec<(String,)> = sqlx::query_as("SELECT id FROM usage_records")
            .fetch_all(&app.db.pool)
            .await
            .expect("ids");
        gw.request(
            "agent",
            json!({"message": "Bom dia, grupo!", "idempotencyKey": "turn-group-1",
                   "sessionKey": format!("agent:lobo:whatsapp:group:{group}")}),
        )
        .await;
        let deadline = Instant::now() + Duration::from_secs(60);
        let group_usage: (i64, i64) = loop {
            let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT id, input_tokens, output_tokens FROM usage_records WHERE tenant_id = $1",
            )
            .bind(&s.tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("records");
            let new: Vec<(i64, i64)> = rows
                .iter()
                .filter(|r| !before.iter().any(|(b,)| *b == r.0))
                .map(|r| (r.1, r.2))
                .collect();
            let sessions = gw.request("sessions.list", json!({})).await;
            let done = sessions["sessions"].as_array().is_some_and(|l| {
                l.iter().any(|x| {
                    x["key"].as_str().is_some_and(|k| k.contains(group))
                        && x["inputTokens"].as_i64().unwrap_or(0) > 0
                })
            });
            if new.len() == 1 && done {
                break new[0];
            }
            assert!(
                Instant::now() < deadline,
                "the group turn did not finish: {sessions}"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        };

        // Sync imports the sessions as conversations, attributed to the agent and the group,
        // with the tokens the gateway counted; a second sync changes nothing.
        let (status, report) = app
            .call(
                &s.owner,
                SyncBots {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{report}");
        assert!(report["added"].as_i64().unwrap_or(0) >= 2, "{report}");
        let (_, convs) = app
            .call(
                &s.owner,
                ListConversations {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        let conv = convs
            .as_array()
            .expect("list")
            .iter()
            .find(|c| c["group"] == group)
            .cloned()
            .unwrap_or_else(|| panic!("no conversation for the group: {convs}"));
        assert_eq!(conv["agent"], "lobo");
        assert_eq!(conv["channel"], "whatsapp");
        assert_eq!(
            (
                conv["input_tokens"].as_i64().expect("in"),
                conv["output_tokens"].as_i64().expect("out")
            ),
            group_usage,
            "{conv}"
        );
        assert!(conv["cost_micro_usd"].as_i64().unwrap_or(0) > 0, "{conv}");
        let (_, again) = app
            .call(
                &s.owner,
                SyncBots {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert_eq!(
            (again["added"].clone(), again["updated"].clone()),
            (json!(0), json!(0)),
            "{again}"
        );
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM conversations WHERE tenant_id = $1")
                .bind(&s.tenant)
                .fetch_one(&app.db.pool)
                .await
                .expect("count");
        assert_eq!(n, report["added"].as_i64().expect("added"));
        let (status, lines) = app
            .call(
                &s.owner,
                GetTranscript {
                    tenant_id: s.tenant.to_string(),
                    conversation_id: (conv["id"].as_str().expect("id")).to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{lines}");
        let text = lines.to_string();
        assert!(
            text.contains("Bom dia, grupo!") && text.contains("assistente de teste"),
            "{text}"
        );

        // Removing the bot revokes the keys it was given: the gateway refuses them at once.
        let (status, v) = app
            .call(
                &s.owner,
                RemoveBot {
                    tenant_id: s.tenant.to_string(),
                    bot_id: bot_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let res = crate::helpers::client()
            .post(app.url("/v1/messages"))
            .header("x-api-key", &key)
            .json(&json!({"model": "claude-sonnet-4-5", "max_tokens": 8,
                          "messages": [{"role": "user", "content": "oi"}]}))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 401);
    }
);

/// Asks Clawdbot's own router which agent serves a WhatsApp group under the config file.
async fn clawdbot_route(gw: &PeerGateway, group: &str) -> String {
    let bin = std::env::var("BAAS_TEST_CLAWDBOT").expect("clawdbot");
    let package = std::path::Path::new(&bin)
        .parent()
        .and_then(|bin_dir| bin_dir.parent())
        .expect("node_modules")
        .join("clawdbot/dist/routing/resolve-route.js");
    let node_dir = std::env::var("BAAS_TEST_NODE_DIR").unwrap_or_default();
    let script = format!(
        "import {{ resolveAgentRoute }} from {pkg};\
         import {{ readFileSync }} from 'node:fs';\
         const cfg = JSON.parse(readFileSync({cfg}, 'utf8'));\
         const r = resolveAgentRoute({{ cfg, channel: 'whatsapp', peer: {{ kind: 'group', id: {group} }} }});\
         console.log(r.agentId);",
        pkg = serde_json::to_string(&format!("file://{}", package.display())).expect("path"),
        cfg = serde_json::to_string(&gw.state_dir().join("clawdbot.json")).expect("cfg"),
        group = serde_json::to_string(group).expect("group"),
    );
    let out = tokio::process::Command::new(format!("{node_dir}/node"))
        .args(["--input-type=module", "-e", &script])
        .output()
        .await
        .expect("node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

both_backends!(
    agents_models_routes_patterns_identity_and_skills_reach_clawdbot,
    |app: TestApp| async move {
        use baas::clawdbot::config::Change;
        use baas::clawdbot::editor::{self, EditError};
        let token = "gw-token-agents";
        let vip = "120363022222222222@g.us";
        let gw = PeerGateway::start(
            Flavour::Clawdbot,
            token,
            Some(json!({"agents": {"list": [
                {"id": "lobo", "default": true, "name": "Lobo"},
                {"id": "coruja", "name": "Coruja"}
            ]}})),
        )
        .await;
        let (by, bot) = owner_with_bot(&app, "agents", &gw.url, token).await;
        assert_eq!(
            clawdbot_route(&gw, vip).await,
            "lobo",
            "the default agent before any binding"
        );

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
            Change::Skill {
                skill: "weather".into(),
                enabled: false,
            },
        ];
        // One save after another: each write restarts the gateway, which the next save waits out.
        let link = gw.link();
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
            .unwrap_or_else(|e| panic!("{change:?} refused: {e}"));
        }
        // Clawdbot validated and wrote each one; its own router now sends the VIP group to
        // the agent that runs on Opus.
        let file = gw.config_file();
        assert_eq!(clawdbot_route(&gw, vip).await, "coruja");
        assert_eq!(clawdbot_route(&gw, "120363033333333333@g.us").await, "lobo");
        let coruja = &file["agents"]["list"][1];
        assert_eq!(coruja["model"], "anthropic/claude-opus-4-5");
        assert_eq!(coruja["identity"]["emoji"], "🦉");
        assert_eq!(
            file["agents"]["list"][0]["groupChat"]["mentionPatterns"],
            json!(["@?lobo\\b"])
        );
        assert_eq!(file["skills"]["entries"]["weather"]["enabled"], false);

        // An invalid pattern is refused before sending, with the reason.
        let snap = editor::read(&link).await.expect("read");
        let bad = Change::MentionPatterns {
            agent: None,
            patterns: vec!["(lobo".into()],
        };
        match editor::change(&app.db, &app.secrets, &link, &by, &bot.id, &snap.hash, &bad).await {
            Err(EditError::Invalid(why)) => assert!(why.contains("(lobo"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(
            editor::read(&link).await.expect("read").hash,
            snap.hash,
            "nothing was sent"
        );

        // The wizard: create from a template, duplicate, delete (with its group route).
        use baas::clawdbot::config::Template;
        let wizard = [
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
            Change::RemoveAgent {
                id: "coruja".into(),
            },
        ];
        for change in &wizard {
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
            .unwrap_or_else(|e| panic!("{change:?} refused: {e}"));
        }
        let file = gw.config_file();
        let ids: Vec<&str> = file["agents"]["list"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|a| a["id"].as_str())
            .collect();
        assert_eq!(ids, vec!["lobo", "vendas", "vendas-2"]);
        assert_eq!(
            file["agents"]["list"][1]["model"],
            "anthropic/claude-haiku-4-5"
        );
        assert_eq!(file["agents"]["list"][2]["identity"]["name"], "Vendas 2");
        assert_eq!(
            clawdbot_route(&gw, vip).await,
            "lobo",
            "the deleted agent's group falls back"
        );
    }
);
