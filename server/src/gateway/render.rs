//! What a served request hands its route, and what every route's rendering shares: an error
//! with its status, `retry-after` and `x-baas-limit`; a stream of events.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use baas::gateway::error::GatewayError;
use futures_util::StreamExt;
use serde_json::Value;

/// `body` answered with the error's status and its `retry-after` and `x-baas-limit`; each
/// route gives the body of its own wire shape.
pub fn error_response(e: &GatewayError, body: Value) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, Json(body)).into_response();
    if let Some(limit) = e.limit {
        res.headers_mut()
            .insert("x-baas-limit", HeaderValue::from_static(limit));
    }
    if let Some(secs) = e.retry_after_secs {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    }
    res
}

/// What a served request hands its route to render in the route's own shape.
pub struct Served {
    pub reply: Reply,
    /// The model that served, when auto-downgrade replaced the requested one.
    pub downgraded_to: Option<String>,
}

/// The provider's answer, in the Anthropic shape.
pub enum Reply {
    /// A whole Messages response body.
    Whole(Bytes),
    /// Server-sent events, a chunk at a time, ending when the provider's stream ends.
    Events(tokio::sync::mpsc::Receiver<Bytes>),
}

/// A `text/event-stream` response of the chunks `rx` gives, each passed through `map`.
pub fn event_stream(
    rx: tokio::sync::mpsc::Receiver<Bytes>,
    map: impl FnMut(Bytes) -> Result<Bytes, std::io::Error> + Send + 'static,
) -> Response {
    let body =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (b, rx)) });
    let mut out = Response::new(Body::from_stream(body.map(map)));
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    out
}
