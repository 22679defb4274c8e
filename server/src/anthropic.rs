//! `POST /v1/messages`: the Anthropic Messages protocol, which the gateway speaks natively;
//! its answers pass through as the provider sent them, and its errors take the Anthropic shape.

use crate::gateway::{admit, error_response, event_stream, handle, Gateway, Reply, Served};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use baas::gateway::error::GatewayError;
use serde_json::json;

/// `POST /v1/messages`.
pub async fn messages(State(gw): State<Gateway>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let admitted = match admit(&gw, &parts.headers, body).await {
        Ok(a) => a,
        Err(e) => return anthropic_error(&e),
    };
    // The body is only scanned for a few fields from here on.
    drop(admitted.permit);
    match handle(gw, admitted.owner, parts.headers, admitted.body).await {
        Ok(served) => render(served),
        Err(e) => anthropic_error(&e),
    }
}

/// An error in the Anthropic shape.
fn anthropic_error(e: &GatewayError) -> Response {
    error_response(
        e,
        json!({"type": "error", "error": {"type": e.type_name(), "message": e.message}}),
    )
}

/// The answer as an Anthropic Messages response.
fn render(served: Served) -> Response {
    let mut out = match served.reply {
        Reply::Whole(bytes) => {
            let mut out = Response::new(Body::from(bytes));
            out.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            out
        }
        Reply::Events(rx) => event_stream(rx, Ok),
    };
    if let Some(v) = served
        .downgraded_to
        .as_deref()
        .and_then(|m| HeaderValue::from_str(m).ok())
    {
        out.headers_mut().insert("x-baas-model-served", v);
    }
    out
}
