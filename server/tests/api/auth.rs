//! Sign-in by magic link and sessions, through the real routes and the real SMTP sink.

use crate::helpers::{client, token_from, unique_email, Owner, TestApp};
use app::api::*;
use serde_json::Value;

both_backends!(
    sign_in_through_emailed_link_creates_user_and_session,
    |app: TestApp| async move {
        let c = client();
        let email = unique_email("ana");
        let res = app.request_link(&c, &email).await;
        assert_eq!(res.status(), 202);
        let mail = app.wait_for_mail(&email, 0, "/auth/verify?token=").await;
        let text = mail["text"].as_str().expect("text");
        assert!(text.starts_with("Sign in to BaaS"), "{text}");
        assert!(
            text.contains(&app.url("/auth/verify?token=")),
            "link built from the public URL"
        );
        let token = token_from(text, "/auth/verify?token=");
        assert_eq!(token.len(), 43, "256-bit token, base64url");

        // Only the hash is stored.
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM login_tokens WHERE token_hash = $1",
                &token
            )
            .await,
            0
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM login_tokens WHERE token_hash = $1",
                &baas::crypto::hash_token(&token)
            )
            .await,
            1
        );

        let res = c
            .post(app.url("/auth/confirm"))
            .form(&[("token", token.as_str())])
            .send()
            .await
            .expect("confirm");
        assert_eq!(res.status(), 303);
        let cookie = res.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_string();
        assert!(cookie.starts_with("baas_session="));
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        assert!(
            !cookie.contains("Secure"),
            "plain-http public URL → no Secure flag"
        );
        // First sign-in: no workspace yet, so the landing page leads to onboarding.
        assert_eq!(res.headers()["location"], "/");
        let res = c.get(app.url("/")).send().await.expect("home");
        assert_eq!(res.headers()["location"], "/onboarding");

        let (status, me) = app.call(&c, Whoami {}).await;
        assert_eq!(status, 200);
        assert_eq!(me["email"], email.as_str());
        assert_eq!(
            app.count("SELECT COUNT(*) FROM users WHERE email = $1", &email)
                .await,
            1
        );
        let session_value = cookie
            .split(';')
            .next()
            .and_then(|kv| kv.split_once('='))
            .map(|(_, v)| v)
            .unwrap_or("");
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM sessions WHERE id_hash = $1",
                session_value
            )
            .await,
            0,
            "session id is stored hashed"
        );
    }
);

both_backends!(
    links_are_single_use_and_forged_or_expired_links_fail,
    |app: TestApp| async move {
        let c = client();
        let email = unique_email("bob");
        let token = app.emailed_token(&c, &email).await;
        assert_eq!(app.confirm(&c, &token).await.status(), 200);

        let other = client();
        let res = app.confirm(&other, &token).await;
        assert_eq!(res.status(), 400);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["error"], "link_used");

        let res = app
            .confirm(&other, "forged-token-that-was-never-issued")
            .await;
        assert_eq!(res.status(), 400);
        assert_eq!(
            res.json::<Value>().await.expect("json")["error"],
            "link_invalid"
        );

        let token2 = app.emailed_token(&c, &email).await;
        sqlx::query("UPDATE login_tokens SET expires_at = created_at - 1 WHERE token_hash = $1")
            .bind(baas::crypto::hash_token(&token2))
            .execute(&app.db.pool)
            .await
            .expect("expire");
        let res = app.confirm(&other, &token2).await;
        assert_eq!(res.status(), 400);
        assert_eq!(
            res.json::<Value>().await.expect("json")["error"],
            "link_expired"
        );
        // Browsers are sent back to the sign-in page with the reason.
        let res = other
            .post(app.url("/auth/confirm"))
            .form(&[("token", token2.as_str())])
            .send()
            .await
            .expect("confirm");
        assert_eq!(res.headers()["location"], "/login?error=link_expired");

        let (status, me) = app.call(&other, Whoami {}).await;
        assert_eq!(
            (status, me),
            (200, Value::Null),
            "no session was opened by refused links"
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                "sign_in_failed"
            )
            .await,
            4
        );
    }
);

both_backends!(
    same_answer_for_known_and_unknown_addresses,
    |app: TestApp| async move {
        let c = client();
        let known = unique_email("known");
        app.sign_in(&c, &known).await;
        let unknown = unique_email("unknown");
        let a = app.request_link(&client(), &known).await;
        let b = app.request_link(&client(), &unknown).await;
        assert_eq!(a.status(), b.status());
        assert_eq!(a.text().await.expect("a"), b.text().await.expect("b"));
        // Both get a link (for the unknown address it is a sign-up link).
        app.wait_for_mail(&unknown, 0, "/auth/verify?token=").await;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM users WHERE email = $1", &unknown)
                .await,
            0
        );
    }
);

