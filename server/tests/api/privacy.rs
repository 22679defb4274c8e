//! A workspace's data under the LGPD: the owners' JSON export (no secret in it; others
//! refused), the workspace's deletion (its Stripe subscription cancelled first, its people's
//! data gone, its usage kept under an anonymous id), and a person's deletion of their account.

use crate::helpers::billing::{setup_with_gateway, Billing};
use crate::helpers::gw::{ask, post};
use crate::helpers::unique_email;
use app::api::*;
use baas::roles::Role;
use serde_json::Value;

async fn export(b: &Billing, c: &reqwest::Client, tenant: &str) -> (u16, String) {
    let res = c
        .get(b.app.url(&format!("/export/workspace/{tenant}")))
        .send()
        .await
        .expect("export");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

both_billing!(
    owners_export_everything_but_secrets_and_delete_the_workspace_with_its_subscription,
    |b: Billing| async move {
        let (owner, key, _) = setup_with_gateway(&b).await;
        let t = owner.tenant.clone();
        assert_eq!(
            post(&b.app, &key, &ask("claude-haiku-4-5", 16, "oi"))
                .await
                .status(),
            200
        );
        let admin_email = unique_email("admin");
        let (admin, admin_id) = b
            .app
            .add_member(&owner.client, &t, &admin_email, Role::Admin)
            .await;
        let session = b.checkout(&owner, "pro").await;
        b.control(&format!("checkout/{session}/complete"), true)
            .await;
        let sub = b.subscription(&t).await;
        // The usage record is written by the gateway's outbox: wait until it is stored.
        crate::helpers::gw::wait_count(
            &b.app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1",
            &t,
            1,
        )
        .await;

        // The export: every section, the owner's own rows, and no secret of any kind.
        let (status, text) = export(&b, &owner.client, &t).await;
        assert_eq!(status, 200, "{text}");
        let archive: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(archive["format"], "baas-workspace-export/1");
        assert_eq!(archive["workspace"][0]["id"], t.as_str());
        assert_eq!(archive["workspace"][0]["plan_id"], "pro");
        let members: Vec<&str> = archive["members"]
            .as_array()
            .expect("members")
            .iter()
            .filter_map(|m| m["email"].as_str())
            .collect();
        assert!(members.contains(&admin_email.as_str()) && members.contains(&owner.email.as_str()));
        assert_eq!(archive["usage_records"].as_array().expect("usage").len(), 1);
        assert_eq!(
            archive["usage_records"][0]["model_requested"],
            "claude-haiku-4-5"
        );
        assert_eq!(archive["bots"].as_array().expect("bots").len(), 1);
        assert_eq!(archive["billing"][0]["subscription_id"], sub.as_str());
        assert!(!archive["audit_log"].as_array().expect("audit").is_empty());
        for secret in [
            key.as_str(),
            "bot-token",
            "sk-ok",
            "token_sealed",
            "key_hash",
        ] {
            assert!(!text.contains(secret), "the export carries {secret}");
        }
        // Admins and other workspaces' owners are refused; the export is audited.
        assert_eq!(export(&b, &admin, &t).await.0, 403);
        let other = b.app.owner("other").await;
        assert_eq!(export(&b, &other.client, &t).await.0, 403);
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'workspace_exported'",
                    &t,
                )
                .await,
            1
        );

        // Deletion: admins may not; a wrong name deletes nothing.
        let (status, _) = b
            .app
            .call(
                &admin,
                DeleteWorkspace {
                    tenant_id: t.clone(),
                    name: format!("{} workspace", "gw"),
                },
            )
            .await;
        assert_eq!(status, 403);
        let (status, v) = b
            .app
            .call(
                &owner.client,
                DeleteWorkspace {
                    tenant_id: t.clone(),
                    name: "not its name".into(),
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM tenants WHERE id = $1", &t)
                .await,
            1
        );

        let (name,): (String,) = sqlx::query_as("SELECT name FROM tenants WHERE id = $1")
            .bind(&t)
            .fetch_one(&b.app.db.pool)
            .await
            .expect("name");
        let (status, v) = b
            .app
            .call(
                &owner.client,
                DeleteWorkspace {
                    tenant_id: t.clone(),
                    name,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        // Stripe was told first: the subscription is cancelled there.
        let remote: Value = b
            .http
            .get(format!("{}/v1/subscriptions/{sub}", b.stripe))
            .bearer_auth("sk_test_baas")
            .send()
            .await
            .expect("subscription")
            .json()
            .await
            .expect("json");
        assert_eq!(remote["status"], "canceled");
        // Gone: the workspace and everything hanging from it, its people's links to it.
        for table in [
            "tenants WHERE id",
            "memberships WHERE tenant_id",
            "bots WHERE tenant_id",
            "agents WHERE tenant_id",
            "virtual_keys WHERE tenant_id",
            "billing_accounts WHERE tenant_id",
            "audit_log WHERE tenant_id",
            "usage_records WHERE tenant_id",
            "alert_events WHERE tenant_id",
        ] {
            assert_eq!(
                b.app
                    .count(&format!("SELECT COUNT(*) FROM {table} = $1"), &t)
                    .await,
                0,
                "{table}"
            );
        }
        // Kept: the usage, under an anonymous id, for the operator's accounting.
        let (anonymous, cost): (String, i64) = sqlx::query_as(
            "SELECT tenant_id, cost_micro_usd FROM usage_records WHERE tenant_id LIKE 'erased-%'",
        )
        .fetch_one(&b.app.db.pool)
        .await
        .expect("anonymous usage");
        assert!(cost > 0);
        assert!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM usage_rollups WHERE tenant_id = $1",
                    &anonymous
                )
                .await
                > 0
        );
        let deleted = b
            .app
            .count(
                "SELECT COUNT(*) FROM audit_log WHERE tenant_id IS NULL AND action = 'workspace_deleted' AND detail LIKE '%' || $1",
                &anonymous,
            )
            .await;
        assert_eq!(deleted, 1);
        // The key no longer reaches the gateway; the admin's account stays, without it.
        assert_eq!(
            post(&b.app, &key, &ask("claude-haiku-4-5", 16, "oi"))
                .await
                .status(),
            401
        );
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM users WHERE id = $1", &admin_id)
                .await,
            1
        );
    }
);

