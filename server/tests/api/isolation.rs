//! Tenant isolation: every server function that takes or returns tenant data refuses a member
//! of tenant A who passes tenant B's identifiers, and B's data does not change.
//! A new server function must be listed in `app::api::TENANT_SCOPED`, `NOT_TENANT_SCOPED` or
//! `OPERATOR_ONLY` (checked below); a tenant-scoped one gets a case here, an operator-only one
//! a case in the operator tests.

use crate::helpers::{token_from, unique_email, Owner, TestApp};
use app::api::*;
use std::collections::BTreeSet;

/// An agent's id, monthly budget, daily limit, pause and lifted pause.
type LimitsRow = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

async fn snapshot(app: &TestApp, tenant: &str) -> Vec<String> {
    let mut out = Vec::new();
    let members: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, role FROM memberships WHERE tenant_id = $1 ORDER BY user_id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("members");
    out.extend(members.into_iter().map(|(u, r)| format!("member {u} {r}")));
    let invites: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT id, accepted_at, revoked_at FROM invites WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("invites");
    out.extend(
        invites
            .into_iter()
            .map(|(i, a, r)| format!("invite {i} {a:?} {r:?}")),
    );
    let (audit,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1")
        .bind(tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("audit");
    out.push(format!("audit {audit}"));
    let agents: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM agents WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("agents");
    out.extend(agents.into_iter().map(|(i, n)| format!("agent {i} {n}")));
    let keys: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, revoked_at FROM virtual_keys WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("keys");
    out.extend(keys.into_iter().map(|(i, r)| format!("key {i} {r:?}")));
    let bots: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM bots WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("bots");
    out.extend(bots.into_iter().map(|(i, n)| format!("bot {i} {n}")));
    let channels: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT id, secret_sealed FROM notify_channels WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("channels");
    out.extend(
        channels
            .into_iter()
            .map(|(i, s)| format!("channel {i} {s:?}")),
    );
    let incidents: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT id, acknowledged_at FROM incidents WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("incidents");
    out.extend(
        incidents
            .into_iter()
            .map(|(i, a)| format!("incident {i} {a:?}")),
    );
    let (silences, deliveries, settings): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM silences WHERE tenant_id = $1),
                (SELECT COUNT(*) FROM deliveries WHERE tenant_id = $1),
                (SELECT COUNT(*) FROM notify_settings WHERE scope = $1)",
    )
    .bind(tenant)
    .fetch_one(&app.db.pool)
    .await
    .expect("counts");
    out.push(format!(
        "silences {silences} deliveries {deliveries} settings {settings}"
    ));
    let budget: Vec<(String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT plan_id, timezone, monthly_budget, downgrade_enabled FROM tenants WHERE id = $1",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("budget");
    out.extend(budget.into_iter().map(|b| format!("budget {b:?}")));
    let limits: Vec<LimitsRow> = sqlx::query_as(
        "SELECT id, monthly_budget, daily_limit, paused_until, pause_lifted_until FROM agents
         WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("limits");
    out.extend(limits.into_iter().map(|l| format!("limits {l:?}")));
    let alerts: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT id, acknowledged_at FROM alert_events WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("alerts");
    out.extend(alerts.into_iter().map(|a| format!("alert {a:?}")));
    out
}

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

    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("get_overview", vec![("tenant_id", &tb)]),
        ("list_members", vec![("tenant_id", &tb)]),
        (
            "change_role",
            vec![
                ("tenant_id", &tb),
                ("user_id", &b_member_id),
                ("role", "viewer"),
            ],
        ),
        (
            "change_role",
            vec![
                ("tenant_id", &tb),
                ("user_id", &b_owner_id),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![("tenant_id", &tb), ("user_id", &b_member_id)],
        ),
        ("list_invites", vec![("tenant_id", &tb)]),
        (
            "create_invite",
            vec![
                ("tenant_id", &tb),
                ("email", "intruder@example.com"),
                ("role", "owner"),
            ],
        ),
        (
            "revoke_invite",
            vec![("tenant_id", &tb), ("invite_id", &b_invite_id)],
        ),
        ("audit_log", vec![("tenant_id", &tb)]),
        ("list_agents", vec![("tenant_id", &tb)]),
        (
            "create_agent",
            vec![
                ("tenant_id", &tb),
                ("name", "x"),
                ("clawdbot_agent_id", "x"),
            ],
        ),
        ("list_keys", vec![("tenant_id", &tb)]),
        (
            "create_key",
            vec![("tenant_id", &tb), ("agent_id", &b_agent_id), ("name", "x")],
        ),
        (
            "revoke_key",
            vec![("tenant_id", &tb), ("key_id", &b_key_id)],
        ),
        (
            "create_key",
            vec![("tenant_id", &ta), ("agent_id", &b_agent_id), ("name", "x")],
        ),
        (
            "revoke_key",
            vec![("tenant_id", &ta), ("key_id", &b_key_id)],
        ),
        ("list_bots", vec![("tenant_id", &tb)]),
        (
            "add_bot",
            vec![
                ("tenant_id", &tb),
                ("name", "x"),
                ("gateway_url", "ws://127.0.0.1:9"),
                ("token", "x"),
            ],
        ),
        (
            "remove_bot",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id)],
        ),
        (
            "remove_bot",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id)],
        ),
        (
            "get_bot_config",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id)],
        ),
        (
            "get_bot_config",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id)],
        ),
        (
            "change_bot_config",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("setting", "group_policy"),
                ("target", ""),
                ("value", "open"),
            ],
        ),
        (
            "change_bot_config",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("setting", "group_policy"),
                ("target", ""),
                ("value", "open"),
            ],
        ),
        (
            "get_knowledge",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id)],
        ),
        (
            "sync_knowledge",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id)],
        ),
        (
            "delete_knowledge_document",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("document_id", "x"),
            ],
        ),
        (
            "get_knowledge",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id)],
        ),
        (
            "sync_knowledge",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id)],
        ),
        (
            "delete_knowledge_document",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("document_id", "x"),
            ],
        ),
        (
            "get_persona",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
            ],
        ),
        (
            "save_persona_file",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
                ("content", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "persona_versions",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
            ],
        ),
        (
            "restore_persona_file",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("version_id", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "get_persona",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
            ],
        ),
        (
            "save_persona_file",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
                ("content", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "persona_versions",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
            ],
        ),
        (
            "restore_persona_file",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("version_id", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "rollback_bot_config",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("version_id", "x"),
            ],
        ),
        (
            "rollback_bot_config",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("version_id", "x"),
            ],
        ),
        (
            "provision_bot",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
            ],
        ),
        (
            "provision_bot",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
            ],
        ),
        (
            "set_agent_identity",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("agent", "main"),
                ("name", "x"),
                ("emoji", ""),
                ("avatar", ""),
            ],
        ),
        (
            "set_agent_identity",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("agent", "main"),
                ("name", "x"),
                ("emoji", ""),
                ("avatar", ""),
            ],
        ),
        ("sync_bots", vec![("tenant_id", &tb)]),
        (
            "add_agent_to_bot",
            vec![
                ("tenant_id", &tb),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("agent", "x"),
                ("name", "x"),
                ("emoji", ""),
                ("model", "claude-haiku-4-5"),
                ("template", "sales"),
            ],
        ),
        (
            "add_agent_to_bot",
            vec![
                ("tenant_id", &ta),
                ("bot_id", &b_bot_id),
                ("base_hash", "x"),
                ("agent", "x"),
                ("name", "x"),
                ("emoji", ""),
                ("model", "claude-haiku-4-5"),
                ("template", "sales"),
            ],
        ),
        ("list_conversations", vec![("tenant_id", &tb)]),
        ("list_group_costs", vec![("tenant_id", &tb)]),
        (
            "get_dashboard",
            vec![("tenant_id", &tb), ("filter[agent]", "")],
        ),
        ("get_budget_settings", vec![("tenant_id", &tb)]),
        (
            "save_budget",
            vec![
                ("tenant_id", &tb),
                ("timezone", "UTC"),
                ("monthly_budget", "1"),
                ("downgrade_share", "20"),
            ],
        ),
        (
            "save_agent_limits",
            vec![
                ("tenant_id", &tb),
                ("agent_id", &b_agent_id),
                ("monthly_budget", "1"),
                ("daily_limit", "1"),
            ],
        ),
        (
            "save_agent_limits",
            vec![
                ("tenant_id", &ta),
                ("agent_id", &b_agent_id),
                ("monthly_budget", "1"),
                ("daily_limit", "1"),
            ],
        ),
        (
            "unpause_agent",
            vec![("tenant_id", &tb), ("agent_id", &b_agent_id)],
        ),
        (
            "unpause_agent",
            vec![("tenant_id", &ta), ("agent_id", &b_agent_id)],
        ),
        ("list_alerts", vec![("tenant_id", &tb)]),
        (
            "acknowledge_alert",
            vec![("tenant_id", &tb), ("alert_id", &b_alert_id)],
        ),
        (
            "acknowledge_alert",
            vec![("tenant_id", &ta), ("alert_id", &b_alert_id)],
        ),
        (
            "get_transcript",
            vec![("tenant_id", &tb), ("conversation_id", "x")],
        ),
        (
            "get_transcript",
            vec![("tenant_id", &ta), ("conversation_id", "x")],
        ),
        ("admin_agent_bots", vec![("tenant_id", &tb)]),
        ("list_incidents", vec![("tenant_id", &tb)]),
        (
            "acknowledge_incident",
            vec![("tenant_id", &tb), ("incident_id", &b_incident_id)],
        ),
        (
            "acknowledge_incident",
            vec![("tenant_id", &ta), ("incident_id", &b_incident_id)],
        ),
        ("list_deliveries", vec![("tenant_id", &tb)]),
        ("list_notify_channels", vec![("tenant_id", &tb)]),
        (
            "add_notify_channel",
            vec![
                ("tenant_id", &tb),
                ("kind", "email"),
                ("name", "x"),
                ("target", "a@example.com"),
            ],
        ),
        (
            "add_notify_channel",
            vec![
                ("tenant_id", &ta),
                ("kind", "whatsapp"),
                ("name", "x"),
                ("target", "+5511999990000"),
                ("bot_id", &b_bot_id),
            ],
        ),
        (
            "remove_notify_channel",
            vec![("tenant_id", &tb), ("channel_id", &b_channel_id)],
        ),
        (
            "remove_notify_channel",
            vec![("tenant_id", &ta), ("channel_id", &b_channel_id)],
        ),
        (
            "rotate_webhook_secret",
            vec![("tenant_id", &tb), ("channel_id", &b_channel_id)],
        ),
        (
            "rotate_webhook_secret",
            vec![("tenant_id", &ta), ("channel_id", &b_channel_id)],
        ),
        (
            "test_notification",
            vec![("tenant_id", &tb), ("channel_id", &b_channel_id)],
        ),
        (
            "test_notification",
            vec![("tenant_id", &ta), ("channel_id", &b_channel_id)],
        ),
        ("get_notify_settings", vec![("tenant_id", &tb)]),
        (
            "preview_voice",
            vec![("tenant_id", &tb), ("tone", "formal"), ("language", "en")],
        ),
        (
            "save_notify_settings",
            vec![
                ("tenant_id", &tb),
                ("repeat_minutes", "60"),
                ("tone", "formal"),
                ("language", "en"),
            ],
        ),
        (
            "silence_bot",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id), ("minutes", "60")],
        ),
        (
            "silence_bot",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id), ("minutes", "60")],
        ),
        (
            "unsilence_bot",
            vec![("tenant_id", &tb), ("bot_id", &b_bot_id)],
        ),
        (
            "unsilence_bot",
            vec![("tenant_id", &ta), ("bot_id", &b_bot_id)],
        ),
        (
            "health_history",
            vec![("tenant_id", &tb), ("period", "24h"), ("bot", "")],
        ),
        (
            "health_history",
            vec![("tenant_id", &ta), ("period", "24h"), ("bot", &b_bot_id)],
        ),
        // A's own tenant id with B's object ids must not reach B's objects either.
        (
            "change_role",
            vec![
                ("tenant_id", &ta),
                ("user_id", &b_member_id),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![("tenant_id", &ta), ("user_id", &b_member_id)],
        ),
        (
            "revoke_invite",
            vec![("tenant_id", &ta), ("invite_id", &b_invite_id)],
        ),
    ];
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
