//! Stripe's webhook endpoint (`POST /webhooks/stripe`) and the grace-period sweep. The body is
//! read as bytes — the signature covers them exactly — and refused above a bounded size.

use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use baas::billing::webhook::{self, Failure, Outcome, MAX_EVENT_BYTES};
use serde_json::json;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// Stripe waits about 10 s for an answer; a delivery that takes longer is retried anyway.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(20);

/// The webhook's route: outside the pages' session and same-origin checks (Stripe signs its
/// requests instead), with its own body limit and time limit.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/webhooks/stripe", post(receive))
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_EVENT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            WEBHOOK_TIMEOUT,
        ))
        .with_state(state)
}

async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(stripe) = &state.billing else {
        return refuse(
            StatusCode::NOT_FOUND,
            "billing is not enabled on this server",
        );
    };
    let Ok(payload) = std::str::from_utf8(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "the body is not UTF-8");
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    match webhook::receive(&state.db, stripe, &state.policies, payload, signature).await {
        Ok(outcome) => {
            if let Outcome::Applied {
                tenant,
                plan_changed: true,
            } = &outcome
            {
                state.spawn_branding(tenant.clone());
            }
            let (name, reason) = match &outcome {
                Outcome::Applied { .. } => ("applied", None),
                Outcome::Duplicate => ("duplicate", None),
                Outcome::Ignored(why) => ("ignored", Some(*why)),
            };
            tracing::info!(outcome = name, reason, "Stripe event");
            Json(json!({"received": true, "outcome": name, "reason": reason})).into_response()
        }
        Err(Failure::Refused(refused)) => {
            tracing::warn!(reason = %refused, "Stripe event refused");
            refuse(StatusCode::BAD_REQUEST, &refused.to_string())
        }
        Err(Failure::NotNow(e)) => {
            if e.is_internal() {
                tracing::error!(error = %e, "Stripe event not processed");
            } else {
                tracing::warn!(error = %e, "Stripe event not processed");
            }
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            refuse(status, &e.public_message())
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

/// Moves workspaces whose grace period ran out to the free plan, every `every`, and puts the
/// BaaS signature back on their bots.
pub fn spawn_sweep(state: &AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match baas::billing::account::sweep(&state.db, &state.policies, baas::clock::now())
                .await
            {
                Ok(moved) => {
                    if !moved.is_empty() {
                        tracing::info!(
                            workspaces = moved.len(),
                            "grace periods ended: moved to the free plan"
                        );
                    }
                    for tenant in moved {
                        state.spawn_branding(tenant);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "the grace-period sweep failed"),
            }
        }
    })
}