both_billing!(
    a_person_deletes_their_account_unless_a_workspace_needs_them_as_its_last_owner,
    |b: Billing| async move {
        let owner = b.app.owner("keeper").await;
        let member_email = unique_email("leaver");
        let (member, member_id) = b
            .app
            .add_member(&owner.client, &owner.tenant, &member_email, Role::Member)
            .await;
        let solo = b.app.create_tenant(&member, "Solo").await;
        // The last owner of a workspace with other members must hand it over first.
        let (status, v) = b
            .app
            .call(
                &owner.client,
                DeleteMyAccount {
                    email: owner.email.clone(),
                },
            )
            .await;
        assert_eq!(status, 409, "{v}");
        assert!(v.to_string().contains("last owner"), "{v}");
        let (status, _) = b
            .app
            .call(
                &member,
                DeleteMyAccount {
                    email: "someone@else.example".into(),
                },
            )
            .await;
        assert_eq!(status, 400);

        let (status, v) = b
            .app
            .call(
                &member,
                DeleteMyAccount {
                    email: member_email.to_uppercase(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        // Signed out everywhere, their address gone, the workspace they owned alone gone with
        // them, the other workspace still there; what they did stays in its log, unnamed.
        let (status, me) = b.app.call(&member, Whoami {}).await;
        assert_eq!(
            (status, me),
            (200, Value::Null),
            "no one is signed in any more"
        );
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM users WHERE id = $1", &member_id)
                .await,
            0
        );
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM tenants WHERE id = $1", &solo)
                .await,
            0
        );
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM tenants WHERE id = $1", &owner.tenant)
                .await,
            1
        );
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM audit_log WHERE actor_email = $1",
                    &member_email
                )
                .await,
            0
        );
        assert!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND actor_email = 'a deleted person'",
                    &owner.tenant,
                )
                .await
                >= 1
        );
    }
);
