//! The BaaS signature on a free plan's bots, through each real peer's own config: set on
//! Starter, removed when the workspace pays (from the webhook, in the background), put back
//! when it lapses to Starter.

use crate::helpers::billing::{billing, Billing};
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::Backend;
use app::api::*;
use serde_json::Value;

/// Waits until the peer's own config file says `prefix` (`None`: no prefix).
async fn wait_for_prefix(gw: &PeerGateway, prefix: Option<&str>) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let config = gw.config_file();
        let now = config["messages"]["responsePrefix"].as_str();
        if now == prefix {
            return config;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the bot's responsePrefix is {now:?}, expected {prefix:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// Starter bots sign their replies through their own config; paying removes the signature
/// (from the webhook, in the background), lapsing back to Starter puts it back.
async fn branding_follows_the_plan(b: Billing, flavour: Flavour) {
    let gw = PeerGateway::start(flavour, "brand-token", None).await;
    let owner = b.app.owner("brand").await;
    let t = owner.tenant.clone();
    let (status, v) = b
        .app
        .call(
            &owner.client,
            AddBot {
                tenant_id: t.clone(),
                name: "Loja".into(),
                gateway_url: gw.url.clone(),
                token: "brand-token".into(),
                skip_test: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let tenant = baas::ids::TenantId::new(t.as_str());
    // What the periodic reconciliation does for a bot added on the free plan.
    let done = baas::billing::branding::reconcile(&b.app.db, &b.app.secrets, &b.app.bots, &tenant)
        .await
        .expect("reconcile");
    assert_eq!((done.changed, done.failed), (1, 0), "{done:?}");
    wait_for_prefix(&gw, Some(baas::billing::branding::SIGNATURE)).await;
    let again = baas::billing::branding::reconcile(&b.app.db, &b.app.secrets, &b.app.bots, &tenant)
        .await
        .expect("reconcile");
    assert_eq!((again.changed, again.unchanged), (0, 1), "{again:?}");
    let versions = b
        .app
        .count(
            "SELECT COUNT(*) FROM bot_config_versions v JOIN bots b ON b.id = v.bot_id WHERE b.tenant_id = $1",
            &t,
        )
        .await;
    assert_eq!(versions, 2, "as found, then signed");

    let session = b.checkout(&owner, "pro").await;
    b.control(&format!("checkout/{session}/complete"), true)
        .await;
    wait_for_prefix(&gw, None).await;

    let sub = b.subscription(&t).await;
    b.control(&format!("subscriptions/{sub}/fail"), true).await;
    let later = baas::clock::now() + 8 * 86_400;
    let moved = baas::billing::account::sweep(&b.app.db, b.app.gateway.policies(), later)
        .await
        .expect("sweep");
    assert_eq!(moved, vec![tenant.clone()]);
    for t in moved {
        baas::billing::branding::reconcile(&b.app.db, &b.app.secrets, &b.app.bots, &t)
            .await
            .expect("reconcile");
    }
    wait_for_prefix(&gw, Some(baas::billing::branding::SIGNATURE)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn branding_follows_the_plan_clawdbot_sqlite() {
    branding_follows_the_plan(billing(Backend::Sqlite).await, Flavour::Clawdbot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn branding_follows_the_plan_openclaw_postgres() {
    branding_follows_the_plan(billing(Backend::Postgres).await, Flavour::OpenClaw).await;
}
