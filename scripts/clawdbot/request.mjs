// Sends one request to a gateway on loopback and prints its answer as JSON; exits 1 if refused.
// Usage: node request.mjs <port> <token> <method> [params as JSON]
import { call } from "./gateway.mjs";

const [port, token, method, params = "{}"] = process.argv.slice(2);
const answer = await call(port, token, method, JSON.parse(params));
console.log(JSON.stringify(answer.ok ? answer.payload : answer.error));
process.exit(answer.ok ? 0 : 1);
