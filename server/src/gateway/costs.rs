//! The gateway's cost control: plan model rules, the daily pause, auto-downgrade, and the
//! reservation of a request's maximum cost in every budget it falls under, settled to the real
//! cost when it ends.

use super::credits;
use super::state::{lock, Gateway};
use baas::costs::bound::{Bound, CONTEXT_WINDOW_TOKENS};
use baas::costs::ledgers::{Admission, Scope, Spend};
use baas::costs::policy::{self, Policy, ScopeKind};
use baas::costs::reserve::{self, Ledger};
use baas::costs::thresholds;
use baas::costs::{settings, watch};
use baas::db::new_id;
use baas::gateway::error::{GatewayError, Kind};
use baas::i18n::Text;
use baas::pricing::{format_usd, ModelPrice};
use std::sync::Arc;

/// A request's reservation, kept until it ends. One dropped without being settled (the client
/// went away, the gateway timed out, a panic) gives its hold back.
pub(super) struct Held {
    id: String,
    policy: Arc<Policy>,
    kinds: Vec<ScopeKind>,
    scopes: Vec<Scope>,
    spend: Spend,
    settled: bool,
}

impl Held {
    /// The part of a request's real cost paid from credits: all of it, up to what was held
    /// (the bound is never below the real cost, so a debit never passes the credits left).
    pub(super) fn credit_charge(&self, cost: i64) -> i64 {
        self.kinds
            .iter()
            .zip(&self.scopes)
            .find(|(k, _)| **k == ScopeKind::Credits)
            .map_or(0, |(_, s)| cost.clamp(0, s.amount))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (spend, id, scopes) = (
            self.spend.clone(),
            std::mem::take(&mut self.id),
            std::mem::take(&mut self.scopes),
        );
        runtime.spawn(async move {
            let nothing = vec![0; scopes.len()];
            if let Err(e) = spend.settle(&id, &scopes, &nothing).await {
                tracing::warn!(error = %e, "abandoned reservation not given back");
            }
        });
    }
}

/// A refusal that names the limit that refused, with when to retry.
fn limit_error(
    status: u16,
    kind: Kind,
    limit: &'static str,
    message: impl Into<String>,
    retry_after_secs: Option<i64>,
) -> GatewayError {
    GatewayError::new(status, kind, message)
        .limit(limit)
        .retry_after(retry_after_secs)
}

/// Refuses a key the plan does not let call (without API access only keys provisioned into a
/// bot may; a bot above the plan's bot cap is paused), a model outside the plan, or a paused
/// agent. `Ok` carries the model to send upstream: the requested one, or its mapping while the
/// tenant is downgraded.
pub(super) fn admit_model(
    gw: &Gateway,
    p: &Policy,
    model: &str,
    now: i64,
    bot: Option<&str>,
) -> Result<String, GatewayError> {
    if let Some(b) = bot.filter(|b| p.paused_bots.iter().any(|x| x == b)) {
        return Err(limit_error(
            403,
            Kind::Permission,
            "plan_bots",
            format!(
                "the {} plan allows {} bot{}: bot {b} is paused until the workspace's plan allows it again (nothing was deleted)",
                p.plan.name,
                p.plan.max_bots.unwrap_or(0),
                if p.plan.max_bots == Some(1) { "" } else { "s" }
            ),
            None,
        ));
    }
    if !p.plan.api_access && bot.is_none() {
        return Err(limit_error(
            403,
            Kind::Permission,
            "plan_api_access",
            format!(
                "the {} plan has no API access: only the keys BaaS gives a bot's agents (Bots, \"Point agents at BaaS\") may call the gateway; API keys come with the Business plan",
                p.plan.name
            ),
            None,
        ));
    }
    if let Err(message) = policy::plan_allows(&p.plan, model) {
        return Err(limit_error(
            403,
            Kind::Permission,
            "plan_model",
            message,
            None,
        ));
    }
    let lifted = p.pause_lifted_until.is_some_and(|t| t > now);
    if let Some(until) = p.paused_until.filter(|u| *u > now && !lifted) {
        return Err(limit_error(
            429,
            Kind::RateLimit,
            "agent_daily",
            format!(
                "agent {} reached its daily spending limit and is paused until {}",
                p.agent_name,
                p.zone.midnight_label(now)
            ),
            Some(until - now),
        ));
    }
    let month = p.zone.month_key(now);
    let downgraded = p.downgrade_share.is_some()
        && p.tenant_budget.is_some()
        && match lock(&gw.budget.downgraded).get(&p.tenant_id) {
            Some((m, active)) => *m == month && *active,
            None => p.downgrade_active,
        };
    Ok(match downgraded {
        true => policy::downgrade_target(&gw.budget.downgrade_map, model)
            .unwrap_or_else(|| model.to_string()),
        false => model.to_string(),
    })
}

