#!/usr/bin/env bash
# Dashboard benchmark: fills SQLite and PostgreSQL with 10 million usage records (the demo
# tenant's agents over 30 days), then, against the release server, times the dashboard's data
# server functions over a mix of filters (p50/p95) and streams this month's CSV export while
# sampling the server's memory. Numbers are printed, never asserted.
#
#   scripts/bench-dashboard.sh                     10,000,000 records (about 20 minutes)
#   BENCH_RECORDS=1000000 scripts/bench-dashboard.sh   a quicker look
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/services.sh"

RECORDS="${BENCH_RECORDS:-10000000}"
build_release
BIN="$CARGO_TARGET_DIR/release/baas"
WORK="$(mktemp -d /tmp/baas-dash-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  stop_services
  rm -rf "$WORK"
}
trap cleanup EXIT
start_services
# Sign-in links go to the test SMTP sink, from which the driver reads them.
export SMTP_URL="smtp://127.0.0.1:$BAAS_TEST_SMTP_PORT" SMTP_FROM="BaaS <bench@bench.test>"
BAAS_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export BAAS_MASTER_KEY

RESULTS="$WORK/results"
for backend in sqlite postgres; do
  dir="$WORK/$backend"; mkdir -p "$dir"
  if [ "$backend" = sqlite ]; then
    url="sqlite://$dir/baas.db"
  else
    pg_run psql "$BAAS_TEST_PG_URL" -qc "CREATE DATABASE bench_dashboard" >/dev/null
    url="${BAAS_TEST_PG_URL%/*}/bench_dashboard"
  fi
  export DATABASE_URL="$url" BAAS_DATA_DIR="$dir"
  email="bench-$backend@bench.test"
  tenant="$("$BIN" demo seed --owner "$email" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["tenant_id"])')"
  log "$backend: writing $RECORDS usage records"
  start=$(date +%s)
  "$BIN" demo generate --tenant "$tenant" --records "$RECORDS" --days 30
  fill=$(( $(date +%s) - start ))
  # What autovacuum does after a bulk load, done now so it does not run during the timing.
  [ "$backend" = postgres ] && pg_run psql "$url" -qc "VACUUM ANALYZE" >/dev/null
  port="$(free_port)"
  BAAS_BIND="127.0.0.1:$port" BAAS_PUBLIC_URL="http://127.0.0.1:$port" BAAS_LOG=warn \
    "$BIN" >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
  log "$backend: timing the dashboard and the export"
  result="$(python3 "$ROOT/scripts/bench_dashboard.py" "http://127.0.0.1:$port" "$BAAS_TEST_MAILDIR" \
    "$email" "$tenant" "$SERVER_PID")"
  echo "$backend $fill $result" >>"$RESULTS"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
  unset DATABASE_URL BAAS_DATA_DIR
done

python3 - "$RESULTS" "$RECORDS" <<'PY'
import json, sys
rows = [l.split(" ", 2) for l in open(sys.argv[1]).read().splitlines()]
print(f"\nDashboard with {int(sys.argv[2]):,} usage records (2 cores, release build)\n")
print(f"| {'':10} | {'fill (s)':>8} | {'dashboard p50':>13} | {'p95':>8} | {'export rows':>11} | {'rows/s':>9} | {'RSS before → peak':>18} |")
print(f"|{'-'*12}|{'-'*10}|{'-'*15}|{'-'*10}|{'-'*13}|{'-'*11}|{'-'*20}|")
for backend, fill, raw in rows:
    r = json.loads(raw)
    print(f"| {backend:10} | {fill:>8} | {r['p50_ms']:>10} ms | {r['p95_ms']:>5} ms | {r['export_rows']:>11,} | {r['rows_per_s']:>9,} | {r['rss_before_mb']:>6} → {r['rss_peak_mb']:>5} MB |")
PY
