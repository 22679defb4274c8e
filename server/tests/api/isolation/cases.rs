//! One call per tenant-scoped server function (and more where an object id of B could be
//! passed under A's own tenant id), made by A's owner with B's identifiers.

/// Tenant A's id and tenant B's objects, as the calls pass them.
pub(super) struct Ids<'a> {
    pub ta: &'a str,
    pub tb: &'a str,
    pub b_owner_id: &'a str,
    pub b_member_id: &'a str,
    pub b_invite_id: &'a str,
    pub b_agent_id: &'a str,
    pub b_key_id: &'a str,
    pub b_bot_id: &'a str,
    pub b_alert_id: &'a str,
    pub b_channel_id: &'a str,
    pub b_incident_id: &'a str,
}

/// The calls: a server function's name and its form fields.
pub(super) fn cases<'a>(ids: &Ids<'a>) -> Vec<(&'static str, Vec<(&'static str, &'a str)>)> {
    let Ids {
        ta,
        tb,
        b_owner_id,
        b_member_id,
        b_invite_id,
        b_agent_id,
        b_key_id,
        b_bot_id,
        b_alert_id,
        b_channel_id,
        b_incident_id,
    } = *ids;
    vec![
        ("get_overview", vec![("tenant_id", tb)]),
        ("list_members", vec![("tenant_id", tb)]),
        (
            "change_role",
            vec![
                ("tenant_id", tb),
                ("user_id", b_member_id),
                ("role", "viewer"),
            ],
        ),
        (
            "change_role",
            vec![
                ("tenant_id", tb),
                ("user_id", b_owner_id),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![("tenant_id", tb), ("user_id", b_member_id)],
        ),
        ("list_invites", vec![("tenant_id", tb)]),
        (
            "create_invite",
            vec![
                ("tenant_id", tb),
                ("email", "intruder@example.com"),
                ("role", "owner"),
            ],
        ),
        (
            "revoke_invite",
            vec![("tenant_id", tb), ("invite_id", b_invite_id)],
        ),
        ("audit_log", vec![("tenant_id", tb)]),
        ("get_audit_retention", vec![("tenant_id", tb)]),
        (
            "save_audit_retention",
            vec![("tenant_id", tb), ("days", "30")],
        ),
        ("list_agents", vec![("tenant_id", tb)]),
        (
            "create_agent",
            vec![("tenant_id", tb), ("name", "x"), ("clawdbot_agent_id", "x")],
        ),
        (
            "rename_agent",
            vec![("tenant_id", tb), ("agent_id", b_agent_id), ("name", "x")],
        ),
        (
            "rename_agent",
            vec![("tenant_id", ta), ("agent_id", b_agent_id), ("name", "x")],
        ),
        (
            "delete_agent",
            vec![("tenant_id", tb), ("agent_id", b_agent_id)],
        ),
        (
            "delete_agent",
            vec![("tenant_id", ta), ("agent_id", b_agent_id)],
        ),
        ("list_keys", vec![("tenant_id", tb)]),
        (
            "create_key",
            vec![("tenant_id", tb), ("agent_id", b_agent_id), ("name", "x")],
        ),
        ("revoke_key", vec![("tenant_id", tb), ("key_id", b_key_id)]),
        (
            "create_key",
            vec![("tenant_id", ta), ("agent_id", b_agent_id), ("name", "x")],
        ),
        ("revoke_key", vec![("tenant_id", ta), ("key_id", b_key_id)]),
        ("list_bots", vec![("tenant_id", tb)]),
        (
            "add_bot",
            vec![
                ("tenant_id", tb),
                ("name", "x"),
                ("gateway_url", "ws://127.0.0.1:9"),
                ("token", "x"),
            ],
        ),
        ("remove_bot", vec![("tenant_id", tb), ("bot_id", b_bot_id)]),
        ("remove_bot", vec![("tenant_id", ta), ("bot_id", b_bot_id)]),
        (
            "update_bot",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("gateway_url", "ws://127.0.0.1:9"),
                ("token", "x"),
                ("skip_test", "on"),
            ],
        ),
        (
            "update_bot",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("gateway_url", "ws://127.0.0.1:9"),
                ("token", "x"),
                ("skip_test", "on"),
            ],
        ),
        (
            "get_bot_config",
            vec![("tenant_id", tb), ("bot_id", b_bot_id)],
        ),
        (
            "get_bot_config",
            vec![("tenant_id", ta), ("bot_id", b_bot_id)],
        ),
        (
            "change_bot_config",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("setting", "group_policy"),
                ("target", ""),
                ("value", "open"),
            ],
        ),
        (
            "change_bot_config",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("setting", "group_policy"),
                ("target", ""),
                ("value", "open"),
            ],
        ),
        (
            "get_knowledge",
            vec![("tenant_id", tb), ("bot_id", b_bot_id)],
        ),
        (
            "sync_knowledge",
            vec![("tenant_id", tb), ("bot_id", b_bot_id)],
        ),
        (
            "delete_knowledge_document",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("document_id", "x"),
            ],
        ),
        (
            "get_knowledge",
            vec![("tenant_id", ta), ("bot_id", b_bot_id)],
        ),
        (
            "sync_knowledge",
            vec![("tenant_id", ta), ("bot_id", b_bot_id)],
        ),
        (
            "delete_knowledge_document",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("document_id", "x"),
            ],
        ),
        (
            "get_persona",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
            ],
        ),
        (
            "save_persona_file",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
                ("content", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "persona_versions",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
            ],
        ),
        (
            "restore_persona_file",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("version_id", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "get_persona",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
            ],
        ),
        (
            "save_persona_file",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
                ("content", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "persona_versions",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("agent_id", "main"),
                ("name", "SOUL.md"),
            ],
        ),
        (
            "restore_persona_file",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("version_id", "x"),
                ("expected_hash", ""),
            ],
        ),
        (
            "rollback_bot_config",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("version_id", "x"),
            ],
        ),
        (
            "rollback_bot_config",
            vec![
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("version_id", "x"),
            ],
        ),
        (
            "provision_bot",
            vec![("tenant_id", tb), ("bot_id", b_bot_id), ("base_hash", "x")],
        ),
        (
            "provision_bot",
            vec![("tenant_id", ta), ("bot_id", b_bot_id), ("base_hash", "x")],
        ),
        (
            "set_agent_identity",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
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
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("agent", "main"),
                ("name", "x"),
                ("emoji", ""),
                ("avatar", ""),
            ],
        ),
        ("sync_bots", vec![("tenant_id", tb)]),
        (
            "add_agent_to_bot",
            vec![
                ("tenant_id", tb),
                ("bot_id", b_bot_id),
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
                ("tenant_id", ta),
                ("bot_id", b_bot_id),
                ("base_hash", "x"),
                ("agent", "x"),
                ("name", "x"),
                ("emoji", ""),
                ("model", "claude-haiku-4-5"),
                ("template", "sales"),
            ],
        ),
        ("list_conversations", vec![("tenant_id", tb)]),
        ("list_group_costs", vec![("tenant_id", tb)]),
        (
            "get_dashboard",
            vec![("tenant_id", tb), ("filter[agent]", "")],
        ),
        ("get_budget_settings", vec![("tenant_id", tb)]),
        (
            "save_budget",
            vec![
                ("tenant_id", tb),
                ("timezone", "UTC"),
                ("monthly_budget", "1"),
                ("downgrade_share", "20"),
            ],
        ),
        (
            "save_agent_limits",
            vec![
                ("tenant_id", tb),
                ("agent_id", b_agent_id),
                ("monthly_budget", "1"),
                ("daily_limit", "1"),
            ],
        ),
        (
            "save_agent_limits",
            vec![
                ("tenant_id", ta),
                ("agent_id", b_agent_id),
                ("monthly_budget", "1"),
                ("daily_limit", "1"),
            ],
        ),
        (
            "unpause_agent",
            vec![("tenant_id", tb), ("agent_id", b_agent_id)],
        ),
        (
            "unpause_agent",
            vec![("tenant_id", ta), ("agent_id", b_agent_id)],
        ),
        ("list_alerts", vec![("tenant_id", tb)]),
        (
            "acknowledge_alert",
            vec![("tenant_id", tb), ("alert_id", b_alert_id)],
        ),
        (
            "acknowledge_alert",
            vec![("tenant_id", ta), ("alert_id", b_alert_id)],
        ),
        (
            "get_transcript",
            vec![("tenant_id", tb), ("conversation_id", "x")],
        ),
        (
            "get_transcript",
            vec![("tenant_id", ta), ("conversation_id", "x")],
        ),
        ("admin_agent_bots", vec![("tenant_id", tb)]),
        ("list_incidents", vec![("tenant_id", tb)]),
        (
            "acknowledge_incident",
            vec![("tenant_id", tb), ("incident_id", b_incident_id)],
        ),
        (
            "acknowledge_incident",
            vec![("tenant_id", ta), ("incident_id", b_incident_id)],
        ),
        ("list_deliveries", vec![("tenant_id", tb)]),
        ("list_notify_channels", vec![("tenant_id", tb)]),
        (
            "add_notify_channel",
            vec![
                ("tenant_id", tb),
                ("kind", "email"),
                ("name", "x"),
                ("target", "a@example.com"),
            ],
        ),
        (
            "add_notify_channel",
            vec![
                ("tenant_id", ta),
                ("kind", "whatsapp"),
                ("name", "x"),
                ("target", "+5511999990000"),
                ("bot_id", b_bot_id),
            ],
        ),
        (
            "remove_notify_channel",
            vec![("tenant_id", tb), ("channel_id", b_channel_id)],
        ),
        (
            "remove_notify_channel",
            vec![("tenant_id", ta), ("channel_id", b_channel_id)],
        ),
        (
            "rotate_webhook_secret",
            vec![("tenant_id", tb), ("channel_id", b_channel_id)],
        ),
        (
            "rotate_webhook_secret",
            vec![("tenant_id", ta), ("channel_id", b_channel_id)],
        ),
        (
            "test_notification",
            vec![("tenant_id", tb), ("channel_id", b_channel_id)],
        ),
        (
            "test_notification",
            vec![("tenant_id", ta), ("channel_id", b_channel_id)],
        ),
        ("get_notify_settings", vec![("tenant_id", tb)]),
        (
            "preview_voice",
            vec![("tenant_id", tb), ("tone", "formal"), ("language", "en")],
        ),
        (
            "save_notify_settings",
            vec![
                ("tenant_id", tb),
                ("repeat_minutes", "60"),
                ("tone", "formal"),
                ("language", "en"),
            ],
        ),
        (
            "silence_bot",
            vec![("tenant_id", tb), ("bot_id", b_bot_id), ("minutes", "60")],
        ),
        (
            "silence_bot",
            vec![("tenant_id", ta), ("bot_id", b_bot_id), ("minutes", "60")],
        ),
        (
            "unsilence_bot",
            vec![("tenant_id", tb), ("bot_id", b_bot_id)],
        ),
        (
            "unsilence_bot",
            vec![("tenant_id", ta), ("bot_id", b_bot_id)],
        ),
        (
            "health_history",
            vec![("tenant_id", tb), ("period", "24h"), ("bot", "")],
        ),
        (
            "health_history",
            vec![("tenant_id", ta), ("period", "24h"), ("bot", b_bot_id)],
        ),
        ("get_billing", vec![("tenant_id", tb)]),
        (
            "start_checkout",
            vec![("tenant_id", tb), ("plan_id", "enterprise")],
        ),
        ("open_portal", vec![("tenant_id", tb)]),
        ("buy_credits", vec![("tenant_id", tb), ("pack_id", "x")]),
        (
            "delete_workspace",
            vec![("tenant_id", tb), ("name", "B workspace")],
        ),
        // A's own tenant id with B's object ids must not reach B's objects either.
        (
            "change_role",
            vec![
                ("tenant_id", ta),
                ("user_id", b_member_id),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![("tenant_id", ta), ("user_id", b_member_id)],
        ),
        (
            "revoke_invite",
            vec![("tenant_id", ta), ("invite_id", b_invite_id)],
        ),
    ]
}
