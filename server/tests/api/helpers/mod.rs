//! Test harness: the real server on port 0, a fresh database per test (SQLite file or a
//! PostgreSQL database cloned from a migrated template), a cookie-keeping client, and mail:
//! kept in the server's memory on SQLite (so a SQLite-only run needs no other service), sent to
//! the real SMTP sink that `scripts/test.sh` starts on loopback on PostgreSQL.

#[macro_use]
pub mod billing;
pub mod gw;
pub mod netns;
pub mod peer;
pub mod process;

use app::api::*;
use baas::config::Settings;
use baas::crypto::MasterKey;
use baas::db::Db;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a test waits for background work (batched writes, spawned settlements, emails, a
/// peer's restart) before it fails. Generous on purpose: the suite runs on busy two-core
/// machines, and every wait returns as soon as its condition holds.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A loopback port for a process a test starts, free on IPv4 and IPv6 loopback when chosen. It
/// is drawn below the kernel's ephemeral range, so the outgoing connections and port-0 servers
/// of the tests running alongside never take it before the process binds it.
pub fn free_port() -> u16 {
    let ipv6 = std::net::TcpListener::bind(("::1", 0)).is_ok();
    loop {
        let b = uuid::Uuid::new_v4();
        let port = 20_000 + u16::from_le_bytes([b.as_bytes()[0], b.as_bytes()[1]]) % 12_000;
        let v4 = std::net::TcpListener::bind(("127.0.0.1", port)).is_ok();
        if v4 && (!ipv6 || std::net::TcpListener::bind(("::1", port)).is_ok()) {
            return port;
        }
    }
}

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and what a test needs to drive it.
pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub secrets: baas::crypto::SecretBox,
    pub gateway: server::gateway::Gateway,
    /// The server's connections to bots.
    pub bots: baas::clawdbot::manager::BotManager,
    /// The settings it was started with: another process started with them shares its
    /// database, master key and mail.
    pub vars: HashMap<String, String>,
    mail: Mail,
    _tmp: tempfile::TempDir,
}

/// Where a test server's mail goes.
enum Mail {
    Memory(baas::mail::Mailer),
    Sink(PathBuf),
}

fn env_required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the suite through scripts/test.sh, which starts the SMTP sink and PostgreSQL")
    })
}

async fn postgres_database() -> String {
    use sqlx::Connection;
    let admin = env_required("BAAS_TEST_PG_URL");
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .expect("connect to test PostgreSQL");
    let mut hasher = 0u64;
    for m in baas::db::postgres_migrator().iter() {
        for b in m.checksum.iter() {
            hasher = hasher
                .wrapping_mul(1_099_511_628_211)
                .wrapping_add(u64::from(*b));
        }
    }
    let template = format!("baas_tpl_{hasher:016x}");
    // One template per migration set, built once under a lock shared by all test processes.
    sqlx::query("SELECT pg_advisory_lock(724001)")
        .execute(&mut conn)
        .await
        .expect("lock");
    let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut conn)
        .await
        .expect("query template");
    if exists.is_none() {
        let building = format!("{template}_build");
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
            .execute(&mut conn)
            .await;
        sqlx::query(&format!("CREATE DATABASE {building}"))
            .execute(&mut conn)
            .await
            .expect("create");
        let db = Db::connect(&replace_db(&admin, &building))
            .await
            .expect("migrate template");
        db.pool.close().await;
        retry_while_in_use(
            &mut conn,
            &building,
            &format!("ALTER DATABASE {building} RENAME TO {template}"),
        )
        .await;
    }
    sqlx::query("SELECT pg_advisory_unlock(724001)")
        .execute(&mut conn)
        .await
        .expect("unlock");
    let name = format!("baas_test_{}", uuid::Uuid::new_v4().simple());
    retry_while_in_use(
        &mut conn,
        &template,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await;
    replace_db(&admin, &name)
}

