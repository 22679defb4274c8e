# Shared by the gateway benchmarks: the load tool, a mock provider and a gateway on loopback,
# each in its own folder, stopped when the script exits. Source after lib.sh; set BIN to the
# server binary to run (default: the release build). The mock provider is always this
# checkout's release build.

OHA_VERSION=1.16.0
SECONDS_PER_PHASE="${BENCH_SECONDS:-10}"
OHA="$BAAS_TOOLS_DIR/oha/bin/oha"

if ! "$OHA" --version 2>/dev/null | grep -q "$OHA_VERSION"; then
  log "installing the load tool oha $OHA_VERSION (crates.io, about 5 minutes, once)"
  cargo install oha --version "$OHA_VERSION" --locked --root "$BAAS_TOOLS_DIR/oha"
fi
apt_ensure curl
if [ -z "${BIN:-}" ]; then
  build_release
  BIN="$CARGO_TARGET_DIR/release/baas"
fi
(cd "$ROOT" && cargo build --release -p server --bin mock-provider)
MOCK_BIN="$CARGO_TARGET_DIR/release/mock-provider"

# 1,000 streams through the gateway hold 2,000 sockets.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

WORK="$(mktemp -d /tmp/baas-bench.XXXXXX)"
# Processes are started inside command substitutions, so their ids go to a file.
cleanup() {
  if [ -f "$WORK/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done <"$WORK/pids"
  fi
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.05
  done
  die "nothing answers at $1"
}

# A mock provider on a free port; extra arguments go to `mock-provider`.
start_mock() {
  local port; port="$(free_port)"
  "$MOCK_BIN" --port "$port" "$@" >"$WORK/mock-$port.log" 2>&1 &
  echo $! >>"$WORK/pids"
  wait_http "http://127.0.0.1:$port/__mock/calls"
  echo "http://127.0.0.1:$port"
}

# A gateway in its own data directory whose pool is the mock at $2; prints "URL PID KEY".
start_gateway() {
  local name="$1" mock="$2" dir="$WORK/$1" tenant agent key BIN="${GW_BIN:-$BIN}"
  mkdir -p "$dir"
  export BAAS_DATA_DIR="$dir" DATABASE_URL="sqlite://$dir/baas.db"
  tenant="$("$BIN" tenant create --name "Bench $name" --owner "bench@bench.test" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  agent="$("$BIN" agent create --tenant "$tenant" --name Bench --clawdbot-id bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  key="$("$BIN" key create --agent "$agent" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
  echo -n "sk-mock-ok" | "$BIN" credential add --name mock --base-url "$mock" >/dev/null
  # Enterprise (no message quota) and a budget no run can reach: every request still reserves
  # and settles its cost, so the budget path is part of what is measured.
  "$BIN" tenant plan "$tenant" enterprise >/dev/null
  "$BIN" tenant budget "$tenant" --monthly 10000000 >/dev/null
  unset BAAS_DATA_DIR DATABASE_URL
  echo "$(run_gateway "$name") $key"
}

# Starts (or starts again) the gateway set up in folder $1; prints "URL PID".
run_gateway() {
  local name="$1" dir="$WORK/$1" port BIN="${GW_BIN:-$BIN}"
  port="$(free_port)"
  # Limits are checked on every request; set high so the benchmark measures, not throttles.
  BAAS_DATA_DIR="$dir" DATABASE_URL="sqlite://$dir/baas.db" \
    BAAS_BIND="127.0.0.1:$port" BAAS_PUBLIC_URL="http://127.0.0.1:$port" BAAS_LOG=warn \
    BAAS_TENANT_RPM=1000000000 BAAS_AGENT_RPM=1000000000 \
    BAAS_TENANT_TPM=1000000000000 BAAS_AGENT_TPM=1000000000000 \
    "$BIN" >>"$dir/server.log" 2>&1 &
  local pid=$!
  echo "$pid" >>"$WORK/pids"
  wait_http "http://127.0.0.1:$port/healthz"
  echo "http://127.0.0.1:$port $pid"
}

BODY='{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"Qual o horário da loja amanhã?"}]}'
STREAM_BODY='{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Qual o horário da loja amanhã?"}]}'

# oha against $1 (base URL) with key $2, body $3, then its own flags; JSON to stdout.
load() {
  local url="$1" key="$2" body="$3"; shift 3
  "$OHA" --no-tui --output-format json -m POST -T application/json \
    -H "x-api-key: $key" -H "anthropic-version: 2023-06-01" -d "$body" "$@" "$url/v1/messages"
}

OPENAI_BODY='{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"Qual o horário da loja amanhã?"}]}'

# oha against the OpenAI route of the gateway at $1 with key $2, then its own flags.
load_openai() {
  local url="$1" key="$2"; shift 2
  "$OHA" --no-tui --output-format json -m POST -T application/json \
    -H "authorization: Bearer $key" -d "$OPENAI_BODY" "$@" "$url/v1/chat/completions"
}

# Time to first byte of $4 sequential streamed requests, one line of seconds each.
ttfb() {
  local url="$1" key="$2" n="$3"
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -X POST "$url/v1/messages" \
      -H "content-type: application/json" -H "x-api-key: $key" -d "$STREAM_BODY"
  done
}

