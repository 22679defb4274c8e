//! Request middleware: client address, request spans, same-origin check, error statuses,
//! security headers.

use app::error::ApiError;
use app::state::{AppState, ClientIp};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Decides the client's address once per request: the peer address, or — when the operator
/// says a trusted proxy sets it — the last `X-Forwarded-For` entry, the one that proxy added
/// (earlier entries come from the client and can be forged).
pub async fn client_ip(trust_proxy: bool, mut req: Request, next: Next) -> Response {
    let forwarded = trust_proxy
        .then(|| {
            req.headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(|s| s.trim().to_string())
                .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
        })
        .flatten();
    let ip = forwarded.unwrap_or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    });
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// The tracing span of one request; every log line inside it carries the request id.
pub fn request_span(req: &Request<Body>) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
    )
}

/// Refuses state-changing requests sent by another site's page (defence in depth on top of
/// `SameSite=Lax` cookies).
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let headers = req.headers();
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some("null") => false,
            Some(origin) => origin_of(&state.public_url) == origin,
            None => {
                headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) != Some("cross-site")
            }
        };
        if !origin_ok {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(req).await
}

fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Server functions report every error as 500; this gives each typed error its real status
/// (400, 401, 403, 404, 409, 429) so clients and logs see the truth.
pub async fn api_error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Sends signed-out visitors of signed-in pages to the sign-in page (with a way back), before
/// any HTML is rendered.
pub async fn require_session_for_pages(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let gated = req.method() == Method::GET
        && (path.starts_with("/t/") || path == "/onboarding" || path == "/operator");
    if !gated {
        return next.run(req).await;
    }
    let user = match app::state::session_token(req.headers(), state.secure_cookies) {
        Some(token) => state.auth.session_user(&token).await,
        None => Ok(None),
    };
    match user {
        Ok(Some(user)) => {
            let mut req = req;
            if let Some(language) =
                workspace_language(&state, req.uri().path(), &user.user_id).await
            {
                req.extensions_mut().insert(language);
            }
            next.run(req).await
        }
        Ok(None) => {
            let back = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let to = format!("/login?next={}", app::pages_support::encode_component(back));
            axum::response::Redirect::to(&to).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Service temporarily unavailable",
            )
                .into_response()
        }
    }
}

/// The language of the workspace a `/t/{id}/…` page shows, when `user_id` is a member: the
/// page's last resort when neither the person nor their browser names a language BaaS speaks.
async fn workspace_language(
    state: &AppState,
    path: &str,
    user_id: &str,
) -> Option<app::i18n::WorkspaceLanguage> {
    let tenant = path.strip_prefix("/t/")?.split('/').next()?;
    let zone: Option<(String,)> = sqlx::query_as(
        "SELECT t.timezone FROM tenants t JOIN memberships m ON m.tenant_id = t.id
         WHERE t.id = $1 AND m.user_id = $2",
    )
    .bind(tenant)
    .bind(user_id)
    .fetch_optional(&state.db.pool)
    .await
    .ok()?;
    zone.map(|(z,)| app::i18n::WorkspaceLanguage(baas::i18n::Locale::from_time_zone(&z)))
}

/// What responses other than pages may do in a browser: nothing. Pages set their own policy
/// (see `app::page_csp`), which this leaves in place.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// How long browsers keep to https for this site once they have seen it over https.
pub const HSTS: &str = "max-age=31536000";

/// Adds the Content-Security-Policy every response carries, and over https the
/// Strict-Transport-Security header.
pub async fn security_headers(https: bool, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origin_is_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://baas.example.com"),
            "https://baas.example.com"
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000/app"),
            "http://127.0.0.1:3000"
        );
    }
}