/// The most a request can cost at `price`: its body's input tokens estimated high (or the whole
/// context window when the provider adds input of its own), `max_tokens` of output, and its
/// fees (see [`baas::costs::bound`]).
pub(super) fn max_cost(price: &ModelPrice, body_bytes: usize, max_tokens: i64, b: &Bound) -> i64 {
    let input = if b.unbounded_input {
        CONTEXT_WINDOW_TOKENS.max(reserve::estimate_input_tokens(body_bytes))
    } else {
        reserve::estimate_input_tokens(body_bytes)
    };
    let write_price = if b.hour_cache {
        price.cache_write.max(2 * price.input)
    } else {
        price.cache_write
    };
    reserve::max_cost(input, max_tokens, price.input, write_price, price.output)
        .saturating_add(b.fees)
}

/// Spent-so-far of a scope the store does not know yet, from the hourly rollups.
async fn seed(gw: &Gateway, p: &Policy, kind: ScopeKind, now: i64) -> Result<i64, GatewayError> {
    if kind == ScopeKind::Credits {
        return baas::costs::rollups::credit_spent(&gw.db.pool, &p.tenant_id)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "credit seed failed");
                store_down()
            });
    }
    let (from, to) = match kind {
        ScopeKind::AgentDay => p.zone.day_bounds(now),
        _ => p.zone.month_bounds(now),
    };
    let agent =
        matches!(kind, ScopeKind::AgentMonth | ScopeKind::AgentDay).then_some(p.agent_id.as_str());
    let (cost, messages) = baas::costs::rollups::cost(&gw.db, &p.tenant_id, agent, from, to)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "budget seed failed");
            store_down()
        })?;
    Ok(if kind == ScopeKind::Messages {
        messages
    } else {
        cost
    })
}

fn store_down() -> GatewayError {
    GatewayError::unavailable(
        Kind::Overloaded,
        "the budget store cannot be reached, so spending cannot be checked; retry shortly",
    )
}

/// Reserves `max_cost` in every budget of the policy (and one message of the plan's quota, and
/// the workspace's credits when `credits`), or answers why not.
pub(super) async fn reserve(
    gw: &Gateway,
    p: Arc<Policy>,
    max_cost: i64,
    now: i64,
    credits: bool,
) -> Result<Option<Held>, GatewayError> {
    let (kinds, scopes): (Vec<ScopeKind>, Vec<Scope>) = policy::scopes(&p, now, max_cost, credits)
        .into_iter()
        .unzip();
    if scopes.is_empty() {
        return Ok(None);
    }
    forget_stale(gw, &scopes).await;
    let id = new_id();
    let mut seeds: Vec<Option<i64>> = vec![None; scopes.len()];
    // Two rounds at most: the second carries the seeds of ledgers the store did not know.
    for _ in 0..2 {
        let admission = match gw.budget.spend.admit(&id, &scopes, &seeds).await {
            Ok(a) => a,
            // The message quota alone does not stop traffic while the store is away: it is
            // rebuilt from the recorded usage once the store is back. Credits are money paid
            // in advance: never spent unchecked.
            Err(e)
                if !credits
                    && (gw.budget.fail_open || kinds.iter().all(|k| *k == ScopeKind::Messages)) =>
            {
                tracing::warn!(error = %e, "budget store unreachable; request let through");
                mark_stale(gw, &scopes);
                return Ok(None);
            }
            Err(e) => {
                tracing::error!(error = %e, "budget store unreachable; request refused");
                return Err(store_down());
            }
        };
        match admission {
            Admission::Admitted(_) => {
                return Ok(Some(Held {
                    id,
                    policy: p,
                    kinds,
                    scopes,
                    spend: gw.budget.spend.clone(),
                    settled: false,
                }))
            }
            Admission::Refused { index, ledger } => {
                return Err(refusal(gw, &p, kinds[index], &scopes[index], ledger, now).await)
            }
            Admission::Unseeded(missing) => {
                for i in missing {
                    seeds[i] = Some(seed(gw, &p, kinds[i], now).await?);
                }
            }
        }
    }
    Err(store_down())
}

fn mark_stale(gw: &Gateway, scopes: &[Scope]) {
    lock(&gw.budget.stale).extend(scopes.iter().map(|s| s.key.clone()));
}

