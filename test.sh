#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK:
#   - PostgreSQL: uses LIVECHAT_TEST_PG when set; otherwise installs PostgreSQL with apt-get if its binaries
#     are missing and starts a throwaway cluster on 127.0.0.1 (as the postgres user when run as root);
#   - npm packages for the interop tests (npm ci, from the committed lock files), when there are any;
#   - dotnet test over LiveChat.sln; then stops what it started.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter "FullyQualifiedName~Events".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# shellcheck source=scripts/postgres.sh
. "$root/scripts/postgres.sh"

install_npm_packages() {
  local lock dir
  while IFS= read -r lock; do
    dir=$(dirname "$lock")
    if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
      command -v npm >/dev/null 2>&1 || apt_install nodejs npm
      log "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
  done < <(find tests -name package-lock.json -not -path '*/node_modules/*')
}

install_chromium() {
  if grep -rqs "UsesChromium" tests --include=*.cs && ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium
  fi
}

start_postgres
install_npm_packages
install_chromium

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=$(mktemp)
set +e
dotnet test LiveChat.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over the test assemblies.
awk '/^[[:space:]]*Total tests:/ { counting = 1; next }
     counting && /^[[:space:]]+Passed:/  { p += $2 }
     counting && /^[[:space:]]+Failed:/  { f += $2 }
     counting && /^[[:space:]]+Skipped:/ { s += $2 }
     counting && /^[[:space:]]*Total time:/ { counting = 0 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
exit "$status"
