//! The real `baas` binary run by tests: its operator commands, and server processes (several
//! may share one database) that are killed when dropped.

use super::{free_port, PATIENCE};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs an operator command in `dir` (its embedded database), feeding `stdin`; returns its
/// JSON output.
pub fn baas(dir: &Path, args: &[&str], stdin: &str) -> Value {
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
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json output")
}

/// A server process, killed when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server in `dir` with `vars` (besides its address) and waits until it is
    /// ready.
    pub async fn start(dir: &Path, vars: &[(&str, &str)]) -> Server {
        let port = free_port();
        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_baas"))
            .current_dir(dir)
            .env_clear()
            .env("BAAS_BIND", format!("127.0.0.1:{port}"))
            .env("BAAS_PUBLIC_URL", &url)
            .env("BAAS_LOG", "warn")
            .envs(vars.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn server");
        let server = Server { child, url };
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(r) = reqwest::get(format!("{}/readyz", server.url)).await {
                if r.status() == 200 {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Posts a Messages request body with key `key`.
    pub async fn ask(&self, key: &str, body: &[u8]) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/v1/messages", self.url))
            .header("x-api-key", key)
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .expect("request")
    }

    /// Established TCP connections this process has to loopback port `port`.
    pub fn connections_to(&self, port: u16) -> usize {
        let pid = self.child.id();
        let inodes: std::collections::HashSet<String> =
            std::fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|rd| {
                    rd.flatten()
                        .filter_map(|e| std::fs::read_link(e.path()).ok())
                        .filter_map(|l| {
                            l.to_string_lossy()
                                .strip_prefix("socket:[")
                                .and_then(|s| s.strip_suffix(']'))
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
        let mut n = 0;
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = std::fs::read_to_string(table).unwrap_or_default();
            for line in text.lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 10 {
                    continue;
                }
                let remote_port = f[2]
                    .rsplit(':')
                    .next()
                    .and_then(|p| u16::from_str_radix(p, 16).ok());
                if remote_port == Some(port) && f[3] == "01" && inodes.contains(f[9]) {
                    n += 1;
                }
            }
        }
        n
    }
}
