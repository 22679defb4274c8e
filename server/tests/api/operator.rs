//! The operator's page functions: only operators reach the provider pool and the prices, every
//! change is audited, secrets never come back, and the gateway applies what they set.

use crate::helpers::{Owner, TestApp};
use app::api::*;
use serde_json::Value;

both_backends!(
    only_operators_manage_the_pool_and_prices,
    |app: TestApp| async move {
        let Owner {
            client: tenant_owner,
            tenant: tenant_id,
            ..
        } = app.owner("tenant").await;
        let plan: &[(&str, &str)] = &[
            ("id", "starter"),
            ("name", "Starter"),
            ("models", "haiku,sonnet,opus"),
            ("default_model", "claude-haiku-4-5"),
            ("monthly_messages", ""),
            ("max_groups", ""),
            ("max_bots", ""),
        ];
        let Owner {
            client: op,
            email: op_email,
            ..
        } = app.owner("operator").await;
        baas::operators::grant(&app.db, &op_email)
            .await
            .expect("grant");

        let secret = "sk-ant-api03-never-shown-again";
        let add: &[(&str, &str)] = &[
            ("name", "workspace-a"),
            ("kind", "anthropic_api_key"),
            ("base_url", "https://api.anthropic.com"),
            ("secret", secret),
            ("priority", "5"),
        ];
        let price: &[(&str, &str)] = &[
            ("model", "claude-sonnet-4-5"),
            ("input", "4"),
            ("output", "20"),
            ("cache_read", ""),
            ("cache_write", ""),
        ];

        // A tenant owner who is not an operator is refused everything, and nothing changes.
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("get_pool", vec![]),
            ("add_credential", add.to_vec()),
            (
                "set_credential_enabled",
                vec![("id", "x"), ("enabled", "true")],
            ),
            (
                "set_credential_limits",
                vec![("id", "x"), ("rpm", "5"), ("tpm", "")],
            ),
            ("set_price", price.to_vec()),
            ("list_plans", vec![]),
            ("save_plan", plan.to_vec()),
            (
                "set_tenant_plan",
                vec![("tenant_id", tenant_id.as_str()), ("plan_id", "starter")],
            ),
            ("operator_alerts", vec![]),
            ("acknowledge_operator_alert", vec![("alert_id", "x")]),
            (
                "set_operator_cap",
                vec![("tenant_id", tenant_id.as_str()), ("monthly", "0.01")],
            ),
            ("list_operator_channels", vec![]),
            (
                "add_operator_channel",
                vec![
                    ("kind", "email"),
                    ("name", "x"),
                    ("target", "intruder@example.com"),
                ],
            ),
            ("remove_operator_channel", vec![("channel_id", "x")]),
            ("rotate_operator_secret", vec![("channel_id", "x")]),
            ("test_operator_channel", vec![("channel_id", "")]),
            ("get_brl_rate", vec![]),
            ("set_brl_rate", vec![("rate", "5,30"), ("locale", "pt-BR")]),
            ("billing_overview", vec![]),
            (
                "save_plan_price",
                vec![
                    ("plan_id", "pro"),
                    ("price", "1,00"),
                    ("stripe_price", "price_intruder"),
                    ("locale", "pt-BR"),
                ],
            ),
            ("save_grace_days", vec![("days", "0")]),
            ("follow_stripe", vec![("tenant_id", tenant_id.as_str())]),
            (
                "add_credit_pack",
                vec![
                    ("credit", "1000"),
                    ("price", "1,00"),
                    ("stripe_price", "price_intruder_pack"),
                    ("locale", "pt-BR"),
                ],
            ),
            ("remove_credit_pack", vec![("id", "x")]),
        ];
        assert_eq!(
            calls.len(),
            app::api::OPERATOR_ONLY.len(),
            "one case per operator function"
        );
        for (name, args) in &calls {
            let (status, _) = app.call_raw(&tenant_owner, name, args).await;
            assert_eq!(status, 403, "{name}");
        }
        assert!(baas::gateway::credentials::list_credentials(&app.db)
            .await
            .expect("list")
            .is_empty());
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM notify_channels WHERE tenant_id IS NULL AND $1 = $1",
                ""
            )
            .await,
            0
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM deliveries WHERE tenant_id IS NULL AND $1 = $1",
                ""
            )
            .await,
            0,
            "no test notification went to the operators"
        );
        let (plan_of_tenant, cap): (String, Option<i64>) =
            sqlx::query_as("SELECT plan_id, operator_cap FROM tenants WHERE id = $1")
                .bind(&tenant_id)
                .fetch_one(&app.db.pool)
                .await
                .expect("plan");
        assert_eq!(
            (plan_of_tenant.as_str(), cap),
            ("business", None),
            "the refused calls changed nothing"
        );
        let (pro_price, pro_stripe): (i64, Option<String>) =
            sqlx::query_as("SELECT price_brl_cents, stripe_price FROM plans WHERE id = 'pro'")
                .fetch_one(&app.db.pool)
                .await
                .expect("pro price");
        assert_eq!((pro_price, pro_stripe), (19_700, None));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM credit_packs WHERE $1 = $1", "")
                .await,
            0,
            "no credit pack put on sale"
        );
        assert_eq!(
            baas::billing::account::grace_days(&app.db)
                .await
                .expect("grace"),
            7
        );

        // The operator edits a plan and moves a tenant onto it; both are audited.
        let (status, v) = app.call_raw(&op, "save_plan", plan).await;
        assert_eq!(status, 200, "{v}");
        let (status, v) = app
            .call(
                &op,
                SetTenantPlan {
                    tenant_id: (tenant_id.as_str()).to_string(),
                    plan_id: "starter".to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, plans) = app.call(&op, ListPlans {}).await;
        let starter = plans["plans"]
            .as_array()
            .expect("plans")
            .iter()
            .find(|p| p["id"] == "starter")
            .expect("starter")
            .clone();
        assert_eq!(starter["models"], "haiku,sonnet,opus");
        assert!(starter["monthly_messages"].is_null());
        assert!(plans["tenants"]
            .as_array()
            .expect("tenants")
            .iter()
            .any(|t| t["id"] == tenant_id.as_str() && t["plan_id"] == "starter"));
        let (status, v) = app
            .call(
                &op,
                SavePlan {
                    id: "starter".to_string(),
                    name: "Starter".to_string(),
                    models: "gpt".to_string(),
                    default_model: "x".to_string(),
                    monthly_messages: "".to_string(),
                    max_groups: "".to_string(),
                    max_bots: "".to_string(),
                    api_access: None,
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");
        assert!(v.to_string().contains("haiku, sonnet, opus"), "{v}");
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'plan_changed' AND $1 = $1",
                ""
            )
            .await,
            2
        );

        // The operator adds, limits, disables and prices; the secret never comes back.
        let (status, v) = app.call_raw(&op, "add_credential", add).await;
        assert_eq!(status, 200, "{v}");
        let (status, sub) = app
            .call(
                &op,
                AddCredential {
                    name: "max-1".to_string(),
                    kind: "claude_subscription".to_string(),
                    base_url: "https://api.anthropic.com".to_string(),
                    secret: "sk-ant-oat01-subscription".to_string(),
                    priority: "1".to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{sub}");
        let (status, pool) = app.call(&op, GetPool {}).await;
        assert_eq!(status, 200);
        assert!(!pool.to_string().contains(secret));
        let creds = pool["credentials"].as_array().expect("credentials");
        assert_eq!(creds.len(), 2);
        let by_name = |n: &str| -> Value {
            creds
                .iter()
                .find(|c| c["name"] == n)
                .cloned()
                .expect("credential")
        };
        assert_eq!(
            by_name("max-1")["enabled"],
            false,
            "subscriptions start disabled"
        );
        let id = by_name("workspace-a")["id"]
            .as_str()
            .expect("id")
            .to_string();
        let (status, v) = app
            .call(
                &op,
                SetCredentialLimits {
                    id: id.to_string(),
                    rpm: "50".to_string(),
                    tpm: "".to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (status, v) = app
            .call(
                &op,
                SetCredentialLimits {
                    id: id.to_string(),
                    rpm: "-1".to_string(),
                    tpm: "".to_string(),
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");
        let (status, _) = app
            .call(
                &op,
                SetCredentialEnabled {
                    id: id.to_string(),
                    enabled: false,
                },
            )
            .await;
        assert_eq!(status, 200);
        let (status, v) = app.call_raw(&op, "set_price", price).await;
        assert_eq!(status, 200, "{v}");
        let (status, v) = app
            .call(
                &op,
                SetPrice {
                    model: "m".to_string(),
                    input: "free".to_string(),
                    output: "1".to_string(),
                    cache_read: "".to_string(),
                    cache_write: "".to_string(),
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");

        let list = baas::gateway::credentials::list_credentials(&app.db)
            .await
            .expect("list");
        let a = list.iter().find(|c| c.id == id).expect("a");
        assert_eq!(
            (a.enabled, a.rpm_limit, a.tpm_limit),
            (false, Some(50), None)
        );
        let prices = baas::gateway::prices::load_prices(&app.db)
            .await
            .expect("prices");
        let sonnet = baas::pricing::find_price(&prices, "claude-sonnet-4-5").expect("sonnet");
        assert_eq!(
            (
                sonnet.input,
                sonnet.output,
                sonnet.cache_read,
                sonnet.cache_write
            ),
            (4_000_000, 20_000_000, 400_000, 5_000_000)
        );

        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'pool_changed' AND tenant_id IS NULL",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("audit");
        assert_eq!(n, 5, "two adds, limits, disable, price");

        // The operator flag is what the shell shows the page link by.
        let (_, me) = app.call(&op, Whoami {}).await;
        assert_eq!(me["operator"], true);
        let (_, me) = app.call(&tenant_owner, Whoami {}).await;
        assert_eq!(me["operator"], false);
    }
);
