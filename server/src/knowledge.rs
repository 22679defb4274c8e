//! `POST /knowledge/{tenant}/{bot}`: a document uploaded to a bot's knowledge base (multipart,
//! one file in the field `file`), stored as text and written into the bot's agents' memory.
//! Browsers are sent back to the knowledge page with what happened; JSON clients get the
//! outcome as JSON.

use app::state::{session_token, AppState, ClientIp};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use baas::access::Access;
use baas::clawdbot::knowledge::{self, Kind};
use baas::ids::TenantId;
use baas::roles::Role;
use serde_json::json;

/// What the upload did, for both kinds of client.
struct Outcome {
    status: StatusCode,
    message: String,
    synced: bool,
}

/// Stores the upload and writes it to the bot.
pub async fn upload(
    State(state): State<AppState>,
    Path((tenant_id, bot_id)): Path<(String, String)>,
    client_ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let json_client = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    let outcome = run(&state, &tenant_id, &bot_id, client_ip, &headers, multipart).await;
    if json_client {
        return (
            outcome.status,
            Json(json!({"message": outcome.message, "synced": outcome.synced})),
        )
            .into_response();
    }
    let key = if outcome.status.is_success() {
        "uploaded"
    } else {
        "error"
    };
    Redirect::to(&format!(
        "/t/{}/bots/{}/knowledge?{key}={}",
        app::pages_support::encode_component(&tenant_id),
        app::pages_support::encode_component(&bot_id),
        app::pages_support::encode_component(&outcome.message)
    ))
    .into_response()
}

fn refused(status: StatusCode, message: impl Into<String>) -> Outcome {
    Outcome {
        status,
        message: message.into(),
        synced: false,
    }
}

async fn run(
    state: &AppState,
    tenant_id: &str,
    bot_id: &str,
    client_ip: Option<Extension<ClientIp>>,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Outcome {
    let Some(token) = session_token(headers, state.secure_cookies) else {
        return refused(StatusCode::UNAUTHORIZED, "sign in to upload documents");
    };
    let user = match state.auth.session_user(&token).await {
        Ok(Some(u)) => u,
        Ok(None) => return refused(StatusCode::UNAUTHORIZED, "sign in to upload documents"),
        Err(e) => return failed(&e),
    };
    let actor = user.actor(
        client_ip
            .as_ref()
            .map_or("unknown", |Extension(ip)| ip.0.as_str()),
    );
    let at = match Access::member(
        &state.db,
        &TenantId::new(tenant_id),
        &user.user_id,
        actor,
        Role::Admin,
    )
    .await
    {
        Ok(at) => at,
        Err(e) => return failed(&e),
    };
    if let Err(e) = baas::clawdbot::editor::bot_in_tenant(&state.db, &at.tenant_id, bot_id).await {
        return failed(&e);
    }
    // Someone waits for this answer: a bot that cannot be reached is not waited for (the
    // document is kept, and sent to the bot again later).
    let link = baas::clawdbot::link::FailFast {
        bots: &state.bots,
        bot_id,
    };
    if let Some(why) = knowledge::unsupported(&state.bots.status(bot_id)) {
        return refused(StatusCode::BAD_REQUEST, why);
    }
    let field = loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => break f,
            Ok(Some(_)) => continue,
            Ok(None) => return refused(StatusCode::BAD_REQUEST, "choose a file to upload"),
            Err(e) => {
                return refused(
                    StatusCode::BAD_REQUEST,
                    format!("the upload was cut off: {e}"),
                )
            }
        }
    };
    let name = match knowledge::document_name(field.file_name().unwrap_or_default()) {
        Ok(n) => n,
        Err(why) => return refused(StatusCode::BAD_REQUEST, why),
    };
    let bytes = match field.bytes().await {
        Ok(b) => b.to_vec(),
        Err(_) => {
            return refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "{name} is larger than {} MB, or the upload was cut off",
                    knowledge::MAX_UPLOAD_BYTES / (1024 * 1024)
                ),
            )
        }
    };
    let kind = match Kind::of(&name, &bytes) {
        Ok(k) => k,
        Err(why) => return refused(StatusCode::BAD_REQUEST, why),
    };
    let size = bytes.len() as i64;
    let text = match knowledge::text_of(kind, bytes).await {
        Ok(t) => t,
        Err(why) => return refused(StatusCode::BAD_REQUEST, format!("{name}: {why}")),
    };
    if let Err(e) = knowledge::put(&state.db, &at, bot_id, &name, kind, size, &text).await {
        return failed(&e);
    }
    match knowledge::sync(&state.db, &link, bot_id).await {
        Ok(_) => Outcome {
            status: StatusCode::OK,
            message: format!("{name} saved and given to the bot"),
            synced: true,
        },
        Err(e) => Outcome {
            status: StatusCode::ACCEPTED,
            message: format!(
                "{name} saved; the bot did not take it yet ({e}); use Send to bot again"
            ),
            synced: false,
        },
    }
}

fn failed(e: &baas::error::Error) -> Outcome {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status.is_server_error() {
        tracing::error!(error = %e, "knowledge upload failed");
        return refused(status, "the upload could not be stored; try again shortly");
    }
    refused(status, e.to_string())
}
