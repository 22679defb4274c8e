//! What keeps the service safe on the open internet, through the real routes: sign-up that
//! cannot spend the operator's pool, operator caps, bounded and categorised bot connections,
//! a gateway that reads no body before the key and never sends a request twice, usage records
//! that survive a crash, bounded exports, and the headers and pages that keep a session where
//! it belongs.

use crate::helpers::gw::{ask, bursts_until_refused, limit_of, post, wait_count, NO_RATE_LIMITS};
use crate::helpers::peer::{Flavour, PeerGateway};
use crate::helpers::{client, unique_email, Backend, Owner, TestApp};
use app::api::*;
use baas::audit::Actor;
use baas::ids::TenantId;
use baas::model::UsageFilter;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The product's own defaults for what the harness otherwise relaxes.
const PRODUCT_DEFAULTS: &[(&str, &str)] =
    &[("BAAS_DEFAULT_PLAN", ""), ("BAAS_BOT_ALLOW_PRIVATE", "")];

async fn plan_of(app: &TestApp, owner: &reqwest::Client, tenant: &str) -> String {
    let (status, v) = app
        .call(
            owner,
            GetBudgetSettings {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    v["plan"]["name"].as_str().expect("plan").to_string()
}

async fn new_app(backend: Backend, vars: &[(&str, &str)]) -> TestApp {
    crate::helpers::spawn_app_with(backend, vars).await
}

macro_rules! both_with {
    ($name:ident, $vars:expr, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)(new_app(Backend::Sqlite, $vars).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)(new_app(Backend::Postgres, $vars).await).await;
            }
        }
    };
}

both_with!(
    new_workspaces_start_on_starter_and_a_person_owns_at_most_three,
    PRODUCT_DEFAULTS,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant: first,
            ..
        } = app.owner("signup").await;
        assert_eq!(plan_of(&app, &owner, &first).await, "Starter");
        // Two more may be created, and not both at once past the limit.
        let second = app.create_tenant(&owner, "Second").await;
        assert_eq!(plan_of(&app, &owner, &second).await, "Starter");
        let (a, b) = tokio::join!(
            app.call(
                &owner,
                CreateTenant {
                    name: "Third".to_string(),
                    timezone: None,
                }
            ),
            app.call(
                &owner,
                CreateTenant {
                    name: "Fourth".to_string(),
                    timezone: None,
                }
            ),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [200, 403], "{} / {}", a.1, b.1);
        let refused = if a.0 == 403 { a.1 } else { b.1 };
        assert!(
            refused.to_string().contains("you already own 3 workspaces"),
            "{refused}"
        );
        let owned = app
            .count(
                "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE u.email = (SELECT email FROM users WHERE id = $1) AND m.role = 'owner'",
                &app.user_of(&owner).await.user_id,
            )
            .await;
        assert_eq!(owned, 3);
    }
);

both_with!(
    the_sign_up_allow_list_admits_its_domains_and_people_invited,
    &[("BAAS_SIGNUP_DOMAINS", "vm.test")],
    |app: TestApp| async move {
        // Someone from elsewhere gets the same answer, and an email that says why, not a link.
        let stranger = format!("stranger-{}@else.test", uuid::Uuid::new_v4().simple());
        let c = client();
        assert_eq!(app.request_link(&c, &stranger).await.status(), 202);
        let mail = app.wait_for_mail(&stranger, 0, "invitation").await;
        assert!(
            !mail.to_string().contains("/auth/verify"),
            "no link for a stranger: {mail}"
        );
        // Someone at the allowed domain signs up and invites the stranger, who then may.
        let owner_email = format!("dono-{}@vm.test", uuid::Uuid::new_v4().simple());
        let owner = client();
        app.sign_in(&owner, &owner_email).await;
        let tenant = app.create_tenant(&owner, "VM").await;
        let (invited, _) = app
            .add_member(&owner, &tenant, &stranger, baas::roles::Role::Member)
            .await;
        let (status, me) = app.call(&invited, Whoami {}).await;
        assert_eq!(
            (status, me["email"].as_str()),
            (200, Some(stranger.as_str()))
        );
    }
);

