#!/usr/bin/env bash
# Runs the benchmarks (bench/LiveChat.Bench) against a throwaway PostgreSQL on this machine, as test.sh starts
# it (or the server in LIVECHAT_TEST_PG). Not part of the test run. Arguments go to the generator, e.g.
#   bench/run.sh --seconds 20 --scenarios 1,2,3 --scale 0.2
# Results: bench/results/latest.json (machine-readable) and bench/results/latest.md (tables for the docs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/postgres.sh
. "$root/scripts/postgres.sh"
start_postgres
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run --project bench/LiveChat.Bench -c Release -- --pg "$LIVECHAT_TEST_PG" "$@"
