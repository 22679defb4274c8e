//! Calling the gateway from tests: request bodies, posting them, reading which limit refused,
//! waiting for what is written in the background, and bursts of concurrent requests.

use super::{client, TestApp, PATIENCE};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Per-minute limits high enough that only budgets refuse bursts of requests.
pub const NO_RATE_LIMITS: &[(&str, &str)] = &[
    ("BAAS_AGENT_RPM", "100000"),
    ("BAAS_TENANT_RPM", "100000"),
    ("BAAS_AGENT_TPM", "100000000"),
    ("BAAS_TENANT_TPM", "100000000"),
];

/// A Messages request body.
pub fn ask(model: &str, max_tokens: u64, content: &str) -> Value {
    json!({
        "model": model,
        "max_tokens": max_tokens,
        "messages": [{"role": "user", "content": content}],
    })
}

/// Posts a Messages request with key `key`.
pub async fn post(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    client()
        .post(app.url("/v1/messages"))
        .header("x-api-key", key)
        .json(body)
        .send()
        .await
        .expect("gateway request")
}

/// Which limit refused a request (`x-baas-limit`), if one did.
pub fn limit_of(res: &reqwest::Response) -> String {
    res.headers()
        .get("x-baas-limit")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Waits until `sql` (one bind) counts at least `n`.
pub async fn wait_count(app: &TestApp, sql: &str, arg: &str, n: i64) -> i64 {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let got = app.count(sql, arg).await;
        if got >= n {
            return got;
        }
        assert!(Instant::now() < deadline, "{sql}: {got} < {n}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Held by a test while it fires its bursts: bursts of 500 measure the gateway, not the
/// machine, and two at once on two cores push Redis round trips past the budget store's 1 s
/// limit (answered 503, as the product should under such load).
pub async fn one_burst_test_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static BURSTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    BURSTS.lock().await
}

/// What bursts until a limit was reached got.
#[derive(Debug, Default)]
pub struct Bursts {
    pub answered: usize,
    pub refused: usize,
    pub bursts: usize,
}

/// Fires bursts of 500 at once until one gets nothing through because `limit` is reached (not
/// because earlier requests are still being settled), at most 20; after each, waits until
/// every answered request — and the `answered_before` — has its usage record.
pub async fn bursts_until_refused(
    app: &TestApp,
    tenant: &str,
    key: &str,
    body: &Value,
    limit: &str,
    answered_before: usize,
) -> Bursts {
    let mut all = Bursts {
        answered: answered_before,
        ..Bursts::default()
    };
    loop {
        let got = burst(&app.base, key, 500, body, limit).await;
        all.answered += got.answered;
        all.refused += got.refused;
        all.bursts += 1;
        wait_count(
            app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1",
            tenant,
            all.answered as i64,
        )
        .await;
        if (got.answered == 0 && !got.held) || all.bursts == 20 {
            return all;
        }
    }
}

/// What a burst of requests got.
#[derive(Debug, Default)]
pub struct Burst {
    pub answered: usize,
    pub refused: usize,
    /// Whether a refusal said the rest of the budget is held by requests still in flight.
    pub held: bool,
}

/// Fires `n` requests at once; every answer must be a success or a refusal by `limit`.
pub async fn burst(url: &str, key: &str, n: usize, body: &Value, limit: &str) -> Burst {
    let c = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (c, url, key, body) = (c.clone(), url.to_string(), key.to_string(), body.clone());
            tokio::spawn(async move {
                let res = c
                    .post(format!("{url}/v1/messages"))
                    .header("x-api-key", key)
                    .json(&body)
                    .send()
                    .await
                    .expect("request");
                let status = res.status().as_u16();
                let limit = limit_of(&res);
                (status, limit, res.text().await.unwrap_or_default())
            })
        })
        .collect();
    let mut got = Burst::default();
    for t in tasks {
        match t.await.expect("task") {
            (200, _, _) => got.answered += 1,
            // Credits used up are refused with 403 (they do not come back with time).
            (429 | 403, refused_by, text) if refused_by == limit => {
                got.refused += 1;
                got.held |= text.contains("in flight");
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    got
}
