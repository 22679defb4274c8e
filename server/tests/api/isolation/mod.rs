//! Tenant isolation: every server function that takes or returns tenant data refuses a member
//! of tenant A who passes tenant B's identifiers, and B's data does not change.
//! A new server function must be listed in `app::api::TENANT_SCOPED`, `NOT_TENANT_SCOPED` or
//! `OPERATOR_ONLY` (checked below); a tenant-scoped one gets a case here, an operator-only one
//! a case in the operator tests.

mod cases;
mod snapshot;

use crate::helpers::{token_from, unique_email, Owner, TestApp};
use app::api::*;
use snapshot::snapshot;
use std::collections::BTreeSet;

both_backends!(tenant_a_cannot_touch_tenant_b, |app: TestApp| async move {
    // Tenant B with an owner, an extra member and a pending invite.
    let Owner {
        client: b_owner,
        user_id: b_owner_id,
        tenant: tb,
        ..
    } = app.owner("bravo").await;
    let (_, b_member_id) = app
        .add_member(
            &b_owner,
            &tb,
            &unique_email("bmember"),
            baas::roles::Role::Member,
        )
        .await;
    let (_, inv) = app
        .call(
            &b_owner,
            CreateInvite {
                tenant_id: tb.to_string(),
                email: (unique_email("bpending")).to_string(),
                role: baas::roles::Role::Viewer,
            },
        )
        .await;
    let b_invite_id = inv["invite"]["id"].as_str().expect("invite id").to_string();
    let b_invite_token = token_from(inv["link"].as_str().expect("link"), "/invite?token=");

    let (_, agent) = app
        .call(
            &b_owner,
            CreateAgent {
                tenant_id: tb.to_string(),
                name: "Coruja".to_string(),
                clawdbot_agent_id: "coruja".to_string(),
            },
        )
        .await;
    let b_agent_id = agent["id"].as_str().expect("agent id").to_string();
    baas::alerts::record(
        &app.db,
        Some(&baas::ids::TenantId::new(tb.as_str())),
        "budget",
        baas::alerts::Severity::Warning,
        &baas::i18n::Text::new("alert-budget")
            .int("percent", 50)
            .usd("spent", 50_000_000)
            .usd("budget", 100_000_000),
    )
    .await
    .expect("alert");
    let (b_alert_id,): (String,) =
        sqlx::query_as("SELECT id FROM alert_events WHERE tenant_id = $1")
            .bind(&tb)
            .fetch_one(&app.db.pool)
            .await
            .expect("alert id");
    let (_, key) = app
        .call(
            &b_owner,
            CreateKey {
                tenant_id: tb.to_string(),
                agent_id: b_agent_id.to_string(),
                name: "bkey".to_string(),
            },
        )
        .await;
    let b_key_id = key["view"]["id"].as_str().expect("key id").to_string();
    // A bot whose gateway is not running: isolation is about the stored bot, not the link.
    let (status, body) = app
        .call(
            &b_owner,
            AddBot {
                tenant_id: tb.to_string(),
                name: "bbot".to_string(),
                gateway_url: "ws://127.0.0.1:9".to_string(),
                token: "b-secret-token".to_string(),
                skip_test: Some("on".into()),
            },
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, b_bots) = app
        .call(
            &b_owner,
            ListBots {
                tenant_id: tb.to_string(),
            },
        )
        .await;
    let b_bot_id = b_bots[0]["id"].as_str().expect("bot id").to_string();
    // B's notification channel and an incident of B's bot.
    let (status, b_secret) = app
        .call(
            &b_owner,
            AddNotifyChannel {
                tenant_id: tb.to_string(),
                kind: "webhook".into(),
                name: "bhook".into(),
                target: "http://127.0.0.1:9/hook".into(),
                bot_id: String::new(),
            },
        )
        .await;
    assert_eq!(status, 200, "{b_secret}");
    let (b_channel_id,): (String,) =
        sqlx::query_as("SELECT id FROM notify_channels WHERE tenant_id = $1")
            .bind(&tb)
            .fetch_one(&app.db.pool)
            .await
            .expect("channel id");
    let b_incident_id = "b-incident".to_string();
    sqlx::query(
        "INSERT INTO incidents (id, tenant_id, bot_id, kind, reason, opened_at) VALUES ($1, $2, $3, 'unreachable', 'x', 1)",
    )
    .bind(&b_incident_id)
    .bind(&tb)
    .bind(&b_bot_id)
    .execute(&app.db.pool)
    .await
    .expect("incident");

    // Tenant A's owner: full powers in A, nothing in B.
    let Owner {
        client: a_owner,
        tenant: ta,
        ..
    } = app.owner("alpha").await;
    let before = snapshot(&app, &tb).await;

    let ids = cases::Ids {
        ta: &ta,
        tb: &tb,
        b_owner_id: &b_owner_id,
        b_member_id: &b_member_id,
        b_invite_id: &b_invite_id,
        b_agent_id: &b_agent_id,
        b_key_id: &b_key_id,
        b_bot_id: &b_bot_id,
        b_alert_id: &b_alert_id,
        b_channel_id: &b_channel_id,
        b_incident_id: &b_incident_id,
    };
    let cases = cases::cases(&ids);
    let mut covered = BTreeSet::new();
    for (name, args) in &cases {
        let (status, body) = app.call_raw(&a_owner, name, args).await;
        assert!(
            status == 403 || status == 404,
            "{name} {args:?} answered {status}: {body}"
        );
        let text = body.to_string();
        assert!(
            !text.contains("bmember") && !text.contains("bpending") && !text.contains("bbot"),
            "{name} leaked B's data: {text}"
        );
        covered.insert(format!("/api/{name}"));
    }
    assert_eq!(snapshot(&app, &tb).await, before, "tenant B changed");

    // Every tenant-scoped server function has a case above.
    let scoped: BTreeSet<String> = app::api::TENANT_SCOPED
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(covered, scoped, "isolation cases and TENANT_SCOPED differ");

    // Holding B's real invite link does not let A's owner (another address) into B.
    let (status, body) = app
        .call(
            &a_owner,
            AcceptInvite {
                token: b_invite_token.to_string(),
            },
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(snapshot(&app, &tb).await, before, "tenant B changed");
    // whoami lists only the caller's own tenants.
    let (_, me) = app.call(&a_owner, Whoami {}).await;
    let ids: Vec<&str> = me["tenants"]
        .as_array()
        .expect("tenants")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(ids, vec![ta.as_str()]);
});

#[test]
fn every_server_function_is_classified() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let classified: BTreeSet<String> = app::api::TENANT_SCOPED
        .iter()
        .chain(app::api::NOT_TENANT_SCOPED)
        .chain(app::api::OPERATOR_ONLY)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        registered, classified,
        "a server function is missing from TENANT_SCOPED / NOT_TENANT_SCOPED / OPERATOR_ONLY (and its test)"
    );
}
