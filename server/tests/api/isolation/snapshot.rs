//! What isolation checks stays unchanged in a tenant: every row a server function could
//! touch, rendered as lines.

use crate::helpers::TestApp;

/// A tenant's plan, time zone, budget, downgrade switch and audit retention.
type SettingsRow = (String, String, Option<i64>, i64, Option<i64>);

/// An agent's id, monthly budget, daily limit, pause and lifted pause.
type LimitsRow = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

pub(super) async fn snapshot(app: &TestApp, tenant: &str) -> Vec<String> {
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
    let agents: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, deleted_at FROM agents WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("agents");
    out.extend(
        agents
            .into_iter()
            .map(|(i, n, d)| format!("agent {i} {n} {d:?}")),
    );
    let keys: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, revoked_at FROM virtual_keys WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant)
            .fetch_all(&app.db.pool)
            .await
            .expect("keys");
    out.extend(keys.into_iter().map(|(i, r)| format!("key {i} {r:?}")));
    let bots: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, gateway_url, token_sealed FROM bots WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&app.db.pool)
    .await
    .expect("bots");
    out.extend(
        bots.into_iter()
            .map(|(i, n, u, t)| format!("bot {i} {n} {u} {t}")),
    );
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
    let (silences, deliveries, settings, billing): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM silences WHERE tenant_id = $1),
                (SELECT COUNT(*) FROM deliveries WHERE tenant_id = $1),
                (SELECT COUNT(*) FROM notify_settings WHERE scope = $1),
                (SELECT COUNT(*) FROM billing_accounts WHERE tenant_id = $1)",
    )
    .bind(tenant)
    .fetch_one(&app.db.pool)
    .await
    .expect("counts");
    out.push(format!(
        "silences {silences} deliveries {deliveries} settings {settings} billing accounts {billing}"
    ));
    let budget: Vec<SettingsRow> = sqlx::query_as(
        "SELECT plan_id, timezone, monthly_budget, downgrade_enabled, audit_retention_days
         FROM tenants WHERE id = $1",
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
