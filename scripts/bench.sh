#!/usr/bin/env bash
# Gateway overhead benchmark. Starts the mock provider and the gateway (release build, SQLite,
# every governance step on: key check, rate limits, budget reservation, routing, usage records
# written to the database) and runs the same workload directly against the mock and through the gateway, in
# one invocation, printing the difference. Numbers are printed, never asserted.
#
#   scripts/bench.sh              full run (about 3 minutes once built)
#   BENCH_SECONDS=5 scripts/bench.sh   shorter sustained phases
source "$(dirname "$0")/lib.sh"

source "$(dirname "$0")/bench-lib.sh"

log "starting the mock provider and the gateway"
MOCK="$(start_mock)"
read -r GW GW_PID GW_KEY <<<"$(start_gateway rps "$MOCK")"

R="$WORK/results"; mkdir -p "$R"
for target in direct gateway; do
  if [ "$target" = direct ]; then URL="$MOCK"; KEY=sk-mock-ok; else URL="$GW"; KEY="$GW_KEY"; fi
  log "$target: warm-up"
  load "$URL" "$KEY" "$BODY" -n 2000 -c 8 >/dev/null
  log "$target: concurrency 1"
  load "$URL" "$KEY" "$BODY" -n 5000 -c 1 >"$R/$target-c1.json"
  log "$target: 1,000 requests/s for ${SECONDS_PER_PHASE}s"
  load "$URL" "$KEY" "$BODY" -z "${SECONDS_PER_PHASE}s" -q 1000 -c 32 --latency-correction -w >"$R/$target-rate.json"
  log "$target: 1,000 requests/s for ${SECONDS_PER_PHASE}s, up to 128 in flight"
  load "$URL" "$KEY" "$BODY" -z "${SECONDS_PER_PHASE}s" -q 1000 -c 128 --latency-correction -w >"$R/$target-rate128.json"
  log "$target: as fast as possible, concurrency 64, ${SECONDS_PER_PHASE}s"
  load "$URL" "$KEY" "$BODY" -z "${SECONDS_PER_PHASE}s" -c 64 -w >"$R/$target-max.json"
  log "$target: streaming time to first byte"
  ttfb "$URL" "$KEY" 300 >"$R/$target-ttfb.txt"
done
log "gateway, OpenAI route: concurrency 1, then as fast as possible at concurrency 64"
load_openai "$GW" "$GW_KEY" -n 5000 -c 1 >"$R/openai-c1.json"
load_openai "$GW" "$GW_KEY" -z "${SECONDS_PER_PHASE}s" -c 64 -w >"$R/openai-max.json"
RSS_RPS_KB="$(awk '/VmHWM/{print $2}' "/proc/$GW_PID/status")"

log "1,000 concurrent streams (events 100 ms apart, about 2 s each)"
SLOW_MOCK="$(start_mock --stream-gap-ms 100)"
read -r GW2 GW2_PID GW2_KEY <<<"$(start_gateway streams "$SLOW_MOCK")"
load "$SLOW_MOCK" sk-mock-ok "$STREAM_BODY" -n 1000 -c 1000 -t 60s >"$R/direct-streams.json"
load "$GW2" "$GW2_KEY" "$STREAM_BODY" -n 1000 -c 1000 -t 60s >"$R/gateway-streams.json"
RSS_STREAMS_KB="$(awk '/VmHWM/{print $2}' "/proc/$GW2_PID/status")"

# Stop the request-phase gateway the way an operator would (SIGTERM drains the usage queue),
# then count what reached its database.
kill -TERM "$GW_PID"
for _ in $(seq 1 100); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
DROPPED="$(grep -c 'records dropped' "$WORK/rps/server.log" || true)"
python3 - "$R" "$WORK" "$RSS_RPS_KB" "$RSS_STREAMS_KB" "$DROPPED" <<'PY'
import json, sqlite3, sys
r, work, rss_rps, rss_streams, dropped_lines = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

def oha(name):
    with open(f"{r}/{name}.json") as f:
        return json.load(f)

def pct(d, p):
    return d["latencyPercentiles"][f"p{p}"] * 1e6  # µs

def ok(d):
    return d["statusCodeDistribution"].get("200", 0)

def ttfb(name):
    xs = sorted(float(x) * 1e6 for x in open(f"{r}/{name}-ttfb.txt") if x.strip())
    return xs[len(xs) // 2], xs[int(len(xs) * 0.99) - 1]

rows = []
def row(what, direct, gateway, unit, target=""):
    rows.append((what, direct, gateway, unit, target))

for phase, label in [("c1", "concurrency 1"), ("rate", "1,000 req/s"), ("rate128", "1,000 req/s, 128 in flight")]:
    d, g = oha(f"direct-{phase}"), oha(f"gateway-{phase}")
    for p, tgt in [(50, "≤ 150 µs added" if phase == "c1" else ""), (99, "≤ 1 ms added" if phase != "c1" else "")]:
        row(f"{label}: p{p} latency", pct(d, p), pct(g, p), "µs", tgt)
d, g = oha("direct-max"), oha("gateway-max")
row("concurrency 64: requests/s", d["summary"]["requestsPerSec"], g["summary"]["requestsPerSec"], "req/s", "≥ 10,000 through the gateway")
row("concurrency 64: p99 latency", pct(d, 99), pct(g, 99), "µs")
(d50, d99), (g50, g99) = ttfb("direct"), ttfb("gateway")
row("stream time to first byte: p50", d50, g50, "µs", "≤ 500 µs added")
row("stream time to first byte: p99", d99, g99, "µs")
d, g = oha("direct-streams"), oha("gateway-streams")
row("1,000 open streams: completed", ok(d), ok(g), "of 1000")
row("1,000 open streams: p50 duration", pct(d, 50), pct(g, 50), "µs")
row("1,000 open streams: max duration", d["summary"]["slowest"] * 1e6, g["summary"]["slowest"] * 1e6, "µs")

print()
print(f"{'measure':<36} {'direct':>12} {'gateway':>12} {'added':>10}  unit     target")
print("-" * 100)
for what, dv, gv, unit, tgt in rows:
    added = gv - dv
    fmt = (lambda v: f"{v:,.0f}")
    print(f"{what:<36} {fmt(dv):>12} {fmt(gv):>12} {fmt(added):>10}  {unit:<8} {tgt}")
o1, om = oha("openai-c1"), oha("openai-max")
print()
print(f"OpenAI route through the gateway: concurrency 1 p50 {pct(o1, 50):,.0f} µs, p99 {pct(o1, 99):,.0f} µs; concurrency 64 {om['summary']['requestsPerSec']:,.0f} requests/s")
print()
print(f"gateway peak RSS: {rss_rps / 1024:.1f} MB during the request phases, {rss_streams / 1024:.1f} MB with 1,000 open streams (target ≤ 150 MB)")

sent = sum(ok(oha(f"gateway-{p}")) for p in ["c1", "rate", "rate128", "max"]) + sum(ok(oha(f"openai-{p}")) for p in ["c1", "max"]) + 2000 + 300
db = sqlite3.connect(f"{work}/rps/baas.db")
written = db.execute("SELECT COUNT(*) FROM usage_records").fetchone()[0]
print(f"usage records in the database after a graceful stop: {written:,} for {sent:,} requests answered (warm-up and TTFB included); queue-full log lines: {dropped_lines}")
PY
