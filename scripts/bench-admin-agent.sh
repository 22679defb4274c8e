#!/usr/bin/env bash
# The Admin Agent's fault-injection benchmark: real Clawdbot gateways killed, hung (SIGSTOP),
# with WhatsApp disconnected, with a broken config file and flapping every other probe, under
# the Admin Agent with compressed timings. Prints time to detect, what recovered by itself,
# false alerts for the flapping bot and notifications per incident. Asserts nothing.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
source "$ROOT/scripts/services.sh"
trap stop_services EXIT
ensure_clawdbot
ensure_openclaw
ensure_python_tools
cargo test -p server --features baas/server,app/ssr --test api --no-run
start_services
cargo test -p server --features baas/server,app/ssr --test api -- --ignored --nocapture \
  admin_agent::faults::fault_injection_benchmark
