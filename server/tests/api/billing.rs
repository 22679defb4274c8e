//! Billing through Stripe's wire format, against the Stripe stand-in on loopback: checkout →
//! webhook → the plan the gateway applies; replayed, duplicated, reordered, badly signed and
//! expired events; a failed payment's grace, the move to Starter and the restore on payment;
//! bots above the plan paused; the Customer Portal; who may do what.

use crate::helpers::billing::{call_model, paid_setup, setup_with_gateway, Billing, SECRET};
use crate::helpers::gw::limit_of;
use crate::helpers::{spawn_app_with, Backend};
use crate::stripe_stand_in;
use app::api::*;
use serde_json::Value;

both_billing!(
    a_paid_checkout_moves_the_plan_the_gateway_applies,
    |b: Billing| async move {
        let (owner, key) = paid_setup(&b).await;
        let t = owner.tenant.clone();
        assert_eq!(b.plan(&t).await, ("starter".into(), "none".into()));
        let res = call_model(&b, &key, "claude-sonnet-4-5").await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "plan_model");

        let session = b.checkout(&owner, "pro").await;
        // One customer per workspace, named after it, linked back to it.
        let (customer,): (String,) =
            sqlx::query_as("SELECT customer_id FROM billing_accounts WHERE tenant_id = $1")
                .bind(&t)
                .fetch_one(&b.app.db.pool)
                .await
                .expect("customer");
        b.checkout(&owner, "business").await;
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM billing_accounts WHERE tenant_id = $1",
                    &t
                )
                .await,
            1
        );
        let events = b
            .control(&format!("checkout/{session}/complete"), true)
            .await;
        let kinds: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
        assert_eq!(
            kinds,
            [
                "checkout.session.completed",
                "customer.subscription.created",
                "invoice.paid"
            ]
        );
        assert_eq!(events[0]["data"]["object"]["customer"], customer.as_str());
        assert_eq!(
            events[1]["data"]["object"]["metadata"]["tenant_id"],
            t.as_str()
        );

        // The gateway serves Sonnet at once: its cached policy was dropped with the change.
        assert_eq!(b.plan(&t).await, ("pro".into(), "paid".into()));
        let res = call_model(&b, &key, "claude-sonnet-4-5").await;
        assert_eq!(res.status(), 200);
        let changed = b.audit(&t, "plan_changed").await;
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(
            changed[0].contains("starter → pro")
                && changed[0].contains(events[0]["id"].as_str().expect("id")),
            "{changed:?}"
        );

        // The Billing page: the plan, renewal, usage, offers, the invoice from Stripe.
        let (status, v) = b
            .app
            .call(
                &owner.client,
                GetBilling {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["enabled"], true);
        assert_eq!(v["plan_id"], "pro");
        assert_eq!(v["standing"], "paid");
        assert!(v["standing_at"].as_i64().expect("renewal") > baas::clock::now() + 29 * 86_400);
        assert_eq!(v["usage"]["message_quota"], 5000);
        let invoices = v["invoices"].as_array().expect("invoices");
        assert_eq!(invoices.len(), 1, "{v}");
        assert_eq!(invoices[0]["status"], "paid");
        assert_eq!(invoices[0]["amount_paid"], 19_700);
        let offers: Vec<(&str, i64, bool)> = v["plans"]
            .as_array()
            .expect("plans")
            .iter()
            .map(|p| {
                (
                    p["plan"]["id"].as_str().expect("id"),
                    p["price_brl_cents"].as_i64().expect("price"),
                    p["on_sale"].as_bool().expect("on sale"),
                )
            })
            .collect();
        assert_eq!(
            offers,
            [
                ("starter", 0, true),
                ("pro", 19_700, true),
                ("business", 49_700, true),
                ("enterprise", 199_700, false)
            ]
        );
        // A paying workspace changes plan in the portal, not with a second subscription.
        let (status, v) = b.try_checkout(&owner.client, &t, "business").await;
        assert_eq!(status, 409, "{v}");
        assert!(v.to_string().contains("billing portal"), "{v}");
        // A plan with no Stripe price is not sold.
        let other = b.app.owner("other").await;
        let (status, v) = b
            .try_checkout(&other.client, &other.tenant, "enterprise")
            .await;
        assert_eq!(status, 400, "{v}");
        assert!(v.to_string().contains("not on sale"), "{v}");
    }
);

