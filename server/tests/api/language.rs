//! The dashboard's language: the browser's by default, a person's own choice once made (kept
//! on their account and brought back at every sign-in), never anyone else's.

use crate::helpers::{client, TestApp};
use app::api::SetLanguage;

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
