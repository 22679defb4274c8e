//! A request in flight (its key, model, timing, reservation, rate-limit counters) and what
//! is written when it ends: the usage record, the settled reservation and counters.

use super::costs;
use super::state::{lock, Gateway};
use baas::db::new_id;
use baas::gateway::credentials::Credential;
use baas::gateway::store::KeyOwner;
use baas::gateway::usage::UsageRecord;
use baas::pricing::{Extras, TokenUsage};
use baas::ratelimit::checks::{settlements, Check};
use std::sync::Mutex;
use std::time::Instant;

pub(super) struct Call {
    pub(super) request_id: String,
    pub(super) owner: KeyOwner,
    pub(super) model: String,
    pub(super) streamed: bool,
    pub(super) started: Instant,
    pub(super) created_at: i64,
    /// Rate-limit checks admitted at the estimate, settled with the real count at the end.
    pub(super) admitted: Vec<Check>,
    /// The model sent upstream when auto-downgrade replaced the requested one.
    pub(super) downgraded_to: Option<String>,
    /// The budget reservation, settled once when the request ends.
    pub(super) held: Mutex<Option<costs::Held>>,
}

/// How a request ended, for its usage record.
pub(super) struct Outcome<'a> {
    pub(super) credential: Option<&'a Credential>,
    pub(super) model_served: Option<String>,
    pub(super) usage: TokenUsage,
    /// Billed beyond the tokens (web searches, hour-long cache writes).
    pub(super) extras: Extras,
    pub(super) status: &'static str,
    pub(super) http_status: u16,
    pub(super) failovers: i64,
    pub(super) ttft_ms: Option<i64>,
}

impl<'a> Outcome<'a> {
    /// An ending with no tokens used.
    pub(super) fn empty(
        credential: Option<&'a Credential>,
        status: &'static str,
        http_status: u16,
        failovers: i64,
    ) -> Outcome<'a> {
        Outcome {
            credential,
            model_served: None,
            usage: TokenUsage::default(),
            extras: Extras::default(),
            status,
            http_status,
            failovers,
            ttft_ms: None,
        }
    }
}

impl Call {
    pub(super) fn record(&self, gw: &Gateway, o: Outcome<'_>) {
        let served = o
            .model_served
            .clone()
            .or_else(|| self.downgraded_to.clone())
            .unwrap_or_else(|| self.model.clone());
        if o.usage.total() > 0 && gw.price_for(&served).is_none() {
            gw.alert_unpriced(&served);
        }
        gw.limiter
            .settle(settlements(&self.admitted, o.usage.total()));
        let cost = gw
            .charge(&served, &o.usage)
            .saturating_add(gw.charge_extras(&served, &o.extras));
        let mut credit = 0;
        if let Some(held) = lock(&self.held).take() {
            credit = held.credit_charge(cost);
            let answered = baas::gateway::usage::answered(o.status, o.usage.output);
            costs::settle(gw, held, cost, answered, self.created_at);
        }
        gw.usage.record(UsageRecord {
            id: new_id(),
            request_id: self.request_id.clone(),
            tenant_id: self.owner.tenant_id.clone(),
            agent_id: self.owner.agent_id.clone(),
            key_id: self.owner.key_id.clone(),
            credential_id: o.credential.map(|c| c.id.clone()),
            model_requested: self.model.clone(),
            model_served: o.model_served.or_else(|| self.downgraded_to.clone()),
            usage: o.usage,
            cost_micro_usd: cost,
            credit_micro_usd: credit,
            latency_ms: self.started.elapsed().as_millis() as i64,
            ttft_ms: o.ttft_ms,
            status: o.status.to_string(),
            http_status: i64::from(o.http_status),
            failovers: o.failovers,
            streamed: self.streamed,
            created_at: self.created_at,
        });
    }
}
