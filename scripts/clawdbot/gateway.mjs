// One request to a Clawdbot or OpenClaw gateway over its WebSocket protocol (3 or 4), as a
// backend operator with a token (on loopback a token alone keeps its scopes).
// `call(port, token, method, params)` resolves to `{ ok, payload, error }`; a connection that
// fails or closes first resolves to `{ ok: false, error: { code: "CLOSED" } }`.
export function call(port, token, method, params, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    let ws;
    try {
      ws = new WebSocket(`ws://127.0.0.1:${port}`);
    } catch {
      resolve({ ok: false, error: { code: "CLOSED" } });
      return;
    }
    // Closing a socket that is still connecting fires its error and close handlers at once,
    // which would call back in here: settle once and detach them first.
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.onerror = ws.onclose = ws.onmessage = null;
      try { ws.close(); } catch {}
      resolve(result);
    };
    const closed = () => done({ ok: false, error: { code: "CLOSED" } });
    const timer = setTimeout(() => done({ ok: false, error: { code: "TIMEOUT" } }), timeoutMs);
    ws.onerror = closed;
    ws.onclose = closed;
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
        if (!f.ok) return done({ ok: false, error: f.error });
        ws.send(JSON.stringify({ type: "req", id: "call", method, params }));
      } else if (f.type === "res" && f.id === "call") {
        // The first answer: for `agent`, its acceptance (the turn runs on in the gateway).
        done({ ok: f.ok === true, payload: f.payload, error: f.error });
      }
    };
  });
}
