//! Prepaid credits at the gateway: the answer to a request the workspace's credits cannot
//! hold, and the low-credit alerts. (Reserving and settling them is the budgets' own path, in
//! `costs`.)

use super::state::{lock, Gateway};
use baas::costs::ledgers::Scope;
use baas::costs::policy::Policy;
use baas::costs::reserve::Ledger;
use baas::costs::watch;
use baas::gateway::error::{GatewayError, Kind};
use baas::pricing::format_usd;

/// `x-baas-limit` of a request refused for want of prepaid credits.
pub(super) const CREDITS_LIMIT: &str = "opus_credits";

/// A request that does not fit in the workspace's credits: 429 while requests in flight hold
/// the rest (retry shortly), else 403 — credits do not come back with time, and without them
/// the plan does not include the model. Raises the "used up" alert once per grant.
pub(super) fn refusal(
    gw: &Gateway,
    p: &Policy,
    scope: &Scope,
    ledger: Ledger,
    fits_when_settled: bool,
) -> GatewayError {
    if fits_when_settled {
        return GatewayError::new(
            429,
            Kind::RateLimit,
            "requests in flight hold the rest of this workspace's Opus credits; retry in a few seconds",
        )
        .limit(CREDITS_LIMIT)
        .retry_after(Some(2));
    }
    let left = scope.limit - ledger.spent;
    alert(gw, p, left.max(0), true);
    let message = if left <= 0 {
        "this workspace's Opus credits are used up; use claude-sonnet-4-5, or have an owner buy credits on the Billing page".to_string()
    } else {
        format!(
            "this request may cost up to {} at Opus prices, more than the {} of Opus credits left; lower max_tokens, use claude-sonnet-4-5, or have an owner buy credits on the Billing page",
            format_usd(scope.amount),
            format_usd(left)
        )
    };
    GatewayError::new(403, Kind::Permission, message).limit(CREDITS_LIMIT)
}

/// Raises the low-credit alerts `remaining` has reached, or the "cannot pay" one when a request
/// was `refused`; once each per grant.
pub(super) fn alert(gw: &Gateway, p: &Policy, remaining: i64, refused: bool) {
    let period = format!("g{}", p.credits_granted);
    let reached = watch::credit_thresholds(remaining, p.credits_base, refused);
    let fresh = lock(&gw.budget.fired)
        .entry(format!("credits:{}", p.tenant_id))
        .or_default()
        .fire(&period, &reached);
    if fresh.is_empty() {
        return;
    }
    let (db, tenant, base) = (gw.db.clone(), p.tenant_id.clone(), p.credits_base);
    tokio::spawn(async move {
        if let Err(e) = watch::credits_low(&db, &tenant, &period, remaining, base, refused).await {
            tracing::error!(error = %e, "credit alert not recorded");
        }
    });
}
