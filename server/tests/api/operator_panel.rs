//! The operator page's pool panel and the operators' own channels: each credential's remaining
//! share is what its provider last reported through the gateway, the paid-key fallback costs
//! exactly what API keys served while subscriptions were in the pool this month, and operators
//! list, add, remove and test channels of their own, apart from every workspace's.

use crate::helpers::gw::{ask, post, wait_count};
use crate::helpers::{Owner, TestApp};
use app::api::*;
use baas::gateway::credentials::{self, CredentialKind};
use baas::gateway::usage::{write_batch, UsageRecord};
use serde_json::Value;

async fn operator(app: &TestApp) -> Owner {
    let op = app.owner("operator").await;
    baas::operators::grant(&app.db, &op.email)
        .await
        .expect("grant");
    op
}

fn credential<'a>(pool: &'a Value, name: &str) -> &'a Value {
    pool["credentials"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["name"] == name))
        .expect("credential")
}

both_backends!(
    operator_panel_shows_remaining_shares_and_the_fallback_cost,
    |app: TestApp| async move {
        // A subscription the provider refuses for third-party use, then a paid key whose
        // headers leave it 100 of 4,000 requests (2.5%), then one that is never reached.
        let s = app
            .gateway_setup(
                "Lobo",
                "lobo",
                &[("sub-thirdparty", 1), ("sk-low", 100), ("sk-ok", 200)],
            )
            .await;
        let op = operator(&app).await;
        let (status, pool) = app.call(&op.client, GetPool {}).await;
        assert_eq!(status, 200, "{pool}");
        assert_eq!(pool["paid_fallback"]["cost"], 0);
        assert!(credential(&pool, "cred1")["remaining_bp"].is_null());

        let res = post(&app, &s.key, &ask("claude-haiku-4-5", 16, "oi")).await;
        assert_eq!(res.status(), 200);
        let paid_id = credential(&pool, "cred1")["id"]
            .as_str()
            .expect("id")
            .to_string();
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE credential_id = $1",
            &paid_id,
            1,
        )
        .await;
        wait_count(
            &app,
            "SELECT COUNT(*) FROM provider_credentials WHERE id = $1 AND headroom_bp IS NOT NULL",
            &paid_id,
            1,
        )
        .await;
        let (served_cost,): (i64,) = sqlx::query_as(
            "SELECT CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_records WHERE credential_id = $1",
        )
        .bind(&paid_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("cost");
        assert!(served_cost > 0);

        let (_, pool) = app.call(&op.client, GetPool {}).await;
        let low = credential(&pool, "cred1");
        assert_eq!(low["remaining_bp"], 250, "{low}");
        assert!(low["remaining_at"].as_i64().is_some_and(|t| t > 0));
        assert!(credential(&pool, "cred0")["remaining_bp"].is_null());
        assert!(credential(&pool, "cred2")["remaining_bp"].is_null());
        assert_eq!(pool["paid_fallback"]["cost"], served_cost, "{pool}");
        assert_eq!(pool["paid_fallback"]["requests"], 1);
    }
);

fn record(tenant: &str, credential: Option<&str>, cost: i64, at: i64) -> UsageRecord {
    UsageRecord {
        id: baas::db::new_id(),
        request_id: baas::db::new_id(),
        tenant_id: tenant.into(),
        agent_id: "agent".into(),
        key_id: "key".into(),
        credential_id: credential.map(str::to_string),
        model_requested: "claude-sonnet-4-5".into(),
        model_served: Some("claude-sonnet-4-5".into()),
        usage: Default::default(),
        cost_micro_usd: cost,
        credit_micro_usd: 0,
        latency_ms: 1,
        ttft_ms: None,
        status: "ok".into(),
        http_status: 200,
        failovers: 0,
        streamed: false,
        created_at: at,
    }
}

