//! The gateway's shared state: its settings, the credential pool with each credential's
//! breaker and rate-limit headroom, the price table, the key and policy caches.

use baas::alerts::{self, Severity};
use baas::clock::now_ms;
use baas::costs::ledgers::Spend;
use baas::costs::policy;
use baas::costs::thresholds::Thresholds;
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::breaker::Breaker;
use baas::gateway::credentials::{self, Credential, CredentialKind};
use baas::gateway::prices;
use baas::gateway::select::{try_order, Candidate};
use baas::gateway::store::KeyCache;
use baas::gateway::usage::UsageSink;
use baas::i18n::Text;
use baas::pricing::{
    cost_micro_usd, costliest, default_prices, extras_micro_usd, find_price, Extras, ModelPrice,
    TokenUsage,
};
use baas::ratelimit::checks::GatewayLimits;
use baas::ratelimit::limiter::Limiter;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Largest request body the gateway accepts (conversation history included).
pub const MAX_GATEWAY_BODY: usize = 8 * 1024 * 1024;
/// How long a headroom reading from rate-limit headers is trusted.
pub(super) const HEADROOM_TTL_MS: i64 = 60_000;
/// A headroom reading is kept in the database when it moved by this many basis points since
/// the last one kept, or when the last one kept is this old: the operator page stays current
/// without a write per request.
const NOTE_CHANGE_BP: i64 = 100;
const NOTE_EVERY_MS: i64 = 30_000;
/// Failures in a row that open a credential's breaker.
pub const BREAKER_THRESHOLD: u32 = 3;
/// How long an open breaker waits before one probe.
pub const BREAKER_COOL_OFF_MS: i64 = 10_000;
pub(super) const OAUTH_BETA: &str = "oauth-2025-04-20";

/// One credential of the pool with its live health.
pub(super) struct Slot {
    pub(super) cred: Credential,
    pub(super) breaker: Mutex<Breaker>,
    pub(super) cooldown_until_ms: AtomicI64,
    /// Last headroom the upstream's rate-limit headers reported (0.0 to 1.0), and when.
    pub(super) headroom: Mutex<Option<(f64, i64)>>,
    /// The last reading this process kept in the database (basis points), and when.
    pub(super) noted: Mutex<Option<(i64, i64)>>,
}

/// The gateway's time and size bounds, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// How long a client may take to send its whole body.
    pub body_timeout: Duration,
    /// Most bodies read at once.
    pub max_bodies: usize,
    /// How long a provider may take to answer a request that is not streamed.
    pub upstream_timeout: Duration,
    /// Longest silence from a provider streaming: before its headers and between chunks.
    pub upstream_idle: Duration,
}

/// Shared state of the gateway routes: one pointer, so handing it to every request is cheap.
#[derive(Clone)]
pub struct Gateway(Arc<Inner>);

impl std::ops::Deref for Gateway {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// What the gateway holds: database, secrets, HTTP client, pool, prices, usage queue, limits.
pub struct Inner {
    pub(super) db: Db,
    pub(super) secrets: SecretBox,
    pub(super) http: reqwest::Client,
    pub(super) pool: Arc<RwLock<Vec<Arc<Slot>>>>,
    pub(super) prices: Arc<RwLock<Vec<ModelPrice>>>,
    pub(super) usage: UsageSink,
    pub(super) limits: GatewayLimits,
    pub(super) limiter: Limiter,
    pub(super) keys: KeyCache,
    pub(super) body_timeout: Duration,
    /// Permits to read a request body (see [`admit`]).
    pub(super) bodies: Arc<tokio::sync::Semaphore>,
    pub(super) upstream_timeout: Duration,
    pub(super) upstream_idle: Duration,
    pub(super) budget: BudgetGate,
    /// Whether the last answer came from a paid key while subscriptions exist (alert on entry).
    pub(super) on_paid_fallback: Arc<AtomicBool>,
    pub(super) unpriced_seen: Arc<Mutex<std::collections::HashSet<String>>>,
}

impl Gateway {
    /// The plans and budgets it has loaded recently, shared with the dashboard: a change
    /// drops a workspace's entries here at once.
    pub fn policies(&self) -> &policy::PolicyCache {
        &self.budget.policies
    }