both_with!(
    operator_caps_hold_under_load_and_admins_cannot_lift_them,
    NO_RATE_LIMITS,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-ok", 1)])
            .await;
        // Set on the operator page; the workspace's own owner may not.
        let args = SetOperatorCap {
            tenant_id: s.tenant.clone(),
            monthly: "0.05".into(),
            locale: None,
        };
        let (status, _) = app.call(&s.owner, args.clone()).await;
        assert_eq!(status, 403);
        let Owner {
            client: operator,
            email: operator_email,
            ..
        } = app.owner("operator").await;
        baas::operators::grant(&app.db, &operator_email)
            .await
            .expect("operator");
        let (status, v) = app.call(&operator, args).await;
        assert_eq!(status, 200, "{v}");
        // The workspace's admins see it, and clearing their own budget leaves it in place.
        let (_, settings) = app
            .call(
                &s.owner,
                GetBudgetSettings {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert_eq!(settings["operator_cap"], 50_000);
        let (status, v) = app
            .call(
                &s.owner,
                SaveBudget {
                    tenant_id: (s.tenant.as_str()).to_string(),
                    timezone: "UTC".to_string(),
                    monthly_budget: "".to_string(),
                    downgrade_enabled: None,
                    downgrade_share: "20".to_string(),
                    locale: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, settings) = app
            .call(
                &s.owner,
                GetBudgetSettings {
                    tenant_id: s.tenant.to_string(),
                },
            )
            .await;
        assert_eq!(settings["operator_cap"], 50_000);
        assert!(settings["monthly_budget"].is_null());

        // Bursts of 500 spend no more than the cap and one request's reservation.
        let _alone = crate::helpers::gw::one_burst_test_at_a_time().await;
        let body = ask("claude-opus-4-5", 100, "Qual o horário da loja amanhã?");
        let price = baas::pricing::find_price(&baas::pricing::default_prices(), "claude-opus-4-5")
            .cloned()
            .expect("price");
        let bytes = serde_json::to_vec(&body).expect("json").len();
        let reservation = baas::costs::reserve::max_cost(
            baas::costs::reserve::estimate_input_tokens(bytes),
            100,
            price.input,
            price.cache_write,
            price.output,
        );
        assert_eq!(post(&app, &s.key, &body).await.status(), 200);
        bursts_until_refused(&app, &s.tenant, &s.key, &body, "operator_cap", 1).await;
        let (spent,): (i64,) = sqlx::query_as(
            "SELECT CAST(SUM(cost_micro_usd) AS BIGINT) FROM usage_records WHERE tenant_id = $1",
        )
        .bind(&s.tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("spent");
        assert!(spent <= 50_000 + reservation, "spent {spent}");
        assert!(
            spent >= 50_000 - reservation,
            "spent {spent}: the cap was not reached"
        );
        let res = post(&app, &s.key, &body).await;
        assert_eq!(limit_of(&res), "operator_cap");
        let text = res.text().await.unwrap_or_default();
        assert!(text.contains("set by the service operator"), "{text}");
    }
);

both_backends!(
    a_stream_answered_before_its_client_left_counts_as_a_message,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-tail", 1)])
            .await;
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &Actor::operator(),
            &TenantId::new(s.tenant.as_str()),
            "starter",
        )
        .await
        .expect("plan");
        let mut starter = baas::costs::plans::plans(&app.db)
            .await
            .expect("plans")
            .into_iter()
            .find(|p| p.id == "starter")
            .expect("starter");
        starter.monthly_messages = Some(1);
        baas::costs::plans::save_plan(&app.db, &Actor::operator(), &starter)
            .await
            .expect("save plan");
        let key = app.bot_key(&s).await;
        let mut body = ask("claude-haiku-4-5", 64, "oi");
        body["stream"] = json!(true);
        // Read the answer's text, then leave before the final usage events (the mock waits a
        // second before them).
        let mut res = post(&app, &key, &body).await;
        assert_eq!(res.status(), 200);
        let mut seen = String::new();
        while !seen.contains("dúvidas") {
            let chunk = res
                .chunk()
                .await
                .expect("chunk")
                .expect("more of the answer");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        drop(res);
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND status = 'client_disconnected'",
            &s.tenant,
            1,
        )
        .await;
        // The one message of the month is used: once the stream is settled, the next request
        // is refused as over the quota (before, it is refused as held by the one in flight).
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        loop {
            let res = post(&app, &key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 429, "the answered stream was not counted");
            assert_eq!(limit_of(&res), "plan_messages");
            let text = res.text().await.unwrap_or_default();
            if text.contains("used up") {
                break;
            }
            assert!(text.contains("in flight"), "{text}");
            assert!(Instant::now() < deadline, "the stream was never settled");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
);

both_with!(
    bot_addresses_must_be_public_unless_the_operator_allows_private_ones,
    PRODUCT_DEFAULTS,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("addr").await;
        // Refused when saved, before any connection is attempted.
        for url in [
            "ws://127.0.0.1:18789",
            "ws://[::1]:18789",
            "ws://localhost:18789",
        ] {
            let (status, v) = app
                .call(
                    &owner,
                    AddBot {
                        tenant_id: (tenant.as_str()).to_string(),
                        name: "Local".to_string(),
                        gateway_url: url.to_string(),
                        token: "t".to_string(),
                        skip_test: None,
                    },
                )
                .await;
            assert_eq!(status, 400, "{url}: {v}");
            assert!(
                v.to_string().contains("not a public internet address"),
                "{url}: {v}"
            );
        }
        let (_, list) = app
            .call(
                &owner,
                ListBots {
                    tenant_id: (tenant.as_str()).to_string(),
                },
            )
            .await;
        assert_eq!(list, json!([]));
    }
);

both_backends!(
    a_bot_that_cannot_be_reached_shows_a_category_not_the_socket_error,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("unreach").await;
        let closed = crate::helpers::free_port();
        let add = |skip: Option<String>| {
            app.call(
                &owner,
                AddBot {
                    tenant_id: (tenant.as_str()).to_string(),
                    name: "Gone".to_string(),
                    gateway_url: (format!("ws://127.0.0.1:{closed}")).to_string(),
                    token: "t".to_string(),
                    skip_test: skip,
                },
            )
        };
        // Tried when added: refused in words, not with the socket's error.
        let (status, v) = add(None).await;
        assert_eq!(status, 400, "{v}");
        assert_eq!(
            v["message"],
            format!(
                "Nothing answered at ws://127.0.0.1:{closed}: check the address and that the gateway is running. The bot was not added."
            ),
            "{v}"
        );
        // Saved untested, its state says the same category.
        let (status, v) = add(Some("on".into())).await;
        assert_eq!(status, 200, "{v}");
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        let bot = loop {
            let (_, list) = app
                .call(
                    &owner,
                    ListBots {
                        tenant_id: (tenant.as_str()).to_string(),
                    },
                )
                .await;
            let bot = list[0].clone();
            if bot["state"] == "offline" {
                break bot;
            }
            assert!(Instant::now() < deadline, "{bot}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(bot["error"], "could not connect to the gateway", "{bot}");
    }
);

/// Registers a bot through the dashboard's function and waits until the server has it online.
async fn online_bot(
    app: &TestApp,
    owner: &reqwest::Client,
    tenant: &str,
    name: &str,
    gw: &PeerGateway,
) -> String {
    let (status, v) = app
        .call(
            owner,
            AddBot {
                tenant_id: tenant.to_string(),
                name: name.to_string(),
                gateway_url: gw.url.to_string(),
                token: gw.token.to_string(),
                skip_test: None,
            },
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let (_, list) = app
            .call(
                owner,
                ListBots {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        if let Some(b) = list
            .as_array()
            .and_then(|l| l.iter().find(|b| b["name"] == name))
        {
            if b["state"] == "online" {
                return b["id"].as_str().expect("id").to_string();
            }
        }
        assert!(
            Instant::now() < deadline,
            "{name} never came online: {list}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

both_with!(
    a_bot_message_over_the_size_limit_closes_that_connection_not_the_server,
    &[("BAAS_BOT_MAX_MESSAGE", "65536")],
    |app: TestApp| async move {
        let gw = PeerGateway::start(Flavour::Clawdbot, "gw-token-big", None).await;
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("big").await;
        let bot = online_bot(&app, &owner, &tenant, "Big", &gw).await;
        let (status, cfg) = crate::bots::live_config(
            &app,
            &owner,
            GetBotConfig {
                tenant_id: (tenant.as_str()).to_string(),
                bot_id: bot.to_string(),
            },
        )
        .await;
        assert_eq!(status, 200, "{cfg}");
        // Saving checks the config against the bot's schema, an answer of several hundred KB.
        let (status, v) = app
            .call(
                &owner,
                ChangeBotConfig {
                    tenant_id: (tenant.as_str()).to_string(),
                    bot_id: bot.to_string(),
                    base_hash: (cfg["hash"].as_str().expect("hash")).to_string(),
                    setting: "group_policy".to_string(),
                    target: "".to_string(),
                    value: "open".to_string(),
                },
            )
            .await;
        assert_eq!(status, 503, "{v}");
        assert!(v.to_string().contains("larger than 65536 bytes"), "{v}");
        // The server is fine, and the bot is reconnected.
        assert_eq!(
            client()
                .get(app.url("/healthz"))
                .send()
                .await
                .expect("healthz")
                .status(),
            200
        );
        online_bot_state(&app, &owner, &tenant, "online").await;
    }
);

async fn online_bot_state(app: &TestApp, owner: &reqwest::Client, tenant: &str, want: &str) {
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    loop {
        let (_, list) = app
            .call(
                owner,
                ListBots {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        if list[0]["state"] == want {
            return;
        }
        assert!(Instant::now() < deadline, "never {want}: {list}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

both_backends!(
    a_hung_bot_holds_up_neither_the_sync_nor_the_server,
    |app: TestApp| async move {
        let (healthy, hung) = tokio::join!(
            PeerGateway::start(Flavour::Clawdbot, "gw-token-ok", None),
            PeerGateway::start(Flavour::Clawdbot, "gw-token-hung", None)
        );
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("hung").await;
        online_bot(&app, &owner, &tenant, "Healthy", &healthy).await;
        let hung_id = online_bot(&app, &owner, &tenant, "Hung", &hung).await;
        hung.freeze();
        let started = Instant::now();
        let round = baas::clawdbot::sync::sync_all(&app.db, &app.bots, Duration::from_secs(3))
            .await
            .expect("round");
        let took = started.elapsed();
        hung.thaw();
        assert_eq!((round.synced, round.timed_out), (1, 1), "{round:?}");
        assert!(took < Duration::from_secs(30), "the round waited {took:?}");

        // Requests waiting on one bot are bounded: past the bound they are refused at once.
        hung.freeze();
        let conn = app.bots.client(&hung_id).expect("connection");
        let n = baas::clawdbot::client::MAX_PENDING + 20;
        let answers = futures_util::future::join_all(
            (0..n).map(|_| conn.request("health", json!({}), Duration::from_secs(3))),
        )
        .await;
        hung.thaw();
        let busy = answers
            .iter()
            .filter(|a| matches!(a, Err(baas::clawdbot::client::BotError::Busy)))
            .count();
        // Twenty too many (one more if a health check of the server's was waiting too).
        assert!((20..=21).contains(&busy), "{busy} refused at once");
        // Once those gave up, the connection serves again.
        let again = conn
            .request("health", json!({}), Duration::from_secs(20))
            .await;
        assert!(again.is_ok(), "{again:?}");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bots_added_or_removed_follow_in_the_other_processes() {
    use crate::helpers::process::{baas as cli, Server};
    let dir = tempfile::tempdir().expect("tmp");
    let smtp = format!(
        "smtp://127.0.0.1:{}",
        std::env::var("BAAS_TEST_SMTP_PORT").expect("smtp sink")
    );
    let vars = [
        ("SMTP_URL", smtp.as_str()),
        ("SMTP_FROM", "BaaS <no-reply@baas.test>"),
        ("BAAS_BOT_ALLOW_PRIVATE", "true"),
    ];
    let email = unique_email("procs");
    let tenant = cli(
        dir.path(),
        &[
            "tenant", "create", "--name", "Procs", "--owner", &email, "--json",
        ],
        "",
    );
    let tenant = tenant["id"].as_str().expect("tenant").to_string();
    let (a, b) = (
        Server::start(dir.path(), &vars).await,
        Server::start(dir.path(), &vars).await,
    );
    let gw = PeerGateway::start(Flavour::Clawdbot, "gw-token-procs", None).await;

    // Signed in once; the session is in the shared database, so it works on both.
    let c = client();
    let maildir = std::path::PathBuf::from(std::env::var("BAAS_TEST_MAILDIR").expect("maildir"));
    let res = c
        .post(format!("{}/auth/request", a.url))
        .header("accept", "application/json")
        .form(&[("email", email.as_str())])
        .send()
        .await
        .expect("request link");
    assert_eq!(res.status(), 202);
    let token = crate::helpers::wait_for_token(&maildir, &email).await;
    let res = c
        .post(format!("{}/auth/confirm", a.url))
        .header("accept", "application/json")
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("confirm");
    assert_eq!(res.status(), 200);
    let call = |base: &str, name: &str, args: Vec<(&'static str, String)>| {
        let (c, url) = (c.clone(), format!("{base}/api/{name}"));
        async move {
            let res = c.post(url).form(&args).send().await.expect("call");
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    let (status, v) = call(
        &a.url,
        "add_bot",
        vec![
            ("tenant_id", tenant.clone()),
            ("name", "Shared".into()),
            ("gateway_url", gw.url.clone()),
            ("token", gw.token.clone()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // Process B connects to it on its own, and can use it.
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    while b.connections_to(gw.port()) == 0 || a.connections_to(gw.port()) == 0 {
        assert!(Instant::now() < deadline, "both processes never connected");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, list) = call(&b.url, "list_bots", vec![("tenant_id", tenant.clone())]).await;
    let bot = list[0]["id"].as_str().expect("bot").to_string();
    let (status, cfg) = call(
        &b.url,
        "get_bot_config",
        vec![("tenant_id", tenant.clone()), ("bot_id", bot.clone())],
    )
    .await;
    assert_eq!(status, 200, "{cfg}");

    // Removed through A: B lets go of it within seconds.
    let (status, v) = call(
        &a.url,
        "remove_bot",
        vec![("tenant_id", tenant.clone()), ("bot_id", bot)],
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let removed = Instant::now();
    while b.connections_to(gw.port()) > 0 || a.connections_to(gw.port()) > 0 {
        assert!(Instant::now() < deadline, "a process kept its connection");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        removed.elapsed() < Duration::from_secs(15),
        "{:?}",
        removed.elapsed()
    );
}

both_backends!(
    a_request_without_a_valid_key_is_answered_before_its_body_is_read,
    |app: TestApp| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = app.base.trim_start_matches("http://").to_string();
        let mut tcp = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        // Headers of an 8 MiB body, and none of the body.
        let head = format!(
            "POST /v1/messages HTTP/1.1\r\nhost: {addr}\r\nx-api-key: baas_vk_not_a_key\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            8 * 1024 * 1024
        );
        tcp.write_all(head.as_bytes()).await.expect("write");
        let mut answer = Vec::new();
        let read = tokio::time::timeout(crate::helpers::PATIENCE, async {
            let mut buf = [0u8; 4096];
            while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = tcp.read(&mut buf).await.expect("read");
                if n == 0 {
                    break;
                }
                answer.extend_from_slice(&buf[..n]);
            }
        })
        .await;
        assert!(read.is_ok(), "no answer without the body");
        let text = String::from_utf8_lossy(&answer);
        assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    }
);

/// How many calls the mock received per credential.
async fn mock_calls(mock: &str) -> Value {
    reqwest::get(format!("{mock}/__mock/calls"))
        .await
        .expect("calls")
        .json()
        .await
        .expect("json")
}

both_with!(
    a_slow_answer_is_neither_a_failed_credential_nor_sent_twice,
    &[("BAAS_UPSTREAM_TIMEOUT", "1")],
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-slow", 1), ("sk-mock-ok", 2)])
            .await;
        for i in 1..=4 {
            let res = post(&app, &s.key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 504, "request {i}");
            let text = res.text().await.unwrap_or_default();
            assert!(text.contains("not sent again"), "{text}");
        }
        let calls = mock_calls(&s.mock).await;
        assert_eq!(
            calls["sk-mock-slow"], 4,
            "the breaker stayed closed: {calls}"
        );
        assert!(calls.get("sk-mock-ok").is_none(), "never re-sent: {calls}");
        // Each is recorded and charged for its input, its reservation settled.
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1 AND status = 'upstream_unanswered' AND cost_micro_usd > 0",
            &s.tenant,
            4,
        )
        .await;
    }
);

both_backends!(
    billing_refusals_fail_over_and_other_refusals_hide_the_operators_account,
    |app: TestApp| async move {
        let s = app
            .gateway_setup(
                "Lobo",
                "lobo",
                &[("sk-mock-nocredit", 1), ("sk-mock-ok", 2)],
            )
            .await;
        for _ in 0..2 {
            let res = post(&app, &s.key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 200);
            let text = res.text().await.unwrap_or_default();
            assert!(!text.to_lowercase().contains("credit"), "{text}");
        }
        let calls = mock_calls(&s.mock).await;
        assert_eq!(
            calls["sk-mock-nocredit"], 1,
            "set aside after its refusal: {calls}"
        );
        wait_count(
            &app,
            "SELECT COUNT(*) FROM alert_events WHERE tenant_id IS NULL AND kind = $1",
            "credential_exhausted",
            1,
        )
        .await;

        for (secret, shown, hidden) in [
            (
                "sk-mock-orgrefusal",
                "the provider refused the request (HTTP 400)",
                "org-7f3k2",
            ),
            ("sk-mock-badrequest", "roles must alternate", "organization"),
        ] {
            // The pool holds only this credential.
            sqlx::query("UPDATE provider_credentials SET enabled = 0")
                .execute(&app.db.pool)
                .await
                .expect("disable");
            let t = app.gateway_setup("Lobo", "lobo", &[(secret, 1)]).await;
            let res = post(&app, &t.key, &ask("claude-haiku-4-5", 64, "oi")).await;
            assert_eq!(res.status(), 400);
            let v: Value = res.json().await.expect("json");
            let message = v["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(shown), "{v}");
            assert!(!message.contains(hidden), "{v}");
            assert_eq!(v["error"]["type"], "invalid_request_error");
        }
    }
);

both_backends!(
    server_tools_are_reserved_at_their_worst_case_and_their_fees_metered,
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-search", 1)])
            .await;
        let mut body = ask("claude-haiku-4-5", 64, "Qual a previsão do tempo?");
        body["tools"] = json!([{"type": "web_search_20250305", "name": "web_search"}]);
        let res = post(&app, &s.key, &body).await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap_or_default().contains("max_uses"));
        body["tools"][0]["max_uses"] = json!(5);
        // $0.06 left is less than five searches and a full context window of input.
        let (status, v) = app
            .call(
                &s.owner,
                SaveBudget {
                    tenant_id: (s.tenant.as_str()).to_string(),
                    timezone: "UTC".to_string(),
                    monthly_budget: "0.06".to_string(),
                    downgrade_enabled: None,
                    downgrade_share: "20".to_string(),
                    locale: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let res = post(&app, &s.key, &body).await;
        assert_eq!(res.status(), 429);
        assert!(res
            .text()
            .await
            .unwrap_or_default()
            .contains("may cost up to"));
        // With room, the searches and the hour-long cache writes the provider reports are charged.
        let (status, v) = app
            .call(
                &s.owner,
                SaveBudget {
                    tenant_id: (s.tenant.as_str()).to_string(),
                    timezone: "UTC".to_string(),
                    monthly_budget: "100".to_string(),
                    downgrade_enabled: None,
                    downgrade_share: "20".to_string(),
                    locale: None,
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let res = post(&app, &s.key, &body).await;
        assert_eq!(res.status(), 200);
        wait_count(
            &app,
            "SELECT COUNT(*) FROM usage_records WHERE tenant_id = $1",
            &s.tenant,
            1,
        )
        .await;
        let (input, output, cache_write, cost): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT input_tokens, output_tokens, cache_write_tokens, cost_micro_usd FROM usage_records WHERE tenant_id = $1",
        )
        .bind(&s.tenant)
        .fetch_one(&app.db.pool)
        .await
        .expect("record");
        let price = baas::pricing::find_price(&baas::pricing::default_prices(), "claude-haiku-4-5")
            .cloned()
            .expect("price");
        let usage = baas::pricing::TokenUsage {
            input,
            output,
            cache_read: 0,
            cache_write,
        };
        let extras = baas::pricing::Extras {
            web_searches: 2,
            cache_write_1h: 1000,
        };
        assert_eq!(
            cost,
            baas::pricing::cost_micro_usd(&price, &usage)
                + baas::pricing::extras_micro_usd(&price, &extras)
        );
        assert!(cost > 20_000, "two searches at $0.01 are in it: {cost}");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_records_survive_a_killed_server() {
    use crate::helpers::process::{baas as cli, Server};
    let dir = tempfile::tempdir().expect("tmp");
    let mock = crate::helpers::spawn_mock().await;
    let tenant = cli(
        dir.path(),
        &[
            "tenant",
            "create",
            "--name",
            "Crash",
            "--owner",
            "dono@crash.test",
            "--plan",
            "business",
            "--json",
        ],
        "",
    );
    let tenant = tenant["id"].as_str().expect("tenant");
    let agent = cli(
        dir.path(),
        &[
            "agent", "create", "--tenant", tenant, "--name", "Lobo", "--json",
        ],
        "",
    );
    let agent = agent["id"].as_str().expect("agent");
    let key = cli(
        dir.path(),
        &["key", "create", "--agent", agent, "--json"],
        "",
    );
    let key = key["key"].as_str().expect("key").to_string();
    cli(
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
    let vars = [("BAAS_TENANT_RPM", "100000"), ("BAAS_AGENT_RPM", "100000")];
    let mut server = Server::start(dir.path(), &vars).await;
    let body = serde_json::to_vec(&ask("claude-haiku-4-5", 16, "oi")).expect("json");
    // Bursts of answered requests.
    let mut answered = 0;
    for _ in 0..5 {
        let answers =
            futures_util::future::join_all((0..100).map(|_| server.ask(&key, &body))).await;
        answered += answers.iter().filter(|r| r.status() == 200).count();
    }
    // Records reach the outbox's file within milliseconds of their answer; a quarter of a
    // second is the margin allowed a busy machine. Then SIGKILL: no time to flush anything.
    tokio::time::sleep(Duration::from_millis(250)).await;
    server.child.kill().expect("SIGKILL");
    let _ = server.child.wait();
    drop(server);
    // Started again, it writes what the killed one had not.
    let _again = Server::start(dir.path(), &vars).await;
    let db = baas::db::Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("data/baas.db").display()
    ))
    .await
    .expect("db");
    let (records,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM usage_records")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(answered, 500);
    assert_eq!(
        records, 500,
        "every answered request has its record after the kill"
    );
    let (rolled,): (i64,) = sqlx::query_as(
        "SELECT CAST(SUM(requests) AS BIGINT) FROM usage_rollups WHERE period = 'day'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("rollups");
    assert_eq!(rolled, 500, "rollups count each record once");
}

/// Writes `n` usage records of the setup's agent, spread over the last day.
async fn many_records(app: &TestApp, s: &crate::helpers::GatewaySetup, n: usize) {
    use baas::gateway::usage::{write_batch, UsageRecord};
    let now = baas::clock::now();
    let records: Vec<UsageRecord> = (0..n)
        .map(|i| UsageRecord {
            id: baas::db::new_id(),
            request_id: format!("req-{i}"),
            tenant_id: s.tenant.clone(),
            agent_id: s.agent.clone(),
            key_id: "k".into(),
            credential_id: None,
            model_requested: "claude-haiku-4-5".into(),
            model_served: Some("claude-haiku-4-5".into()),
            usage: baas::pricing::TokenUsage {
                input: 100,
                output: 20,
                cache_read: 0,
                cache_write: 0,
            },
            cost_micro_usd: 200,
            credit_micro_usd: 0,
            latency_ms: 10,
            ttft_ms: Some(5),
            status: "ok".into(),
            http_status: 200,
            failovers: 0,
            streamed: false,
            created_at: now - (i as i64 % 3_600),
        })
        .collect();
    for chunk in records.chunks(500) {
        write_batch(&app.db, chunk).await.expect("records");
    }
}

both_with!(
    exports_run_one_at_a_time_stop_when_stalled_and_hold_no_connection,
    &[("BAAS_EXPORT_TIMEOUT", "10")],
    |app: TestApp| async move {
        let s = app
            .gateway_setup("Lobo", "lobo", &[("sk-mock-ok", 1)])
            .await;
        many_records(&app, &s, 80_000).await;
        let url = app.url(&format!("/export/usage/{}?format=csv", s.tenant));
        // A download that is started and never read.
        let stalled = s.owner.get(&url).send().await.expect("export");
        assert_eq!(stalled.status(), 200);
        let second = s.owner.get(&url).send().await.expect("second export");
        assert_eq!(second.status(), 409);
        assert!(second
            .text()
            .await
            .unwrap_or_default()
            .contains("already running"));
        // Meanwhile the database serves everyone else.
        for _ in 0..20 {
            let (status, v) = app
                .call(
                    &s.owner,
                    GetDashboard {
                        tenant_id: s.tenant.clone(),
                        filter: UsageFilter::default(),
                    },
                )
                .await;
            assert_eq!(status, 200, "{v}");
        }
        // Past the time limit the stalled export ends, and a new one may start and finish.
        let deadline = Instant::now() + crate::helpers::PATIENCE;
        let fresh = loop {
            let res = s.owner.get(&url).send().await.expect("export");
            if res.status() == 200 {
                break res;
            }
            assert_eq!(res.status(), 409);
            assert!(Instant::now() < deadline, "the stalled export never ended");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert!(
            stalled.text().await.is_err(),
            "the stalled download ends broken, not short"
        );
        let csv = fresh.text().await.expect("csv");
        assert_eq!(csv.lines().count(), 80_001, "header and every record");
    }
);

both_backends!(
    group_costs_add_up_on_both_databases,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("groups").await;
        let user = app.user_of(&owner).await;
        let at = app.access(&tenant, &user).await;
        let bot = baas::clawdbot::store::add_bot(
            &app.db,
            &app.secrets,
            &at,
            "Loja",
            "ws://127.0.0.1:9",
            "t",
        )
        .await
        .expect("bot");
        for (i, (group, input, output, cost)) in [
            (
                Some("120363011111111111@g.us"),
                1_000_i64,
                200_i64,
                5_000_i64,
            ),
            (Some("120363011111111111@g.us"), 3_000, 400, 7_000),
            (None, 500, 50, 1_000),
        ]
        .into_iter()
        .enumerate()
        {
            sqlx::query(
                "INSERT INTO conversations (id, tenant_id, bot_id, session_key, agent, channel, group_jid,
                    model, input_tokens, output_tokens, cost_micro_usd, last_message, updated_at, synced_at)
                 VALUES ($1, $2, $3, $4, 'lobo', 'whatsapp', $5, 'claude-haiku-4-5', $6, $7, $8, NULL, 1, 1)",
            )
            .bind(baas::db::new_id())
            .bind(&tenant)
            .bind(&bot.id)
            .bind(format!("session-{i}"))
            .bind(group)
            .bind(input)
            .bind(output)
            .bind(cost)
            .execute(&app.db.pool)
            .await
            .expect("conversation");
        }
        let (status, v) = app
            .call(
                &owner,
                ListGroupCosts {
                    tenant_id: (tenant.as_str()).to_string(),
                },
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v[0]["group"], "120363011111111111@g.us");
        assert_eq!(
            (
                v[0]["conversations"].clone(),
                v[0]["input_tokens"].clone(),
                v[0]["cost_micro_usd"].clone()
            ),
            (json!(2), json!(4_000), json!(12_000))
        );
        assert_eq!(v[1]["cost_micro_usd"], 1_000);
    }
);

both_backends!(
    pages_carry_a_content_security_policy_that_admits_only_their_own_scripts,
    |app: TestApp| async move {
        let res = client().get(app.url("/login")).send().await.expect("page");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_string();
        assert!(
            res.headers().get("strict-transport-security").is_none(),
            "not over http"
        );
        let html = res.text().await.expect("html");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("a nonce in the policy");
        assert!(
            csp.contains("script-src 'self' 'nonce-") && csp.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
            "{csp}"
        );
        // Every inline script of the page carries this response's nonce.
        let tags: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter_map(|rest| rest.split('>').next())
            .collect();
        let inline: Vec<&&str> = tags.iter().filter(|t| !t.contains("src=")).collect();
        assert!(!inline.is_empty(), "{html}");
        for tag in inline {
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "<script{tag}>");
        }
        let other = client().get(app.url("/login")).send().await.expect("page");
        let other_csp = other.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_string();
        assert_ne!(other_csp, csp, "a new nonce for every response");
        // Answers that are not pages may do nothing in a browser.
        let api = client()
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(
            api.headers()["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        );
    }
);

both_with!(
    over_https_the_session_cookie_is_host_only_and_browsers_keep_to_https,
    &[("BAAS_PUBLIC_URL", "https://baas.example")],
    |app: TestApp| async move {
        let res = client().get(app.url("/login")).send().await.expect("page");
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000"
        );
        let c = client();
        let email = unique_email("https");
        let token = app.emailed_token(&c, &email).await;
        let res = app.confirm(&c, &token).await;
        assert_eq!(res.status(), 200);
        let cookie = res.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_string();
        assert!(cookie.starts_with("__Host-baas_session="), "{cookie}");
        assert!(
            cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
            "{cookie}"
        );
    }
);

both_backends!(
    the_sign_in_page_says_which_address_the_link_signs_in,
    |app: TestApp| async move {
        let c = client();
        let email = unique_email("whose");
        let token = app.emailed_token(&c, &email).await;
        let page = client()
            .get(app.url(&format!("/auth/verify?token={token}")))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(page.contains(&email), "the page names the address");
        let (status, v) = app
            .call(
                &client(),
                SignInAddress {
                    token: (token.as_str()).to_string(),
                },
            )
            .await;
        assert_eq!((status, v), (200, json!(email)));
        // Looking did not use the link up.
        assert_eq!(app.confirm(&c, &token).await.status(), 200);
        let (_, v) = app
            .call(
                &client(),
                SignInAddress {
                    token: (token.as_str()).to_string(),
                },
            )
            .await;
        assert_eq!(v, Value::Null, "a used link names nobody");
    }
);

both_backends!(
    bots_added_at_once_stay_within_the_plan,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("cap").await;
        baas::costs::plans::set_tenant_plan(
            &app.db,
            &Actor::operator(),
            &TenantId::new(tenant.as_str()),
            "starter",
        )
        .await
        .expect("plan");
        let add = |name: &'static str| {
            let (owner, tenant) = (owner.clone(), tenant.clone());
            let app = &app;
            async move {
                app.call(
                    &owner,
                    AddBot {
                        tenant_id: (tenant.as_str()).to_string(),
                        name: name.to_string(),
                        gateway_url: "ws://127.0.0.1:9".to_string(),
                        token: "t".to_string(),
                        skip_test: Some("on".into()),
                    },
                )
                .await
            }
        };
        let results = futures_util::future::join_all(["A", "B", "C", "D"].map(add)).await;
        let ok = results.iter().filter(|(s, _)| *s == 200).count();
        assert_eq!(ok, 1, "{results:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM bots WHERE tenant_id = $1", &tenant)
                .await,
            1
        );
    }
);

both_backends!(
    amounts_are_read_in_the_browsers_language,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("locale").await;
        let settings = |lang: &'static str| {
            let (owner, tenant) = (owner.clone(), tenant.clone());
            let url = app.url("/api/get_budget_settings");
            async move {
                let v: Value = owner
                    .post(url)
                    .header("accept-language", lang)
                    .form(&[("tenant_id", tenant.as_str())])
                    .send()
                    .await
                    .expect("settings")
                    .json()
                    .await
                    .expect("json");
                v
            }
        };
        // "1.000,00" from a Brazilian browser is a thousand dollars; from an English one it is
        // refused as ambiguous rather than read as one dollar.
        let save = |lang: &'static str, amount: &'static str| {
            let (owner, tenant) = (owner.clone(), tenant.clone());
            let url = app.url("/api/save_budget");
            async move {
                owner
                    .post(url)
                    .header("accept-language", lang)
                    .form(&[
                        ("tenant_id", tenant.as_str()),
                        ("timezone", "UTC"),
                        ("monthly_budget", amount),
                        ("downgrade_share", "20"),
                    ])
                    .send()
                    .await
                    .expect("save")
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(save("pt-BR", "1.000,00").await, 200);
        assert_eq!(settings("pt-BR").await["monthly_budget"], 1_000_000_000);
        assert_eq!(save("en", "1.000,00").await, 400);
        assert_eq!(settings("en").await["monthly_budget"], 1_000_000_000);
    }
);
