#!/usr/bin/env bash
# Runs the test suite. Installs what is missing first; prints how long each phase took.
#
#   scripts/test.sh                  everything: formatting and lints, unit tests, integration
#                                    tests on SQLite and PostgreSQL with the real SMTP sink,
#                                    Redis and peers, then browser tests against the release build
#   scripts/test.sh FILTER...        only the Rust tests whose name contains one of the
#                                    FILTERs (e.g. gateway::, hardening::a_slow), on both
#                                    databases
#   scripts/test.sh --sqlite [FILTER...]
#                                    only the Rust tests on SQLite: no PostgreSQL, no SMTP sink,
#                                    no Redis (mail stays in the server's memory; the tests of
#                                    several processes are left out)
#   scripts/test.sh --show-output FILTER...
#                                    also print what passing tests printed (the concurrency
#                                    tests' counts and amounts)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SQLITE_ONLY=""
SHOW=()
FILTERS=()
for arg in "$@"; do
  case "$arg" in
    --sqlite) SQLITE_ONLY=1 ;;
    --show-output) SHOW=(--show-output) ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) die "unknown option $arg (see scripts/test.sh --help)" ;;
    *) FILTERS+=("$arg") ;;
  esac
done
FILTER="${FILTERS[*]}"
PARTIAL="${SQLITE_ONLY}${FILTER}"
# A whole run is a one-shot build, which gains nothing from incremental caches (they grow by
# gigabytes); a partial run is the edit-and-test loop, which they make several times faster.
[ -n "$PARTIAL" ] || export CARGO_INCREMENTAL=0

START=$(date +%s)
PHASE=""
PHASE_START=$START
TIMES=()
phase() {
  local now; now=$(date +%s)
  [ -n "$PHASE" ] && TIMES+=("$(printf '%-44s %5d s' "$PHASE" $((now - PHASE_START)))")
  PHASE="$1"
  PHASE_START=$now
  [ -n "$PHASE" ] && log "$PHASE (at $((now - START)) s)"
  return 0
}
report_times() {
  phase ""
  log "time per phase"
  printf '  %s\n' "${TIMES[@]}" >&2
  printf '  %-44s %5d s\n' "total" $(($(date +%s) - START)) >&2
}

# What the browser tests started (the server, the mock provider, the gateways), stopped by id.
PIDS=()
E2E_DIR=""
cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -n "$E2E_DIR" ] && rm -rf "$E2E_DIR"
  stop_services
  report_times
  exit "$status"
}
source "$ROOT/scripts/services.sh"
trap cleanup EXIT

TEST_ARGS=(-p baas -p app -p server --features baas/server,app/ssr)

if [ -n "$PARTIAL" ]; then
  phase "installing what is missing"
  ensure_clawdbot
  ensure_openclaw
  ensure_python_tools
  phase "building the tests"
  cargo test "${TEST_ARGS[@]}" --no-run
  SKIP=()
  if [ -n "$SQLITE_ONLY" ]; then
    SKIP=(--skip postgres --skip processes)
    phase "tests on SQLite${FILTER:+ matching $FILTER}"
  else
    start_services
    phase "tests${FILTER:+ matching $FILTER}"
  fi
  cargo test "${TEST_ARGS[@]}" --no-fail-fast -- "${FILTERS[@]}" "${SKIP[@]}" "${SHOW[@]}"
  log "the tests passed"
  exit 0
fi

phase "installing what is missing"
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
ensure_build_tools
ensure_echarts
ensure_node
apt_ensure chromium curl
ensure_service_packages
ensure_clawdbot
ensure_openclaw
(cd end2end && npm ci --no-audit --no-fund --silent)

phase "formatting and lints"
cargo fmt --all -- --check
cargo clippy "${TEST_ARGS[@]}" --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

phase "building the tests"
cargo test "${TEST_ARGS[@]}" --no-run

phase "unit and integration tests (SQLite and PostgreSQL)"
start_services
cargo test "${TEST_ARGS[@]}" --no-fail-fast

phase "release build"
build_release
cargo build --release -p server --bin mock-provider --bin mock-stripe

phase "browser tests against the release build"
E2E_DIR="$(mktemp -d /tmp/baas-e2e.XXXXXX)"
E2E_PORT="$(free_port)"
export BAAS_E2E_URL="http://127.0.0.1:$E2E_PORT"
# The operator spec names an operator with the server's own command line, on the same database.
export BAAS_E2E_BIN="$CARGO_TARGET_DIR/release/baas" BAAS_E2E_DATA_DIR="$E2E_DIR" \
  BAAS_E2E_DATABASE_URL="sqlite://$E2E_DIR/baas.db"
# A Stripe stand-in whose signed events come back to the server's webhook.
STRIPE_PORT="$(free_port)"
STRIPE_SECRET="whsec_e2e_$RANDOM$RANDOM"
export BAAS_E2E_STRIPE_URL="http://127.0.0.1:$STRIPE_PORT"
"$CARGO_TARGET_DIR/release/mock-stripe" --port "$STRIPE_PORT" \
  --webhook-url "$BAAS_E2E_URL/webhooks/stripe" --webhook-secret "$STRIPE_SECRET" \
  >"$E2E_DIR/stripe.log" 2>&1 &
