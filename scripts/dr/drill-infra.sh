#!/usr/bin/env bash
# The disaster-recovery drill's own servers (never the machine's shared PostgreSQL on 5432):
#
#   scripts/dr/drill-infra.sh up        a CA of its own, S3Proxy over TLS (the pgBackRest repository),
#                                       a PostgreSQL cluster (initdb) archiving WAL through pgBackRest
#   scripts/dr/drill-infra.sh backup    a full base backup to the repository
#   scripts/dr/drill-infra.sh crash     SIGKILL the cluster and delete its data folder (the disaster)
#   scripts/dr/drill-infra.sh restore   restore the latest backup and replay archived WAL to its end,
#                                       then start the cluster; prints the restored point
#   scripts/dr/drill-infra.sh info      pgBackRest's view of the repository
#   scripts/dr/drill-infra.sh down      stop both and delete the drill's folder
#
# Variables: DR_DIR (default /tmp/casemix-dr; every file of the drill), DR_PG_PORT (55432),
# DR_S3_PORT (19443, TLS), DR_ARCHIVE_TIMEOUT (30 s; at most 60). The runbook is e2e/dr/README.md.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib/common.sh"
log() { printf '[dr] %s\n' "$*" >&2; }
die() { printf '[dr] error: %s\n' "$*" >&2; exit 1; }

DR_DIR=${DR_DIR:-/tmp/casemix-dr}
DR_PG_PORT=${DR_PG_PORT:-55432}
DR_S3_PORT=${DR_S3_PORT:-19443}
DR_ARCHIVE_TIMEOUT=${DR_ARCHIVE_TIMEOUT:-30}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGDATA="$DR_DIR/pgdata"
SOCK="$DR_DIR/sock"
CONF="$DR_DIR/pgbackrest.conf"
STANZA=casemix
BUCKET=casemix-dr
[ "$DR_ARCHIVE_TIMEOUT" -le 60 ] || die "DR_ARCHIVE_TIMEOUT must be at most 60 s (RPO target)"

# PostgreSQL refuses to run as root: as root, the cluster and pgBackRest run as the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgbr() { as_pg pgbackrest --config="$CONF" --stanza="$STANZA" "$@"; }

need_tools() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found (PG_BIN=$PG_BIN)"
  if ! command -v pgbackrest >/dev/null; then
    [ "$(id -u)" = 0 ] || die "pgbackrest is not installed (apt-get install pgbackrest)"
    log "installing pgbackrest with apt-get"
    (apt-get install -y -qq pgbackrest >/dev/null 2>&1) || (apt-get update -qq >/dev/null && apt-get install -y -qq pgbackrest >/dev/null) \
      || die "apt-get install pgbackrest failed"
  fi
  command -v openssl >/dev/null || die "openssl is needed for the drill's CA"
}

# A CA of the drill's and a server certificate for 127.0.0.1, as a PKCS#12 keystore for S3Proxy's Jetty.
# pgBackRest matches the host only against DNS names, so 127.0.0.1 is a DNS entry too.
make_tls() {
  local d="$DR_DIR/tls"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=casemix drill CA" -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$d/ext.cnf"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 2 -extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null
  openssl pkcs12 -export -in "$d/server.crt" -inkey "$d/server.key" -name s3proxy -passout pass:casemix-drill -out "$d/keystore.p12"
  chmod 644 "$d/ca.crt"
}

s3_tls_ready() { curl -s -o /dev/null -m 2 --cacert "$DR_DIR/tls/ca.crt" "https://127.0.0.1:$DR_S3_PORT/"; }

start_s3() {
  mkdir -p "$SERVICES_DIR/logs"
  fetch_jars s3proxy
  mkdir -p "$DR_DIR/s3/data/$BUCKET"
  cat >"$DR_DIR/s3/s3proxy.properties" <<PROPS
s3proxy.secure-endpoint=https://127.0.0.1:$DR_S3_PORT
s3proxy.keystore-path=$DR_DIR/tls/keystore.p12
s3proxy.keystore-password=casemix-drill
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$DR_DIR/s3/data
PROPS
  printf '<configuration><appender name="o" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%d %%-5level %%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="o"/></root></configuration>\n' >"$DR_DIR/s3/logback.xml"
  setsid "$(java_cmd)" -Xms64m -Xmx512m -XX:+UseSerialGC -Dlogback.configurationFile="$DR_DIR/s3/logback.xml" \
    -cp "$SERVICES_DIR/jars/s3proxy/*" org.gaul.s3proxy.Main --properties "$DR_DIR/s3/s3proxy.properties" \
    >>"$DR_DIR/s3/s3proxy.log" 2>&1 </dev/null &
  echo $! >"$DR_DIR/s3/pid"
  wait_for 60 "S3Proxy over TLS" s3_tls_ready || die "S3Proxy (TLS) did not answer on $DR_S3_PORT; see $DR_DIR/s3/s3proxy.log"
  log "S3 repository over TLS on https://127.0.0.1:$DR_S3_PORT (CA $DR_DIR/tls/ca.crt)"
}

