//! Two server processes sharing one Redis enforce one rate limit and hold one budget, and one
//! balance of Opus credits, under concurrent load; the tenant, agent, key, credential, budget and
//! credits are set up with the operator command line.

use crate::helpers::process::{baas, Server};
use crate::helpers::spawn_mock;
use serde_json::json;
use std::process::Command;
use std::time::{Duration, Instant};

/// A server process on the shared database and Redis, with the agent's per-minute limit.
async fn start(dir: &std::path::Path, redis: &str, agent_rpm: &str) -> Server {
    Server::start(
        dir,
        &[
            ("REDIS_URL", redis),
            ("BAAS_AGENT_RPM", agent_rpm),
            ("BAAS_TENANT_RPM", "100000"),
        ],
    )
    .await
}

fn redis_url() -> String {
    std::env::var("BAAS_TEST_REDIS_URL")
        .expect("BAAS_TEST_REDIS_URL is not set: run the tests with scripts/test.sh")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_limit_through_redis() {
    let redis = redis_url();
    let dir = tempfile::tempdir().expect("tmp");
    let mock = spawn_mock().await;

    // Operator set-up, all from the command line.
    let tenant = baas(
        dir.path(),
        &[
            "tenant",
            "create",
            "--name",
            "Loja VM",
            "--owner",
            "dono@vm.test",
            "--plan",
            "business",
            "--json",
        ],
        "",
    );
    let tenant_id = tenant["id"].as_str().expect("tenant id");
    let agent = baas(
        dir.path(),
        &[
            "agent",
            "create",
            "--tenant",
            tenant_id,
            "--name",
            "Lobo",
            "--clawdbot-id",
            "lobo",
            "--json",
        ],
        "",
    );
    let agent_id = agent["id"].as_str().expect("agent id");
    let created = baas(
        dir.path(),
        &["key", "create", "--agent", agent_id, "--json"],
        "",
    );
    let key = created["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("baas_"));
    let listed = baas(
        dir.path(),
        &["key", "list", "--tenant", tenant_id, "--json"],
        "",
    );
    assert_eq!(listed[0]["id"], created["id"]);
    assert!(
        !listed.to_string().contains(&key),
        "keys are shown once only"
    );
    let agents = baas(
        dir.path(),
        &["agent", "list", "--tenant", tenant_id, "--json"],
        "",
    );
    assert_eq!(agents[0]["clawdbot_agent_id"], "lobo");
    let tenants = baas(dir.path(), &["tenant", "list", "--json"], "");
    assert_eq!(tenants[0]["name"], "Loja VM");
    baas(
        dir.path(),
        &[
            "credential",
            "add",
            "--name",
            "mock",
            "--base-url",
            &mock,
            "--json",
        ],
        "sk-mock-ok",
    );

    let a = start(dir.path(), &redis, "6").await;
    let b = start(dir.path(), &redis, "6").await;
    let body = serde_json::to_vec(&json!({
        "model": "claude-haiku-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "oi"}],
    }))
    .expect("json");
    // Twelve at once, alternating between the processes: all arrive well within the ten
    // seconds in which the agent's bucket earns back one request.
    let started = Instant::now();
    let answers = futures_util::future::join_all((0..12).map(|i| {
        let server = if i % 2 == 0 { &a } else { &b };
        server.ask(&key, &body)
    }))
    .await;
    let (mut ok, mut limited) = (0, 0);
    for res in answers {
        match res.status().as_u16() {
            200 => ok += 1,
            429 => {
                assert!(res.headers().contains_key("retry-after"));
                limited += 1;
            }
            s => panic!("unexpected status {s}"),
        }
    }
    // Six per minute for the agent, whichever process serves: separate in-memory counters
    // would have let all twelve through.
    assert_eq!(
        (ok, limited),
        (6, 6),
        "twelve requests answered in {:?}",
        started.elapsed()
    );

    // A key revoked from the command line stops working in both processes within the key
    // cache's lifetime (malformed bodies probe it without being charged).
    let key_id = created["id"].as_str().expect("key id");
    let out = Command::new(env!("CARGO_BIN_EXE_baas"))
        .current_dir(dir.path())
        .env_clear()
        .args(["key", "revoke", key_id])
        .output()
        .expect("revoke");
    assert!(out.status.success());
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    for server in [&a, &b] {
        loop {
            let status = server.ask(&key, b"{").await.status().as_u16();
            if status == 401 {
                break;
            }
            assert!(Instant::now() < deadline, "revocation not seen in time");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Sets up a tenant with one agent and key on the mock from the command line; returns the
/// tenant id and the key.
fn cli_tenant(dir: &std::path::Path, mock: &str) -> (String, String) {
    let tenant = baas(
        dir,
        &[
            "tenant",
            "create",
            "--name",
            "Loja VM",
            "--owner",
            "dono@vm.test",
            "--plan",
            "business",
            "--json",
        ],
        "",
    );
    let tenant_id = tenant["id"].as_str().expect("tenant id").to_string();
    let agent = baas(
        dir,
        &[
            "agent", "create", "--tenant", &tenant_id, "--name", "Lobo", "--json",
        ],
        "",
    );
    let agent_id = agent["id"].as_str().expect("agent id");
    let key = baas(dir, &["key", "create", "--agent", agent_id, "--json"], "");
    baas(
        dir,
        &[
            "credential",
            "add",
            "--name",
            "mock",
            "--base-url",
            mock,
            "--json",
        ],
        "sk-mock-ok",
    );
    (tenant_id, key["key"].as_str().expect("key").to_string())
}

/// Runs an operator command that prints text, not JSON.
fn cli(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_baas"))
        .current_dir(dir)
        .env_clear()
        .args(args)
        .output()
        .expect("command");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_hold_one_budget_under_500_concurrent_requests() {
    two_processes_hold(Hold::Budget).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_hold_one_credit_balance_under_500_concurrent_requests() {
    two_processes_hold(Hold::Credits).await;
}

/// What holds the line at US$ 0.05: the month's budget, or the Opus credits.
#[derive(PartialEq)]
enum Hold {
    Budget,
    Credits,
}

async fn two_processes_hold(hold: Hold) {
    let _alone = crate::helpers::gw::one_burst_test_at_a_time().await;
    let redis = redis_url();
    let dir = tempfile::tempdir().expect("tmp");
    let mock = spawn_mock().await;
    let (tenant_id, key) = cli_tenant(dir.path(), &mock);
    let limit = match hold {
        Hold::Budget => {
            cli(
                dir.path(),
                &["tenant", "credits", &tenant_id, "--add", "1000"],
            );
            cli(
                dir.path(),
                &["tenant", "budget", &tenant_id, "--monthly", "0.05"],
            );
            "tenant_budget"
        }
        Hold::Credits => {
            cli(
                dir.path(),
                &["tenant", "credits", &tenant_id, "--add", "0.05"],
            );
            "opus_credits"
        }
    };
    let db = baas::db::Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("data").join("baas.db").display()
    ))
    .await
    .expect("database");
    // Refused, not served by Sonnet, when the line is reached.
    sqlx::query("UPDATE tenants SET downgrade_enabled = 0 WHERE id = $1")
        .bind(&tenant_id)
        .execute(&db.pool)
        .await
        .expect("downgrade off");

    let a = start(dir.path(), &redis, "100000").await;
    let b = start(dir.path(), &redis, "100000").await;
    let body = json!({
        "model": "claude-opus-4-5",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": "Qual o horário da loja amanhã?"}],
    });
    let bytes = serde_json::to_vec(&body).expect("json");
    let price = baas::pricing::find_price(&baas::pricing::default_prices(), "claude-opus-4-5")
        .cloned()
        .expect("price");
    let reservation = baas::costs::reserve::max_cost(
        baas::costs::reserve::estimate_input_tokens(bytes.len()),
        100,
        price.input,
        price.cache_write,
        price.output,
    );
    // One request to each process first, so the bursts find the key, the policy and the
    // ledger loaded.
    for server in [&a, &b] {
        assert_eq!(server.ask(&key, &bytes).await.status(), 200);
    }
    // Bursts of 500, half to each process, until one gets nothing through because the budget
    // is spent (not because earlier requests are still being settled).
    let client = reqwest::Client::new();
    let (mut ok, mut bursts) = (2usize, 0);
    loop {
        let tasks: Vec<_> = (0..500)
            .map(|i| {
                let url = if i % 2 == 0 {
                    a.url.clone()
                } else {
                    b.url.clone()
                };
                let (c, key, bytes) = (client.clone(), key.clone(), bytes.clone());
                tokio::spawn(async move {
                    let res = c
                        .post(format!("{url}/v1/messages"))
                        .header("x-api-key", key)
                        .header("content-type", "application/json")
                        .body(bytes)
                        .send()
                        .await
                        .expect("request");
                    let limit = res
                        .headers()
                        .get("x-baas-limit")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let status = res.status().as_u16();
                    (status, limit, res.text().await.unwrap_or_default())
                })
            })
            .collect();
        let (mut answered, mut held) = (0, false);
        for t in tasks {
            match t.await.expect("task") {
                (200, _, _) => answered += 1,
                (429 | 403, refused_by, text) if refused_by == limit => {
                    held |= text.contains("in flight");
                }
                other => panic!("unexpected answer {other:?}"),
            }
        }
        ok += answered;
        bursts += 1;
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM usage_records")
                .fetch_one(&db.pool)
                .await
                .expect("count");
            if n as usize >= ok {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "usage records missing: {n} < {ok}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if (answered == 0 && !held) || bursts == 20 {
            break;
        }
    }
    let (spent, credit): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(cost_micro_usd) AS BIGINT), CAST(SUM(credit_micro_usd) AS BIGINT)
         FROM usage_records",
    )
    .fetch_one(&db.pool)
    .await
    .expect("spent");
    println!(
        "two processes, {limit} $0.05: {bursts} bursts of 500, {ok} answered, spent {spent} µUSD ({credit} from credits), one reservation {reservation} µUSD"
    );
    assert_eq!(credit, spent, "Opus on Business is paid from credits");
    if hold == Hold::Credits {
        assert!(
            spent <= 50_000,
            "credits went negative: {spent} paid of 50000"
        );
    }
    assert!(
        spent <= 50_000 + reservation,
        "spent {spent} over $0.05 + {reservation}"
    );
    assert!(
        spent >= 50_000 - reservation,
        "spent {spent}: the $0.05 was not used up"
    );
}
