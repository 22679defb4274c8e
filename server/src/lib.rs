//! The BaaS server: builds the application state and the router (pages, server functions,
//! sign-in routes, operations endpoints) with its middleware.
// The pages' view types are deeply nested; laying them out needs more than the default depth.
#![recursion_limit = "256"]

mod anthropic;
mod assets;
mod auth_routes;
pub mod billing;
pub mod cli;
mod export;
pub mod gateway;
mod knowledge;
mod middleware;
mod native;
mod openai;
mod ops;

use app::state::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::Request;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use baas::auth::Auth;
use baas::config::{ConfigError, Settings};
use baas::costs::ledgers::{RedisSpend, Spend};
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::mail::Mailer;
use baas::ratelimit::limiter::{Limiter, RedisLimiter};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::time::Duration;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Largest request body accepted by the app's routes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest time a request may take before the server answers 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("database: {0}")]
    Database(baas::error::Error),
    #[error("mail: {0}")]
    Mail(baas::error::Error),
    #[error(
        "REDIS_URL: cannot reach Redis ({0}); start it or unset REDIS_URL to keep limits in memory"
    )]
    Redis(String),
}

/// Leptos options for a site whose compiled assets live under `site_root`.
/// Pages name the bundle's files by their content hash when the site build wrote one.
pub fn leptos_options(site_root: &str, settings: &Settings) -> LeptosOptions {
    let hashes = assets::hash_file(site_root);
    LeptosOptions::builder()
        .output_name("baas")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .site_addr(settings.bind)
        .hash_files(hashes.is_some())
        .hash_file(
            hashes
                .map(|p| p.to_string_lossy().into())
                .unwrap_or_else(|| "hash.txt".into()),
        )
        .build()
}

/// Connects to the database, applies migrations and assembles the state.
pub async fn build_state(
    settings: &Settings,
    leptos_options: LeptosOptions,
) -> Result<AppState, StartError> {
    let mailer = Mailer::new(settings.smtp.as_ref()).map_err(StartError::Mail)?;
    build_state_with(settings, leptos_options, mailer).await
}

/// The gateway's routes, one per wire shape, with their own body limit.
fn gateway_routes(gw: gateway::Gateway) -> Router {
    Router::new()
        .route("/v1/messages", post(anthropic::messages))
        .route("/v1/chat/completions", post(openai::chat_completions))
        .route("/api/v1/llm/completions", post(native::completions))
        .layer(DefaultBodyLimit::disable())
        .with_state(gw)
}

/// The knowledge base's upload: a document, not a form, so it has its own body limit; the same
/// cross-site refusal and time limit as the other routes.
fn upload_routes(state: AppState) -> Router {
    let limit = baas::clawdbot::knowledge::MAX_UPLOAD_BYTES + 64 * 1024;
    Router::new()
        .route("/knowledge/{tenant}/{bot}", post(knowledge::upload))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::same_origin,
        ))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// [`build_state`] with the mailer given.
pub async fn build_state_with(
    settings: &Settings,
    leptos_options: LeptosOptions,
    mailer: Mailer,
) -> Result<AppState, StartError> {
    let master_key = settings.load_master_key()?;
    let db = Db::connect(&settings.database_url)
        .await
        .map_err(StartError::Database)?;
    let secrets = SecretBox::new(&master_key);
    let plan = baas::costs::policy::load_plan(&db, &settings.signup.default_plan)
        .await
        .map_err(StartError::Database)?;
    if plan.is_none() {
        return Err(StartError::Config(ConfigError {
            var: "BAAS_DEFAULT_PLAN",
            problem: format!("there is no plan {:?}", settings.signup.default_plan),
            fix: "give the id of an existing plan, like starter (baas plan list shows them)",
        }));
    }
    let auth = Auth::new(
        db.clone(),
        mailer,
        secrets.clone(),
        settings.public_url.clone(),
        settings.signup.allowed.clone(),
        settings.signup.links_per_ip,
    );
    let state = AppState {
        db,
        auth,
        secrets,
        keys: Default::default(),
        policies: Default::default(),
        bots: baas::clawdbot::manager::BotManager::new(baas::clawdbot::client::ConnectOptions {
            device: Some(std::sync::Arc::new(
                baas::clawdbot::device::DeviceIdentity::from_master_key(&master_key),
            )),
            ..settings.bots.clone()
        }),
        bot_health_window: settings.bot_health_window,
        signup: settings.signup.clone(),
        export_timeout: settings.export_timeout,
        public_url: settings.public_url.clone(),
        secure_cookies: settings.secure_cookies(),
        admin_agent: settings.admin_agent,
        billing: settings
            .stripe
            .as_ref()
            .map(baas::billing::stripe::Stripe::new)
            .transpose()
            .map_err(StartError::Database)?,
        leptos_options,
    };
    // Connect to every registered bot from the start; the dashboard adds and removes them.
    let bots = baas::clawdbot::store::all_bots(&state.db, &state.secrets)
        .await
        .map_err(StartError::Database)?;
    state.bots.sync(&bots);
    Ok(state)
}