    /// Builds the gateway and loads the credential pool.
    // Each part is built by the caller from its own settings; a holder struct would only move
    // the same list elsewhere.
    #[allow(clippy::too_many_arguments)]
    pub async fn new(
        db: Db,
        secrets: SecretBox,
        usage: UsageSink,
        limits: GatewayLimits,
        limiter: Limiter,
        keys: KeyCache,
        timing: Timing,
        budget: BudgetGate,
    ) -> Result<Self, baas::error::Error> {
        // No read timeout here: how long a provider may take depends on the request (see
        // `attempt`), and each wait is bounded there.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| baas::error::Error::Internal(format!("HTTP client: {e}")))?;
        let gw = Self(Arc::new(Inner {
            db,
            secrets,
            http,
            pool: Arc::new(RwLock::new(Vec::new())),
            prices: Arc::new(RwLock::new(default_prices())),
            usage,
            limits,
            limiter,
            keys,
            body_timeout: timing.body_timeout,
            bodies: Arc::new(tokio::sync::Semaphore::new(timing.max_bodies)),
            upstream_timeout: timing.upstream_timeout,
            upstream_idle: timing.upstream_idle,
            budget,
            on_paid_fallback: Arc::new(AtomicBool::new(false)),
            unpriced_seen: Arc::new(Mutex::new(std::collections::HashSet::new())),
        }));
        gw.reload_pool().await?;
        Ok(gw)
    }

    /// Re-reads the price table and the credential pool, keeping the live health of credentials
    /// that remain.
    pub async fn reload_pool(&self) -> Result<(), baas::error::Error> {
        let prices = prices::load_prices(&self.db).await?;
        *self.prices.write().unwrap_or_else(|p| p.into_inner()) = prices;
        let creds = credentials::load_pool(&self.db, &self.secrets).await?;
        let mut pool = self.pool.write().unwrap_or_else(|p| p.into_inner());
        let old: Vec<Arc<Slot>> = std::mem::take(&mut *pool);
        *pool = creds
            .into_iter()
            .map(|cred| {
                old.iter()
                    // A credential whose settings changed starts with fresh health.
                    .find(|s| {
                        s.cred.id == cred.id
                            && s.cred.secret == cred.secret
                            && s.cred.base_url == cred.base_url
                            && s.cred.priority == cred.priority
                            && s.cred.rpm_limit == cred.rpm_limit
                            && s.cred.tpm_limit == cred.tpm_limit
                    })
                    .cloned()
                    .unwrap_or_else(|| {
                        Arc::new(Slot {
                            cred,
                            breaker: Mutex::new(Breaker::new(
                                BREAKER_THRESHOLD,
                                BREAKER_COOL_OFF_MS,
                            )),
                            cooldown_until_ms: AtomicI64::new(0),
                            headroom: Mutex::new(None),
                            noted: Mutex::new(None),
                        })
                    })
            })
            .collect();
        Ok(())
    }

