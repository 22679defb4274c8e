//! `baas`: serves the BaaS web app, its API and sign-in routes.

use baas::config::{redact_url, Settings};
use std::net::SocketAddr;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if server::cli::is_command(&args) {
        return server::cli::run(&args).await;
    }
    if let Some(unknown) = args.first() {
        eprintln!("unknown command {unknown:?}\n{}", server::cli::help());
        return ExitCode::from(2);
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let filter = match EnvFilter::try_new(&settings.log_filter) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "invalid configuration: BAAS_LOG: {e}. Fix: use a filter like info or info,sqlx=warn"
            );
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(false)
        .flatten_event(true)
        .init();

    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let options = server::leptos_options(&site_root, &settings);
    let state = match server::build_state(&settings, options).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "start-up failed");
            eprintln!("start-up failed: {e}");
            return ExitCode::from(1);
        }
    };
    let listener = match server::listen(settings.bind) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {} (BAAS_BIND): {e}", settings.bind);
            return ExitCode::from(1);
        }
    };
    tracing::info!(
        bind = %settings.bind,
        public_url = %settings.public_url,
        database = %redact_url(&settings.database_url),
        smtp = settings.smtp.is_some(),
        "BaaS listening; open {}", settings.public_url
    );
    let housekeeping = server::spawn_housekeeping(&state);
    let bot_sync = server::spawn_bot_sync(&state);
    let bot_refresh = server::spawn_bot_refresh(&state);
    let admin_agent = server::spawn_admin_agent(&state);
    let billing_sweep = settings.stripe.as_ref().map(|s| {
        server::billing::spawn_sweep(&state, std::time::Duration::from_secs(s.sweep_secs as u64))
    });
    let projections = baas::costs::watch::spawn_projection_watch(
        state.db.clone(),
        std::time::Duration::from_secs(600),
    );
    let (gw, usage_writer) = match server::build_gateway(&state, &settings).await {
        Ok(g) => g,
        Err(e) => {
            eprintln!("start-up failed: {e}");
            return ExitCode::from(1);
        }
    };
    let pool_reload = gw.spawn_reload(std::time::Duration::from_secs(10));
    let app = server::router(state, gw, settings.trust_proxy);
    let served = axum::serve(
        server::without_nagle(listener),
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(server::shutdown_signal())
    .await;
    housekeeping.abort();
    bot_sync.abort();
    bot_refresh.abort();
    admin_agent.abort();
    if let Some(sweep) = billing_sweep {
        sweep.abort();
    }
    projections.abort();
    pool_reload.abort();
    let _ = pool_reload.await;
    // Every handle on the usage queue is gone now; the writer drains it and ends.
    if tokio::time::timeout(std::time::Duration::from_secs(20), usage_writer)
        .await
        .is_err()
    {
        tracing::error!("usage records still unwritten after 20 s; giving up");
    }
    match served {
        Ok(()) => {
            tracing::info!("shut down cleanly");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "server error");
            ExitCode::from(1)
        }
    }
}