async fn server_fns(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// Starts the usage writer and builds the gateway on the state's database.
pub async fn build_gateway(
    state: &AppState,
    settings: &Settings,
) -> Result<(gateway::Gateway, tokio::task::JoinHandle<()>), StartError> {
    let redis = match &settings.redis_url {
        None => None,
        Some(url) => Some(
            baas::ratelimit::limiter::connect(url)
                .await
                .map_err(|e| StartError::Redis(e.to_string()))?,
        ),
    };
    let (limiter, spend) = match redis {
        None => (Limiter::local(), Spend::local()),
        Some(conn) => (
            Limiter::Redis(RedisLimiter::new(conn.clone())),
            Spend::Redis(RedisSpend::new(conn)),
        ),
    };
    let (sink, writer) =
        baas::gateway::outbox::spawn(state.db.clone(), &settings.data_dir.join("outbox"), 10_000)
            .await
            .map_err(StartError::Database)?;
    let budget = gateway::BudgetGate::new(
        state.policies.clone(),
        spend,
        settings.budget_fail_open,
        settings.downgrade_map.clone(),
    );
    let gw = gateway::Gateway::new(
        state.db.clone(),
        state.secrets.clone(),
        sink,
        settings.limits,
        limiter,
        state.keys.clone(),
        gateway::Timing {
            body_timeout: settings.body_timeout,
            max_bodies: settings.max_bodies,
            upstream_timeout: settings.upstream_timeout,
            upstream_idle: settings.upstream_idle,
        },
        budget,
    )
    .await
    .map_err(StartError::Database)?;
    Ok((gw, writer))
}

/// Connections the kernel may queue before they are accepted: a burst of clients (a thousand
/// streams opening at once) must not overflow the queue, or some wait a full SYN retry (1 s).
pub const LISTEN_BACKLOG: u32 = 4096;

/// Binds a listening socket on `addr` with [`LISTEN_BACKLOG`].
pub fn listen(addr: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Sets `TCP_NODELAY` on every accepted connection: streamed answers are many small writes,
/// and with Nagle's algorithm each one could wait for the previous one's delayed ACK.
pub fn without_nagle(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    fn set(tcp: &mut tokio::net::TcpStream) {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY not set");
        }
    }
    listener.tap_io(set as fn(&mut tokio::net::TcpStream))
}

/// Longest time the gateway waits for a provider's response head.
pub const GATEWAY_TIMEOUT: Duration = Duration::from_secs(300);

/// The complete router: pages, server functions, auth and operations routes, the LLM gateway,
/// and their middleware.
pub fn router(state: AppState, gw: gateway::Gateway, trust_proxy: bool) -> Router {
    let https = state.secure_cookies;
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let ctx_state = state.clone();
    let uploads = upload_routes(state.clone());
    let webhooks = billing::routes(state.clone());
    let assets = assets::routes(&state.leptos_options.site_root);
    let app = Router::new()
        .route("/", get(auth_routes::home))
        .route("/auth/request", post(auth_routes::request_link))
        .route("/auth/confirm", post(auth_routes::confirm))
        .route("/auth/signout", post(auth_routes::sign_out))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/export/usage/{tenant}", get(export::usage))
        .route("/export/health/{tenant}", get(export::health))
        .route("/export/workspace/{tenant}", get(export::workspace))
        .route("/api/{*fn_name}", post(server_fns))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ctx_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .merge(assets)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::require_session_for_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::same_origin,
        ))
        .layer(axum::middleware::from_fn(middleware::api_error_status))
        // Pages and server functions' answers; the bundle is stored compressed, the gateway's
        // streams are not compressed at all, and downloads (exports) go out as they are, so a
        // browser saves exactly the file it was sent.
        .layer(
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                |_: axum::http::StatusCode,
                 _: axum::http::Version,
                 headers: &axum::http::HeaderMap,
                 _: &axum::http::Extensions| {
                    !headers.contains_key(header::CONTENT_DISPOSITION)
                },
            )),
        )
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state);
    let gateway = gateway_routes(gw).layer(TimeoutLayer::with_status_code(
        axum::http::StatusCode::GATEWAY_TIMEOUT,
        GATEWAY_TIMEOUT,
    ));
    Router::new()
        .merge(gateway)
        .merge(uploads)
        .merge(webhooks)
        .merge(app)
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::client_ip(trust_proxy, req, next)
        }))
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::security_headers(https, req, next)
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(middleware::request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Imports every connected bot's sessions as conversations every 10 minutes (see
/// `baas::clawdbot::sync::sync_all`), and brings their BaaS signature in line with their plan.
pub fn spawn_bot_sync(state: &AppState) -> tokio::task::JoinHandle<()> {
    let (db, secrets, bots) = (state.db.clone(), state.secrets.clone(), state.bots.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        tick.tick().await;
        loop {
            tick.tick().await;
            match baas::clawdbot::sync::sync_all(&db, &bots, baas::clawdbot::sync::SYNC_TIMEOUT)
                .await
            {
                Ok(round) if round.failed > 0 || round.timed_out > 0 => {
                    tracing::warn!(?round, "bot sync round had failures")
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "bot sync skipped: the database did not answer")
                }
            }
            // A bot that was offline when its workspace's plan moved gets its signature now.
            if let Err(e) = baas::billing::branding::reconcile_all(&db, &secrets, &bots).await {
                tracing::warn!(error = %e, "bots' signatures not reconciled");
            }
        }
    })
}