both_backends!(
    malformed_email_is_refused_and_stores_nothing,
    |app: TestApp| async move {
        let c = client();
        for bad in [
            "",
            "not-an-email",
            "a@b",
            "x@@y.com",
            &format!("{}@x.com", "a".repeat(300)),
        ] {
            let res = app.request_link(&c, bad).await;
            assert_eq!(res.status(), 400, "{bad}");
            let v: Value = res.json().await.expect("json");
            assert_eq!(v["error"], "invalid_input");
            assert!(v["message"].as_str().is_some_and(|m| m.contains("email")));
        }
        let res = c
            .post(app.url("/auth/request"))
            .form(&[("email", "nope")])
            .send()
            .await
            .expect("form");
        assert_eq!(res.status(), 303);
        assert!(res.headers()["location"]
            .to_str()
            .expect("loc")
            .starts_with("/login?error=invalid_email"));
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_tokens")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        assert_eq!(n, 0);
    }
);

both_backends!(
    sign_in_requests_are_rate_limited_per_address_and_per_ip,
    |app: TestApp| async move {
        let c = client();
        let email = unique_email("flood");
        for _ in 0..baas::auth::LINKS_PER_EMAIL {
            assert_eq!(app.request_link(&c, &email).await.status(), 202);
        }
        let res = app.request_link(&c, &email).await;
        assert_eq!(res.status(), 429);
        let retry: i64 = res.headers()["retry-after"]
            .to_str()
            .expect("h")
            .parse()
            .expect("secs");
        assert!(retry > 0 && retry <= baas::auth::LINK_WINDOW_SECS);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_tokens")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n as usize, baas::auth::LINKS_PER_EMAIL);

        // The same client IP spreading over many addresses is stopped too.
        let mut limited = false;
        for i in 0..baas::auth::LINKS_PER_IP {
            let res = app
                .request_link(&c, &unique_email(&format!("spread{i}")))
                .await;
            if res.status() == 429 {
                limited = true;
                break;
            }
        }
        assert!(limited, "per-IP limit never hit");
    }
);

both_backends!(
    forged_expired_and_signed_out_sessions_are_refused,
    |app: TestApp| async move {
        let Owner {
            client: c, tenant, ..
        } = app.owner("sess").await;
        let (status, _) = app
            .call(
                &c,
                ListMembers {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);

        let forged = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let res = forged
            .post(app.url("/api/list_members"))
            .header("cookie", "baas_session=forged")
            .form(&[("tenant_id", tenant.as_str())])
            .send()
            .await
            .expect("call");
        assert_eq!(res.status(), 401);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["kind"], "unauthenticated");

        // Sign-out ends the session on the server: the old cookie stops working.
        let res = c
            .post(app.url("/auth/signout"))
            .send()
            .await
            .expect("signout");
        assert_eq!(res.status(), 303);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n, 0);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                "sign_out"
            )
            .await,
            1
        );

        // An expired session is refused and removed.
        let c2 = client();
        app.sign_in(&c2, &unique_email("late")).await;
        sqlx::query("UPDATE sessions SET expires_at = 0")
            .execute(&app.db.pool)
            .await
            .expect("expire");
        let (status, me) = app.call(&c2, Whoami {}).await;
        assert_eq!((status, me), (200, Value::Null));
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n, 0);
    }
);

both_backends!(
    sign_in_keeps_a_local_next_path_only,
    |app: TestApp| async move {
        let c = client();
        let email = unique_email("next");
        let res = c
            .post(app.url("/auth/request"))
            .header("accept", "application/json")
            .form(&[("email", email.as_str()), ("next", "https://evil.example/")])
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 202);
        let mail = app.wait_for_mail(&email, 0, "/auth/verify?token=").await;
        let token = token_from(mail["text"].as_str().expect("t"), "/auth/verify?token=");
        let v: Value = app.confirm(&c, &token).await.json().await.expect("json");
        assert_eq!(v["next"], "/");
    }
);

#[tokio::test]
async fn https_public_url_sets_secure_cookies() {
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Backend::Sqlite,
        &[("BAAS_PUBLIC_URL", "https://baas.example.com")],
    )
    .await;
    let c = client();
    let email = unique_email("secure");
    let res = app.request_link(&c, &email).await;
    assert_eq!(res.status(), 202);
    let mail = app.wait_for_mail(&email, 0, "/auth/verify?token=").await;
    let text = mail["text"].as_str().expect("text");
    assert!(
        text.contains("https://baas.example.com/auth/verify?token="),
        "links use the public URL, not Host"
    );
    let token = token_from(text, "/auth/verify?token=");
    let res = app.confirm(&c, &token).await;
    assert!(res.headers()["set-cookie"]
        .to_str()
        .expect("c")
        .contains("; Secure"));
}
