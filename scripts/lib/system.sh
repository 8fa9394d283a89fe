# The machine's own PostgreSQL 15 and Redis: checked, and started with Debian's commands when down.
# Sourced by scripts/services-up.sh and scripts/services-down.sh.

PG_DATABASE=test

postgres_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }

postgres_start() {
  command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not installed (pg_ctlcluster is missing)"
  local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 9>&- \
    || die "pg_ctlcluster $version main start failed"
  wait_for 60 postgres postgres_ready || die "PostgreSQL did not accept connections within 60 s"
}

postgres_stop() {
  local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main stop 9>&- && log "stopped postgres"
}

# The integration tests connect to the database `test`; a fresh cluster may lack it.
postgres_ensure_database() {
  local exists
  exists=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname = '$PG_DATABASE'") || die "cannot query PostgreSQL as postgres"
  [ "$exists" = 1 ] || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "create database $PG_DATABASE" \
    || die "cannot create database $PG_DATABASE"
}

redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
  command -v redis-server >/dev/null || die "Redis is not installed (redis-server is missing)"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 9>&- || die "redis-server failed to start"
  wait_for 30 redis redis_ready || die "Redis did not answer PING within 30 s"
}

redis_stop() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1; log "stopped redis"; }
