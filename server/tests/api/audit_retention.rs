//! How long a workspace keeps its audit log: owners set it (30 to 3650 days, or forever),
//! admins read it, bad input is refused naming the field, each change is audited, and the
//! pruning deletes exactly the entries older than it.

use crate::helpers::{unique_email, Owner, TestApp};
use app::api::*;
use baas::roles::Role;

async fn retention(app: &TestApp, tenant: &str) -> Option<i64> {
    let (days,): (Option<i64>,) =
        sqlx::query_as("SELECT audit_retention_days FROM tenants WHERE id = $1")
            .bind(tenant)
            .fetch_one(&app.db.pool)
            .await
            .expect("retention");
    days
}

async fn entry(app: &TestApp, tenant: &str, detail: &str, at: i64) {
    sqlx::query(
        "INSERT INTO audit_log (tenant_id, actor_email, action, detail, created_at)
         VALUES ($1, 'someone@example.com', 'sign_in', $2, $3)",
    )
    .bind(tenant)
    .bind(detail)
    .bind(at)
    .execute(&app.db.pool)
    .await
    .expect("audit entry");
}

both_backends!(
    audit_retention_is_set_by_owners_and_prunes_older_entries,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("keeper").await;
        let (admin, _) = app
            .add_member(&owner, &tenant, &unique_email("admin"), Role::Admin)
            .await;
        let (viewer, _) = app
            .add_member(&owner, &tenant, &unique_email("viewer"), Role::Viewer)
            .await;
        let get = |c: reqwest::Client| {
            let (app, tenant_id) = (&app, tenant.clone());
            async move { app.call(&c, GetAuditRetention { tenant_id }).await }
        };
        let save = |c: reqwest::Client, days: &'static str| {
            let (app, tenant_id) = (&app, tenant.clone());
            async move {
                let days = days.to_string();
                app.call(&c, SaveAuditRetention { tenant_id, days }).await
            }
        };
        let changes = || {
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action = 'audit_retention_changed'",
                &tenant,
            )
        };

        let (status, v) = get(owner.clone()).await;
        assert_eq!((status, v.is_null()), (200, true), "kept forever at first");
        let (status, v) = save(owner.clone(), "90").await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(retention(&app, &tenant).await, Some(90));
        assert_eq!(get(owner.clone()).await.1, 90);
        assert_eq!(changes().await, 1);

        // Admins read it but cannot change it; viewers do neither.
        assert_eq!(get(admin.clone()).await, (200, serde_json::json!(90)));
        let (status, _) = save(admin.clone(), "30").await;
        assert_eq!(status, 403);
        let (status, _) = get(viewer.clone()).await;
        assert_eq!(status, 403);

        for bad in ["29", "3651", "ninety", "90.5", "-90"] {
            let (status, v) = save(owner.clone(), bad).await;
            assert_eq!(status, 400, "{bad}: {v}");
            assert!(
                v["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("audit retention:")),
                "{bad}: {v}"
            );
        }
        assert_eq!(
            retention(&app, &tenant).await,
            Some(90),
            "refusals change nothing"
        );
        assert_eq!(changes().await, 1);

        let (status, v) = save(owner.clone(), " ").await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(retention(&app, &tenant).await, None);
        let (status, v) = save(owner.clone(), "30").await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(changes().await, 3);
        let (detail,): (String,) = sqlx::query_as(
            "SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'audit_retention_changed'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(&tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("detail");
        assert_eq!(detail, "audit entries kept for 30 days");

        // Pruning honours each workspace's own setting: 30 days here, forever elsewhere.
        let other = app.owner("forever").await;
        let day = 86_400;
        let now = baas::clock::now();
        entry(&app, &tenant, "old here", now - 31 * day).await;
        entry(&app, &tenant, "recent here", now - 29 * day).await;
        entry(&app, &other.tenant, "old elsewhere", now - 31 * day).await;
        baas::supervisor::prune(&app.db, 365).await.expect("prune");
        let kept = |detail: &'static str| {
            app.count("SELECT COUNT(*) FROM audit_log WHERE detail = $1", detail)
        };
        assert_eq!(kept("old here").await, 0);
        assert_eq!(kept("recent here").await, 1);
        assert_eq!(kept("old elsewhere").await, 1);
        assert_eq!(changes().await, 3, "this month's entries stay");
    }
);