write_pgbackrest_conf() {
  cat >"$CONF" <<INI
[global]
repo1-type=s3
repo1-s3-endpoint=127.0.0.1
repo1-storage-port=$DR_S3_PORT
repo1-s3-uri-style=path
repo1-s3-bucket=$BUCKET
repo1-s3-region=us-east-1
repo1-s3-key=$S3_ACCESS_KEY
repo1-s3-key-secret=$S3_SECRET_KEY
repo1-storage-ca-file=$DR_DIR/tls/ca.crt
repo1-path=/pgbackrest
repo1-retention-full=2
compress-type=lz4
process-max=2
start-fast=y
lock-path=$DR_DIR/pgbackrest/lock
log-path=$DR_DIR/pgbackrest/log
spool-path=$DR_DIR/pgbackrest/spool
log-level-console=warn
log-level-file=info

[$STANZA]
pg1-path=$PGDATA
pg1-port=$DR_PG_PORT
pg1-socket-path=$SOCK
INI
  mkdir -p "$DR_DIR/pgbackrest/lock" "$DR_DIR/pgbackrest/log" "$DR_DIR/pgbackrest/spool"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$DR_PG_PORT"; }

start_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$DR_DIR/postgres.log" -w -t 3600 start >/dev/null
  wait_for 3600 "PostgreSQL" pg_ready || die "PostgreSQL did not start; see $DR_DIR/postgres.log"
}

cmd_up() {
  need_tools
  rm -rf "$DR_DIR"; mkdir -p "$DR_DIR" "$SOCK"
  make_tls
  start_s3
  write_pgbackrest_conf
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DR_DIR/pgbackrest" "$SOCK" && chown postgres "$DR_DIR" && chmod 755 "$DR_DIR"
  as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONFS
# casemix DR drill
listen_addresses = '127.0.0.1'
port = $DR_PG_PORT
unix_socket_directories = '$SOCK'
max_connections = 300
shared_buffers = 512MB
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$CONF --stanza=$STANZA archive-push %p'
archive_timeout = $DR_ARCHIVE_TIMEOUT
max_wal_size = 4GB
# A recovering cluster refuses connections instead of serving reads: the functions see a transient
# error until the restore is complete, never a read-only transaction.
hot_standby = off
CONFS
  start_pg
  pgbr stanza-create >/dev/null
  pgbr check >/dev/null
  log "cluster on 127.0.0.1:$DR_PG_PORT archiving WAL to s3://$BUCKET (archive_timeout ${DR_ARCHIVE_TIMEOUT}s)"
}

cmd_backup() { pgbr backup --type=full; log "full backup done"; }

cmd_crash() {
  local pid; pid=$(head -1 "$PGDATA/postmaster.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  # The postmaster's children notice its death; wait until the port is free.
  wait_for 30 "the cluster to be gone" sh -c "! $PG_BIN/pg_isready -q -h 127.0.0.1 -p $DR_PG_PORT" || true
  pkill -KILL -f -- "$PGDATA" 2>/dev/null || true
  rm -rf "$PGDATA"
  log "cluster killed and its data folder deleted"
}

cmd_restore() {
  mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  # --type=default: replay every archived WAL segment, to the latest point the archive holds.
  pgbr restore --type=default >/dev/null
  start_pg
  # Recovery ends when the archive runs out; the cluster then promotes itself and takes writes (with
  # hot_standby off it accepts no connection before that, so pg_ctl -w returned only then).
  [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$DR_PG_PORT" -U postgres -Atc 'select pg_is_in_recovery()' postgres)" = f ] \
    || die "the cluster is still in recovery; see $DR_DIR/postgres.log"
  log "restored and promoted"
}

cmd_down() {
  [ -f "$PGDATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  if [ -s "$DR_DIR/s3/pid" ]; then kill -TERM "$(cat "$DR_DIR/s3/pid")" 2>/dev/null || true; fi
  rm -rf "$DR_DIR"
  log "drill servers stopped, $DR_DIR deleted"
}

case "${1:-}" in
  up) cmd_up ;;
  backup) cmd_backup ;;
  crash) cmd_crash ;;
  restore) cmd_restore ;;
  info) pgbr info ;;
  down) cmd_down ;;
  *) echo "usage: scripts/dr/drill-infra.sh up|backup|crash|restore|info|down" >&2; exit 2 ;;
esac