both_billing!(
    replayed_duplicated_reordered_and_forged_events_leave_one_state,
    |b: Billing| async move {
        let (owner, _) = paid_setup(&b).await;
        let t = owner.tenant.clone();
        let session = b.checkout(&owner, "business").await;
        let events = b
            .control(&format!("checkout/{session}/complete"), false)
            .await;
        let bodies: Vec<String> = events.iter().map(Value::to_string).collect();

        // Forged, unsigned, expired and tampered deliveries change nothing.
        let (status, v) = b.deliver(&bodies[0], "whsec_someone_else", None).await;
        assert_eq!(status, 400, "{v}");
        assert!(
            v["error"].as_str().expect("error").contains("signature"),
            "{v}"
        );
        let (status, _) = b.send(&bodies[0], None).await;
        assert_eq!(status, 400);
        let stale = baas::clock::now() - 600;
        let (status, v) = b.deliver(&bodies[0], SECRET, Some(stale)).await;
        assert_eq!(status, 400, "{v}");
        assert!(
            v["error"].as_str().expect("error").contains("5 minutes"),
            "{v}"
        );
        let signature = stripe_webhook::Webhook::generate_test_header(&bodies[0], SECRET, None);
        let tampered = bodies[0].replace("\"livemode\":false", "\"livemode\":true");
        assert_ne!(tampered, bodies[0]);
        let (status, _) = b.send(&tampered, Some(&signature)).await;
        assert_eq!(status, 400);
        let (status, _) = b.send("not json", Some(&signature)).await;
        assert_eq!(status, 400);
        assert_eq!(b.plan(&t).await, ("starter".into(), "free".into()));
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM stripe_events WHERE tenant_id = $1",
                    &t
                )
                .await,
            0
        );

        // Newest first, then all again: applied once each, the same final state.
        for body in bodies.iter().rev() {
            let (status, v) = b.deliver(body, SECRET, None).await;
            assert_eq!(
                (status, v["outcome"].as_str()),
                (200, Some("applied")),
                "{v}"
            );
        }
        assert_eq!(b.plan(&t).await, ("business".into(), "paid".into()));
        for body in &bodies {
            let (status, v) = b.deliver(body, SECRET, None).await;
            assert_eq!(
                (status, v["outcome"].as_str()),
                (200, Some("duplicate")),
                "{v}"
            );
        }
        assert_eq!(b.audit(&t, "plan_changed").await.len(), 1);
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM stripe_events WHERE tenant_id = $1",
                    &t
                )
                .await,
            3
        );

        // A failure and the older "created" event arriving after it: still the failure.
        let sub = b.subscription(&t).await;
        let failed = b.control(&format!("subscriptions/{sub}/fail"), false).await;
        for e in &failed {
            let (status, _) = b.deliver(&e.to_string(), SECRET, None).await;
            assert_eq!(status, 200);
        }
        let late = events[1]
            .to_string()
            .replace(events[1]["id"].as_str().expect("id"), "evt_late_redelivery");
        let (status, v) = b.deliver(&late, SECRET, None).await;
        assert_eq!(
            (status, v["outcome"].as_str()),
            (200, Some("applied")),
            "{v}"
        );
        assert_eq!(b.plan(&t).await, ("business".into(), "grace".into()));

        // Events BaaS does not act on are acknowledged.
        let unknown = serde_json::json!({
            "id": "evt_unknown_kind", "object": "event", "api_version": stripe_stand_in::API_VERSION,
            "created": baas::clock::now(), "livemode": false, "pending_webhooks": 1,
            "type": "radar.early_fraud_warning.created", "data": {"object": {"id": "issfr_1"}},
        })
        .to_string();
        let (status, v) = b.deliver(&unknown, SECRET, None).await;
        assert_eq!(
            (status, v["outcome"].as_str()),
            (200, Some("ignored")),
            "{v}"
        );
    }
);

