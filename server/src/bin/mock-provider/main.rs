//! `mock-provider [--port N] [--latency-ms N] [--stream-gap-ms N]`: an Anthropic-compatible
//! upstream on loopback for tests, benchmarks and demos; its own program, so nothing of it
//! ships in the product's binary.

mod provider;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut port = 9100u16;
    let mut latency_ms = 0u64;
    let mut gap_ms = 0u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next();
        let ok = match (a.as_str(), value) {
            ("--port", Some(v)) => v.parse().map(|p| port = p).is_ok(),
            ("--latency-ms", Some(v)) => v.parse().map(|l| latency_ms = l).is_ok(),
            ("--stream-gap-ms", Some(v)) => v.parse().map(|g| gap_ms = g).is_ok(),
            _ => false,
        };
        if !ok {
            eprintln!("usage: mock-provider [--port N] [--latency-ms N] [--stream-gap-ms N]");
            return ExitCode::from(2);
        }
    }
    let config = provider::MockConfig {
        latency: std::time::Duration::from_millis(latency_ms),
        stream_gap: std::time::Duration::from_millis(gap_ms),
    };
    let listener = match server::listen(std::net::SocketAddr::from(([127, 0, 0, 1], port))) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    eprintln!("mock provider listening on http://127.0.0.1:{port}");
    match axum::serve(server::without_nagle(listener), provider::router(config))
        .with_graceful_shutdown(server::shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mock provider: {e}");
            ExitCode::from(1)
        }
    }
}
