//! Step one and two of a request: the key is checked from the headers alone, then the body is
//! read within its size and time limits, a bounded number at once.

use super::state::{Gateway, MAX_GATEWAY_BODY};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use baas::gateway::error::{GatewayError, Kind};
use baas::gateway::store::KeyOwner;

pub(super) fn virtual_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string)
        })
}

/// The key's owner, checked before anything of the body is read, so that requests without a
/// valid key cost the server no memory for their bodies.
pub(super) async fn authenticate(
    gw: &Gateway,
    headers: &HeaderMap,
) -> Result<KeyOwner, GatewayError> {
    let Some(key) = virtual_key(headers) else {
        return Err(GatewayError::unauthenticated("missing x-api-key header"));
    };
    match gw.keys.find(&gw.db, &key).await {
        Ok(Some(o)) => Ok(o),
        Ok(None) => Err(GatewayError::unauthenticated("invalid or revoked API key")),
        Err(e) => {
            tracing::error!(error = %e, "key lookup failed");
            Err(GatewayError::unavailable(
                Kind::Api,
                "the gateway cannot verify keys right now",
            ))
        }
    }
}

/// A body being read, holding one of the gateway's permits to read and parse one: at most
/// `BAAS_GATEWAY_MAX_BODIES` bodies of up to [`MAX_GATEWAY_BODY`] each are in memory for that.
pub struct Admitted {
    pub owner: KeyOwner,
    pub body: Bytes,
    /// Dropped by the route once the body is read and, where it is translated, parsed.
    pub permit: tokio::sync::OwnedSemaphorePermit,
}

/// Authenticates the request's key, then reads its body up to the size limit and within the
/// time limit, waiting (as long as the body may take) for a permit to read it.
pub async fn admit(
    gw: &Gateway,
    headers: &HeaderMap,
    body: Body,
) -> Result<Admitted, GatewayError> {
    let owner = authenticate(gw, headers).await?;
    let busy = || {
        GatewayError::unavailable(
            Kind::Overloaded,
            "the gateway is reading too many requests at once; retry shortly",
        )
    };
    let permit = tokio::time::timeout(gw.body_timeout, gw.bodies.clone().acquire_owned())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let body = match tokio::time::timeout(
        gw.body_timeout,
        axum::body::to_bytes(body, MAX_GATEWAY_BODY),
    )
    .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return Err(GatewayError::body_too_large(MAX_GATEWAY_BODY)),
        Err(_) => return Err(GatewayError::body_too_slow(gw.body_timeout)),
    };
    Ok(Admitted {
        owner,
        body,
        permit,
    })
}
