//! A network namespace of the test's own making, joined to the host by a veth pair: the one
//! place a test may send traffic to an address that is not loopback. A peer started inside
//! sees BaaS connect from another machine's address, as in production.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A namespace with the host at `host_ip` and the namespace at `peer_ip` (a /30 of 10.231/16),
/// removed with its veth pair when dropped.
pub struct Namespace {
    pub name: String,
    pub host_ip: String,
    pub peer_ip: String,
}

fn ip(args: &[&str]) {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("run ip (iproute2; scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Namespace {
    /// Creates a namespace (needs root, as the suite runs on its machines).
    pub fn create() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // Process id and counter keep concurrent test processes apart; interface names are
        // limited to 15 characters.
        let tag = format!("{:x}{n:x}", std::process::id() & 0xfffff);
        let subnet = (std::process::id() % 60) * 4 + n % 4;
        let ns = Self {
            name: format!("baas-t{tag}"),
            host_ip: format!("10.231.{}.{}", subnet / 64, (subnet % 64) * 4 + 1),
            peer_ip: format!("10.231.{}.{}", subnet / 64, (subnet % 64) * 4 + 2),
        };
        let (host_if, ns_if) = (format!("bh{tag}"), format!("bn{tag}"));
        ip(&["netns", "add", &ns.name]);
        ip(&[
            "link", "add", &host_if, "type", "veth", "peer", "name", &ns_if,
        ]);
        ip(&["link", "set", &ns_if, "netns", &ns.name]);
        ip(&[
            "addr",
            "add",
            &format!("{}/30", ns.host_ip),
            "dev",
            &host_if,
        ]);
        ip(&["link", "set", &host_if, "up"]);
        ns.exec(&[
            "ip",
            "addr",
            "add",
            &format!("{}/30", ns.peer_ip),
            "dev",
            &ns_if,
        ]);
        ns.exec(&["ip", "link", "set", &ns_if, "up"]);
        ns.exec(&["ip", "link", "set", "lo", "up"]);
        ns
    }

    fn exec(&self, args: &[&str]) {
        let mut all = vec!["netns", "exec", &self.name];
        all.extend_from_slice(args);
        ip(&all);
    }

    /// The words that run a command inside the namespace.
    pub fn prefix(&self) -> [&str; 4] {
        ["ip", "netns", "exec", &self.name]
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        // Removing the namespace removes its end of the veth pair, and so the pair.
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}