/// How often each process re-reads the registered bots.
pub const BOT_REFRESH: Duration = Duration::from_secs(3);

/// Keeps this process's bot connections in step with the database: a bot added or removed
/// (or its address or token changed) by another process is connected or dropped here within
/// [`BOT_REFRESH`].
pub fn spawn_bot_refresh(state: &AppState) -> tokio::task::JoinHandle<()> {
    let (db, secrets, bots) = (state.db.clone(), state.secrets.clone(), state.bots.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(BOT_REFRESH);
        loop {
            tick.tick().await;
            match baas::clawdbot::store::all_bots(&db, &secrets).await {
                Ok(list) => bots.sync(&list),
                Err(e) => tracing::warn!(error = %e, "registered bots could not be read"),
            }
        }
    })
}

/// Runs the Admin Agent: bot checks, recovery and notifications (each check and each
/// notification taken by one process when several share the database).
pub fn spawn_admin_agent(state: &AppState) -> tokio::task::JoinHandle<()> {
    baas::supervisor::spawn(state.supervisor(), state.senders())
}

/// Deletes spent sign-in links and dead sessions every hour.
pub fn spawn_housekeeping(state: &AppState) -> tokio::task::JoinHandle<()> {
    let auth = state.auth.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match auth.purge_expired().await {
                Ok(n) => tracing::info!(rows = n, "purged expired sign-in links and sessions"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
            }
        }
    })
}

/// Resolves on SIGTERM or Ctrl-C; in-flight requests then finish before exit.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