both_backends!(
    operator_panel_counts_paid_keys_only_while_subscriptions_exist,
    |app: TestApp| async move {
        let op = operator(&app).await;
        let now = baas::clock::now();
        let month_start = baas::tz::Zone::stored("UTC").month_bounds(now).0;
        let add = |name: &'static str, kind| {
            let (db, secrets) = (app.db.clone(), app.secrets.clone());
            async move {
                credentials::add_credential(
                    &db,
                    &secrets,
                    name,
                    kind,
                    "http://127.0.0.1:9",
                    "secret",
                    1,
                )
                .await
                .expect("credential")
            }
        };
        let paid = add("paid", CredentialKind::AnthropicApiKey).await;
        assert_eq!(
            credentials::paid_fallback(&app.db, now)
                .await
                .expect("fallback"),
            None,
            "with no subscription there is nothing to fall back from"
        );
        let sub = add("sub", CredentialKind::ClaudeSubscription).await;
        sqlx::query("UPDATE provider_credentials SET created_at = $1 WHERE id = $2")
            .bind(month_start + 10)
            .bind(&sub)
            .execute(&app.db.pool)
            .await
            .expect("subscription added early this month");
        let t = now.max(month_start + 20);
        write_batch(
            &app.db,
            &[
                record("a", Some(&paid), 1_000, t),
                record("b", Some(&paid), 2_500, t),
                // Served by the subscription itself.
                record("a", Some(&sub), 7_000, t),
                // Before the subscription was in the pool.
                record("a", Some(&paid), 11_000, month_start + 5),
                // Last month.
                record("a", Some(&paid), 13_000, month_start - 10),
                // Refused before any credential served it.
                record("a", None, 17_000, t),
            ],
        )
        .await
        .expect("usage");

        let (status, pool) = app.call(&op.client, GetPool {}).await;
        assert_eq!(status, 200, "{pool}");
        assert_eq!(pool["paid_fallback"]["cost"], 3_500, "{pool}");
        assert_eq!(pool["paid_fallback"]["requests"], 2);
        assert_eq!(pool["paid_fallback"]["since"], month_start);
    }
);

