//! `mock-stripe [--port N] [--webhook-url URL --webhook-secret whsec_…]`: a Stripe stand-in on
//! loopback for tests, the browser suite and demos; its own program, so nothing of it ships in
//! the product's binary.

mod stand_in;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: mock-stripe [--port N] [--webhook-url http://127.0.0.1:PORT/webhooks/stripe --webhook-secret whsec_…]";
    let mut port = 12111u16;
    let mut url = None;
    let mut secret = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next();
        let ok = match (a.as_str(), value) {
            ("--port", Some(v)) => v.parse().map(|p| port = p).is_ok(),
            ("--webhook-url", Some(v)) => {
                url = Some(v.clone());
                v.starts_with("http://127.0.0.1:")
            }
            ("--webhook-secret", Some(v)) => {
                secret = Some(v.clone());
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    }
    let webhook = match (url, secret) {
        (Some(url), Some(secret)) => Some(stand_in::Webhook { url, secret }),
        (None, None) => None,
        _ => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let listener = match server::listen(std::net::SocketAddr::from(([127, 0, 0, 1], port))) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    eprintln!("Stripe stand-in listening on http://127.0.0.1:{port}");
    match axum::serve(listener, stand_in::router(webhook))
        .with_graceful_shutdown(server::shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Stripe stand-in: {e}");
            ExitCode::from(1)
        }
    }
}
