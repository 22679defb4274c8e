//! Reais beside dollars: the operator sets a rate (typed the operator's way, audited); every
//! workspace's usage figures then carry it and its pages show the labelled equivalent; without
//! a rate, only dollars.

use crate::helpers::TestApp;
use app::api::*;
use baas::model::UsageFilter;
use serde_json::Value;

/// The rate a workspace's usage figures carry.
async fn rate_seen(app: &TestApp, c: &reqwest::Client, tenant: &str) -> Value {
    let args = GetDashboard {
        tenant_id: tenant.to_string(),
        filter: UsageFilter::default(),
    };
    let (status, d) = app.call(c, args).await;
    assert_eq!(status, 200, "{d}");
    d["brl_rate"].clone()
}

both_backends!(
    the_operators_rate_shows_reais_beside_dollars,
    |app: TestApp| async move {
        let op = app.owner("cambio").await;
        baas::operators::grant(&app.db, &op.email)
            .await
            .expect("grant");
        let owner = app.owner("loja").await;
        let tenant = owner.tenant.to_string();

        // No rate yet: dollars only.
        assert!(rate_seen(&app, &owner.client, &tenant).await.is_null());

        // Typed the Brazilian way; refused when it is not a rate, naming the field.
        for bad in ["abc", "0", "5.30,1"] {
            let (status, body) = app
                .call(
                    &op.client,
                    SetBrlRate {
                        rate: bad.into(),
                        locale: Some("pt-BR".into()),
                    },
                )
                .await;
            assert_eq!(status, 400, "{bad}: {body}");
            assert!(body.to_string().contains("rate"), "{body}");
        }
        let (status, body) = app
            .call(
                &op.client,
                SetBrlRate {
                    rate: "5,30".into(),
                    locale: Some("pt-BR".into()),
                },
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (_, rate) = app.call(&op.client, GetBrlRate {}).await;
        assert_eq!(rate["micro_brl_per_usd"], 5_300_000);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND detail LIKE '%R$ 5,30%'",
                "pool_changed"
            )
            .await,
            1,
            "audited"
        );

        // Every workspace's figures carry it, and the page says what it is.
        let seen = rate_seen(&app, &owner.client, &tenant).await;
        assert_eq!(seen["micro_brl_per_usd"], 5_300_000);
        let html = owner
            .client
            .get(app.url(&format!("/t/{}/usage", owner.tenant)))
            .header("accept-language", "pt-BR")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            html.contains("≈ R$ 0,00 a R$ 5,30 por US$ (cotação do operador"),
            "labelled equivalent"
        );

        // Removed: dollars only again.
        let (status, _) = app
            .call(
                &op.client,
                SetBrlRate {
                    rate: String::new(),
                    locale: None,
                },
            )
            .await;
        assert_eq!(status, 200);
        assert!(rate_seen(&app, &owner.client, &tenant).await.is_null());
    }
);
