//! A bot that cannot be reached: its pages answer at once with what BaaS last knew and the
//! bot's state, and a change to it is refused at once without the socket's words. Loopback
//! only: a closed port on 127.0.0.1 and a real Clawdbot gateway.

use crate::bots::wait_for_state;
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{free_port, Owner, TestApp};
use app::api::*;
use serde_json::Value;

/// An address on loopback where nothing listens.
fn nowhere() -> String {
    format!("ws://127.0.0.1:{}", free_port())
}

/// What a refusal says (its message), checked for the socket's own words.
fn plain(body: &Value) -> String {
    let msg = body["message"].as_str().unwrap_or_default().to_string();
    for raw in [
        "os error",
        "Connection refused",
        "tungstenite",
        "127.0.0.1:0",
    ] {
        assert!(
            !msg.contains(raw),
            "the socket's words reached the page: {msg}"
        );
    }
    msg
}

/// Adds bot `name` at `url` with `token`.
async fn add(app: &TestApp, o: &Owner, name: &str, url: &str, token: &str) -> (u16, Value) {
    app.call(
        &o.client,
        AddBot {
            tenant_id: o.tenant.clone(),
            name: name.into(),
            gateway_url: url.into(),
            token: token.into(),
        },
    )
    .await
}

both_backends!(
    an_unreachable_bots_pages_show_what_is_known_and_a_change_is_refused_at_once,
    |app: TestApp| async move {
        let o = app.owner("unreachable").await;
        let url = nowhere();

        let (status, body) = add(&app, &o, "Gone", &url, "t").await;
        assert_eq!(status, 200, "{body}");
        // Its state says why, when it began and when it was tried.
        let listed = wait_for_state(&app, &o.client, &o.tenant, "Gone", "offline").await;
        assert_eq!(listed["problem"], "unreachable", "{listed}");
        assert_eq!(
            listed["error"], "could not connect to the gateway",
            "{listed}"
        );
        assert!(listed["since"].as_i64().is_some(), "{listed}");
        assert!(listed["checked_at"].as_i64().is_some(), "{listed}");
        let bot = listed["id"].as_str().expect("id").to_string();

        // Its pages answer with what is known and the bot's state, not an error.
        let (status, cfg) = app
            .call(
                &o.client,
                GetBotConfig {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{cfg}");
        assert_eq!(cfg["reach"]["live"], false, "{cfg}");
        assert_eq!(cfg["reach"]["bot"]["state"], "offline", "{cfg}");
        assert_eq!(cfg["reach"]["bot"]["gateway_url"], url.as_str(), "{cfg}");
        assert!(
            cfg["reach"]["known_at"].is_null(),
            "nothing was known: {cfg}"
        );
        assert_eq!(cfg["hash"], "", "{cfg}");
        let (status, persona) = app
            .call(
                &o.client,
                GetPersona {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                    agent_id: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200, "{persona}");
        assert_eq!(persona["reach"]["live"], false, "{persona}");
        assert_eq!(
            persona["files"].as_array().map(Vec::len),
            Some(4),
            "{persona}"
        );
        let (status, kb) = app
            .call(
                &o.client,
                GetKnowledge {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{kb}");
        assert_eq!(kb["reach"]["live"], false, "{kb}");
        assert_eq!(kb["reach"]["bot"]["problem"], "unreachable", "{kb}");

        // A change is refused at once, in plain words naming the bot's address.
        let (status, body) = app
            .call(
                &o.client,
                ChangeBotConfig {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                    base_hash: "x".into(),
                    setting: "group_policy".into(),
                    target: String::new(),
                    value: "open".into(),
                },
            )
            .await;
        assert_eq!(status, 503, "{body}");
        let msg = plain(&body);
        assert!(
            msg.starts_with(&format!(
                "The bot at {url} is not reachable right now; your change was not sent."
            )),
            "{msg}"
        );
        let (status, body) = app
            .call(
                &o.client,
                SyncKnowledge {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                },
            )
            .await;
        assert_eq!(status, 503, "{body}");
        plain(&body);
        // A sync of every bot leaves this one out and names it.
        let (status, sync) = app
            .call(
                &o.client,
                SyncBots {
                    tenant_id: o.tenant.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{sync}");
        assert_eq!(sync["unreachable"], serde_json::json!(["Gone"]), "{sync}");
    }
);

both_backends!(
    a_bot_read_once_shows_what_was_read_once_it_is_gone,
    |app: TestApp| async move {
        let token = "gw-token-gone";
        let mut gw = PeerGateway::start(Flavour::Clawdbot, token, None).await;
        let o = app.owner("gone").await;
        let (status, body) = add(&app, &o, "Gone", &gw.url, token).await;
        assert_eq!(status, 200, "{body}");
        let online = wait_for_state(&app, &o.client, &o.tenant, "Gone", "online").await;
        let bot = online["id"].as_str().expect("id").to_string();

        // Read from the bot now, and kept: once the bot is gone, its page shows that at once.
        let config = || {
            app.call(
                &o.client,
                GetBotConfig {
                    tenant_id: o.tenant.clone(),
                    bot_id: bot.clone(),
                },
            )
        };
        let (status, live) = config().await;
        assert_eq!(status, 200, "{live}");
        assert_eq!(live["reach"]["live"], true, "{live}");
        assert!(
            !live["hash"].as_str().unwrap_or_default().is_empty(),
            "{live}"
        );
        gw.kill().await;
        wait_for_state(&app, &o.client, &o.tenant, "Gone", "offline").await;
        let (status, known) = config().await;
        assert_eq!(status, 200, "{known}");
        assert_eq!(known["reach"]["live"], false, "{known}");
        assert!(known["reach"]["known_at"].as_i64().is_some(), "{known}");
        assert_eq!(known["hash"], "", "{known}");
        for part in [
            "groups",
            "agents",
            "group_policy",
            "dm_policy",
            "allow_from",
        ] {
            assert_eq!(known[part], live[part], "{part}: {known}");
        }
    }
);