both_backends!(
    operators_list_add_remove_and_test_their_own_channels,
    |app: TestApp| async move {
        let op = operator(&app).await;
        let tenant = app.owner("tenant").await;

        // With no email channel of their own, a test goes to the operators' addresses.
        let already = app.mails_to(&op.email).len();
        let (status, d) = app
            .call(
                &op.client,
                TestOperatorChannel {
                    channel_id: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["status"], "sent", "{d}");
        app.wait_for_mail(&op.email, already, "asked for this test")
            .await;

        let add = |kind: &str, name: &str, target: &str| AddOperatorChannel {
            kind: kind.into(),
            name: name.into(),
            target: target.into(),
        };
        let ops_inbox = "ops-alerts@example.com";
        let (status, v) = app
            .call(&op.client, add("email", "Ops inbox", ops_inbox))
            .await;
        assert_eq!(status, 200, "{v}");
        assert!(v.is_null(), "an email channel has no secret");
        let (status, secret) = app
            .call(
                &op.client,
                add("webhook", "Pager", "http://127.0.0.1:9/hook?token=abc"),
            )
            .await;
        assert_eq!(status, 200, "{secret}");
        assert!(secret.as_str().is_some_and(|s| s.starts_with("whsec_")));
        let (status, v) = app
            .call(&op.client, add("whatsapp", "Phone", "+5511999990000"))
            .await;
        assert_eq!(status, 400, "{v}");
        assert!(v.to_string().contains("email, webhook or Slack"), "{v}");
        let (status, v) = app
            .call(&op.client, add("email", "Bad", "not an address"))
            .await;
        assert_eq!(status, 400, "{v}");

        let (_, list) = app.call(&op.client, ListOperatorChannels {}).await;
        let list = list.as_array().expect("list").clone();
        assert_eq!(list.len(), 2, "{list:?}");
        let by_name = |n: &str| {
            list.iter()
                .find(|c| c["name"] == n)
                .cloned()
                .expect("channel")
        };
        assert_eq!(by_name("Ops inbox")["target"], ops_inbox);
        assert_eq!(
            by_name("Pager")["target"],
            "http://127.0.0.1/…",
            "a URL by its host only"
        );
        // A webhook's signing secret can be replaced; the engine signs with the new one.
        let pager_id = by_name("Pager")["id"].as_str().expect("id").to_string();
        let (status, rotated) = app
            .call(
                &op.client,
                RotateOperatorSecret {
                    channel_id: pager_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{rotated}");
        let rotated = rotated.as_str().expect("secret").to_string();
        assert!(rotated.starts_with("whsec_") && Some(rotated.as_str()) != secret.as_str());
        let signing = baas::notify::store::targets(&app.db, &app.secrets, None)
            .await
            .expect("targets")
            .into_iter()
            .find(|t| t.id.as_deref() == Some(pager_id.as_str()))
            .and_then(|t| t.secret);
        assert_eq!(signing.as_deref(), Some(rotated.as_str()));
        let (status, _) = app
            .call(
                &op.client,
                RotateOperatorSecret {
                    channel_id: by_name("Ops inbox")["id"].as_str().expect("id").to_string(),
                },
            )
            .await;
        assert_eq!(status, 404, "only a webhook has a signing secret");

        // The engine now sends the operators' alerts to their own inbox, not their addresses.
        let targets = baas::notify::store::targets(&app.db, &app.secrets, None)
            .await
            .expect("targets");
        let emails: Vec<&Vec<String>> = targets
            .iter()
            .filter(|t| t.kind == baas::notify::rules::ChannelKind::Email)
            .map(|t| &t.recipients)
            .collect();
        assert_eq!(emails, vec![&vec![ops_inbox.to_string()]]);

        let inbox_id = by_name("Ops inbox")["id"].as_str().expect("id").to_string();
        let already = app.mails_to(ops_inbox).len();
        let (status, d) = app
            .call(
                &op.client,
                TestOperatorChannel {
                    channel_id: inbox_id,
                },
            )
            .await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["recipient"], ops_inbox);
        app.wait_for_mail(ops_inbox, already, "asked for this test")
            .await;

        // Workspaces and operators never see or touch each other's channels.
        let (status, v) = app
            .call(
                &tenant.client,
                AddNotifyChannel {
                    tenant_id: tenant.tenant.clone(),
                    kind: "email".into(),
                    name: "Team".into(),
                    target: "team@example.com".into(),
                    bot_id: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, theirs) = app
            .call(
                &tenant.client,
                ListNotifyChannels {
                    tenant_id: tenant.tenant.clone(),
                },
            )
            .await;
        assert_eq!(theirs.as_array().map(Vec::len), Some(1), "{theirs}");
        let tenant_channel = theirs[0]["id"].as_str().expect("id").to_string();
        let (status, _) = app
            .call(
                &op.client,
                RemoveOperatorChannel {
                    channel_id: tenant_channel.clone(),
                },
            )
            .await;
        assert_eq!(status, 404, "a workspace's channel is not the operators'");
        let (status, _) = app
            .call(
                &op.client,
                RotateOperatorSecret {
                    channel_id: tenant_channel.clone(),
                },
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .call(
                &op.client,
                TestOperatorChannel {
                    channel_id: tenant_channel,
                },
            )
            .await;
        assert_eq!(status, 404);
        let (_, list) = app.call(&op.client, ListOperatorChannels {}).await;
        assert_eq!(list.as_array().map(Vec::len), Some(2));

        let pager = by_name("Pager")["id"].as_str().expect("id").to_string();
        let (status, v) = app
            .call(&op.client, RemoveOperatorChannel { channel_id: pager })
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, list) = app.call(&op.client, ListOperatorChannels {}).await;
        assert_eq!(list.as_array().map(Vec::len), Some(1));
        // Two added, one secret rotated and one removed, in the log that belongs to no workspace.
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'notify_changed' AND tenant_id IS NULL AND $1 = $1",
                "",
            )
            .await,
            4
        );
    }
);
