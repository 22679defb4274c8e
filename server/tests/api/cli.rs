//! The operator commands of the `baas` binary, run as a subprocess on an embedded database.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn baas(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baas"))
        .current_dir(dir)
        .env_clear()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // A command that fails before reading its input closes the pipe first.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write: {e}");
    }
    child.wait_with_output().expect("wait")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json output")
}

#[test]
fn operators_manage_credentials_and_read_usage_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let secret = "sk-ant-api03-operator-secret-value";
    let added = json(&baas(
        dir.path(),
        &[
            "credential",
            "add",
            "--name",
            "workspace-a",
            "--base-url",
            "https://api.anthropic.com",
            "--priority",
            "5",
            "--json",
        ],
        secret,
    ));
    let id = added["id"].as_str().expect("id").to_string();
    let list = json(&baas(dir.path(), &["credential", "list", "--json"], ""));
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["name"], "workspace-a");
    assert_eq!(list[0]["kind"], "anthropic_api_key");
    assert_eq!(list[0]["priority"], 5);
    assert_eq!(list[0]["enabled"], true);
    assert!(
        !list.to_string().contains(secret),
        "secrets are never printed"
    );

    // Encrypted at rest: the database file does not contain the secret.
    let db_bytes = std::fs::read(dir.path().join("data/baas.db")).expect("db");
    let wal = std::fs::read(dir.path().join("data/baas.db-wal")).unwrap_or_default();
    for bytes in [&db_bytes, &wal] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
    }

    // Subscription tokens start disabled, with the provider's terms spelled out.
    let out = baas(
        dir.path(),
        &[
            "credential",
            "add",
            "--name",
            "max-1",
            "--kind",
            "claude_subscription",
            "--json",
        ],
        "oauth-token",
    );
    let sub = json(&out);
    assert_eq!(sub["enabled"], false);
    assert!(String::from_utf8_lossy(&out.stderr).contains("third-party"));
    let list = json(&baas(dir.path(), &["credential", "list", "--json"], ""));
    let listed = list
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == "max-1").cloned())
        .expect("listed");
    assert_eq!(listed["enabled"], false);

    let out = baas(dir.path(), &["credential", "disable", &id], "");
    assert!(out.status.success());
    let list = json(&baas(dir.path(), &["credential", "list", "--json"], ""));
    let first = list
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == id.as_str()).cloned())
        .expect("first");
    assert_eq!(first["enabled"], false);
    let table = baas(dir.path(), &["credential", "list"], "");
    assert!(String::from_utf8_lossy(&table.stdout).contains("workspace-a"));

    let usage = json(&baas(dir.path(), &["usage", "list", "--json"], ""));
    assert_eq!(usage, serde_json::json!([]));

    let out = baas(
        dir.path(),
        &[
            "price",
            "set",
            "claude-sonnet-4-5",
            "--input",
            "2",
            "--output",
            "10",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = baas(
        dir.path(),
        &[
            "price",
            "set",
            "acme-model-1",
            "--input",
            "0.5",
            "--output",
            "1.5",
            "--cache-read",
            "0.05",
        ],
        "",
    );
    assert!(out.status.success());
    let prices = json(&baas(dir.path(), &["price", "list", "--json"], ""));
    let find = |m: &str| {
        prices
            .as_array()
            .and_then(|a| a.iter().find(|p| p["model"] == m).cloned())
            .expect(m)
    };
    let sonnet = find("claude-sonnet-4-5");
    assert_eq!(
        (sonnet["input"].as_i64(), sonnet["output"].as_i64()),
        (Some(2_000_000), Some(10_000_000))
    );
    assert_eq!(sonnet["cache_read"], 200_000, "defaults to 0.1x input");
    assert_eq!(sonnet["cache_write"], 2_500_000, "defaults to 1.25x input");
    let acme = find("acme-model-1");
    assert_eq!(acme["cache_read"], 50_000);
    assert!(
        find("claude-haiku-4-5")["input"].as_i64().is_some(),
        "defaults remain"
    );
}

#[test]
fn bad_operator_input_is_explained() {
    let dir = tempfile::tempdir().expect("tmp");
    for (args, needle) in [
        (
            vec!["credential", "add", "--name", "x", "--kind", "magic"],
            "unknown credential kind",
        ),
        (
            vec!["credential", "add", "--base-url", "https://a.b"],
            "--name <NAME>",
        ),
        (
            vec!["credential", "add", "--name", "x", "--base-url", "ftp://a"],
            "base URL",
        ),
        (vec!["credential", "disable", "no-such-id"], "not found"),
        (vec!["usage", "list", "--limit", "many"], "--limit"),
        (vec!["frobnicate"], "unknown command"),
        (
            vec!["price", "set", "m", "--input", "-1", "--output", "2"],
            "--input",
        ),
        (
            vec!["price", "set", "m", "--input", "1"],
            "--output <OUTPUT>",
        ),
    ] {
        let out = baas(dir.path(), &args, "sk-secret");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let out = baas(dir.path(), &["credential", "add", "--name", "x"], "   ");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("secret is empty"));
}

#[test]
fn operators_are_named_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = baas(dir.path(), &["operator", "grant", "ops@baas.test"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = json(&baas(dir.path(), &["operator", "list", "--json"], ""));
    assert_eq!(list, serde_json::json!(["ops@baas.test"]));
    let out = baas(dir.path(), &["operator", "grant", "not-an-email"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("email"));
    assert!(
        baas(dir.path(), &["operator", "revoke", "ops@baas.test"], "")
            .status
            .success()
    );
    let list = json(&baas(dir.path(), &["operator", "list", "--json"], ""));
    assert_eq!(list, serde_json::json!([]));
}
