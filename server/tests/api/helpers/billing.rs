//! Billing test support: a server that bills through its own Stripe stand-in on loopback
//! (whose signed events come back to the server's webhook), typed calls to the stand-in's
//! controls and to the webhook, and `both_billing!` for a test on both databases.

use crate::helpers::gw::{ask, post};
use crate::helpers::{spawn_app_with, Backend, Owner, TestApp};
use crate::stripe_stand_in;
use app::api::*;
use baas::audit::Actor;
use serde_json::Value;

pub(crate) const SECRET: &str = "whsec_baas_test_secret";

/// A server billing through a Stripe stand-in whose events come back to it.
pub(crate) struct Billing {
    pub app: TestApp,
    /// The stand-in's origin.
    pub stripe: String,
    pub http: reqwest::Client,
}

pub(crate) async fn billing(backend: Backend) -> Billing {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let stripe = format!("http://{}", listener.local_addr().expect("addr"));
    let app = spawn_app_with(
        backend,
        &[
            ("BAAS_DEFAULT_PLAN", "starter"),
            ("BAAS_STRIPE_SECRET_KEY", "sk_test_baas"),
            ("BAAS_STRIPE_WEBHOOK_SECRET", SECRET),
            ("BAAS_STRIPE_API_BASE", &stripe),
        ],
    )
    .await;
    let hook = stripe_stand_in::Webhook {
        url: app.url("/webhooks/stripe"),
        secret: SECRET.into(),
    };
    tokio::spawn(async move {
        axum::serve(listener, stripe_stand_in::router(Some(hook)))
            .await
            .expect("stand-in");
    });
    for (plan, price, cents) in [
        ("pro", "price_pro", 19_700),
        ("business", "price_business", 49_700),
    ] {
        baas::billing::account::set_plan_price(
            &app.db,
            &Actor::operator(),
            plan,
            cents,
            Some(price),
        )
        .await
        .expect("price");
    }
    let http = reqwest::Client::new();
    for (price, cents) in [("price_pro", "19700"), ("price_business", "49700")] {
        http.post(format!("{stripe}/_test/prices/{price}"))
            .body(cents)
            .send()
            .await
            .expect("stand-in price");
    }
    Billing { app, stripe, http }
}

impl Billing {
    /// Asks for a checkout of `plan` in `tenant` as client `c`: the answer as it comes.
    pub async fn try_checkout(
        &self,
        c: &reqwest::Client,
        tenant: &str,
        plan: &str,
    ) -> (u16, Value) {
        self.app
            .call(
                c,
                StartCheckout {
                    tenant_id: tenant.to_string(),
                    plan_id: plan.into(),
                },
            )
            .await
    }

    /// Starts a checkout for `plan` as `owner`; the session id.
    pub async fn checkout(&self, owner: &Owner, plan: &str) -> String {
        let (status, v) = self.try_checkout(&owner.client, &owner.tenant, plan).await;
        assert_eq!(status, 200, "{v}");
        let url = v.as_str().expect("checkout address");
        assert!(
            url.starts_with(&format!("{}/checkout/cs_", self.stripe)),
            "{url}"
        );
        url.rsplit('/').next().expect("session").to_string()
    }

    /// A stand-in control (`/_test/...`); its events (delivered unless `deliver` is false).
    pub async fn control(&self, path: &str, deliver: bool) -> Vec<Value> {
        let v: Value = self
            .http
            .post(format!("{}/_test/{path}?deliver={deliver}", self.stripe))
            .send()
            .await
            .expect("control")
            .json()
            .await
            .expect("json");
        if deliver {
            let statuses = v["delivered"].as_array().expect("statuses");
            assert!(statuses.iter().all(|s| s == 200), "{v}");
        }
        v["events"].as_array().expect("events").clone()
    }

    /// Posts an event body with a signature made at `at` with `secret`.
    pub async fn deliver(&self, body: &str, secret: &str, at: Option<i64>) -> (u16, Value) {
        let signature = stripe_webhook::Webhook::generate_test_header(body, secret, at);
        self.send(body, Some(&signature)).await
    }

    pub async fn send(&self, body: &str, signature: Option<&str>) -> (u16, Value) {
        let mut req = self
            .http
            .post(self.app.url("/webhooks/stripe"))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(s) = signature {
            req = req.header("stripe-signature", s);
        }
        let res = req.send().await.expect("webhook");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn plan(&self, tenant: &str) -> (String, String) {
        let (plan,): (String,) = sqlx::query_as("SELECT plan_id FROM tenants WHERE id = $1")
            .bind(tenant)
            .fetch_one(&self.app.db.pool)
            .await
            .expect("plan");
        let standing: Option<(String,)> =
            sqlx::query_as("SELECT standing FROM billing_accounts WHERE tenant_id = $1")
                .bind(tenant)
                .fetch_optional(&self.app.db.pool)
                .await
                .expect("standing");
        (plan, standing.map_or("none".into(), |(s,)| s))
    }

    pub async fn subscription(&self, tenant: &str) -> String {
        let (sub,): (Option<String>,) =
            sqlx::query_as("SELECT subscription_id FROM billing_accounts WHERE tenant_id = $1")
                .bind(tenant)
                .fetch_one(&self.app.db.pool)
                .await
                .expect("subscription");
        sub.expect("a subscription")
    }

    pub async fn audit(&self, tenant: &str, action: &str) -> Vec<String> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY created_at, id",
        )
        .bind(tenant)
        .bind(action)
        .fetch_all(&self.app.db.pool)
        .await
        .expect("audit");
        rows.into_iter().map(|(d,)| d).collect()
    }
}

/// A gateway key of a bot of the owner's workspace, and a call with `model` through it.
pub(crate) async fn call_model(b: &Billing, key: &str, model: &str) -> reqwest::Response {
    post(&b.app, key, &ask(model, 32, "oi")).await
}

pub(crate) async fn paid_setup(b: &Billing) -> (Owner, String) {
    let (owner, key, _) = setup_with_gateway(b).await;
    (owner, key)
}

/// A Starter workspace with one agent, one bot and its key, and the pool on a mock provider.
pub(crate) async fn setup_with_gateway(
    b: &Billing,
) -> (Owner, String, crate::helpers::GatewaySetup) {
    let s = b.app.gateway_setup("Loja", "loja", &[("sk-ok", 100)]).await;
    let key = b.app.bot_key(&s).await;
    let user = b.app.user_of(&s.owner).await;
    let owner = Owner {
        client: s.owner.clone(),
        user_id: user.user_id,
        tenant: s.tenant.clone(),
        email: user.email,
    };
    (owner, key, s)
}

/// Defines a test that runs once on SQLite and once on PostgreSQL, each billing through its
/// own Stripe stand-in: `|b: Billing| async move { … }`.
macro_rules! both_billing {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::helpers::billing::billing($crate::helpers::Backend::Sqlite).await)
                    .await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)(
                    $crate::helpers::billing::billing($crate::helpers::Backend::Postgres).await,
                )
                .await;
            }
        }
    };
}
