//! `GET /export/usage/{tenant}?format=csv|json&from&to&agent&model`: the tenant's filtered
//! usage records as a download, streamed row by row (any member may export).

use app::state::{session_token, AppState, ClientIp};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use baas::access::Access;
use baas::costs::dashboard::resolve_range;
use baas::costs::export::{self, ExportQuery, Format};
use baas::error::Error;
use baas::ids::TenantId;
use baas::model::UsageFilter;
use baas::roles::Role;

/// The export's query string.
#[derive(serde::Deserialize)]
pub struct Params {
    format: Option<String>,
    from: Option<String>,
    to: Option<String>,
    agent: Option<String>,
    model: Option<String>,
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

fn error_response(e: &Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status.is_server_error() {
        tracing::error!(error = %e, "usage export refused");
        return refuse(status, "the export could not start; try again shortly");
    }
    refuse(status, &e.to_string())
}

/// Streams the export; the file name carries the tenant's range.
pub async fn usage(
    State(state): State<AppState>,
    Path(tenant_id): Path<String>,
    Query(p): Query<Params>,
    client_ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = session_token(&headers, state.secure_cookies) else {
        return refuse(StatusCode::UNAUTHORIZED, "sign in to export usage");
    };
    let user = match state.auth.session_user(&token).await {
        Ok(Some(u)) => u,
        Ok(None) => return refuse(StatusCode::UNAUTHORIZED, "sign in to export usage"),
        Err(e) => return error_response(&e),
    };
    let actor = user.actor(
        client_ip
            .as_ref()
            .map_or("unknown", |Extension(ip)| ip.0.as_str()),
    );
    let tenant_id = TenantId::new(tenant_id);
    let at = match Access::member(&state.db, &tenant_id, &user.user_id, actor, Role::Viewer).await {
        Ok(at) => at,
        Err(e) => return error_response(&e),
    };
    let Some(format) = Format::parse(p.format.as_deref().unwrap_or("csv")) else {
        return refuse(StatusCode::BAD_REQUEST, "format must be csv or json");
    };
    let zone = match baas::costs::settings::tenant_zone(&state.db, &at.tenant_id).await {
        Ok(z) => z,
        Err(e) => return error_response(&e),
    };
    let filter = UsageFilter {
        from: p.from,
        to: p.to,
        ..Default::default()
    };
    let range = match resolve_range(&zone, &filter, baas::clock::now()) {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    let name = format!(
        "usage-{}-{}.{}",
        range.first_day,
        range.last_day,
        if format == Format::Csv { "csv" } else { "json" }
    );
    let query = ExportQuery {
        tenant_id: at.tenant_id,
        range,
        agent: p.agent.unwrap_or_default(),
        model: p.model.unwrap_or_default(),
    };
    match export::claim(&state.db, &query.tenant_id, state.export_timeout).await {
        Ok(true) => {}
        Ok(false) => {
            return refuse(
                StatusCode::CONFLICT,
                "an export of this workspace is already running; try again when it ends",
            )
        }
        Err(e) => return error_response(&e),
    }
    let running = export::spawn(state.db.clone(), zone, query, format, state.export_timeout);
    let body = futures_util::stream::unfold(running, |mut running| async move {
        running.next().await.map(|chunk| {
            (
                chunk.map(Bytes::from).map_err(std::io::Error::other),
                running,
            )
        })
    });
    let mut res = Response::new(Body::from_stream(body));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
