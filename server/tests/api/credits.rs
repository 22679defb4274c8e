//! Opus credits on Business: packs the operator sells, bought through the Stripe stand-in's
//! one-time checkout and credited once per checkout however often its event comes; Opus
//! requests reserved against the credits like budgets and settled to their cost; refused, or
//! served by Sonnet with auto-downgrade, when they run out — and never below zero under 500
//! concurrent requests.

use crate::helpers::billing::{call_model, Billing, SECRET};
use crate::helpers::gw::{
    ask, bursts_until_refused, limit_of, post, wait_count, Bursts, NO_RATE_LIMITS,
};
use crate::helpers::{Owner, TestApp};
use app::api::*;
use baas::ids::TenantId;
use serde_json::Value;

/// Turns auto-downgrade on or off, with no monthly budget.
async fn downgrade(app: &TestApp, owner: &reqwest::Client, tenant: &str, on: bool) {
    let (status, v) = app
        .call(
            owner,
            SaveBudget {
                tenant_id: tenant.to_string(),
                timezone: "UTC".into(),
                monthly_budget: String::new(),
                downgrade_enabled: on.then(|| "on".to_string()),
                downgrade_share: "20".into(),
                locale: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
}

async fn balance(app: &TestApp, tenant: &str) -> i64 {
    baas::billing::credits::balance(&app.db, &TenantId::new(tenant))
        .await
        .expect("balance")
}

async fn sum(app: &TestApp, sql: &str, tenant: &str) -> i64 {
    let (v,): (Option<i64>,) = sqlx::query_as(sql)
        .bind(tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("sum");
    v.unwrap_or(0)
}

both_billing!(
    a_business_workspace_buys_a_pack_once_and_opus_draws_on_it,
    |b: Billing| async move {
        let s = b
            .app
            .gateway_setup_with_credits("Loja", "loja", &[("sk-ok", 100)], 0)
            .await;
        let key = b.app.bot_key(&s).await;
        let t = s.tenant.clone();
        let user = b.app.user_of(&s.owner).await;
        let owner = Owner {
            client: s.owner.clone(),
            user_id: user.user_id,
            tenant: t.clone(),
            email: user.email,
        };
        // A Starter workspace has no credits to buy.
        let (status, v) = b
            .app
            .call(
                &owner.client,
                BuyCredits {
                    tenant_id: t.clone(),
                    pack_id: "any".into(),
                },
            )
            .await;
        assert_eq!(status, 400, "{v}");
        assert!(v.to_string().contains("does not use credits"), "{v}");

        let session = b.checkout(&owner, "business").await;
        b.control(&format!("checkout/{session}/complete"), true)
            .await;
        assert_eq!(b.plan(&t).await, ("business".into(), "paid".into()));

        // No credits: Opus is served by Sonnet while auto-downgrade is on (the default)...
        let res = call_model(&b, &key, "claude-opus-4-5").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["x-baas-model-served"], "claude-sonnet-4-5");
        // ...and refused, saying what to do, once it is off.
        downgrade(&b.app, &owner.client, &t, false).await;
        let res = call_model(&b, &key, "claude-opus-4-5").await;
        assert_eq!(res.status(), 403);
        assert_eq!(limit_of(&res), "opus_credits");
        let v: Value = res.json().await.expect("json");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("used up") && m.contains("Billing page")),
            "{v}"
        );
        assert_eq!(
            call_model(&b, &key, "claude-sonnet-4-5").await.status(),
            200
        );

        // The operator puts a pack on sale: US$ 20 of credits for R$ 100,00.
        let op = b.app.owner("operadora").await;
        baas::operators::grant(&b.app.db, &op.email)
            .await
            .expect("grant");
        let pack = |credit: &str, stripe_price: &str| AddCreditPack {
            credit: credit.into(),
            price: "100,00".into(),
            stripe_price: stripe_price.into(),
            locale: Some("pt-BR".into()),
        };
        for (bad, why) in [
            (pack("20", "prod_123"), "Stripe Price"),
            (pack("vinte", "price_credits_20"), "credit"),
            (pack("20", "price_pro"), "already sells"),
        ] {
            let (status, v) = b.app.call(&op.client, bad).await;
            assert_eq!(status, 400, "{v}");
            assert!(v.to_string().contains(why), "{why}: {v}");
        }
        let (status, v) = b.app.call(&op.client, pack("20", "price_credits_20")).await;
        assert_eq!(status, 200, "{v}");
        b.http
            .post(format!("{}/_test/prices/price_credits_20", b.stripe))
            .body("10000")
            .send()
            .await
            .expect("stand-in price");

        let billing = |c: reqwest::Client| {
            let (app, tenant) = (&b.app, t.clone());
            async move {
                let (status, v) = app.call(&c, GetBilling { tenant_id: tenant }).await;
                assert_eq!(status, 200, "{v}");
                v["credits"].clone()
            }
        };
        let credits = billing(owner.client.clone()).await;
        assert_eq!(credits["families"], "opus");
        assert_eq!(credits["granted_micro_usd"], 0);
        let packs = credits["packs"].as_array().expect("packs").clone();
        assert_eq!(packs.len(), 1, "{credits}");
        assert_eq!(packs[0]["credit_micro_usd"], 20_000_000);
        let pack_id = packs[0]["id"].as_str().expect("pack id").to_string();

        let (status, v) = b
            .app
            .call(
                &owner.client,
                BuyCredits {
                    tenant_id: t.clone(),
                    pack_id: pack_id.clone(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let session = v
            .as_str()
            .and_then(|u| u.rsplit('/').next())
            .expect("checkout address")
            .to_string();
        let events = b
            .control(&format!("checkout/{session}/complete"), false)
            .await;
        assert_eq!(events[0]["type"], "checkout.session.completed");
        assert_eq!(events[0]["data"]["object"]["mode"], "payment");
        let body = events[0].to_string();
        // Delivered twice, then again as a new event about the same checkout: credited once.
        for _ in 0..2 {
            let (status, v) = b.deliver(&body, SECRET, None).await;
            assert_eq!(status, 200, "{v}");
        }
        let mut again = events[0].clone();
        again["id"] = Value::String(format!("{}_again", events[0]["id"].as_str().expect("id")));
        let (status, v) = b.deliver(&again.to_string(), SECRET, None).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(balance(&b.app, &t).await, 20_000_000);
        let bought = b.audit(&t, "billing_changed").await;
        assert_eq!(
            bought
                .iter()
                .filter(|d| d.contains("credits bought"))
                .count(),
            1,
            "{bought:?}"
        );

        // Opus is served again at once, paid from the credits to the micro-dollar.
        let res = call_model(&b, &key, "claude-opus-4-5").await;
        assert_eq!(res.status(), 200);
        assert!(!res.headers().contains_key("x-baas-model-served"));
        wait_count(
            &b.app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND credit_micro_usd > 0",
            &t,
            1,
        )
        .await;
        let (cost, credit): (i64, i64) = sqlx::query_as(
            "SELECT cost_micro_usd, credit_micro_usd FROM usage_records
             WHERE tenant_id = $1 AND credit_micro_usd > 0",
        )
        .bind(&t)
        .fetch_one(&b.app.db.pool)
        .await
        .expect("record");
        assert!(cost > 0 && credit == cost, "{cost} {credit}");
        assert_eq!(balance(&b.app, &t).await, 20_000_000 - credit);
        let sonnet_credit = sum(
            &b.app,
            "SELECT CAST(SUM(credit_micro_usd) AS BIGINT) FROM usage_records
             WHERE tenant_id = $1 AND model_requested <> 'claude-opus-4-5'",
            &t,
        )
        .await;
        assert_eq!(sonnet_credit, 0, "Sonnet is not paid from credits");

        // The page shows the balance, the month's use and the purchase; the operator its sale.
        let credits = billing(owner.client.clone()).await;
        assert_eq!(credits["granted_micro_usd"], 20_000_000);
        assert_eq!(credits["spent_month_micro_usd"], credit);
        let entries = credits["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (&entries[0]["kind"], &entries[0]["paid_brl_cents"]),
            (&Value::from("purchase"), &Value::from(10_000))
        );
        let (status, summary) = b.app.call(&op.client, BillingOverview {}).await;
        assert_eq!(status, 200, "{summary}");
        assert_eq!(
            (&summary["credit_sales"], &summary["credit_sales_brl_cents"]),
            (&Value::from(1), &Value::from(10_000))
        );
        // Nobody outside the workspace buys for it.
        let (status, _) = b
            .app
            .call(
                &op.client,
                BuyCredits {
                    tenant_id: t.clone(),
                    pack_id,
                },
            )
            .await;
        assert!([403, 404].contains(&status), "{status}");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credits_never_go_negative_under_500_concurrent_opus_requests_sqlite() {
    credits_hold(
        crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, NO_RATE_LIMITS).await,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credits_never_go_negative_under_500_concurrent_opus_requests_postgres() {
    credits_hold(
        crate::helpers::spawn_app_with(crate::helpers::Backend::Postgres, NO_RATE_LIMITS).await,
    )
    .await;
}

/// The most one request of `body` can cost at Opus prices.
pub(crate) fn opus_reservation(body: &Value, max_tokens: i64) -> i64 {
    let price = baas::pricing::find_price(&baas::pricing::default_prices(), "claude-opus-4-5")
        .cloned()
        .expect("price");
    let bytes = serde_json::to_vec(body).expect("json").len();
    baas::costs::reserve::max_cost(
        baas::costs::reserve::estimate_input_tokens(bytes),
        max_tokens,
        price.input,
        price.cache_write,
        price.output,
    )
}

/// US$ 0.05 of credits, no budget, downgrade off: bursts of 500 Opus requests until one gets
/// nothing through. The credit-paid total never passes what was credited.
async fn credits_hold(app: TestApp) {
    let _alone = crate::helpers::gw::one_burst_test_at_a_time().await;
    let s = app
        .gateway_setup_with_credits("Lobo", "lobo", &[("sk-ok", 100)], 50_000)
        .await;
    downgrade(&app, &s.owner, &s.tenant, false).await;
    let body = ask("claude-opus-4-5", 100, "Qual o horário da loja amanhã?");
    let reservation = opus_reservation(&body, 100);
    let Bursts {
        answered: ok,
        refused,
        bursts,
    } = bursts_until_refused(&app, &s.tenant, &s.key, &body, "opus_credits", 0).await;
    let paid = sum(
        &app,
        "SELECT CAST(SUM(credit_micro_usd) AS BIGINT) FROM usage_records WHERE tenant_id = $1",
        &s.tenant,
    )
    .await;
    let cost = sum(
        &app,
        "SELECT CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_records WHERE tenant_id = $1",
        &s.tenant,
    )
    .await;
    println!(
        "credits $0.05: {bursts} bursts of 500, {ok} answered, {refused} refused, paid {paid} µUSD from credits, one reservation {reservation} µUSD"
    );
    assert_eq!(paid, cost, "every Opus request was paid from credits");
    assert!(
        paid <= 50_000,
        "credits went negative: {paid} paid of 50000"
    );
    assert!(
        paid >= 50_000 - reservation,
        "paid {paid}: the credits were not used up"
    );
    assert!(balance(&app, &s.tenant).await >= 0);
    assert!(
        (paid / ok as i64) * 500 > 50_000,
        "one burst could not have overdrawn the credits"
    );
    // Used up: one "credits" alert, not one per refusal.
    wait_count(
        &app,
        "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'credits' AND severity = 'critical'",
        &s.tenant,
        1,
    )
    .await;
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'credits' AND severity = 'critical'",
            &s.tenant
        )
        .await,
        1
    );
}

both_backends!(
    out_of_credits_opus_is_served_by_sonnet_when_downgrade_is_on,
    |app: TestApp| async move {
        let body = ask("claude-opus-4-5", 64, "oi");
        // Room for exactly one request's most possible cost.
        let one = opus_reservation(&body, 64);
        let s = app
            .gateway_setup_with_credits("Lobo", "lobo", &[("sk-ok", 100)], one)
            .await;
        let first = post(&app, &s.key, &body).await;
        assert_eq!(first.status(), 200);
        assert!(!first.headers().contains_key("x-baas-model-served"));
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND credit_micro_usd > 0",
            &s.tenant,
            1,
        )
        .await;
        let mut sonnet: i64 = 0;
        for _ in 0..5 {
            let res = post(&app, &s.key, &body).await;
            assert_eq!(res.status(), 200);
            if res
                .headers()
                .get("x-baas-model-served")
                .is_some_and(|m| m == "claude-sonnet-4-5")
            {
                sonnet += 1;
            }
        }
        assert_eq!(
            sonnet, 5,
            "served by Sonnet once the credits cannot hold another"
        );
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND model_served = 'claude-sonnet-4-5' AND model_requested = 'claude-opus-4-5' AND credit_micro_usd = 0",
            &s.tenant,
            sonnet,
        )
        .await;
        assert!(balance(&app, &s.tenant).await >= 0);
        // The owners hear once that the credits cannot pay, not once per request.
        wait_count(
            &app,
            "SELECT COUNT(*) FROM alert_events WHERE tenant_id = $1 AND kind = 'credits' AND severity = 'critical'",
            &s.tenant,
            1,
        )
        .await;
    }
);