/// Runs `sql`, which needs `db` to have no sessions. Sessions of a just-closed pool end
/// asynchronously, so lingering ones are terminated and the statement retried.
async fn retry_while_in_use(conn: &mut sqlx::AnyConnection, db: &str, sql: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        match sqlx::query(sql).execute(&mut *conn).await {
            Ok(_) => return,
            Err(e) if Instant::now() < deadline && e.to_string().contains("being accessed") => {
                let _ = sqlx::query(
                    "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(db)
                .fetch_all(&mut *conn)
                .await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

fn replace_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// Starts the app with default options.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the app; `extra` overrides configuration variables.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let tmp = tempfile::tempdir().expect("tempdir");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", tmp.path().join("baas.db").display()),
        Backend::Postgres => postgres_database().await,
    };

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", database_url.as_str()),
        ("BAAS_PUBLIC_URL", &base),
        ("BAAS_BIND", &addr.to_string()),
        ("BAAS_DATA_DIR", &tmp.path().display().to_string()),
        ("BAAS_MASTER_KEY", &MasterKey::generate().to_base64()),
        // Most tests exercise everything a workspace can do, and their bots run on loopback;
        // the tests of the safe defaults give these back as empty values.
        ("BAAS_DEFAULT_PLAN", "business"),
        ("BAAS_BOT_ALLOW_PRIVATE", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (mail, mailer) = match backend {
        Backend::Sqlite => {
            let mailer = baas::mail::Mailer::memory();
            (Mail::Memory(mailer.clone()), mailer)
        }
        Backend::Postgres => {
            let port = env_required("BAAS_TEST_SMTP_PORT");
            vars.insert("SMTP_URL".into(), format!("smtp://127.0.0.1:{port}"));
            vars.insert("SMTP_FROM".into(), "BaaS <no-reply@baas.test>".into());
            let settings = Settings::from_vars(&vars).expect("test settings");
            let smtp = baas::mail::Mailer::new(settings.smtp.as_ref()).expect("mailer");
            (
                Mail::Sink(PathBuf::from(env_required("BAAS_TEST_MAILDIR"))),
                smtp,
            )
        }
    };
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    let settings = Settings::from_vars(&vars).expect("test settings");
    // A test may serve a site of its own making; the others have none.
    let site = vars
        .get("LEPTOS_SITE_ROOT")
        .map_or("target/site", String::as_str);
    let options = server::leptos_options(site, &settings);
    let state = server::build_state_with(&settings, options, mailer)
        .await
        .expect("state");
    let db = state.db.clone();
    let secrets = state.secrets.clone();
    let bots = state.bots.clone();
    let (gw, _writer) = server::build_gateway(&state, &settings)
        .await
        .expect("gateway");
    let app = server::router(state, gw.clone(), settings.trust_proxy);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        base,
        db,
        secrets,
        gateway: gw,
        bots,
        vars,
        mail,
        _tmp: tmp,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// A unique address for this test.
pub fn unique_email(tag: &str) -> String {
    format!("{tag}-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// Someone signed in who owns a fresh workspace.
pub struct Owner {
    /// Their browser: a client that keeps the session cookie.
    pub client: reqwest::Client,
    pub user_id: String,
    pub tenant: String,
    pub email: String,
}

impl TestApp {
    /// URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Asks for a sign-in link (as JSON) and returns the response.
    pub async fn request_link(&self, c: &reqwest::Client, email: &str) -> reqwest::Response {
        c.post(self.url("/auth/request"))
            .header("accept", "application/json")
            .form(&[("email", email)])
            .send()
            .await
            .expect("request link")
    }

    /// What the notification engine sends with, as this server's own: its database, secrets,
    /// mail and bots (webhooks may point at loopback receivers).
    pub fn senders(&self) -> baas::notify::Senders {
        baas::notify::Senders {
            db: self.db.clone(),
            secrets: self.secrets.clone(),
            mailer: self.mailer(),
            bots: self.bots.clone(),
            allow_private: true,
            public_url: self.base.clone(),
        }
    }

    /// A mailer that sends where this server's mail goes.
    pub fn mailer(&self) -> baas::mail::Mailer {
        match &self.mail {
            Mail::Memory(mailer) => mailer.clone(),
            Mail::Sink(_) => {
                let settings = Settings::from_vars(&self.vars).expect("test settings");
                baas::mail::Mailer::new(settings.smtp.as_ref()).expect("mailer")
            }
        }
    }

    /// Every email received for `to` so far, oldest first, as the sink writes them
    /// (`to`, `subject`, `text`).
    pub fn mails_to(&self, to: &str) -> Vec<Value> {
        let dir =
            match &self.mail {
                Mail::Memory(mailer) => return mailer
                    .sent()
                    .into_iter()
                    .filter(|m| m.to.as_str() == to)
                    .map(|m| json!({"to": [m.to.as_str()], "subject": m.subject, "text": m.text}))
                    .collect(),
                Mail::Sink(dir) => dir,
            };
        let mut found: Vec<(String, Value)> = Vec::new();
        if let Ok(rd) = std::fs::read_dir(dir) {
            for entry in rd.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') || !name.ends_with(".json") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if v["to"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|r| r == to))
                {
                    found.push((name, v));
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found.into_iter().map(|(_, v)| v).collect()
    }

    /// Waits until `to` has received more than `already` emails and returns the newest,
    /// which must contain `marker`.
    pub async fn wait_for_mail(&self, to: &str, already: usize, marker: &str) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let mails = self.mails_to(to);
            if mails.len() > already {
                let newest = mails.into_iter().next_back().unwrap_or_default();
                assert!(
                    newest["text"].as_str().is_some_and(|t| t.contains(marker)),
                    "email to {to} lacks {marker:?}: {newest}"
                );
                return newest;
            }
            assert!(Instant::now() < deadline, "no email to {to} arrived");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Requests a link, reads it from the real mailbox and returns its token.
    pub async fn emailed_token(&self, c: &reqwest::Client, email: &str) -> String {
        let already = self.mails_to(email).len();
        let res = self.request_link(c, email).await;
        assert_eq!(
            res.status(),
            202,
            "link request refused: {}",
            res.text().await.unwrap_or_default()
        );
        let mail = self
            .wait_for_mail(email, already, "/auth/verify?token=")
            .await;
        token_from(
            mail["text"].as_str().unwrap_or_default(),
            "/auth/verify?token=",
        )
    }

    /// Signs `email` in on client `c` through the emailed link; returns the user id.
    pub async fn sign_in(&self, c: &reqwest::Client, email: &str) -> String {
        let token = self.emailed_token(c, email).await;
        let res = self.confirm(c, &token).await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        v["user_id"].as_str().expect("user id").to_string()
    }

    /// Posts a sign-in token to the confirmation route (JSON answer).
    pub async fn confirm(&self, c: &reqwest::Client, token: &str) -> reqwest::Response {
        c.post(self.url("/auth/confirm"))
            .header("accept", "application/json")
            .form(&[("token", token)])
            .send()
            .await
            .expect("confirm")
    }

    /// Calls a server function with its typed arguments, encoded as the browser encodes them;
    /// returns status and JSON body.
    pub async fn call<F>(&self, c: &reqwest::Client, args: F) -> (u16, Value)
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        let body = serde_qs::to_string(&args).expect("server fn arguments encode");
        let res = c
            .post(self.url(F::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("server fn call");
        answer(res).await
    }

    /// Calls a server function by name with raw form pairs: for what the typed call cannot
    /// send (a missing or malformed argument) and for walking the registry.
    pub async fn call_raw(
        &self,
        c: &reqwest::Client,
        name: &str,
        args: &[(&str, &str)],
    ) -> (u16, Value) {
        let res = c
            .post(self.url(&format!("/api/{name}")))
            .form(args)
            .send()
            .await
            .expect("server fn call");
        answer(res).await
    }

    /// Creates a workspace for the signed-in user of `c`; returns its id.
    pub async fn create_tenant(&self, c: &reqwest::Client, name: &str) -> String {
        let (status, v) = self
            .call(
                c,
                CreateTenant {
                    name: name.to_string(),
                    timezone: None,
                },
            )
            .await;
        assert!(
            status == 200 || status == 302,
            "create_tenant: {status} {v}"
        );
        v["id"].as_str().expect("tenant id").to_string()
    }

    /// A signed-in owner of a fresh workspace.
    pub async fn owner(&self, tag: &str) -> Owner {
        let client = client();
        let email = unique_email(tag);
        let user_id = self.sign_in(&client, &email).await;
        let tenant = self
            .create_tenant(&client, &format!("{tag} workspace"))
            .await;
        Owner {
            client,
            user_id,
            tenant,
            email,
        }
    }

    /// Invites `email` with `role` into `tenant` and has them accept; returns their client and id.
    pub async fn add_member(
        &self,
        owner: &reqwest::Client,
        tenant: &str,
        email: &str,
        role: baas::roles::Role,
    ) -> (reqwest::Client, String) {
        let (status, v) = self
            .call(
                owner,
                CreateInvite {
                    tenant_id: tenant.to_string(),
                    email: email.to_string(),
                    role,
                },
            )
            .await;
        assert_eq!(status, 200, "create_invite: {v}");
        let link = v["link"].as_str().expect("link");
        let token = token_from(link, "/invite?token=");
        let c = client();
        let uid = self.sign_in(&c, email).await;
        let (status, v) = self
            .call(
                &c,
                AcceptInvite {
                    token: token.to_string(),
                },
            )
            .await;
        assert!(
            status == 200 || status == 302,
            "accept_invite: {status} {v}"
        );
        (c, uid)
    }

    /// Runs a scalar count query.
    pub async fn count(&self, sql: &str, arg: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql)
            .bind(arg)
            .fetch_one(&self.db.pool)
            .await
            .expect("count");
        n
    }
}

/// Waits for a sign-in link mailed to `to` in the sink's folder `maildir` (for servers that are
/// not a [`TestApp`]) and returns its token.
pub async fn wait_for_token(maildir: &std::path::Path, to: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let found = std::fs::read_dir(maildir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
                    .find(|v| {
                        v["to"]
                            .as_array()
                            .is_some_and(|a| a.iter().any(|r| r == to))
                            && v["text"]
                                .as_str()
                                .is_some_and(|t| t.contains("/auth/verify?token="))
                    })
            })
            .ok()
            .flatten();
        if let Some(mail) = found {
            return token_from(
                mail["text"].as_str().unwrap_or_default(),
                "/auth/verify?token=",
            );
        }
        assert!(Instant::now() < deadline, "no sign-in link for {to}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Extracts the token that follows `marker` in a text.
pub fn token_from(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .map(|i| i + marker.len())
        .expect("marker in text");
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Defines a test that runs once on SQLite and once on PostgreSQL.
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// A bot test run against each real peer (Clawdbot 2026.1.24, OpenClaw 2026.9.6) on each
/// database: `|app: TestApp, flavour: Flavour| async move { … }`.
macro_rules! both_peers {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            use $crate::helpers::peer::Flavour;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn clawdbot_sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                ($body)(app, Flavour::Clawdbot).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn clawdbot_postgres() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await;
                ($body)(app, Flavour::Clawdbot).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn openclaw_sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                ($body)(app, Flavour::OpenClaw).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn openclaw_postgres() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await;
                ($body)(app, Flavour::OpenClaw).await;
            }
        }
    };
}

/// What a gateway test needs: an owner's client, a virtual key of one agent, and the mock
/// provider the pool points at.
pub struct GatewaySetup {
    pub owner: reqwest::Client,
    pub key: String,
    pub tenant: String,
    pub agent: String,
    pub mock: String,
}

/// Starts the mock provider on a loopback port; returns its base URL.
pub async fn spawn_mock() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(
            listener,
            crate::mock_provider::router(crate::mock_provider::MockConfig::default()),
        )
        .await
        .expect("mock");
    });
    format!("http://{addr}")
}

impl TestApp {
    /// A key of the setup's agent provisioned into a bot of its tenant (the only kind plans
    /// without API access accept); the bot is registered, not connected.
    pub async fn bot_key(&self, s: &GatewaySetup) -> String {
        let user = self.user_of(&s.owner).await;
        let at = self.access(&s.tenant, &user).await;
        let bot = baas::clawdbot::store::add_bot(
            &self.db,
            &self.secrets,
            &at,
            "Bot",
            "ws://127.0.0.1:9",
            "bot-token",
        )
        .await
        .expect("bot");
        baas::gateway::store::create_bot_key(&self.db, &at, &s.agent, &bot.id, "bot Bot")
            .await
            .expect("bot key")
            .key
    }

    /// The signed-in person behind client `c`.
    /// `user`'s access to `tenant`, as the server functions check it (from loopback).
    pub async fn access(
        &self,
        tenant: &str,
        user: &baas::auth::CurrentUser,
    ) -> baas::access::Access {
        baas::access::Access::member(
            &self.db,
            &baas::ids::TenantId::new(tenant),
            &user.user_id,
            user.actor("127.0.0.1"),
            baas::roles::Role::Viewer,
        )
        .await
        .expect("a member of the workspace")
    }

    pub async fn user_of(&self, c: &reqwest::Client) -> baas::auth::CurrentUser {
        let (status, me) = self.call(c, Whoami {}).await;
        assert_eq!(status, 200, "{me}");
        baas::auth::CurrentUser {
            user_id: me["user_id"].as_str().expect("user id").to_string(),
            email: me["email"].as_str().expect("email").to_string(),
            session_hash: String::new(),
        }
    }

    /// A tenant with one agent (`name`, Clawdbot id `clawdbot_id`) and a key, and the pool set to
    /// `credentials` (secret, priority) on a fresh mock provider; a secret starting with `sub-`
    /// is added as an (enabled) Claude subscription.
    pub async fn gateway_setup(
        &self,
        name: &str,
        clawdbot_id: &str,
        credentials: &[(&str, i64)],
    ) -> GatewaySetup {
        self.gateway_setup_with_credits(name, clawdbot_id, credentials, GATEWAY_CREDITS)
            .await
    }

    /// [`TestApp::gateway_setup`] with `credits` micro-USD of Opus credits (none when 0).
    pub async fn gateway_setup_with_credits(
        &self,
        name: &str,
        clawdbot_id: &str,
        credentials: &[(&str, i64)],
        credits: i64,
    ) -> GatewaySetup {
        use baas::gateway::credentials::{self, CredentialKind};
        use baas::gateway::store;
        let Owner {
            client: owner,
            user_id,
            tenant,
            email,
        } = self.owner("gw").await;
        let user = baas::auth::CurrentUser {
            user_id,
            email,
            session_hash: String::new(),
        };
        let at = self.access(&tenant, &user).await;
        let agent = store::create_agent(&self.db, &at, name, clawdbot_id)
            .await
            .expect("agent");
        let key = store::create_key(&self.db, &at, &agent.id, "test")
            .await
            .expect("key");
        let mock = spawn_mock().await;
        for (i, (secret, priority)) in credentials.iter().enumerate() {
            let kind = if secret.starts_with("sub-") {
                CredentialKind::ClaudeSubscription
            } else {
                CredentialKind::AnthropicApiKey
            };
            let id = credentials::add_credential(
                &self.db,
                &self.secrets,
                &format!("cred{i}"),
                kind,
                &mock,
                secret,
                *priority,
            )
            .await
            .expect("credential");
            // Subscriptions are added disabled; these tests accept the risk.
            credentials::set_credential_enabled(&self.db, &id, true)
                .await
                .expect("enable");
        }
        self.gateway.reload_pool().await.expect("reload");
        if credits > 0 {
            baas::billing::credits::grant(
                &self.db,
                self.gateway.policies(),
                &baas::audit::Actor::operator(),
                &baas::ids::TenantId::new(&tenant),
                credits,
            )
            .await
            .expect("credits");
        }
        GatewaySetup {
            owner,
            key: key.key,
            tenant,
            agent: agent.id,
            mock,
        }
    }
}

/// Opus credits every gateway test workspace starts with (US$ 1,000): Business pays Opus from
/// credits, and these never bind unless a test says so.
pub const GATEWAY_CREDITS: i64 = 1_000_000_000;

/// A response's status and JSON body (or its text, when it is not JSON).
async fn answer(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}
