//! The downloads, for any member of the workspace: `GET /export/usage/{tenant}?format=csv|json&from&to&agent&model`,
//! the filtered usage records, and `GET /export/health/{tenant}?bot&from&to`, the Admin
//! Agent's checks as CSV; both streamed as they are read. And, for owners,
//! `GET /export/workspace/{tenant}`: all of the workspace's data as JSON.

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
use baas::supervisor::history::export as history;
use futures_util::StreamExt;

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
        tracing::error!(error = %e, "export refused");
        return refuse(status, "the export could not start; try again shortly");
    }
    refuse(status, &e.to_string())
}

/// The caller's access to the workspace, as the server functions check it: a signed-in member
/// (any role); otherwise the response that refuses them.
async fn member(
    state: &AppState,
    tenant_id: String,
    client_ip: Option<Extension<ClientIp>>,
    headers: &HeaderMap,
) -> Result<Access, Response> {
    let Some(token) = session_token(headers, state.secure_cookies) else {
        return Err(refuse(StatusCode::UNAUTHORIZED, "sign in to export"));
    };
    let user = match state.auth.session_user(&token).await {
        Ok(Some(u)) => u,
        Ok(None) => return Err(refuse(StatusCode::UNAUTHORIZED, "sign in to export")),
        Err(e) => return Err(error_response(&e)),
    };
    let actor = user.actor(
        client_ip
            .as_ref()
            .map_or("unknown", |Extension(ip)| ip.0.as_str()),
    );
    let tenant_id = TenantId::new(tenant_id);
    Access::member(&state.db, &tenant_id, &user.user_id, actor, Role::Viewer)
        .await
        .map_err(|e| error_response(&e))
}

/// A download's response: its body, content type and file name, never cached.
fn download(body: Body, content_type: &'static str, name: &str) -> Response {
    let mut res = Response::new(body);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Streams the export; the file name carries the tenant's range.
pub async fn usage(
    State(state): State<AppState>,
    Path(tenant_id): Path<String>,
    Query(p): Query<Params>,
    client_ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
) -> Response {
    let at = match member(&state, tenant_id, client_ip, &headers).await {
        Ok(at) => at,
        Err(refused) => return refused,
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
    let query = ExportQuery {
        tenant_id: at.tenant_id,
        range,
        agent: p.agent.unwrap_or_default(),
        model: p.model.unwrap_or_default(),
    };
    let name = baas::costs::export::file_name(&query, format);
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
    download(Body::from_stream(body), format.content_type(), &name)
}

/// The health download's query string: a bot's id (empty for every bot) and local days.
#[derive(serde::Deserialize)]
pub struct HealthParams {
    bot: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// Streams the workspace's checks as CSV; the file name carries the bot and the days.
pub async fn health(
    State(state): State<AppState>,
    Path(tenant_id): Path<String>,
    Query(p): Query<HealthParams>,
    client_ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
) -> Response {
    let at = match member(&state, tenant_id, client_ip, &headers).await {
        Ok(at) => at,
        Err(refused) => return refused,
    };
    let q = match history::prepare(
        &state.db,
        &at,
        p.bot.as_deref().unwrap_or(""),
        p.from.as_deref(),
        p.to.as_deref(),
        baas::clock::now(),
    )
    .await
    {
        Ok(q) => q,
        Err(e) => return error_response(&e),
    };
    let name = history::file_name(&q);
    let body = history::stream(state.db.clone(), q).map(|chunk| {
        chunk.map(Bytes::from).map_err(|e| {
            tracing::error!(error = %e, "health export stopped");
            std::io::Error::other("the export stopped on a database error")
        })
    });
    download(Body::from_stream(body), "text/csv; charset=utf-8", &name)
}

/// `GET /export/workspace/{tenant}`: everything the workspace holds, as one JSON file (owners;
/// the LGPD's access right). Audited.
pub async fn workspace(
    State(state): State<AppState>,
    Path(tenant_id): Path<String>,
    client_ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
) -> Response {
    let at = match member(&state, tenant_id, client_ip, &headers).await {
        Ok(at) => at,
        Err(refused) => return refused,
    };
    let archive = match baas::privacy::export(&state.db, &at).await {
        Ok(a) => a,
        Err(e) => return error_response(&e),
    };
    let mut conn = match state.db.pool.acquire().await {
        Ok(c) => c,
        Err(e) => return error_response(&e.into()),
    };
    if let Err(e) = baas::audit::record(
        &mut conn,
        Some(&at.tenant_id),
        &at.actor,
        baas::audit::Action::WorkspaceExported,
        "all of the workspace's data, as JSON",
    )
    .await
    {
        return error_response(&e);
    }
    let name = format!("baas-workspace-{}.json", at.tenant_id);
    download(Body::from(archive.to_string()), "application/json", &name)
}