/// Drops the ledgers among `scopes` that missed spend while the store was away.
async fn forget_stale(gw: &Gateway, scopes: &[Scope]) {
    let stale: Vec<String> = {
        let set = lock(&gw.budget.stale);
        if set.is_empty() {
            return;
        }
        scopes
            .iter()
            .filter(|s| set.contains(&s.key))
            .map(|s| s.key.clone())
            .collect()
    };
    for key in stale {
        if gw.budget.spend.forget(&key).await.is_ok() {
            lock(&gw.budget.stale).remove(&key);
        }
    }
}

/// Explains a refusal: requests in flight hold the rest (retry shortly); the budget is used up
/// (spent, or less than [`policy::NEARLY_SPENT_PERCENT`] left); or this request's maximum cost
/// is more than what is left (a smaller `max_tokens` may fit).
async fn refusal(
    gw: &Gateway,
    p: &Policy,
    kind: ScopeKind,
    scope: &Scope,
    ledger: Ledger,
    now: i64,
) -> GatewayError {
    let fits_when_settled = Ledger {
        reserved: 0,
        ..ledger
    }
    .admits(scope.limit, scope.amount);
    if kind == ScopeKind::Credits {
        return credits::refusal(gw, p, scope, ledger, fits_when_settled);
    }
    let used_up = match kind {
        ScopeKind::Messages => ledger.spent >= scope.limit,
        _ => policy::nearly_spent(ledger.spent, scope.limit),
    };
    let (_, month_end) = p.zone.month_bounds(now);
    let (_, day_end) = p.zone.day_bounds(now);
    let month_reset = format!("resets {}", p.zone.midnight_label(month_end - 1));
    let (limit_name, what, reset, until) = match kind {
        ScopeKind::TenantMonth => (
            "tenant_budget",
            format!("this month's budget of {}", format_usd(scope.limit)),
            month_reset,
            month_end,
        ),
        ScopeKind::OperatorCap => (
            "operator_cap",
            format!(
                "this workspace's monthly spending cap of {}, set by the service operator",
                format_usd(scope.limit)
            ),
            month_reset,
            month_end,
        ),
        ScopeKind::AgentMonth => (
            "agent_budget",
            format!(
                "agent {}'s monthly budget of {}",
                p.agent_name,
                format_usd(scope.limit)
            ),
            month_reset,
            month_end,
        ),
        ScopeKind::AgentDay => (
            "agent_daily",
            format!(
                "agent {}'s daily limit of {}",
                p.agent_name,
                format_usd(scope.limit)
            ),
            format!("paused until {}", p.zone.midnight_label(now)),
            day_end,
        ),
        // Answered by `credits_refusal`.
        ScopeKind::Credits | ScopeKind::Messages => (
            "plan_messages",
            format!(
                "the {} plan's {} messages this month",
                p.plan.name, scope.limit
            ),
            month_reset,
            month_end,
        ),
    };
    if fits_when_settled {
        return limit_error(
            429,
            Kind::RateLimit,
            limit_name,
            format!("requests in flight hold the rest of {what}; retry in a few seconds"),
            Some(2),
        );
    }
    if !used_up {
        return limit_error(
            429,
            Kind::RateLimit,
            limit_name,
            format!(
                "this request may cost up to {} (its input and max_tokens at the model's prices), more than the {} left of {what}; lower max_tokens",
                format_usd(scope.amount),
                format_usd(scope.limit - ledger.spent)
            ),
            Some(until - now),
        );
    }
    if kind == ScopeKind::AgentDay {
        pause(gw, p, scope.limit, now).await;
    }
    limit_error(
        429,
        Kind::RateLimit,
        limit_name,
        format!("{what} is used up; {reset}"),
        Some(until - now),
    )
}

/// Pauses the agent for the rest of its day (once), and drops its cached policy.
async fn pause(gw: &Gateway, p: &Policy, limit: i64, now: i64) {
    let (_, day_end) = p.zone.day_bounds(now);
    let pause = settings::DayPause {
        tenant_id: &p.tenant_id,
        agent_id: &p.agent_id,
        agent_name: &p.agent_name,
        until: day_end,
        until_label: p.zone.midnight_label(now),
        day: p.zone.day_key(now),
        limit,
    };
    let changing = gw.budget.policies.changing(&p.tenant_id);
    let paused = settings::pause_for_day(&gw.db, &pause).await;
    drop(changing);
    match paused {
        Ok(paused) => {
            if paused {
                if let Err(e) = settings::pause_alert(&gw.db, &pause).await {
                    tracing::error!(error = %e, "pause alert not recorded");
                }
            }
        }
        Err(e) => tracing::error!(error = %e, "agent pause not recorded"),
    }
}

