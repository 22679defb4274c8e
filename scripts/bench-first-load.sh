#!/usr/bin/env bash
# First-load benchmark: serves the release build (SQLite, the demo workspace) and has Chromium
# load the sign-in page, a page with charts and one without, on an empty cache and from the
# cache, unthrottled and on a throttled phone profile; prints bytes and time to interactive.
#
#   scripts/bench-first-load.sh                   build what is missing, 3 runs per cell
#   BENCH_REPEAT=1 scripts/bench-first-load.sh    a quicker look
#   BENCH_BASELINE=DIR scripts/bench-first-load.sh
#       also measures, in the same run, an older build kept in DIR (its `baas` binary and the
#       `site` directory it served), for before/after figures on the same machine and load
source "$(dirname "$0")/lib.sh"

build_release
ensure_node
apt_ensure chromium curl
(cd "$ROOT/end2end" && [ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund --silent)
WORK="$(mktemp -d /tmp/baas-first-load.XXXXXX)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
BAAS_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export BAAS_MASTER_KEY

# Measures the build whose binary is $2 and site is $3, under the name $1.
measure() {
  local name="$1" bin="$2" site="$3" dir="$WORK/$1" email="first-load@bench.test" tenant first last port
  mkdir -p "$dir"
  # The workspace and the demo's days: Usage & costs opens on them, so it has its charts.
  read -r tenant first last < <(DATABASE_URL="sqlite://$dir/baas.db" BAAS_DATA_DIR="$dir" \
    "$bin" demo seed --owner "$email" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["tenant_id"], d["first_day"], d["last_day"])')
  port="$(free_port)"
  # No SMTP: the sign-in link is written to the server's log, where the driver reads it.
  DATABASE_URL="sqlite://$dir/baas.db" BAAS_DATA_DIR="$dir" LEPTOS_SITE_ROOT="$site" \
    BAAS_BIND="127.0.0.1:$port" BAAS_PUBLIC_URL="http://127.0.0.1:$port" BAAS_LOG=info \
    "$bin" >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
  log "measuring $name"
  (cd "$ROOT/end2end" && node bench/first-load.mjs "http://127.0.0.1:$port" "$dir/server.log" \
    "$email" "$tenant" "$first" "$last" "$name")
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

if [ -n "${BENCH_BASELINE:-}" ]; then
  measure baseline "$BENCH_BASELINE/baas" "$BENCH_BASELINE/site"
fi
measure "this build" "$CARGO_TARGET_DIR/release/baas" "$LEPTOS_SITE_ROOT"
