//! Operations: health and readiness, request limits, logs, configuration errors, shutdown.

use crate::helpers::{client, TestApp};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

both_backends!(health_and_readiness, |app: TestApp| async move {
    let c = client();
    let res = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(res.status(), 200);
    let res = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.expect("json")["status"],
        "ready"
    );
    app.db.pool.close().await;
    let res = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_eq!(res.status(), 503, "database gone → not ready");
});

both_backends!(
    oversized_and_cross_site_requests_are_refused,
    |app: TestApp| async move {
        let c = client();
        let big = "x".repeat(server::MAX_BODY_BYTES + 1);
        let res = c
            .post(app.url("/api/create_tenant"))
            .form(&[("name", big.as_str())])
            .send()
            .await
            .expect("big");
        assert_eq!(res.status(), 413);
        // A fresh client: the server closes the connection that sent the oversized body.
        let c = client();
        let res = c
            .post(app.url("/auth/request"))
            .header("origin", "https://evil.example")
            .form(&[("email", "victim@example.com")])
            .send()
            .await
            .expect("cross-site");
        assert_eq!(res.status(), 403);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_tokens")
            .fetch_one(&app.db.pool)
            .await
            .expect("n");
        assert_eq!(n, 0);
        let res = c.get(app.url("/no/such/page")).send().await.expect("404");
        assert_eq!(res.status(), 404);
        assert!(res.text().await.expect("body").contains("Page not found"));
        let res = c
            .post(app.url("/api/no_such_fn"))
            .send()
            .await
            .expect("unknown fn");
        assert!(res.status().is_client_error(), "{}", res.status());
    }
);

both_backends!(pages_render_on_the_server, |app: TestApp| async move {
    let c = client();
    let res = c.get(app.url("/login")).send().await.expect("login");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let html = res.text().await.expect("html");
    assert!(html.contains("Email me a sign-in link"));
    assert!(html.contains("/pkg/baas.js"), "hydration script referenced");
    // Signed-out visitors of a workspace page are sent to sign in.
    let res = c
        .get(app.url("/t/some-tenant/team"))
        .send()
        .await
        .expect("team");
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"]
        .to_str()
        .expect("loc")
        .starts_with("/login"));
});

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_baas")
}

#[test]
fn invalid_configuration_names_the_variable_and_the_fix() {
    for (var, value) in [
        ("DATABASE_URL", "mysql://localhost/db"),
        ("BAAS_BIND", "not-an-address"),
        ("BAAS_PUBLIC_URL", "baas.example.com"),
        ("SMTP_URL", "smtp://mail.example.com"),
        ("BAAS_LOG", "info,sqlx=loud"),
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Command::new(binary())
            .current_dir(dir.path())
            .env_clear()
            .env(var, value)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{var}");
        let err = String::from_utf8_lossy(&out.stderr);
        let expected_var = if var == "SMTP_URL" { "SMTP_FROM" } else { var };
        assert!(
            err.contains(expected_var) && err.contains("Fix:"),
            "{var}: {err}"
        );
    }
}

#[test]
fn serves_embedded_sqlite_logs_json_with_request_ids_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tmp");
    let port = crate::helpers::free_port();
    let mut child = Command::new(binary())
        .current_dir(dir.path())
        .env_clear()
        .env("BAAS_BIND", format!("127.0.0.1:{port}"))
        .env("BAAS_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    while !lines.iter().any(|l: &String| l.contains("BaaS listening")) {
        assert!(Instant::now() < deadline, "server did not start: {lines:?}");
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            lines.push(l);
        }
    }
    // The embedded default: database and a private master key under ./data.
    assert!(dir.path().join("data/baas.db").exists());
    let key_mode = std::fs::metadata(dir.path().join("data/master.key"))
        .expect("key")
        .permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&key_mode) & 0o777,
        0o600
    );

    // No SMTP configured: the sign-in link is printed to the log.
    let c = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = c
        .post(format!("http://127.0.0.1:{port}/auth/request"))
        .header("accept", "application/json")
        .header("x-request-id", "req-test-42")
        .form(&[("email", "newcomer@example.com")])
        .send()
        .expect("request");
    assert_eq!(res.status(), 202);
    assert_eq!(res.headers()["x-request-id"], "req-test-42");
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    while !lines.iter().any(|l| l.contains("/auth/verify?token=")) {
        assert!(Instant::now() < deadline, "link not logged: {lines:?}");
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            lines.push(l);
        }
    }
    let request_lines: Vec<serde_json::Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["span"]["request_id"] == "req-test-42")
        .collect();
    assert!(
        !request_lines.is_empty(),
        "no JSON line carries the request id: {lines:?}"
    );
    // The line that carries the link (written by the background mail task) is one of them.
    assert!(
        request_lines
            .iter()
            .any(|v| v.to_string().contains("/auth/verify?token=")),
        "the mail log line lacks the request id: {lines:?}"
    );
    for l in &lines {
        serde_json::from_str::<serde_json::Value>(l)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
    }

    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + crate::helpers::PATIENCE;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // The process has exited: its reader thread ends once it has passed on every line.
    lines.extend(rx.iter());
    assert!(
        lines.iter().any(|l| l.contains("shut down cleanly")),
        "{lines:?}"
    );
}