both_billing!(
    a_failed_payment_keeps_the_plan_through_grace_then_starter_then_restores_on_payment,
    |b: Billing| async move {
        let (owner, key) = paid_setup(&b).await;
        let t = owner.tenant.clone();
        let session = b.checkout(&owner, "pro").await;
        b.control(&format!("checkout/{session}/complete"), true)
            .await;
        let sub = b.subscription(&t).await;

        b.control(&format!("subscriptions/{sub}/fail"), true).await;
        assert_eq!(b.plan(&t).await, ("pro".into(), "grace".into()));
        assert_eq!(
            call_model(&b, &key, "claude-sonnet-4-5").await.status(),
            200
        );
        let notices = b
            .app
            .count(
                "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'billing'",
                &t,
            )
            .await;
        assert_eq!(notices, 1);
        let (_, v) = b
            .app
            .call(
                &owner.client,
                GetBilling {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(v["standing"], "grace");
        let until = v["standing_at"].as_i64().expect("grace end");
        let week = baas::clock::now() + 7 * 86_400;
        assert!((week - 5..=week).contains(&until), "{until} vs {week}");
        assert!(v["invoices"]
            .as_array()
            .expect("invoices")
            .iter()
            .any(|i| i["status"] == "open"));

        // Within the grace period the sweep leaves it be.
        let policies = b.app.gateway.policies();
        let now = baas::clock::now();
        let sweep = |at: i64| baas::billing::account::sweep(&b.app.db, policies, at);
        assert!(sweep(now).await.expect("sweep").is_empty());
        // Eight days on, the sweep moves it to Starter (once); what is above Starter is refused.
        let later = now + 8 * 86_400;
        assert_eq!(
            sweep(later).await.expect("sweep"),
            vec![baas::ids::TenantId::new(t.as_str())]
        );
        assert!(sweep(later).await.expect("sweep").is_empty());
        assert_eq!(b.plan(&t).await, ("starter".into(), "lapsed".into()));
        let res = call_model(&b, &key, "claude-sonnet-4-5").await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "plan_model");
        let lapsed = b.audit(&t, "plan_changed").await;
        assert!(
            lapsed
                .last()
                .is_some_and(|d| d.contains("pro → starter") && d.contains("grace period")),
            "{lapsed:?}"
        );
        assert_eq!(
            b.app
                .count(
                    "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'billing'",
                    &t,
                )
                .await,
            2
        );
        // A lapsed workspace pays its open invoice; a second subscription is refused.
        let (status, v) = b.try_checkout(&owner.client, &t, "pro").await;
        assert_eq!(status, 409, "{v}");
        assert!(v.to_string().contains("unpaid invoice"), "{v}");

        // Paying again restores the plan at once.
        b.control(&format!("subscriptions/{sub}/pay"), true).await;
        assert_eq!(b.plan(&t).await, ("pro".into(), "paid".into()));
        assert_eq!(
            call_model(&b, &key, "claude-sonnet-4-5").await.status(),
            200
        );
        let changed = b.audit(&t, "plan_changed").await;
        assert!(
            changed
                .last()
                .is_some_and(|d| d.contains("starter → pro") && d.contains("invoice.paid")),
            "{changed:?}"
        );
    }
);

both_billing!(
    a_lapsed_workspace_pauses_the_bots_above_starter_and_paying_wakes_them,
    |b: Billing| async move {
        let (owner, first, s) = setup_with_gateway(&b).await;
        let t = owner.tenant.clone();
        let session = b.checkout(&owner, "business").await;
        b.control(&format!("checkout/{session}/complete"), true)
            .await;
        let second = b.app.bot_key(&s).await;
        // The second bot was added a minute after the first (creation times are in seconds).
        sqlx::query(
            "UPDATE bots SET created_at = created_at + 60 WHERE tenant_id = $1
             AND id = (SELECT bot_id FROM virtual_keys WHERE tenant_id = $1 AND display_prefix = $2)",
        )
        .bind(&t)
        .bind(baas::gateway::keys::display_prefix(&second))
        .execute(&b.app.db.pool)
        .await
        .expect("second bot later");
        for key in [&first, &second] {
            assert_eq!(call_model(&b, key, "claude-haiku-4-5").await.status(), 200);
        }
        let sub = b.subscription(&t).await;
        b.control(&format!("subscriptions/{sub}/fail"), true).await;
        let later = baas::clock::now() + 8 * 86_400;
        baas::billing::account::sweep(&b.app.db, b.app.gateway.policies(), later)
            .await
            .expect("sweep");
        assert_eq!(b.plan(&t).await, ("starter".into(), "lapsed".into()));

        // Starter allows one bot: the first keeps answering, the newer one is paused, kept.
        assert_eq!(
            call_model(&b, &first, "claude-haiku-4-5").await.status(),
            200
        );
        let res = call_model(&b, &second, "claude-haiku-4-5").await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "plan_bots");
        let v: Value = res.json().await.expect("json");
        let message = v["error"]["message"].as_str().expect("message");
        assert!(
            message.contains("Starter plan allows 1 bot")
                && message.contains("nothing was deleted"),
            "{message}"
        );
        assert_eq!(
            b.app
                .count("SELECT COUNT(*) FROM bots WHERE tenant_id = $1", &t)
                .await,
            2
        );
        let (_, v) = b
            .app
            .call(
                &owner.client,
                GetBilling {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(
            (v["usage"]["bots"].as_i64(), v["usage"]["max_bots"].as_i64()),
            (Some(2), Some(1))
        );
        // The Bots page marks which one is paused.
        let paused = || {
            let (client, tenant) = (owner.client.clone(), t.clone());
            let app = &b.app;
            async move {
                let (status, v) = app.call(&client, ListBots { tenant_id: tenant }).await;
                assert_eq!(status, 200, "{v}");
                let mut flags: Vec<(i64, bool)> = v
                    .as_array()
                    .expect("bots")
                    .iter()
                    .map(|x| {
                        (
                            x["created_at"].as_i64().expect("created"),
                            x["paused_by_plan"].as_bool().expect("flag"),
                        )
                    })
                    .collect();
                flags.sort();
                flags.into_iter().map(|(_, p)| p).collect::<Vec<_>>()
            }
        };
        assert_eq!(paused().await, [false, true]);

        b.control(&format!("subscriptions/{sub}/pay"), true).await;
        assert_eq!(
            call_model(&b, &second, "claude-haiku-4-5").await.status(),
            200
        );
        assert_eq!(paused().await, [false, false]);
    }
);

both_billing!(
    the_portal_cancels_and_only_owners_act,
    |b: Billing| async move {
        let (owner, _) = paid_setup(&b).await;
        let t = owner.tenant.clone();
        // Nothing to manage before a first payment.
        let (status, v) = b
            .app
            .call(
                &owner.client,
                OpenPortal {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");
        let session = b.checkout(&owner, "pro").await;
        b.control(&format!("checkout/{session}/complete"), true)
            .await;

        let admin_email = crate::helpers::unique_email("admin");
        let (admin, _) = b
            .app
            .add_member(&owner.client, &t, &admin_email, baas::roles::Role::Admin)
            .await;
        let viewer_email = crate::helpers::unique_email("viewer");
        let (viewer, _) = b
            .app
            .add_member(&owner.client, &t, &viewer_email, baas::roles::Role::Viewer)
            .await;
        let (status, v) = b
            .app
            .call(
                &admin,
                GetBilling {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!((status, v["plan_id"].as_str()), (200, Some("pro")), "{v}");
        let (status, _) = b
            .app
            .call(
                &viewer,
                GetBilling {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(status, 403);
        for c in [&admin, &viewer] {
            let (status, _) = b
                .app
                .call(
                    c,
                    OpenPortal {
                        tenant_id: t.clone(),
                    },
                )
                .await;
            assert_eq!(status, 403);
            let (status, _) = b.try_checkout(c, &t, "business").await;
            assert_eq!(status, 403);
        }

        let (status, v) = b
            .app
            .call(
                &owner.client,
                OpenPortal {
                    tenant_id: t.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let url = v.as_str().expect("portal address");
        assert!(
            url.starts_with(&format!("{}/portal/bps_", b.stripe)),
            "{url}"
        );
        let page = b
            .http
            .get(url)
            .send()
            .await
            .expect("portal")
            .text()
            .await
            .expect("page");
        assert!(page.contains("Cancel subscription"), "{page}");
        let action = page
            .split("action=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("cancel form")
            .replace("&amp;", "&");
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
            .post(format!("{}{action}", b.stripe))
            .send()
            .await
            .expect("cancel");
        assert_eq!(res.status(), 303);
        let back = res.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        assert_eq!(back, b.app.url(&format!("/t/{t}/billing")));
        assert_eq!(b.plan(&t).await, ("starter".into(), "ended".into()));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_stripe_billing_says_so_and_the_webhook_is_absent() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await;
    let owner = app.owner("nobill").await;
    let (status, v) = app
        .call(
            &owner.client,
            GetBilling {
                tenant_id: owner.tenant.clone(),
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["enabled"], false);
    let (status, v) = app
        .call(
            &owner.client,
            StartCheckout {
                tenant_id: owner.tenant.clone(),
                plan_id: "pro".into(),
            },
        )
        .await;
    assert_eq!(status, 503, "{v}");
    let res = reqwest::Client::new()
        .post(app.url("/webhooks/stripe"))
        .body("{}")
        .send()
        .await
        .expect("webhook");
    assert_eq!(res.status(), 404);
}
