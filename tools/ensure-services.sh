#!/usr/bin/env bash
# Makes sure the local Redis and PostgreSQL that the tests talk to are running: starts them if
# they are installed but stopped, installs them from Debian's packages if they are missing.
set -euo pipefail

log() { printf '[ensure-services] %s\n' "$*"; }

apt_install() {
  if ! command -v apt-get >/dev/null; then
    log "cannot install $*: no apt-get on this machine; install it and run again"
    exit 1
  fi
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 60); do
    if eval "$check" >/dev/null 2>&1; then log "$what is up"; return 0; fi
    sleep 0.5
  done
  log "$what did not come up within 30 s"
  exit 1
}

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting redis-server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for redis "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG"

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then apt_install postgresql; fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting postgresql $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
wait_for postgresql "pg_isready -h 127.0.0.1 -p 5432"

# The tests connect as postgres over TCP without a password (trust), as on this kind of machine.
psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null || {
  log "cannot connect to PostgreSQL as postgres@127.0.0.1 without a password; set TEST_DATABASE_URL"
  exit 1
}
