# Shared by test.sh and bench/run.sh (sourced, not run): a throwaway PostgreSQL on 127.0.0.1.
#   start_postgres: uses LIVECHAT_TEST_PG when set; otherwise installs PostgreSQL with apt-get if its binaries
#   are missing, starts a cluster with durability off (as the postgres user when run as root), exports
#   LIVECHAT_TEST_PG and stops and removes the cluster on exit.
log() { printf '[test.sh] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "root is needed for: $*"; return 1
  fi
}

apt_install() {
  log "installing $* with apt-get"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    # Below Linux's ephemeral range (32768+), where outgoing connections could take the port meanwhile.
    port=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

pg_dir=""
pg_bin=""
runas=()
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    "${runas[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}

start_postgres() {
  if [ -n "${LIVECHAT_TEST_PG:-}" ]; then
    log "using the PostgreSQL server in LIVECHAT_TEST_PG"
    return
  fi
  pg_bin=$(find_pg_bin) || { apt_install postgresql; pg_bin=$(find_pg_bin); }
  pg_dir=$(mktemp -d /tmp/livechat-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$pg_dir"
    runas=(runuser -u postgres --)
  fi
  trap stop_postgres EXIT
  local port attempt
  "${runas[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  # A throwaway cluster: durability settings off, private socket directory, loopback only. A port taken between
  # the check and the start is tried again with another one.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if "${runas[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
      -o "-h 127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      start >/dev/null; then
      break
    fi
    [ "$attempt" = 5 ] && { cat "$pg_dir/server.log" >&2; exit 1; }
    log "PostgreSQL could not start on port $port; trying another"
  done
  export LIVECHAT_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Timeout=30;Command Timeout=60"
  log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port"
}
