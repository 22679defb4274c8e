//! Workspaces: names refused, one person in several workspaces, and the audit log's who,
//! what, when and from where, through the server functions.

use crate::helpers::{client, token_from, unique_email, Owner, TestApp};
use app::api::*;

both_backends!(bad_workspace_names_are_refused, |app: TestApp| async move {
    let c = client();
    app.sign_in(&c, &unique_email("names")).await;
    for bad in ["", "   ", &"x".repeat(81)] {
        let (status, e) = app
            .call(
                &c,
                CreateTenant {
                    name: bad.to_string(),
                    timezone: None,
                },
            )
            .await;
        assert_eq!(status, 400, "{bad:?}: {e}");
    }
    let (status, _) = app.call_raw(&c, "create_tenant", &[]).await;
    assert_eq!(status, 400, "missing argument");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants")
        .fetch_one(&app.db.pool)
        .await
        .expect("n");
    assert_eq!(n, 0);
    let (status, _) = app
        .call(
            &client(),
            CreateTenant {
                name: "Anon".to_string(),
                timezone: None,
            },
        )
        .await;
    assert_eq!(status, 401);
});

both_backends!(
    a_user_can_belong_to_several_tenants,
    |app: TestApp| async move {
        let Owner {
            client: a,
            tenant: t1,
            email: a_email,
            ..
        } = app.owner("multi").await;
        let Owner {
            client: b,
            tenant: t2,
            ..
        } = app.owner("other").await;
        let (status, inv) = app
            .call(
                &b,
                CreateInvite {
                    tenant_id: t2.to_string(),
                    email: a_email.to_string(),
                    role: baas::roles::Role::Viewer,
                },
            )
            .await;
        assert_eq!(status, 200);
        let token = token_from(inv["link"].as_str().expect("link"), "/invite?token=");
        let (status, _) = app
            .call(
                &a,
                AcceptInvite {
                    token: token.to_string(),
                },
            )
            .await;
        assert!(status == 200 || status == 302);
        let (_, me) = app.call(&a, Whoami {}).await;
        let mut tenants: Vec<(String, String)> = me["tenants"]
            .as_array()
            .expect("tenants")
            .iter()
            .map(|t| {
                (
                    t["id"].as_str().unwrap_or("").to_string(),
                    t["role"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        tenants.sort();
        let mut expected = vec![
            (t1, "owner".to_string()),
            (t2.clone(), "viewer".to_string()),
        ];
        expected.sort();
        assert_eq!(tenants, expected);
        let (status, o) = app
            .call(
                &a,
                GetOverview {
                    tenant_id: t2.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(o["workspace"]["role"], "viewer");
    }
);

both_backends!(
    audit_log_records_who_what_when_and_ip,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            email: owner_email,
            ..
        } = app.owner("audit").await;
        let (member, member_id) = app
            .add_member(
                &owner,
                &tenant,
                &unique_email("m"),
                baas::roles::Role::Member,
            )
            .await;
        app.call(
            &owner,
            ChangeRole {
                tenant_id: tenant.to_string(),
                user_id: member_id.to_string(),
                role: baas::roles::Role::Viewer,
            },
        )
        .await;
        let (_, inv) = app
            .call(
                &owner,
                CreateInvite {
                    tenant_id: tenant.to_string(),
                    email: (unique_email("r")).to_string(),
                    role: baas::roles::Role::Member,
                },
            )
            .await;
        app.call(
            &owner,
            RevokeInvite {
                tenant_id: tenant.to_string(),
                invite_id: (inv["invite"]["id"].as_str().unwrap_or("")).to_string(),
            },
        )
        .await;
        member
            .post(app.url("/auth/signout"))
            .send()
            .await
            .expect("signout");
        app.call(
            &owner,
            RemoveMember {
                tenant_id: tenant.to_string(),
                user_id: member_id.to_string(),
            },
        )
        .await;

        // Sign-ins of members land in the tenant's log, failed ones too.
        let third_email = unique_email("third");
        app.add_member(&owner, &tenant, &third_email, baas::roles::Role::Member)
            .await;
        let again = client();
        let token = app.emailed_token(&again, &third_email).await;
        assert_eq!(app.confirm(&again, &token).await.status(), 200);
        assert_eq!(app.confirm(&client(), &token).await.status(), 400);

        let (status, page) = app
            .call(
                &owner,
                AuditLog {
                    tenant_id: tenant.to_string(),
                    before: None,
                },
            )
            .await;
        assert_eq!(status, 200);
        let entries = page["entries"].as_array().expect("entries");
        let actions: Vec<&str> = entries
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        for expected in [
            "tenant_created",
            "invite_created",
            "invite_accepted",
            "role_changed",
            "invite_revoked",
            "sign_out",
            "member_removed",
            "sign_in",
            "sign_in_failed",
        ] {
            assert!(
                actions.contains(&expected),
                "missing {expected} in {actions:?}"
            );
        }
        let removal = entries
            .iter()
            .find(|e| e["action"] == "member_removed")
            .expect("removal");
        assert_eq!(removal["actor"], owner_email.as_str());
        assert_eq!(removal["ip"], "127.0.0.1");
        assert!(removal["at"].as_i64().unwrap_or(0) > 1_700_000_000);
        // Newest first.
        let ids: Vec<i64> = entries.iter().filter_map(|e| e["id"].as_i64()).collect();
        assert!(ids.windows(2).all(|w| w[0] > w[1]));
    }
);