PIDS+=("$!")
# Every spec signs in from 127.0.0.1, more often together than the default per-address limit.
(
  cd "$E2E_DIR"
  exec env DATABASE_URL="sqlite://$E2E_DIR/baas.db" BAAS_DATA_DIR="$E2E_DIR" \
    BAAS_BIND="127.0.0.1:$E2E_PORT" BAAS_PUBLIC_URL="$BAAS_E2E_URL" BAAS_BOT_ALLOW_PRIVATE=true \
    BAAS_SIGN_INS_PER_IP=500 \
    BAAS_STRIPE_SECRET_KEY=sk_test_e2e BAAS_STRIPE_WEBHOOK_SECRET="$STRIPE_SECRET" \
    BAAS_STRIPE_API_BASE="$BAAS_E2E_STRIPE_URL" \
    BAAS_CHECK_INTERVAL=2 BAAS_CHECK_RETRY=1 BAAS_CHECK_CONFIRM=2 BAAS_NOTIFY_GROUP_WAIT=1 \
    BAAS_ADMIN_AGENT_TICK=1 \
    SMTP_URL="smtp://127.0.0.1:$BAAS_TEST_SMTP_PORT" SMTP_FROM="BaaS <no-reply@baas.test>" \
    "$CARGO_TARGET_DIR/release/baas"
) >"$E2E_DIR/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
ready=""
for _ in $(seq 1 150); do
  if curl -fsS "$BAAS_E2E_URL/readyz" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$E2E_DIR/server.log"; die "release server exited"; }
  sleep 0.2
done
[ -n "$ready" ] || { cat "$E2E_DIR/server.log"; die "release server not ready after 30 s"; }
# A real Clawdbot gateway for the bot pages, with two WhatsApp groups in its config (and no
# update look-up on the internet at start).
CB_DIR="$E2E_DIR/clawdbot"
mkdir -p "$CB_DIR"
cat >"$CB_DIR/clawdbot.json" <<'JSON'
{"update": {"checkOnStart": false},
 "channels": {"whatsapp": {"groups": {"120363099999999999@g.us": {"requireMention": true}, "*": {"requireMention": true}}}}}
JSON
CB_TOKEN="e2e-$RANDOM$RANDOM"
start_peer_gateway clawdbot "$CB_DIR" "$CB_TOKEN"
PIDS+=("$PEER_PID")
export BAAS_E2E_CLAWDBOT_URL="ws://127.0.0.1:$PEER_PORT" BAAS_E2E_CLAWDBOT_TOKEN="$CB_TOKEN" \
  BAAS_E2E_CLAWDBOT_CONFIG="$CB_DIR/clawdbot.json" BAAS_E2E_CLAWDBOT_PID="$PEER_PID"
# A real OpenClaw gateway whose agents call the mock provider, which keeps the system prompts it
# was sent: the persona spec reads there what the next turn carried.
MOCK_PORT="$(free_port)"
"$CARGO_TARGET_DIR/release/mock-provider" --port "$MOCK_PORT" >"$E2E_DIR/mock.log" 2>&1 &
PIDS+=("$!")
export BAAS_E2E_MOCK_URL="http://127.0.0.1:$MOCK_PORT"
OC_DIR="$E2E_DIR/openclaw"
mkdir -p "$OC_DIR"
cat >"$OC_DIR/openclaw.json" <<JSON
{"update": {"checkOnStart": false},
 "models": {"catalogRefresh": {"enabled": false}, "providers": {"mock": {
   "baseUrl": "$BAAS_E2E_MOCK_URL", "api": "anthropic-messages", "apiKey": "sk-mock-ok",
   "models": [{"id": "claude-sonnet-4-5", "name": "Claude Sonnet 4.5", "contextWindow": 200000, "maxTokens": 1024}]}}},
 "agents": {"defaults": {"model": {"primary": "mock/claude-sonnet-4-5"}}},
 "channels": {"whatsapp": {"groups": {"120363088888888888@g.us": {"requireMention": true}}}}}
JSON
OC_TOKEN="e2e-$RANDOM$RANDOM"
start_peer_gateway openclaw "$OC_DIR" "$OC_TOKEN"
PIDS+=("$PEER_PID")
export BAAS_E2E_OPENCLAW_PORT="$PEER_PORT" BAAS_E2E_OPENCLAW_TOKEN="$OC_TOKEN" \
  BAAS_E2E_OPENCLAW_CONFIG="$OC_DIR/openclaw.json" BAAS_E2E_NODE24="$BAAS_TEST_NODE24_DIR/node" \
  BAAS_E2E_GATEWAY_REQUEST="$ROOT/scripts/clawdbot/request.mjs"
(cd end2end && npx playwright test) || { tail -n 50 "$E2E_DIR/server.log"; exit 1; }

log "all tests passed"