    /// Reloads the pool every `every` until the process ends.
    pub fn spawn_reload(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let gw = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = gw.reload_pool().await {
                    tracing::warn!(error = %e, "credential pool reload failed");
                }
            }
        })
    }

    pub(super) fn price_for(&self, model: &str) -> Option<ModelPrice> {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        find_price(&prices, model).cloned()
    }

    /// What `usage` of `model` costs, as recorded (unpriced models at the highest price).
    pub fn cost_of(&self, model: &str, usage: &TokenUsage) -> i64 {
        self.charge(model, usage)
    }

    pub(super) fn charge_extras(&self, model: &str, extras: &Extras) -> i64 {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        match find_price(&prices, model).or_else(|| costliest(&prices)) {
            Some(p) => extras_micro_usd(p, extras),
            None => extras.web_searches.max(0) * baas::pricing::WEB_SEARCH_MICRO_USD,
        }
    }

    pub(super) fn charge(&self, model: &str, usage: &TokenUsage) -> i64 {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        match find_price(&prices, model).or_else(|| costliest(&prices)) {
            Some(p) => cost_micro_usd(p, usage),
            None => 0,
        }
    }

    /// The credentials to try, in order: see [`try_order`].
    pub(super) fn candidates(&self) -> Vec<Arc<Slot>> {
        let pool = self.pool.read().unwrap_or_else(|p| p.into_inner()).clone();
        let t = now_ms();
        let cands: Vec<Candidate> = pool
            .iter()
            .map(|s| Candidate {
                priority: s.cred.priority,
                subscription: s.cred.kind == CredentialKind::ClaudeSubscription,
                available: s.cooldown_until_ms.load(Ordering::Relaxed) <= t
                    && lock(&s.breaker).available(t),
                // Readings go stale: an old one counts as unknown, so a credential that looked
                // nearly empty gets tried again once its window has had time to refill.
                headroom: lock(&s.headroom)
                    .and_then(|(f, at)| (t - at < HEADROOM_TTL_MS).then_some(f)),
            })
            .collect();
        try_order(&cands)
            .into_iter()
            .map(|i| pool[i].clone())
            .collect()
    }

    /// Each enabled credential's remaining share: its fresh headroom reading, else full.
    pub(super) fn pool_fractions(&self) -> Vec<f64> {
        let t = now_ms();
        self.pool
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|s| {
                lock(&s.headroom)
                    .and_then(|(f, at)| (t - at < HEADROOM_TTL_MS).then_some(f))
                    .unwrap_or(1.0)
            })
            .collect()
    }

    /// Keeps a credential's headroom reading in the database for the operator page, off the
    /// request's path and only when it says something new (see [`NOTE_CHANGE_BP`]).
    pub(super) fn note_headroom(&self, slot: &Slot, fraction: f64) {
        let bp = (fraction * 10_000.0).round() as i64;
        let t = now_ms();
        {
            let mut noted = lock(&slot.noted);
            let due = noted.is_none_or(|(last, at)| {
                (bp - last).abs() >= NOTE_CHANGE_BP || t - at >= NOTE_EVERY_MS
            });
            if !due {
                return;
            }
            *noted = Some((bp, t));
        }
        let (db, id) = (self.db.clone(), slot.cred.id.clone());
        tokio::spawn(async move {
            if let Err(e) = credentials::note_headroom(&db, &id, bp, t / 1_000).await {
                tracing::warn!(credential = %id, error = %e, "headroom reading not kept");
            }
        });
    }

    pub(super) fn has_subscriptions(&self) -> bool {
        self.pool
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|s| s.cred.kind == CredentialKind::ClaudeSubscription)
    }

    /// Records an operator-level alert without holding up the request.
    pub(super) fn alert(&self, kind: &'static str, severity: Severity, text: Text) {
        tracing::warn!(kind, message = %text.english(), "alert");
        let db = self.db.clone();
        tokio::spawn(async move {
            if let Err(e) = alerts::record(&db, None, kind, severity, &text).await {
                tracing::error!(error = %e, "alert event not recorded");
            }
        });
    }

    /// Raises the unpriced-model alert once per model per process; such usage is charged at the
    /// highest price in the table meanwhile, never at zero.
    pub(super) fn alert_unpriced(&self, model: &str) {
        let first = lock(&self.unpriced_seen).insert(model.to_string());
        if first {
            self.alert(
                "unpriced_model",
                Severity::Error,
                Text::new("alert-unpriced-model").str("model", model),
            );
        }
    }

    /// Notes which kind of credential served a request; entering paid-key fallback alerts once.
    pub(super) fn served_by(&self, cred: &Credential) {
        if cred.kind == CredentialKind::ClaudeSubscription {
            self.on_paid_fallback.store(false, Ordering::Relaxed);
        } else if self.has_subscriptions() && !self.on_paid_fallback.swap(true, Ordering::Relaxed) {
            self.alert(
                "paid_key_fallback",
                Severity::Warning,
                Text::new("alert-paid-key-fallback").str("credential", cred.name.clone()),
            );
        }
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The gateway's budget settings and in-process view of tenants' spending.
pub struct BudgetGate {
    pub policies: policy::PolicyCache,
    pub spend: Spend,
    /// Let requests through when the budget store cannot be reached.
    pub fail_open: bool,
    pub downgrade_map: policy::DowngradeMap,
    /// Whether each tenant is downgraded, and in which month, as this process last decided.
    pub(super) downgraded: Mutex<HashMap<baas::ids::TenantId, (String, bool)>>,
    /// Ledgers that missed a settlement or a reservation (store unreachable): dropped at the
    /// next admission that reaches the store, so they are rebuilt from the recorded usage.
    pub(super) stale: Mutex<std::collections::HashSet<String>>,
    /// Budget thresholds this process has already raised, per tenant id (the pool's under the empty key).
    pub(super) fired: Mutex<HashMap<String, Thresholds>>,
}

impl BudgetGate {
    /// A gate over `spend` with the given policies cache and settings.
    pub fn new(
        policies: policy::PolicyCache,
        spend: Spend,
        fail_open: bool,
        downgrade_map: policy::DowngradeMap,
    ) -> Self {
        Self {
            policies,
            spend,
            fail_open,
            downgrade_map,
            downgraded: Mutex::default(),
            stale: Mutex::default(),
            fired: Mutex::default(),
        }
    }
}
