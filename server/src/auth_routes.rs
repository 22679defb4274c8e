//! Sign-in, sign-out and the landing redirect. Browsers get redirects to pages that explain
//! the outcome; clients sending `Accept: application/json` get JSON and a precise status.

use app::pages_support::encode_component;
use app::state::{session_token, AppState, ClientIp};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use baas::auth::session_cookie;
use baas::error::Error;
use baas::tokens::SESSION_ABSOLUTE_SECS;
use serde_json::json;
use std::collections::HashMap;

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn json_error(e: &Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = match e {
        Error::Link(p) => p.code(),
        Error::Invalid(_) => "invalid_input",
        Error::RateLimited { .. } => "rate_limited",
        _ if e.is_internal() => "internal",
        _ => "refused",
    };
    let mut res = (
        status,
        Json(json!({ "error": code, "message": e.public_message() })),
    )
        .into_response();
    if let Error::RateLimited { retry_after_secs } = e {
        if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    res
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let name = session_cookie(state.secure_cookies);
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map(String::as_str).unwrap_or("")
}

/// `POST /auth/request`: emails a sign-in link.
pub async fn request_link(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let email = field(&form, "email");
    let next = Some(field(&form, "next")).filter(|n| !n.is_empty());
    let result = state.auth.request_link(email, next, &ip.0).await;
    if wants_json(&headers) {
        return match result {
            Ok(()) => (StatusCode::ACCEPTED, Json(json!({ "status": "sent" }))).into_response(),
            Err(e) => json_error(&e),
        };
    }
    let back = |code: &str, extra: String| {
        Redirect::to(&format!(
            "/login?error={code}&email={}&next={}{extra}",
            encode_component(email),
            encode_component(next.unwrap_or(""))
        ))
        .into_response()
    };
    match result {
        Ok(()) => Redirect::to(&format!(
            "/login?sent=1&email={}",
            encode_component(email.trim())
        ))
        .into_response(),
        Err(Error::Invalid(_)) => back("invalid_email", String::new()),
        Err(Error::RateLimited { retry_after_secs }) => {
            back("rate_limited", format!("&retry={retry_after_secs}"))
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in link request failed");
            back("server", String::new())
        }
    }
}

/// `POST /auth/confirm`: uses a sign-in link and opens a session.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match state
        .auth
        .verify_link(field(&form, "token"), &ip.0, ua)
        .await
    {
        Ok(signed) => {
            let target = signed.next.clone().unwrap_or_else(|| "/".into());
            let mut res = if wants_json(&headers) {
                Json(json!({ "status": "signed_in", "user_id": signed.user_id, "next": target }))
                    .into_response()
            } else {
                Redirect::to(&target).into_response()
            };
            res.headers_mut().insert(
                header::SET_COOKIE,
                cookie(&state, &signed.session_token, SESSION_ABSOLUTE_SECS),
            );
            // The language the person chose follows them to every browser they sign in on.
            match baas::users::language(&state.db, &signed.user_id).await {
                Ok(Some(language)) => {
                    let value = app::i18n::language_cookie(Some(language), state.secure_cookies);
                    if let Ok(v) = HeaderValue::from_str(&value) {
                        res.headers_mut().append(header::SET_COOKIE, v);
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "reading the user's language failed"),
            }
            res
        }
        Err(e) if wants_json(&headers) => json_error(&e),
        Err(Error::Link(p)) => Redirect::to(&format!("/login?error={}", p.code())).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "sign-in confirmation failed");
            Redirect::to("/login?error=server").into_response()
        }
    }
}

/// `POST /auth/signout`: ends the session on the server and clears the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = session_token(&headers, state.secure_cookies) {
        match state.auth.session_user(&token).await {
            Ok(Some(user)) => {
                if let Err(e) = state.auth.sign_out(&user, &ip.0).await {
                    tracing::error!(error = %e, "sign-out failed");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "sign-out lookup failed"),
        }
    }
    let mut res = if wants_json(&headers) {
        Json(json!({ "status": "signed_out" })).into_response()
    } else {
        Redirect::to("/login").into_response()
    };
    res.headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, "", 0));
    res
}

/// `GET /`: sends people where they belong — sign-in, first workspace, or onboarding.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = session_token(&headers, state.secure_cookies) else {
        return Redirect::to("/login").into_response();
    };
    let user = match state.auth.session_user(&token).await {
        Ok(Some(u)) => u,
        Ok(None) => return Redirect::to("/login?error=session_expired").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Service temporarily unavailable",
            )
                .into_response();
        }
    };
    match baas::tenants::list_tenants(&state.db, &user.user_id).await {
        Ok(ts) => match ts.first() {
            Some(t) => Redirect::to(&format!("/t/{}", t.id)).into_response(),
            None => Redirect::to("/onboarding").into_response(),
        },
        Err(e) => {
            tracing::error!(error = %e, "tenant lookup failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Service temporarily unavailable",
            )
                .into_response()
        }
    }
}
