#!/usr/bin/env bash
# Builds what is missing and serves BaaS on http://127.0.0.1:3000 with SQLite under ./data.
source "$(dirname "$0")/lib.sh"
build_release
cd "$ROOT"
log "starting BaaS (Ctrl-C to stop); with no SMTP_URL the sign-in link appears in this log"
exec "$CARGO_TARGET_DIR/release/baas" "$@"
