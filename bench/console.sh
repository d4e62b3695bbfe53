#!/usr/bin/env bash
# The console benchmark (issue 19, bench/LiveChat.Bench.Console): publishes the gateway in Release (the console
# trimmed and compressed as it ships), starts a throwaway PostgreSQL as test.sh does (or uses LIVECHAT_TEST_PG), and
# drives the published gateway with Debian's chromium. Not part of the test run. Arguments go to the bench, e.g.
#   bench/console.sh --pages 20 --messages 100 --chats 2000 --scenarios load,delivery,scrolling
# Results: bench/results/console.json and bench/results/console.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/postgres.sh
. "$root/scripts/postgres.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
published="$root/artifacts/bench-console/gateway"
if [ "${LIVECHAT_BENCH_SKIP_PUBLISH:-}" != "1" ]; then
  dotnet publish src/Gateway -c Release -o "$published" -v quiet -nologo
fi
start_postgres
dotnet run --project bench/LiveChat.Bench.Console -c Release -- --pg "$LIVECHAT_TEST_PG" --gateway "$published" "$@"
