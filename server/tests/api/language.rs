//! The dashboard's language: the browser's by default, a person's own choice once made (kept
//! on their account and brought back at every sign-in), never anyone else's.

use crate::helpers::{client, TestApp};
use app::api::{CreateTenant, SetLanguage, TimeZones};

async fn page(app: &TestApp, c: &reqwest::Client, path: &str, accept: &str) -> String {
    let res = c
        .get(app.url(path))
        .header("accept-language", accept)
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    res.text().await.expect("html")
}

both_backends!(
    a_person_chooses_the_dashboard_language,
    |app: TestApp| async move {
        let a = app.owner("idioma").await;
        let home = format!("/t/{}", a.tenant);

        // Before any choice, the browser's first language BaaS speaks.
        let html = page(&app, &a.client, &home, "fr-FR,es;q=0.8").await;
        assert!(
            html.contains(r#"<html lang="es""#),
            "Spanish from the browser"
        );
        assert!(html.contains("Resumen") && html.contains("Cerrar sesión"));
        let html = page(&app, &a.client, &home, "de-DE").await;
        assert!(html.contains(r#"<html lang="en""#));
        assert!(html.contains("Overview") && html.contains("Sign out"));

        // A choice beats the browser.
        let (status, body) = app
            .call(
                &a.client,
                SetLanguage {
                    language: "pt-BR".into(),
                },
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let html = page(&app, &a.client, &home, "es-ES").await;
        assert!(html.contains(r#"<html lang="pt-BR""#));
        assert!(html.contains("Visão geral") && html.contains("Sair"));
        assert!(html.contains("Proprietário"), "the role badge too");

        // A language BaaS does not speak is refused, naming the field; the choice stands.
        let (status, body) = app
            .call(
                &a.client,
                SetLanguage {
                    language: "fr".into(),
                },
            )
            .await;
        assert_eq!(status, 400);
        assert!(body.to_string().contains("language"), "{body}");
        let html = page(&app, &a.client, &home, "en").await;
        assert!(html.contains(r#"<html lang="pt-BR""#));

        // Signing in on another browser brings the choice along.
        let elsewhere = client();
        app.sign_in(&elsewhere, &a.email).await;
        let html = page(&app, &elsewhere, &home, "en-US").await;
        assert!(
            html.contains(r#"<html lang="pt-BR""#),
            "the choice follows the person"
        );

        // Nobody else is affected, and nobody signed out can choose.
        let b = app.owner("other").await;
        let html = page(&app, &b.client, &format!("/t/{}", b.tenant), "en-US").await;
        assert!(html.contains(r#"<html lang="en""#));
        let (status, _) = app
            .call(
                &client(),
                SetLanguage {
                    language: "es".into(),
                },
            )
            .await;
        assert_eq!(status, 401);

        // Going back to the browser's language.
        let (status, _) = app
            .call(
                &a.client,
                SetLanguage {
                    language: String::new(),
                },
            )
            .await;
        assert_eq!(status, 200);
        let html = page(&app, &a.client, &home, "es").await;
        assert!(html.contains(r#"<html lang="es""#));
    }
);

both_backends!(
    a_workspace_speaks_and_keeps_time_in_its_zone,
    |app: TestApp| async move {
        let c = client();
        app.sign_in(&c, &crate::helpers::unique_email("fuso")).await;

        // A zone BaaS does not know is refused, naming it; nothing is created.
        let (status, body) = app
            .call(
                &c,
                CreateTenant {
                    name: "Loja".into(),
                    timezone: Some("America/Atlantis".into()),
                },
            )
            .await;
        assert_eq!(status, 400);
        assert!(body.to_string().contains("America/Atlantis"), "{body}");

        let (status, created) = app
            .call(
                &c,
                CreateTenant {
                    name: "Loja".into(),
                    timezone: Some("america/sao_paulo".into()),
                },
            )
            .await;
        assert_eq!(status, 200, "{created}");
        assert_eq!(
            created["timezone"], "America/Sao_Paulo",
            "the canonical name"
        );
        let tenant = created["id"].as_str().expect("id").to_string();

        // A browser naming no language BaaS speaks gets the workspace's, with its zone named,
        // and the workspace's creation time in São Paulo's time (UTC−3), day first.
        let html = page(&app, &c, &format!("/t/{tenant}/audit"), "de-DE,fr;q=0.8").await;
        assert!(
            html.contains(r#"<html lang="pt-BR""#),
            "the workspace's language"
        );
        assert!(html.contains("Horários em America/Sao_Paulo"));
        let (at,): (i64,) = sqlx::query_as("SELECT created_at FROM tenants WHERE id = $1")
            .bind(&tenant)
            .fetch_one(&app.db.pool)
            .await
            .expect("created_at");
        let local = baas::time::format_local(at, -3 * 3600, baas::i18n::Locale::PtBr);
        assert!(html.contains(&local), "{local} in the audit log");

        // A browser that names a language still wins, and the times stay in the zone.
        let html = page(&app, &c, &format!("/t/{tenant}/audit"), "en-US").await;
        assert!(html.contains(r#"<html lang="en""#));
        let local = baas::time::format_local(at, -3 * 3600, baas::i18n::Locale::En);
        assert!(html.contains(&local), "{local} in the audit log");

        // Without a zone from the browser, a Brazilian Portuguese page means São Paulo.
        let res = c
            .post(app.url("/api/create_tenant"))
            .header("accept-language", "pt-BR,pt;q=0.9")
            .form(&[("name", "Outra")])
            .send()
            .await
            .expect("create");
        assert_eq!(res.status(), 200);
        let created: serde_json::Value = res.json().await.expect("json");
        assert_eq!(created["timezone"], "America/Sao_Paulo");

        // The picker's list is the tz database's, São Paulo and Bogotá included.
        let (status, zones) = app.call(&client(), TimeZones {}).await;
        assert_eq!(status, 200);
        let zones: Vec<String> = serde_json::from_value(zones).expect("names");
        assert!(zones.len() > 300, "{} zones", zones.len());
        assert!(zones.iter().any(|z| z == "America/Sao_Paulo"));
        assert!(zones.iter().any(|z| z == "America/Bogota"));
    }
);

both_backends!(
    money_is_written_with_its_thousands_grouped_in_each_language,
    |app: TestApp| async move {
        let a = app.owner("milhar").await;
        sqlx::query("UPDATE tenants SET monthly_budget = 2500000000 WHERE id = $1")
            .bind(&a.tenant)
            .execute(&app.db.pool)
            .await
            .expect("budget");
        let usage = format!("/t/{}/usage", a.tenant);
        let html = page(&app, &a.client, &usage, "en-US").await;
        assert!(html.contains("of $2,500.00"), "English groups by commas");
        let html = page(&app, &a.client, &usage, "pt-BR").await;
        assert!(
            html.contains("de US$ 2.500,00"),
            "Portuguese groups by dots"
        );
    }
);
