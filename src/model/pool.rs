//! What operators see of the shared provider pool: its credentials with the share of their
//! limit each has left, what the paid-key fallback has cost this month, and the price table.

use serde::{Deserialize, Serialize};

/// A provider credential as listed to operators (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub base_url: String,
    pub priority: i64,
    pub enabled: bool,
    pub rpm_limit: Option<i64>,
    pub tpm_limit: Option<i64>,
    pub created_at: i64,
    /// Share of its limit left as its provider last reported it, in basis points (10000 =
    /// all of it): the scarcest of an API key's rate limits, or what a subscription's 5-hour
    /// and 7-day windows leave. `None` until the provider has said.
    pub remaining_bp: Option<i64>,
    /// When (Unix seconds) that was reported.
    pub remaining_at: Option<i64>,
}

/// Usage served this month by API keys while subscriptions were in the pool: what falling
/// back from the subscriptions cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidFallback {
    /// Micro-USD, as charged to the workspaces.
    pub cost: i64,
    pub requests: i64,
    /// Where the month (UTC) starts, Unix seconds.
    pub since: i64,
}

/// The operator's view of the provider pool and the price table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolView {
    pub credentials: Vec<CredentialView>,
    pub prices: Vec<crate::pricing::ModelPrice>,
    /// `None` while the pool has no subscription to fall back from.
    pub paid_fallback: Option<PaidFallback>,
}

/// Why subscription credentials start disabled, shown wherever one is added or enabled.
pub const SUBSCRIPTION_RISK: &str = "Anthropic's consumer terms (2026) forbid using Free/Pro/Max \
subscription tokens in third-party products; such calls are refused or billed as extra usage. \
Subscription credentials are therefore added disabled; enable one only if you accept that risk.";
