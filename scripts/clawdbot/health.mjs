// Waits until a Clawdbot or OpenClaw gateway answers `health` over its WebSocket protocol,
// or gives up.
// Usage: node health.mjs <port> <token> <seconds> <pid>. Exits 0 once healthy, 1 on timeout,
// 2 as soon as process <pid> (the gateway) has exited.
import { call } from "./gateway.mjs";

const [port, token, seconds, pid] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;

async function probe() {
  const answer = await call(port, token, "health", {});
  // OpenClaw refuses connections while it starts; that, and a port not open yet, are waited
  // out quietly.
  const quiet = ["UNAVAILABLE", "CLOSED", "TIMEOUT"];
  if (!answer.ok && !quiet.includes(answer.error?.code)) {
    console.error(`refused: ${JSON.stringify(answer.error)}`);
  }
  return answer.ok;
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
