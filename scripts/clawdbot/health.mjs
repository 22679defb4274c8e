// Waits until a Clawdbot or OpenClaw gateway answers `health` over its WebSocket protocol
// (3 or 4; on loopback a token alone keeps its scopes), or gives up.
// Usage: node health.mjs <port> <token> <seconds> <pid>. Exits 0 once healthy, 1 on timeout,
// 2 as soon as process <pid> (the gateway) has exited.
const [port, token, seconds, pid] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;

function probe() {
  return new Promise((resolve) => {
    let ws;
    try {
      ws = new WebSocket(`ws://127.0.0.1:${port}`);
    } catch {
      resolve(false);
      return;
    }
    // Closing a socket that is still connecting fires its error and close handlers at once,
    // which would call back in here: settle once and detach them first.
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.onerror = ws.onclose = ws.onmessage = null;
      try { ws.close(); } catch {}
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 10_000);
    ws.onerror = () => done(false);
    ws.onclose = () => done(false);
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type === "event" && f.event === "connect.challenge") {
        ws.send(JSON.stringify({
          type: "req", id: "connect", method: "connect",
          params: {
            minProtocol: 3, maxProtocol: 4,
            client: { id: "gateway-client", displayName: "BaaS test", version: "0", platform: "linux", mode: "backend" },
            role: "operator", scopes: ["operator.admin"], auth: { token },
          },
        }));
      } else if (f.type === "res" && f.id === "connect") {
        if (!f.ok) {
          // OpenClaw refuses connections while it starts; that is waited out quietly.
          if (f.error?.code !== "UNAVAILABLE") console.error(`connect refused: ${JSON.stringify(f.error)}`);
          done(false);
          return;
        }
        ws.send(JSON.stringify({ type: "req", id: "health", method: "health", params: {} }));
      } else if (f.type === "res" && f.id === "health") {
        done(f.ok === true);
      }
    };
  });
}

function alive() {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

while (!(await probe())) {
  if (!alive()) process.exit(2);
  if (Date.now() > deadline) process.exit(1);
  await new Promise((r) => setTimeout(r, 250));
}
