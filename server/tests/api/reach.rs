//! A bot that cannot be reached: adding one is refused in plain words (or saved untested when
//! asked), its pages answer at once with what BaaS last knew and the bot's state, a change to
//! it is refused at once without the socket's words, and a bot's address and token can be
//! changed — tried first, audited, and the connection made again with them. Loopback only: a
//! closed port on 127.0.0.1 and a real Clawdbot gateway.

use crate::bots::wait_for_state;
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{free_port, unique_email, Owner, TestApp};
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

/// Adds bot `name` at `url` with `token`, untested when `skip` is set.
async fn add(
    app: &TestApp,
    o: &Owner,
    name: &str,
    url: &str,
    token: &str,
    skip: bool,
) -> (u16, Value) {
    app.call(
        &o.client,
        AddBot {
            tenant_id: o.tenant.clone(),
            name: name.into(),
            gateway_url: url.into(),
            token: token.into(),
            skip_test: skip.then(|| "on".to_string()),
        },
    )
    .await
}

/// Points bot `bot` at `url` with `token` (empty: keep it), tested.
async fn update(
    app: &TestApp,
    c: &reqwest::Client,
    tenant: &str,
    bot: &str,
    url: &str,
    token: &str,
) -> (u16, Value) {
    app.call(
        c,
        UpdateBot {
            tenant_id: tenant.into(),
            bot_id: bot.into(),
            gateway_url: url.into(),
            token: token.into(),
            skip_test: None,
        },
    )
    .await
}

async fn bot_row(app: &TestApp, bot: &str) -> (String, String) {
    sqlx::query_as("SELECT gateway_url, token_sealed FROM bots WHERE id = $1")
        .bind(bot)
        .fetch_one(&app.db.pool)
        .await
        .expect("bot row")
}

both_backends!(
    an_unreachable_bot_is_refused_in_plain_words_and_its_pages_show_what_is_known,
    |app: TestApp| async move {
        let o = app.owner("unreachable").await;
        let url = nowhere();

        // Tried before it is saved: refused, naming what failed, and nothing is saved.
        let (status, body) = add(&app, &o, "Gone", &url, "t", false).await;
        assert_eq!(status, 400, "{body}");
        let msg = plain(&body);
        assert!(
            msg.starts_with(&format!("Nothing answered at {url}:")),
            "{msg}"
        );
        assert!(msg.ends_with("The bot was not added."), "{msg}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM bots WHERE tenant_id = $1", &o.tenant)
                .await,
            0
        );

        // Saved untested when asked; its state says why, when it began and when it was tried.
        let (status, body) = add(&app, &o, "Gone", &url, "t", true).await;
        assert_eq!(status, 200, "{body}");
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
    a_bots_address_and_token_are_changed_tried_first_audited_and_reconnected,
    |app: TestApp| async move {
        let token = "gw-token-moved";
        let mut gw = PeerGateway::start(Flavour::Clawdbot, token, None).await;
        let o = app.owner("moved").await;
        let old = nowhere();
        let (status, body) = add(&app, &o, "Moved", &old, "old-token", true).await;
        assert_eq!(status, 200, "{body}");
        let listed = wait_for_state(&app, &o.client, &o.tenant, "Moved", "offline").await;
        let bot = listed["id"].as_str().expect("id").to_string();
        let before = bot_row(&app, &bot).await;

        // The new address with a wrong token is tried and refused; nothing changes.
        let (status, body) = update(&app, &o.client, &o.tenant, &bot, &gw.url, "wrong").await;
        assert_eq!(status, 400, "{body}");
        let msg = plain(&body);
        assert!(
            msg.contains(&format!("The gateway at {} refused the token", gw.url))
                && msg.ends_with("The change was not saved."),
            "{msg}"
        );
        assert_eq!(bot_row(&app, &bot).await, before);

        // A viewer of the workspace and another workspace's owner may not change it.
        let (viewer, _) = app
            .add_member(
                &o.client,
                &o.tenant,
                &unique_email("viewer"),
                baas::roles::Role::Viewer,
            )
            .await;
        let (status, body) = update(&app, &viewer, &o.tenant, &bot, &gw.url, token).await;
        assert_eq!(status, 403, "{body}");
        let other = app.owner("other").await;
        let (status, body) = update(&app, &other.client, &o.tenant, &bot, &gw.url, token).await;
        assert_eq!(status, 403, "{body}");
        let (status, body) = update(&app, &other.client, &other.tenant, &bot, &gw.url, token).await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(bot_row(&app, &bot).await, before);

        // The right token: saved (sealed), audited, and the bot comes online at its new address.
        let (status, body) = update(&app, &o.client, &o.tenant, &bot, &gw.url, token).await;
        assert_eq!(status, 200, "{body}");
        let (url, sealed) = bot_row(&app, &bot).await;
        assert_eq!(url, gw.url);
        assert!(!sealed.contains(token));
        let online = wait_for_state(&app, &o.client, &o.tenant, "Moved", "online").await;
        assert_eq!(online["gateway_url"], gw.url.as_str(), "{online}");
        let (action, detail): (String, String) = sqlx::query_as(
            "SELECT action, detail FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(&o.tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("audit entry");
        assert_eq!(action, "bot_connection_changed");
        assert_eq!(
            detail,
            format!("moved bot Moved from {old} to {} with a new token", gw.url)
        );
        assert!(!detail.contains(token));

        // The same address and token again is nothing to save.
        let (status, body) = update(&app, &o.client, &o.tenant, &bot, &gw.url, "").await;
        assert_eq!(status, 400, "{body}");
        assert!(plain(&body).contains("already has"), "{body}");

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
        wait_for_state(&app, &o.client, &o.tenant, "Moved", "offline").await;
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
