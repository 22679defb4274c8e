#!/usr/bin/env bash
# What the gateway's safety costs and what it saves, printed (never asserted), for the release
# build and, when BENCH_BASELINE_BIN names another build of the server, for that one too, in the
# same run:
#   - resident memory while 12 clients each send an 8 MiB body with a key that is not valid;
#   - usage records lost when the server is killed (SIGKILL) under 5,000 requests/s;
#   - requests/s as fast as possible at concurrency 64 (each request's usage goes to the
#     database, through the crash-proof outbox in builds that have it).
#
#   scripts/bench-safety.sh
#   BENCH_BASELINE_BIN=/path/to/older/baas scripts/bench-safety.sh
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/bench-lib.sh"

BODY='{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"Qual o horário da loja amanhã?"}]}'
load() {
  local url="$1" key="$2"; shift 2
  "$OHA" --no-tui --output-format json -m POST -T application/json \
    -H "x-api-key: $key" -H "anthropic-version: 2023-06-01" -d "$BODY" "$@" "$url/v1/messages"
}

rss_kb() { awk "/^$2:/{print \$2}" "/proc/$1/status"; }

# 12 clients at once each send 8 MiB with a key that is not valid; prints the gateway's peak
# resident memory before and after, in KB.
bodies() {
  local url="$1" pid="$2" before
  before="$(rss_kb "$pid" VmRSS)"
  python3 - "$url" <<'PY'
import socket, sys, threading, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
size = 8 * 1024 * 1024
chunk = b"x" * (1024 * 1024)
def one():
    s = socket.create_connection((u.hostname, u.port))
    s.sendall((f"POST /v1/messages HTTP/1.1\r\nhost: {u.netloc}\r\nx-api-key: baas_vk_not_a_key\r\n"
               f"content-type: application/json\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n").encode())
    try:
        for _ in range(size // len(chunk)):
            s.sendall(chunk)
    except OSError:
        pass  # answered and closed before the body was sent: what a careful server does
    s.recv(4096)
    s.close()
threads = [threading.Thread(target=one) for _ in range(12)]
for t in threads: t.start()
for t in threads: t.join()
PY
  echo "$before $(rss_kb "$pid" VmHWM)"
}

# Requests at 5,000/s for 10 s, the server killed after 5 s; then started again on the same
# folder. Prints "answered records".
crash() {
  local name="$1" url="$2" pid="$3" key="$4" answered
  load "$url" "$key" -z 10s -q 5000 -c 64 -t 5s >"$WORK/$name-crash.json" 2>/dev/null &
  local oha=$!
  sleep 5
  kill -KILL "$pid"
  wait "$oha" || true
  answered="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["statusCodeDistribution"].get("200", 0))' "$WORK/$name-crash.json")"
  read -r _ again <<<"$(run_gateway "$name")"
  # The outbox is written before the server reports healthy; wait for the rest all the same.
  sleep 2
  kill -TERM "$again"
  for _ in $(seq 1 100); do kill -0 "$again" 2>/dev/null || break; sleep 0.1; done
  echo "$answered $(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM usage_records").fetchone()[0])' "$WORK/$name/baas.db")"
}

MOCK="$(start_mock)"
declare -A RESULT
builds=(current)
[ -n "${BENCH_BASELINE_BIN:-}" ] && builds=(baseline current)
for build in "${builds[@]}"; do
  if [ "$build" = baseline ]; then export GW_BIN="$BENCH_BASELINE_BIN"; else unset GW_BIN; fi
  log "$build: throughput at concurrency 64"
  read -r url pid key <<<"$(start_gateway "$build-max" "$MOCK")"
  load "$url" "$key" -n 2000 -c 8 >/dev/null
  load "$url" "$key" -z "${SECONDS_PER_PHASE}s" -c 64 -w >"$WORK/$build-max.json"
  RESULT[$build-rps]="$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["summary"]["requestsPerSec"]))' "$WORK/$build-max.json")"
  log "$build: 12 unauthenticated 8 MiB bodies at once"
  read -r url pid key <<<"$(start_gateway "$build-bodies" "$MOCK")"
  RESULT[$build-rss]="$(bodies "$url" "$pid")"
  log "$build: SIGKILL under 5,000 requests/s"
  read -r url pid key <<<"$(start_gateway "$build-crash" "$MOCK")"
  RESULT[$build-crash]="$(crash "$build-crash" "$url" "$pid" "$key")"
done

echo
printf '%-10s %14s %22s %30s\n' build "requests/s" "RSS before → peak (MB)" "answered → records after kill"
for build in "${builds[@]}"; do
  read -r before peak <<<"${RESULT[$build-rss]}"
  read -r answered records <<<"${RESULT[$build-crash]}"
  printf '%-10s %14s %22s %30s\n' "$build" "${RESULT[$build-rps]}" \
    "$(awk "BEGIN{printf \"%.1f → %.1f\", $before/1024, $peak/1024}")" \
    "$answered → $records (lost $((answered > records ? answered - records : 0)))"
done
