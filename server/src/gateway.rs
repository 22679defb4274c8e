//! The LLM gateway's HTTP side: `POST /v1/messages` (Anthropic Messages, streaming or not),
//! authenticated by a virtual key, forwarded to the best healthy credential of the pool with
//! failover before the first byte, with usage parsed from the stream and recorded.

mod budget;

pub use budget::BudgetGate;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use baas::crypto::SecretBox;
use baas::db::{new_id, now, Db};
use baas::gateway::alerts::{self, Severity};
use baas::gateway::breaker::Breaker;
use baas::gateway::error::{GatewayError, Kind};
use baas::gateway::limiter::Limiter;
use baas::gateway::limits::{credential_checks, request_checks, settlements, Check, GatewayLimits};
use baas::gateway::select::{read_headroom, try_order, Candidate};
use baas::gateway::sse::SseUsage;
use baas::gateway::store::{self, Credential, CredentialKind, KeyCache, KeyOwner};
use baas::gateway::usage::{UsageRecord, UsageSink};
use baas::pricing::{
    cost_micro_usd, costliest, default_prices, extras_micro_usd, find_price, Extras, ModelPrice,
    TokenUsage,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Largest request body the gateway accepts (conversation history included).
pub const MAX_GATEWAY_BODY: usize = 8 * 1024 * 1024;
/// How long a headroom reading from rate-limit headers is trusted.
const HEADROOM_TTL_MS: i64 = 60_000;
/// Failures in a row that open a credential's breaker.
pub const BREAKER_THRESHOLD: u32 = 3;
/// How long an open breaker waits before one probe.
pub const BREAKER_COOL_OFF_MS: i64 = 10_000;
const OAUTH_BETA: &str = "oauth-2025-04-20";

/// One credential of the pool with its live health.
struct Slot {
    cred: Credential,
    breaker: Mutex<Breaker>,
    cooldown_until_ms: AtomicI64,
    /// Last headroom the upstream's rate-limit headers reported (0.0 to 1.0), and when.
    headroom: Mutex<Option<(f64, i64)>>,
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
    db: Db,
    secrets: SecretBox,
    http: reqwest::Client,
    pool: Arc<RwLock<Vec<Arc<Slot>>>>,
    prices: Arc<RwLock<Vec<ModelPrice>>>,
    usage: UsageSink,
    limits: GatewayLimits,
    limiter: Limiter,
    keys: KeyCache,
    body_timeout: Duration,
    /// Permits to read a request body (see [`admit`]).
    bodies: Arc<tokio::sync::Semaphore>,
    upstream_timeout: Duration,
    upstream_idle: Duration,
    budget: BudgetGate,
    /// Whether the last answer came from a paid key while subscriptions exist (alert on entry).
    on_paid_fallback: Arc<AtomicBool>,
    unpriced_seen: Arc<Mutex<std::collections::HashSet<String>>>,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

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

/// An error in the Anthropic shape.
pub fn anthropic_error(e: &GatewayError) -> Response {
    error_response(
        e,
        json!({"type": "error", "error": {"type": e.type_name(), "message": e.message}}),
    )
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

impl Served {
    /// The answer as an Anthropic Messages response.
    fn into_anthropic(self) -> Response {
        let mut out = match self.reply {
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
        if let Some(v) = self
            .downgraded_to
            .as_deref()
            .and_then(|m| HeaderValue::from_str(m).ok())
        {
            out.headers_mut().insert("x-baas-model-served", v);
        }
        out
    }
}

/// A `text/event-stream` response of the chunks `rx` gives, each passed through `map`.
pub fn event_stream(
    rx: tokio::sync::mpsc::Receiver<Bytes>,
    map: impl FnMut(Bytes) -> Result<Bytes, std::io::Error> + Send + 'static,
) -> Response {
    let body =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (b, rx)) });
    use futures_util::StreamExt;
    let mut out = Response::new(Body::from_stream(body.map(map)));
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    out
}

impl Gateway {
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
        let prices = store::load_prices(&self.db).await?;
        *self.prices.write().unwrap_or_else(|p| p.into_inner()) = prices;
        let creds = store::load_pool(&self.db, &self.secrets).await?;
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

    fn price_for(&self, model: &str) -> Option<ModelPrice> {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        find_price(&prices, model).cloned()
    }

    /// What `usage` of `model` costs, as recorded (unpriced models at the highest price).
    pub fn cost_of(&self, model: &str, usage: &TokenUsage) -> i64 {
        self.charge(model, usage)
    }

    fn charge_extras(&self, model: &str, extras: &Extras) -> i64 {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        match find_price(&prices, model).or_else(|| costliest(&prices)) {
            Some(p) => extras_micro_usd(p, extras),
            None => extras.web_searches.max(0) * baas::pricing::WEB_SEARCH_MICRO_USD,
        }
    }

    fn charge(&self, model: &str, usage: &TokenUsage) -> i64 {
        let prices = self.prices.read().unwrap_or_else(|p| p.into_inner());
        match find_price(&prices, model).or_else(|| costliest(&prices)) {
            Some(p) => cost_micro_usd(p, usage),
            None => 0,
        }
    }

    /// The credentials to try, in order: see [`try_order`].
    fn candidates(&self) -> Vec<Arc<Slot>> {
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
    fn pool_fractions(&self) -> Vec<f64> {
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

    fn has_subscriptions(&self) -> bool {
        self.pool
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|s| s.cred.kind == CredentialKind::ClaudeSubscription)
    }

    /// Records an operator-level alert without holding up the request.
    fn alert(&self, kind: &'static str, severity: Severity, message: String) {
        tracing::warn!(kind, %message, "alert");
        let db = self.db.clone();
        tokio::spawn(async move {
            if let Err(e) = alerts::record(&db, None, kind, severity, &message).await {
                tracing::error!(error = %e, "alert event not recorded");
            }
        });
    }

    /// Raises the unpriced-model alert once per model per process; such usage is charged at the
    /// highest price in the table meanwhile, never at zero.
    fn alert_unpriced(&self, model: &str) {
        let first = lock(&self.unpriced_seen).insert(model.to_string());
        if first {
            self.alert(
                "unpriced_model",
                Severity::Error,
                format!("model {model} has no price; charged at the highest known price until one is set"),
            );
        }
    }

    /// Notes which kind of credential served a request; entering paid-key fallback alerts once.
    fn served_by(&self, cred: &Credential) {
        if cred.kind == CredentialKind::ClaudeSubscription {
            self.on_paid_fallback.store(false, Ordering::Relaxed);
        } else if self.has_subscriptions() && !self.on_paid_fallback.swap(true, Ordering::Relaxed) {
            self.alert(
                "paid_key_fallback",
                Severity::Warning,
                format!(
                    "every subscription is exhausted or failing; serving from {}",
                    cred.name
                ),
            );
        }
    }
}

fn virtual_key(headers: &HeaderMap) -> Option<String> {
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

struct Call {
    request_id: String,
    owner: KeyOwner,
    model: String,
    streamed: bool,
    started: Instant,
    created_at: i64,
    /// Rate-limit checks admitted at the estimate, settled with the real count at the end.
    admitted: Vec<Check>,
    /// The model sent upstream when auto-downgrade replaced the requested one.
    downgraded_to: Option<String>,
    /// The budget reservation, settled once when the request ends.
    held: Mutex<Option<budget::Held>>,
}

/// How a request ended, for its usage record.
struct Outcome<'a> {
    credential: Option<&'a Credential>,
    model_served: Option<String>,
    usage: TokenUsage,
    /// Billed beyond the tokens (web searches, hour-long cache writes).
    extras: Extras,
    status: &'static str,
    http_status: u16,
    failovers: i64,
    ttft_ms: Option<i64>,
}

impl<'a> Outcome<'a> {
    /// An ending with no tokens used.
    fn empty(
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
    fn record(&self, gw: &Gateway, o: Outcome<'_>) {
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
        if let Some(held) = lock(&self.held).take() {
            let answered = baas::gateway::usage::answered(o.status, o.usage.output);
            budget::settle(gw, held, cost, answered, self.created_at);
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

/// Gives back a half-open probe slot if the request is dropped while the attempt is in flight
/// (client gone, timeout), so the credential is not shut out for good.
struct ProbeGuard<'a> {
    slot: &'a Slot,
    settled: bool,
}

impl Drop for ProbeGuard<'_> {
    fn drop(&mut self) {
        if !self.settled {
            lock(&self.slot.breaker).on_abandon();
        }
    }
}

enum Attempt {
    Success(reqwest::Response),
    /// The upstream refused the request itself (4xx other than 429 and billing refusals):
    /// the status, error type and a message safe to show the tenant.
    ClientError(u16, String, String),
    /// Not sent, or refused by the provider for reasons of the credential: try the next one.
    Failed,
    /// Sent, but no answer came (timeout, or the connection broke): the provider may be
    /// working on it, so it is not sent again. The status to answer the client with.
    Unanswered(StatusCode),
}

async fn attempt(
    gw: &Gateway,
    slot: &Slot,
    headers: &HeaderMap,
    body: &Bytes,
    streamed: bool,
) -> Attempt {
    let cred = &slot.cred;
    let mut req = gw
        .http
        .post(format!("{}/v1/messages", cred.base_url))
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            "anthropic-version",
            headers
                .get("anthropic-version")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("2023-06-01"),
        )
        .body(body.clone());
    let client_beta = headers.get("anthropic-beta").and_then(|v| v.to_str().ok());
    match cred.kind {
        CredentialKind::AnthropicApiKey => {
            req = req.header("x-api-key", &cred.secret);
            if let Some(b) = client_beta {
                req = req.header("anthropic-beta", b);
            }
        }
        CredentialKind::ClaudeSubscription => {
            let beta = match client_beta {
                Some(b) => format!("{OAUTH_BETA},{b}"),
                None => OAUTH_BETA.to_string(),
            };
            req = req.bearer_auth(&cred.secret).header("anthropic-beta", beta);
        }
    }
    // A streamed answer starts at once; one that is not streamed comes whole, when written.
    let wait = if streamed {
        gw.upstream_idle
    } else {
        gw.upstream_timeout
    };
    let res = match tokio::time::timeout(wait, req.send()).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) if e.is_connect() => {
            tracing::warn!(credential = %cred.name, error = %e, "upstream unreachable");
            lock(&slot.breaker).on_failure(now_ms());
            return Attempt::Failed;
        }
        Ok(Err(e)) => {
            tracing::warn!(credential = %cred.name, error = %e, "upstream connection broke after the request was sent");
            lock(&slot.breaker).on_failure(now_ms());
            return Attempt::Unanswered(StatusCode::BAD_GATEWAY);
        }
        Err(_) => {
            // Slow is not broken: a long generation says nothing against the credential.
            tracing::warn!(credential = %cred.name, secs = wait.as_secs(), "upstream did not answer in time");
            lock(&slot.breaker).on_abandon();
            return Attempt::Unanswered(StatusCode::GATEWAY_TIMEOUT);
        }
    };
    let status = res.status().as_u16();
    let reading = read_headroom(&|name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    if reading.fraction.is_some() {
        *lock(&slot.headroom) = reading.fraction.map(|f| (f, now_ms()));
        budget::pool_headroom(gw, &gw.pool_fractions());
    }
    if let Some(until) = reading.paused_until {
        // An unknown reset time (0) sets the credential aside for a minute.
        let until_ms = if until > 0 {
            until.saturating_mul(1000).max(now_ms() + 1_000)
        } else {
            now_ms() + 60_000
        };
        slot.cooldown_until_ms.store(until_ms, Ordering::Relaxed);
    }
    match status {
        200..=299 => {
            lock(&slot.breaker).on_success();
            Attempt::Success(res)
        }
        429 => {
            let wait_s = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(30);
            slot.cooldown_until_ms.store(
                now_ms().saturating_add(wait_s.clamp(1, 86_400) * 1000),
                Ordering::Relaxed,
            );
            lock(&slot.breaker).on_abandon();
            tracing::warn!(credential = %cred.name, wait_s, "credential rate-limited; cooling down");
            Attempt::Failed
        }
        401 | 403 => {
            // The credential itself was refused (expired token, revoked key): this is not the
            // tenant's fault, so fail over and keep the provider's text to ourselves.
            tracing::error!(credential = %cred.name, status, "provider refused the credential");
            lock(&slot.breaker).on_failure(now_ms());
            gw.alert(
                "credential_refused",
                Severity::Error,
                format!("{} was refused by the provider (HTTP {status})", cred.name),
            );
            Attempt::Failed
        }
        500..=599 => {
            tracing::warn!(credential = %cred.name, status, "upstream failure");
            lock(&slot.breaker).on_failure(now_ms());
            Attempt::Failed
        }
        _ => {
            lock(&slot.breaker).on_abandon();
            let bytes = tokio::time::timeout(gw.upstream_idle, res.bytes())
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            match upstream_refusal(cred.kind, status, &bytes) {
                UpstreamRefusal::Exhausted { third_party } => {
                    slot.cooldown_until_ms
                        .store(now_ms() + CREDENTIAL_SET_ASIDE_MS, Ordering::Relaxed);
                    tracing::error!(credential = %cred.name, status, third_party, "provider refused the credential");
                    if third_party {
                        gw.alert(
                            "subscription_refused",
                            Severity::Warning,
                            format!("{} was refused as third-party use of a subscription; set aside for an hour", cred.name),
                        );
                    } else {
                        gw.alert(
                            "credential_exhausted",
                            Severity::Error,
                            format!(
                                "{} was refused by the provider for billing (HTTP {status}: no credit left?); set aside for an hour",
                                cred.name
                            ),
                        );
                    }
                    Attempt::Failed
                }
                UpstreamRefusal::Request { kind, message } => {
                    Attempt::ClientError(status, kind, message)
                }
            }
        }
    }
}

/// How long a credential refused for billing (no credit) or third-party use is set aside.
const CREDENTIAL_SET_ASIDE_MS: i64 = 3_600_000;

/// What a provider's 4xx (other than 401, 403, 429) means.
#[derive(Debug, PartialEq, Eq)]
enum UpstreamRefusal {
    /// The credential cannot be used (no credit left, or a subscription refused for
    /// third-party use): fail over and alert the operator.
    Exhausted { third_party: bool },
    /// The request itself was refused: the tenant sees the type and a message that says
    /// nothing of the operator's account.
    Request { kind: String, message: String },
}

/// Words in a provider's message that concern the operator's account, not the request.
const ACCOUNT_WORDS: [&str; 8] = [
    "credit",
    "billing",
    "balance",
    "organization",
    "account",
    "workspace",
    "api key",
    "payment",
];

fn upstream_refusal(kind: CredentialKind, status: u16, body: &[u8]) -> UpstreamRefusal {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let message = v["error"]["message"].as_str().unwrap_or_default();
    let lower = message.to_ascii_lowercase();
    let billing = status == 402
        || lower.contains("credit balance")
        || lower.contains("billing")
        || lower.contains("purchase credits");
    let third_party = kind == CredentialKind::ClaudeSubscription
        && (lower.contains("third-party") || lower.contains("extra usage"));
    if billing || third_party {
        return UpstreamRefusal::Exhausted { third_party };
    }
    let kind = v["error"]["type"]
        .as_str()
        .filter(|k| k.len() <= 64 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .unwrap_or("invalid_request_error")
        .to_string();
    let safe = !message.is_empty()
        && message.len() <= 1_000
        && !ACCOUNT_WORDS.iter().any(|w| lower.contains(w));
    let message = if safe {
        message.to_string()
    } else {
        format!("the provider refused the request (HTTP {status})")
    };
    UpstreamRefusal::Request { kind, message }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The key's owner, checked before anything of the body is read, so that requests without a
/// valid key cost the server no memory for their bodies.
async fn authenticate(gw: &Gateway, headers: &HeaderMap) -> Result<KeyOwner, GatewayError> {
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

/// `POST /v1/messages`: the Anthropic Messages route.
pub async fn messages(State(gw): State<Gateway>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let admitted = match admit(&gw, &parts.headers, body).await {
        Ok(a) => a,
        Err(e) => return anthropic_error(&e),
    };
    // The body is only scanned for a few fields from here on.
    drop(admitted.permit);
    match handle(gw, admitted.owner, parts.headers, admitted.body).await {
        Ok(served) => served.into_anthropic(),
        Err(e) => anthropic_error(&e),
    }
}

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
    let bound = baas::gateway::bound::bound(&body).map_err(GatewayError::invalid)?;
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
    let bot_key = owner.bot_id.is_some();
    let upstream_model = budget::admit_model(&gw, &policy, &model, started_at, bot_key)?;
    let (body, downgraded_to) = if upstream_model == model {
        (body, None)
    } else {
        match with_model(&body, &upstream_model) {
            Some(b) => (b, Some(upstream_model)),
            None => (body, None),
        }
    };
    let Some(price) = gw.price_for(downgraded_to.as_deref().unwrap_or(&model)) else {
        return Err(GatewayError::new(
            404,
            Kind::NotFound,
            format!("model: {}", downgraded_to.unwrap_or_default()),
        ));
    };
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
    let reserved_cost = budget::max_cost(&price, body.len(), head.max_tokens, &bound);
    let held = match budget::reserve(&gw, policy, reserved_cost, started_at).await {
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

/// Tries the pool's credentials in order until one answers, and answers the client.
async fn forward(
    gw: Gateway,
    mut call: Call,
    headers: HeaderMap,
    body: Bytes,
    estimated_tokens: i64,
) -> Result<Served, GatewayError> {
    let mut failovers = 0i64;
    let mut tried_any = false;
    let mut pool_wait: Option<i64> = None;
    for slot in gw.candidates() {
        let own = credential_checks(
            &slot.cred.id,
            slot.cred.rpm_limit,
            slot.cred.tpm_limit,
            estimated_tokens,
        );
        if let Err(limited) = gw.limiter.admit(&own).await {
            let wait = limited.retry_after_secs.unwrap_or(60);
            pool_wait = Some(pool_wait.map_or(wait, |w| w.min(wait)));
            continue;
        }
        if !lock(&slot.breaker).try_acquire(now_ms()) {
            continue;
        }
        call.admitted.extend(own);
        let mut probe = ProbeGuard {
            slot: &slot,
            settled: false,
        };
        if tried_any {
            failovers += 1;
        }
        tried_any = true;
        let outcome = attempt(&gw, &slot, &headers, &body, call.streamed).await;
        probe.settled = true;
        match outcome {
            Attempt::Failed => continue,
            Attempt::Unanswered(status) => {
                // The provider may be working on it: never sent again, and charged as far as
                // can be known (its input), with the reservation settled.
                let usage = TokenUsage {
                    input: baas::budget::estimate_input_tokens(body.len()),
                    ..TokenUsage::default()
                };
                call.record(
                    &gw,
                    Outcome {
                        credential: Some(&slot.cred),
                        model_served: None,
                        usage,
                        extras: Extras::default(),
                        status: "upstream_unanswered",
                        http_status: status.as_u16(),
                        failovers,
                        ttft_ms: None,
                    },
                );
                let message = if status == StatusCode::GATEWAY_TIMEOUT {
                    "the provider did not answer in time; the request was not sent again"
                } else {
                    "the connection to the provider broke before it answered; the request was not sent again"
                };
                return Err(GatewayError::new(status.as_u16(), Kind::Api, message));
            }
            Attempt::ClientError(status, kind, message) => {
                call.record(
                    &gw,
                    Outcome::empty(Some(&slot.cred), "client_error", status, failovers),
                );
                return Err(GatewayError::new(status, Kind::Provider(kind), message));
            }
            Attempt::Success(res) if call.streamed => {
                gw.served_by(&slot.cred);
                let downgraded_to = call.downgraded_to.clone();
                let events = stream_events(gw.clone(), call, slot.clone(), res, failovers);
                return Ok(Served {
                    reply: Reply::Events(events),
                    downgraded_to,
                });
            }
            Attempt::Success(res) => {
                gw.served_by(&slot.cred);
                let whole = whole_answer(&gw, &call, &slot, res, failovers, body.len()).await?;
                return Ok(Served {
                    reply: Reply::Whole(whole),
                    downgraded_to: call.downgraded_to.clone(),
                });
            }
        }
    }
    if let (Some(wait), false) = (pool_wait, tried_any) {
        call.record(&gw, Outcome::empty(None, "rate_limited", 429, failovers));
        return Err(GatewayError::rate_limited(
            format!("every provider credential is at its own rate limit; retry in {wait} s"),
            wait,
        ));
    }
    call.record(&gw, Outcome::empty(None, "upstream_error", 503, failovers));
    Err(GatewayError::unavailable(
        Kind::Overloaded,
        "no provider credential is available right now; retry shortly",
    ))
}

/// The fields of a Messages request the gateway needs, read without building the
/// conversation in memory (it may be hundreds of kilobytes).
/// `max_tokens` and `messages` are only checked for shape here; the provider reads them.
#[derive(serde::Deserialize)]
struct Head {
    model: String,
    max_tokens: u64,
    #[serde(rename = "messages")]
    _messages: Vec<serde::de::IgnoredAny>,
    stream: Option<bool>,
}

/// What the gateway needs of a request body, or the client-facing reason it is unusable.
struct RequestHead {
    model: String,
    stream: bool,
    max_tokens: i64,
}

fn request_head(body: &[u8]) -> Result<RequestHead, String> {
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
fn with_model(body: &Bytes, model: &str) -> Option<Bytes> {
    let mut v: Value = serde_json::from_slice(body).ok()?;
    v.as_object_mut()?
        .insert("model".into(), Value::String(model.to_string()));
    serde_json::to_vec(&v).ok().map(Bytes::from)
}

/// The parts of a whole (non-streamed) answer that are recorded; the content is skipped.
#[derive(serde::Deserialize, Default)]
struct Answer {
    model: Option<String>,
    #[serde(default)]
    usage: Value,
}

/// Reads a whole answer and records its usage; returns its body.
async fn whole_answer(
    gw: &Gateway,
    call: &Call,
    slot: &Slot,
    res: reqwest::Response,
    failovers: i64,
    body_len: usize,
) -> Result<Bytes, GatewayError> {
    let cred = &slot.cred;
    let status = res.status().as_u16();
    let read = tokio::time::timeout(gw.upstream_idle, res.bytes()).await;
    let bytes = match read {
        Ok(Ok(b)) => b,
        failed => {
            if let Ok(Err(e)) = failed {
                tracing::warn!(error = %e, "upstream body failed");
            }
            lock(&slot.breaker).on_failure(now_ms());
            // Answered, but not readable to the end: its input is charged as estimated.
            let usage = TokenUsage {
                input: baas::budget::estimate_input_tokens(body_len),
                ..TokenUsage::default()
            };
            call.record(
                gw,
                Outcome {
                    credential: Some(cred),
                    model_served: None,
                    usage,
                    extras: Extras::default(),
                    status: "upstream_error",
                    http_status: 502,
                    failovers,
                    ttft_ms: None,
                },
            );
            return Err(GatewayError::new(
                502,
                Kind::Api,
                "the provider's answer was cut off",
            ));
        }
    };
    let answer: Answer = serde_json::from_slice(&bytes).unwrap_or_default();
    let usage = baas::gateway::sse::usage_from(&answer.usage);
    let served = answer.model;
    let ttft = Some(call.started.elapsed().as_millis() as i64);
    call.record(
        gw,
        Outcome {
            credential: Some(cred),
            model_served: served,
            usage,
            extras: baas::gateway::sse::extras_from(&answer.usage),
            status: "ok",
            http_status: status,
            failovers,
            ttft_ms: ttft,
        },
    );
    Ok(bytes)
}

/// Passes the provider's events on as they come, and records the usage they report when the
/// stream ends (or the client leaves).
fn stream_events(
    gw: Gateway,
    call: Call,
    slot: Arc<Slot>,
    res: reqwest::Response,
    failovers: i64,
) -> tokio::sync::mpsc::Receiver<Bytes> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(64);
    tokio::spawn(async move {
        use futures_util::StreamExt;
        let mut upstream = res.bytes_stream();
        let mut sse = SseUsage::default();
        let mut ttft: Option<i64> = None;
        let mut client_gone = false;
        let mut broken = false;
        loop {
            let chunk = match tokio::time::timeout(gw.upstream_idle, upstream.next()).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => {
                    tracing::warn!(
                        secs = gw.upstream_idle.as_secs(),
                        "upstream stream went silent"
                    );
                    broken = true;
                    break;
                }
            };
            match chunk {
                Ok(bytes) => {
                    ttft.get_or_insert_with(|| call.started.elapsed().as_millis() as i64);
                    let mut out = Vec::with_capacity(bytes.len() + 64);
                    sse.feed(&bytes, &mut out);
                    if !out.is_empty() && tx.send(Bytes::from(out)).await.is_err() {
                        client_gone = true;
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "upstream stream broke");
                    lock(&slot.breaker).on_failure(now_ms());
                    broken = true;
                    break;
                }
            }
        }
        let mut tail = Vec::new();
        // A stream that broke may end in half an event: drop it rather than forward bad JSON.
        if !broken {
            sse.finish(&mut tail);
        }
        let truncated = !sse.complete && sse.error.is_none();
        if (broken || truncated) && !client_gone {
            tail.extend_from_slice(
                format!(
                    "event: error\ndata: {}\n\n",
                    json!({"type": "error", "error": {"type": "api_error", "message": "the provider's stream broke off; the answer is incomplete"}})
                )
                .as_bytes(),
            );
        }
        if !tail.is_empty() && !client_gone {
            let _ = tx.send(Bytes::from(tail)).await;
        }
        let status = if client_gone {
            "client_disconnected"
        } else if broken || truncated {
            "upstream_error_mid_stream"
        } else if sse.error.is_some() {
            "upstream_error"
        } else {
            "ok"
        };
        call.record(
            &gw,
            Outcome {
                credential: Some(&slot.cred),
                model_served: sse.model.clone(),
                usage: sse.usage(),
                extras: sse.extras(),
                status,
                http_status: 200,
                failovers,
                ttft_ms: ttft,
            },
        );
    });
    rx
}
