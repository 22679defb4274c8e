//! Forwarding to the provider pool: credentials tried in order with failover only before
//! the provider answered, refusals classified (billing, third-party, the request's own),
//! whole answers read and streams passed on, usage recorded either way.

use super::costs;
use super::state::{lock, Gateway, Slot, OAUTH_BETA};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use baas::alerts::Severity;
use baas::clock::now_ms;
use baas::gateway::credentials::CredentialKind;
use baas::gateway::error::{GatewayError, Kind};
use baas::gateway::select::read_headroom;
use baas::gateway::sse::SseUsage;
use baas::i18n::Text;
use baas::pricing::{Extras, TokenUsage};
use baas::ratelimit::checks::credential_checks;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::record::{Call, Outcome};
use super::render::{Reply, Served};

/// Gives back a half-open probe slot if the request is dropped while the attempt is in flight
/// (client gone, timeout), so the credential is not shut out for good.
pub(super) struct ProbeGuard<'a> {
    pub(super) slot: &'a Slot,
    pub(super) settled: bool,
}

impl Drop for ProbeGuard<'_> {
    fn drop(&mut self) {
        if !self.settled {
            lock(&self.slot.breaker).on_abandon();
        }
    }
}

pub(super) enum Attempt {
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

pub(super) async fn attempt(
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
    if let Some(fraction) = reading.fraction {
        *lock(&slot.headroom) = Some((fraction, now_ms()));
        costs::pool_headroom(gw, &gw.pool_fractions());
        gw.note_headroom(slot, fraction);
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
                Text::new("alert-credential-refused")
                    .str("credential", cred.name.clone())
                    .int("status", i64::from(status)),
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
                            Text::new("alert-subscription-refused")
                                .str("credential", cred.name.clone()),
                        );
                    } else {
                        gw.alert(
                            "credential_exhausted",
                            Severity::Error,
                            Text::new("alert-credential-exhausted")
                                .str("credential", cred.name.clone())
                                .int("status", i64::from(status)),
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
pub(super) const CREDENTIAL_SET_ASIDE_MS: i64 = 3_600_000;

/// What a provider's 4xx (other than 401, 403, 429) means.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum UpstreamRefusal {
    /// The credential cannot be used (no credit left, or a subscription refused for
    /// third-party use): fail over and alert the operator.
    Exhausted { third_party: bool },
    /// The request itself was refused: the tenant sees the type and a message that says
    /// nothing of the operator's account.
    Request { kind: String, message: String },
}

/// Words in a provider's message that concern the operator's account, not the request.
pub(super) const ACCOUNT_WORDS: [&str; 8] = [
    "credit",
    "billing",
    "balance",
    "organization",
    "account",
    "workspace",
    "api key",
    "payment",
];

pub(super) fn upstream_refusal(kind: CredentialKind, status: u16, body: &[u8]) -> UpstreamRefusal {
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

/// Tries the pool's credentials in order until one answers, and answers the client.
pub(super) async fn forward(
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
                    input: baas::costs::reserve::estimate_input_tokens(body.len()),
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

/// The parts of a whole (non-streamed) answer that are recorded; the content is skipped.
#[derive(serde::Deserialize, Default)]
pub(super) struct Answer {
    pub(super) model: Option<String>,
    #[serde(default)]
    pub(super) usage: Value,
}

/// Reads a whole answer and records its usage; returns its body.
pub(super) async fn whole_answer(
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
                input: baas::costs::reserve::estimate_input_tokens(body_len),
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
pub(super) fn stream_events(
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
