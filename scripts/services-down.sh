#!/usr/bin/env bash
# Stops services started by scripts/services-up.sh.
#
#   scripts/services-down.sh                  stops the project's own servers: keycloak, kafka, s3, sftp
#   scripts/services-down.sh NAME...          stops those named; postgres and redis (the machine's
#                                             own servers) stop only when named
#   scripts/services-down.sh --clean [NAME...]  also deletes their data under .services/
#
# Keycloak keeps its realm in memory (re-imported at each start): --clean has nothing of it to delete.
# Keycloak, Kafka, S3Proxy and sshd are stopped through the pid files services-up.sh wrote, so a server this
# project did not start is never touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"

clean=
if [ "${1:-}" = --clean ]; then clean=1; shift; fi
if [ $# -eq 0 ]; then set -- keycloak kafka s3 sftp; fi
read -r -a wanted <<<"$(services_selected "$@")"

mkdir -p "$SERVICES_DIR"
exec 9>"$SERVICES_DIR/.lock"
flock -w 300 9 || die "another services-up/down holds $SERVICES_DIR/.lock"

for svc in "${wanted[@]}"; do
  "${svc}_stop"
  if [ -n "$clean" ]; then
    case $svc in
      kafka) rm -rf "$KAFKA_DIR/data" ;;
      s3) rm -rf "$S3_DIR/data" ;;
      sftp) if [ -f "$SFTP_STATE_DIR/chroot-path" ]; then rm -rf "$(cat "$SFTP_STATE_DIR/chroot-path")/upload"; fi ;;
    esac
  fi
done
