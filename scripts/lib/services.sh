# The lock that services-up.sh and services-down.sh hold is file descriptor 9; every server they
# start closes it (9>&-), or the server would hold the lock for as long as it runs.
#
# Loads every service's helpers and the dispatch shared by services-up.sh and services-down.sh.
# shellcheck source-path=SCRIPTDIR
LIB_DIR=$(dirname "${BASH_SOURCE[0]}")
source "$LIB_DIR/common.sh"
source "$LIB_DIR/kafka.sh"
source "$LIB_DIR/s3.sh"
source "$LIB_DIR/system.sh"
source "$LIB_DIR/sftp.sh"
source "$LIB_DIR/keycloak.sh"

# Keycloak first: services-up.sh launches it and starts the others while it boots.
ALL_SERVICES="keycloak kafka s3 postgres redis sftp"

# services_selected [NAME...]: the names given (checked), or all of them.
services_selected() {
  [ $# -gt 0 ] || { echo "$ALL_SERVICES"; return 0; }
  local name
  for name in "$@"; do
    [[ " $ALL_SERVICES " == *" $name "* ]] || die "unknown service '$name' (known: $ALL_SERVICES)"
  done
  echo "$*"
}

service_port() {
  case $1 in
    kafka) echo "$KAFKA_PORT" ;; s3) echo "$S3_PORT" ;; postgres) echo "$PG_PORT" ;;
    redis) echo "$REDIS_PORT" ;; sftp) echo "$SFTP_PORT" ;; keycloak) echo "$KEYCLOAK_PORT" ;;
  esac
}

service_ready() { "${1}_ready"; }

# Prints one line per service: name, state, endpoint.
services_status() {
  local svc state
  for svc in "$@"; do
    if service_ready "$svc"; then state=up; else state=down; fi
    case $svc in
      kafka) printf '%-9s %-5s %s\n' kafka "$state" "127.0.0.1:$KAFKA_PORT (KRaft broker+controller, controller on $KAFKA_CONTROLLER_PORT)" ;;
      s3) printf '%-9s %-5s %s\n' s3 "$state" "http://127.0.0.1:$S3_PORT (S3Proxy, key $S3_ACCESS_KEY)" ;;
      postgres) printf '%-9s %-5s %s\n' postgres "$state" "127.0.0.1:$PG_PORT (database $PG_DATABASE, user postgres)" ;;
      redis) printf '%-9s %-5s %s\n' redis "$state" "127.0.0.1:$REDIS_PORT" ;;
      keycloak) printf '%-9s %-5s %s\n' keycloak "$state" "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM (Keycloak $KEYCLOAK_VERSION dev mode, admin console user admin)" ;;
      sftp) printf '%-9s %-5s %s\n' sftp "$state" "127.0.0.1:$SFTP_PORT (user $SFTP_USER, key $(sftp_active_dir)/client_key)" ;;
    esac
  done
}
