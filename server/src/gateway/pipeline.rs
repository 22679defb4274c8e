//! A request's steps after admission, in order: read the request's head, load the key's
//! policy (plan, model rules, downgrade), check rate limits, reserve the maximum cost, then
//! forward on its own task; and what is recorded when it ends.

use super::costs;
use super::credits;
use super::state::Gateway;
use axum::body::Bytes;
use axum::http::HeaderMap;
use baas::clock::now;
use baas::gateway::error::{GatewayError, Kind};
use baas::gateway::store::{self, KeyOwner};
use baas::ratelimit::checks::{request_checks, settlements};
use serde_json::Value;
use std::sync::Mutex;
use std::time::Instant;

use super::record::Call;
use super::render::Served;
use super::upstream::forward;

/// Serves one Anthropic Messages request of an authenticated key: check the body, apply
/// limits, forward with failover, record usage.
pub async fn handle(
    gw: Gateway,
    owner: KeyOwner,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Served, GatewayError> {
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let head = request_head(&body).map_err(GatewayError::invalid)?;
    let bound = baas::costs::bound::bound(&body).map_err(GatewayError::invalid)?;
    let model = head.model;
    if gw.price_for(&model).is_none() {
        return Err(GatewayError::new(
            404,
            Kind::NotFound,
            format!("model: {model}"),
        ));
    }
    let policy = match gw.budget.policies.get(&gw.db, &owner.agent_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(GatewayError::unauthenticated("invalid or revoked API key")),
        Err(e) => {
            tracing::error!(error = %e, "policy lookup failed");
            return Err(GatewayError::unavailable(
                Kind::Api,
                "the gateway cannot read this tenant's plan right now",
            ));
        }
    };
    let started_at = now();
    let upstream_model =
        costs::admit_model(&gw, &policy, &model, started_at, owner.bot_id.as_deref())?;
    let (mut body, mut downgraded_to, price) = serve_as(&gw, body, &model, upstream_model)?;
    // Input tokens estimated at four bytes each; the provider's exact count is recorded later.
    let estimated_tokens = (body.len() / 4) as i64;
    let admitted = match request_checks(
        &gw.limits,
        &owner.tenant_id,
        &owner.agent_id,
        estimated_tokens,
    ) {
        Ok(checks) => checks,
        Err(limited) => {
            return Err(GatewayError::new(
                413,
                Kind::RequestTooLarge,
                format!("the request exceeds the {}", limited.what),
            ))
        }
    };
    if let Err(limited) = gw.limiter.admit(&admitted).await {
        let retry_after = limited.retry_after_secs.unwrap_or(60);
        return Err(GatewayError::rate_limited(
            format!("{} exceeded; retry in {retry_after} s", limited.what),
            retry_after,
        ));
    }
    let served = downgraded_to.clone().unwrap_or_else(|| model.clone());
    let credits = baas::costs::policy::uses_credits(&policy.plan, &served);
    let reserved_cost = costs::max_cost(&price, body.len(), head.max_tokens, &bound);
    let mut reserved =
        costs::reserve(&gw, policy.clone(), reserved_cost, started_at, credits).await;
    // Out of credits with auto-downgrade on: served by the model's cheaper mapping instead,
    // decided per request against the ledger (a refusal held nothing, so this starts clean).
    if let (Err(refused), Some(_)) = (&reserved, policy.downgrade_share) {
        let cheaper = baas::costs::policy::downgrade_target(&gw.budget.downgrade_map, &served);
        // A body that cannot be rewritten, or a mapping without a price, keeps the refusal.
        if let (true, Some(to)) = (refused.limit == Some(credits::CREDITS_LIMIT), cheaper) {
            if let Ok((cheaper_body, Some(to), cheaper_price)) =
                serve_as(&gw, body.clone(), &model, to)
            {
                let cost =
                    costs::max_cost(&cheaper_price, cheaper_body.len(), head.max_tokens, &bound);
                (body, downgraded_to) = (cheaper_body, Some(to));
                reserved = costs::reserve(&gw, policy, cost, started_at, false).await;
            }
        }
    }
    let held = match reserved {
        Ok(h) => h,
        Err(refused) => {
            // The rate-limit counters were moved for a request that never goes out.
            gw.limiter.settle(settlements(&admitted, 0));
            return Err(refused);
        }
    };
    let call = Call {
        request_id,
        owner,
        model,
        streamed: head.stream,
        started: Instant::now(),
        created_at: started_at,
        admitted,
        downgraded_to,
        held: Mutex::new(held),
    };
    // Last use is written at most once a minute per key, off the request's path.
    let (db, key_id, at) = (gw.db.clone(), call.owner.key_id.clone(), call.created_at);
    if gw.keys.should_touch(&key_id, at) {
        tokio::spawn(async move {
            let updated = sqlx::query(
                "UPDATE virtual_keys SET last_used_at = $1
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(at)
            .bind(&key_id)
            .bind(at - store::LAST_USED_RESOLUTION_SECS)
            .execute(&db.pool)
            .await;
            if let Err(e) = updated {
                tracing::warn!(error = %e, "key last-use not recorded");
            }
        });
    }

    // The rest runs on its own task: a client that goes away, or the server's own time limit,
    // drops this handler but not the request already on its way, which is then still recorded
    // and settled.
    let forwarding = tokio::spawn(forward(gw, call, headers, body, estimated_tokens));
    match forwarding.await {
        Ok(served) => served,
        Err(e) => {
            tracing::error!(error = %e, "forwarding task failed");
            Err(GatewayError::internal())
        }
    }
}

/// The body, the model sent upstream when it is not the requested one, and its price: the
/// request is served by `upstream` instead of `model` (auto-downgrade).
fn serve_as(
    gw: &Gateway,
    body: Bytes,
    model: &str,
    upstream: String,
) -> Result<(Bytes, Option<String>, baas::pricing::ModelPrice), GatewayError> {
    let (body, downgraded_to) = if upstream == model {
        (body, None)
    } else {
        match with_model(&body, &upstream) {
            Some(b) => (b, Some(upstream)),
            None => (body, None),
        }
    };
    match gw.price_for(downgraded_to.as_deref().unwrap_or(model)) {
        Some(price) => Ok((body, downgraded_to, price)),
        None => Err(GatewayError::new(
            404,
            Kind::NotFound,
            format!("model: {}", downgraded_to.unwrap_or_default()),
        )),
    }
}

/// The fields of a Messages request the gateway needs, read without building the
/// conversation in memory (it may be hundreds of kilobytes).
/// `max_tokens` and `messages` are only checked for shape here; the provider reads them.
#[derive(serde::Deserialize)]
pub(super) struct Head {
    pub(super) model: String,
    pub(super) max_tokens: u64,
    #[serde(rename = "messages")]
    pub(super) _messages: Vec<serde::de::IgnoredAny>,
    pub(super) stream: Option<bool>,
}

/// What the gateway needs of a request body, or the client-facing reason it is unusable.
pub(super) struct RequestHead {
    pub(super) model: String,
    pub(super) stream: bool,
    pub(super) max_tokens: i64,
}

pub(super) fn request_head(body: &[u8]) -> Result<RequestHead, String> {
    if let Ok(h) = serde_json::from_slice::<Head>(body) {
        return Ok(RequestHead {
            model: h.model,
            stream: h.stream.unwrap_or(false),
            max_tokens: i64::try_from(h.max_tokens).unwrap_or(i64::MAX),
        });
    }
    // The slow path only runs for bad input, to say precisely what is wrong.
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not valid JSON: {e}"))?;
    if !v.get("model").is_some_and(Value::is_string) {
        return Err("model: field required".into());
    }
    if !v.get("max_tokens").is_some_and(Value::is_u64) {
        return Err("max_tokens: a positive integer is required".into());
    }
    if !v.get("messages").is_some_and(Value::is_array) {
        return Err("messages: field required".into());
    }
    if !v
        .get("stream")
        .is_none_or(|s| s.is_boolean() || s.is_null())
    {
        return Err("stream: must be true or false".into());
    }
    Err("the request body does not match the Messages API".into())
}

/// The request body with its `model` replaced (auto-downgrade); `None` if it cannot be re-read.
pub(super) fn with_model(body: &Bytes, model: &str) -> Option<Bytes> {
    let mut v: Value = serde_json::from_slice(body).ok()?;
    v.as_object_mut()?
        .insert("model".into(), Value::String(model.to_string()));
    serde_json::to_vec(&v).ok().map(Bytes::from)
}
