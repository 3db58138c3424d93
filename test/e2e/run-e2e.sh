#!/usr/bin/env bash
# End-to-end tests of the packed package in REAL n8n (npm run test:e2e).
#
#   test/e2e/run-e2e.sh
#
# 1. installs the n8n targets (test/e2e/install-n8n.sh, in parallel, cached in .cache/),
#    while building the package (dist/) and the simulator (build/) if they are missing or stale;
# 2. `npm pack`s the package;
# 3. runs test/e2e/e2e.mjs with node's test runner: per n8n target, the tarball is installed into a
#    fresh $N8N_USER_FOLDER/.n8n/nodes like n8n installs community packages, the simulator is
#    started, credentials and examples/*.json are imported, and every example is executed;
#    then test/e2e/e2e-queue.mjs: per target, n8n in queue mode (PostgreSQL + Redis, installed from
#    Debian's packages if missing, + main + 2 workers) runs concurrent webhook executions.
#
# Environment:
#   E2E_TARGETS     "version:nodeMajor …" (default "2.8.4:20 2.41.1:24")
#   E2E_CACHE       install cache (default <repo>/.cache)
#   E2E_PACKAGE_DIR package to pack (default <repo>)
#   E2E_SIMULATOR   simulator CLI (default <repo>/build/test/simulator/cli.js)
#   E2E_EXAMPLES    workflow folder (default <repo>/examples)
#   E2E_KEEP=1      keep the scratch folder (user folders, logs) even when everything passed
#   E2E_REST=0      skip the credential test through the REST API
#   E2E_QUEUE=0     skip the queue-mode test (test/e2e/e2e-queue.mjs)
#   E2E_ONLY        run one test file only: "examples" (e2e.mjs) or "queue" (e2e-queue.mjs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export E2E_TARGETS="${E2E_TARGETS:-2.8.4:20 2.41.1:24}"
export E2E_CACHE="${E2E_CACHE:-$ROOT/.cache}"
PKG_DIR="$(cd "${E2E_PACKAGE_DIR:-$ROOT}" && pwd)"
mkdir -p "$E2E_CACHE/logs"

T0=$(date +%s)
say() { echo "[e2e +$(($(date +%s) - T0))s] $*"; }

# --- 1. installs (background, parallel) -------------------------------------------------------
declare -A INSTALL_PID=()
for t in $E2E_TARGETS; do
  v="${t%%:*}"; major="${t##*:}"
  bash "$ROOT/test/e2e/install-n8n.sh" "$v" "$major" >"$E2E_CACHE/logs/install-n8n-$v.out" 2>&1 &
  INSTALL_PID[$v]=$!
done
cleanup_installs() {
  for pid in "${INSTALL_PID[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup_installs INT TERM

# --- 2. build (while installs run) ----------------------------------------------------------
stale() { # stale <output> <dir>...: true if output is missing or older than any .ts under the dirs
  local out="$1"; shift
  [[ -f "$out" ]] || return 0
  [[ -n "$(find "$@" -name '*.ts' -newer "$out" -print -quit 2>/dev/null)" ]]
}
if [[ "$PKG_DIR" == "$ROOT" ]]; then
  if stale dist/nodes/Wan/Wan.node.js nodes credentials; then
    say "npm run build"
    npm run build
  fi
  if [[ -z "${E2E_SIMULATOR:-}" ]] && stale build/test/simulator/cli.js test/simulator; then
    say "npm run build:test (the simulator)"
    # tsc still emits on type errors elsewhere in test/; only a missing simulator is fatal here.
    npm run build:test || say "WARNING: npm run build:test failed; going on with the emitted simulator"
    [[ -f build/test/simulator/cli.js ]] || { say "no build/test/simulator/cli.js"; exit 1; }
  fi
fi

# --- 3. pack ----------------------------------------------------------------------------------
export E2E_WORK="$E2E_CACHE/e2e-work"
rm -rf "$E2E_WORK"
mkdir -p "$E2E_WORK"
say "npm pack $PKG_DIR"
TGZ_NAME="$(cd "$PKG_DIR" && npm pack --silent --pack-destination "$E2E_WORK" | tail -n 1)"
export E2E_TARBALL="$E2E_WORK/$TGZ_NAME"
[[ -f "$E2E_TARBALL" ]] || { echo "npm pack produced no tarball ($TGZ_NAME)"; exit 1; }
tar -tzf "$E2E_TARBALL" | sed 's/^/  /'

# --- 4. wait for installs ---------------------------------------------------------------------
FAILED=0
for v in "${!INSTALL_PID[@]}"; do
  if wait "${INSTALL_PID[$v]}"; then
    say "$(tail -n 1 "$E2E_CACHE/logs/install-n8n-$v.out")"
  else
    say "install of n8n $v FAILED:"; cat "$E2E_CACHE/logs/install-n8n-$v.out"; FAILED=1
  fi
done
trap - INT TERM
[[ $FAILED == 0 ]] || exit 1

# --- 5. the tests -----------------------------------------------------------------------------
TEST_FILES=()
case "${E2E_ONLY:-}" in
  "") TEST_FILES=("$ROOT/test/e2e/e2e.mjs")
      [[ "${E2E_QUEUE:-1}" == 0 ]] || TEST_FILES+=("$ROOT/test/e2e/e2e-queue.mjs") ;;
  examples) TEST_FILES=("$ROOT/test/e2e/e2e.mjs") ;;
  queue) TEST_FILES=("$ROOT/test/e2e/e2e-queue.mjs") ;;
  *) say "E2E_ONLY must be examples or queue, not '$E2E_ONLY'"; exit 2 ;;
esac
say "running ${TEST_FILES[*]#$ROOT/} against: $E2E_TARGETS"
set +e
# One file at a time: each starts n8n processes (the queue test: PostgreSQL, Redis, 3 n8n).
node --test --test-reporter=spec --test-concurrency=1 --test-timeout=1200000 "${TEST_FILES[@]}"
RC=$?
set -e
say "e2e finished with exit code $RC"
if [[ $RC == 0 && "${E2E_KEEP:-0}" != 1 ]]; then
  rm -rf "$E2E_WORK"
else
  say "logs and user folders kept in $E2E_WORK (per-run logs: $E2E_WORK/n8n-*/logs/)"
fi
exit $RC
