#!/usr/bin/env bash
# Starts the servers that integration and e2e tests use, on loopback, and waits until each really
# answers: Keycloak (8180), Kafka (9092), S3Proxy (9000), PostgreSQL (5432), Redis (6379), SFTP (2222).
#
#   scripts/services-up.sh [keycloak] [kafka] [s3] [postgres] [redis] [sftp]   (no argument: all of them)
#   scripts/services-up.sh --record FILE ...   also appends the names of the services this call
#                                              started (not those it found running) to FILE
#
# Idempotent: a service that already answers is reused, never restarted. Data and logs live in
# .services/ (gitignored). scripts/README.md lists ports and credentials.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"

record=
if [ "${1:-}" = --record ]; then record=$2; shift 2; fi
read -r -a wanted <<<"$(services_selected "$@")"

mkdir -p "$SERVICES_DIR/logs"
# Two callers at once (two test runs) must not both start Kafka on the same port.
exec 9>"$SERVICES_DIR/.lock"
flock -w 300 9 || die "another services-up/down holds $SERVICES_DIR/.lock"

# Keycloak boots slowly (its first start builds the server): it is launched, the other servers start
# meanwhile, and it is awaited at the end.
keycloak_t0=
for svc in "${wanted[@]}"; do
  t0=$(now_ms)
  if service_ready "$svc"; then
    log "$svc: already running, reused"
    continue
  fi
  if [ "$svc" = keycloak ] && port_open "$KEYCLOAK_PORT"; then
    # A Keycloak still booting (port bound, realm not yet served), e.g. another run's.
    wait_for 300 keycloak keycloak_ready || die "port $KEYCLOAK_PORT is taken but does not serve realm $KEYCLOAK_REALM"
    log "keycloak: already running, reused"
    continue
  fi
  if [ "$svc" = keycloak ]; then
    keycloak_launch
    keycloak_t0=$t0
    [ -z "$record" ] || echo keycloak >>"$record"
    continue
  fi
  if [ "$svc" = kafka ] && port_open "$KAFKA_PORT"; then
    # A broker still starting (bound, not yet serving) gets a minute to finish.
    wait_for 60 kafka kafka_ready || die "port $KAFKA_PORT is taken but does not answer as Kafka"
    log "kafka: already running, reused"
    continue
  fi
  port=$(service_port "$svc")
  if [ "$svc" != postgres ] && [ "$svc" != redis ] && port_open "$port"; then
    die "port $port is taken by something that does not answer as $svc"
  fi
  "${svc}_start"
  log "$svc: started and ready in $(( $(now_ms) - t0 )) ms"
  [ -z "$record" ] || echo "$svc" >>"$record"
done
if [ -n "$keycloak_t0" ]; then
  keycloak_wait
  log "keycloak: started and ready in $(( $(now_ms) - keycloak_t0 )) ms"
fi
[[ " ${wanted[*]} " == *" postgres "* ]] && postgres_ensure_database
services_status "${wanted[@]}"
