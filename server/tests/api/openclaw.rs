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
        let (status, cfg) = app
            .call(
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