/// Settles a reservation with the request's real cost (`ok`: it was answered, so it counts as
/// a message), then raises thresholds, pauses and downgrade switches it caused.
pub(super) fn settle(gw: &Gateway, mut held: Held, cost: i64, ok: bool, now: i64) {
    held.settled = true;
    let actual: Vec<i64> = held
        .kinds
        .iter()
        .zip(&held.scopes)
        .map(|(k, s)| match k {
            ScopeKind::Messages => i64::from(ok),
            ScopeKind::Credits => cost.clamp(0, s.amount),
            _ => cost,
        })
        .collect();
    let gw = gw.clone();
    tokio::spawn(async move {
        match gw
            .budget
            .spend
            .settle(&held.id, &held.scopes, &actual)
            .await
        {
            Ok(ledgers) => after_settle(&gw, &held, &ledgers, now).await,
            Err(e) => {
                tracing::warn!(error = %e, "budget settlement not recorded");
                mark_stale(&gw, &held.scopes);
            }
        }
    });
}

async fn after_settle(gw: &Gateway, held: &Held, ledgers: &[Option<Ledger>], now: i64) {
    let p = &held.policy;
    for ((kind, scope), ledger) in held.kinds.iter().zip(&held.scopes).zip(ledgers) {
        // A ledger the store no longer has says nothing about what was spent.
        let Some(ledger) = ledger else { continue };
        match kind {
            ScopeKind::TenantMonth => {
                let period = p.zone.month_key(now);
                let reached = thresholds::budget_thresholds_reached(ledger.spent, scope.limit);
                let fresh = lock(&gw.budget.fired)
                    .entry(p.tenant_id.to_string())
                    .or_default()
                    .fire(&period, &reached);
                if !fresh.is_empty() {
                    if let Err(e) = watch::budget_spent(
                        &gw.db,
                        &p.tenant_id,
                        &period,
                        ledger.spent,
                        scope.limit,
                    )
                    .await
                    {
                        tracing::error!(error = %e, "budget alert not recorded");
                    }
                }
                switch_downgrade(gw, p, ledger.spent, scope.limit, &period).await;
            }
            ScopeKind::AgentDay if policy::nearly_spent(ledger.spent, scope.limit) => {
                pause(gw, p, scope.limit, now).await;
            }
            ScopeKind::Credits => credits::alert(gw, p, scope.limit - ledger.spent, false),
            _ => {}
        }
    }
}

/// Engages or releases auto-downgrade when the tenant's remaining budget crosses its share.
async fn switch_downgrade(gw: &Gateway, p: &Policy, spent: i64, budget_limit: i64, month: &str) {
    let should = p
        .downgrade_share
        .is_some_and(|share| policy::should_downgrade(share, spent, budget_limit));
    let changed = {
        let mut map = lock(&gw.budget.downgraded);
        let current = match map.get(&p.tenant_id) {
            Some((m, active)) => m == month && *active,
            None => p.downgrade_active,
        };
        map.insert(p.tenant_id.clone(), (month.to_string(), should));
        current != should
    };
    if !changed {
        return;
    }
    let text = match should {
        true => Text::new("alert-downgrade-engaged")
            .usd("left", budget_limit - spent)
            .usd("budget", budget_limit)
            .int("share", p.downgrade_share.unwrap_or(0)),
        false => Text::new("alert-downgrade-released")
            .usd("left", (budget_limit - spent).max(0))
            .usd("budget", budget_limit),
    };
    let changing = gw.budget.policies.changing(&p.tenant_id);
    let switched = settings::switch_downgrade(&gw.db, &p.tenant_id, should, &text).await;
    drop(changing);
    if let Err(e) = switched {
        tracing::error!(error = %e, "downgrade switch not recorded");
    }
}

/// Raises the provider-pool alerts for the pool's remaining share (mean of the credentials'
/// last headroom readings; a credential without a reading counts as full).
pub(super) fn pool_headroom(gw: &Gateway, fractions: &[f64]) {
    if fractions.is_empty() {
        return;
    }
    let remaining =
        (fractions.iter().sum::<f64>() / fractions.len() as f64 * 10_000.0).round() as i64;
    let day = baas::time::format_utc(baas::clock::now())
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    let reached = thresholds::pool_thresholds_reached(remaining, 10_000);
    let fresh = lock(&gw.budget.fired)
        .entry(String::new())
        .or_default()
        .fire(&day, &reached);
    if fresh.is_empty() {
        return;
    }
    let db = gw.db.clone();
    tokio::spawn(async move {
        if let Err(e) = watch::pool_remaining(&db, &day, remaining, 10_000).await {
            tracing::error!(error = %e, "pool alert not recorded");
        }
    });
}
