#!/usr/bin/env bash
# Connection variables for the servers of scripts/services-up.sh.
#
#   source scripts/services-env.sh        exports them into the current shell
#   eval "$(scripts/services-env.sh)"     the same, from any shell
#   scripts/services-env.sh               prints them as `export NAME=value` lines
#
# A variable that is already set keeps its value, so the same tests can point at other servers.
_services_env_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
source "$_services_env_lib/common.sh"
# shellcheck source=lib/sftp.sh
source "$_services_env_lib/sftp.sh"
_sftp_state=$(sftp_active_dir)

_services_env_names="DATABASE_URL KAFKA_BROKERS S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID
S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE REDIS_URL SFTP_HOST SFTP_PORT SFTP_USER SFTP_KEY_PATH
SFTP_KNOWN_HOSTS SFTP_DIR SFTP_LOCAL_DIR KEYCLOAK_URL KEYCLOAK_ISSUER KEYCLOAK_OIDC_ROLES_CLAIM
KEYCLOAK_OIDC_HOSPITAL_CLAIM"

: "${DATABASE_URL:=postgres://postgres@127.0.0.1:$PG_PORT/test}"
: "${KAFKA_BROKERS:=127.0.0.1:$KAFKA_PORT}"
: "${S3_ENDPOINT:=http://127.0.0.1:$S3_PORT}"
: "${S3_REGION:=us-east-1}"
# Tests create this bucket (and others of their own) themselves.
: "${S3_BUCKET:=casemix-test}"
: "${S3_ACCESS_KEY_ID:=$S3_ACCESS_KEY}"
: "${S3_SECRET_ACCESS_KEY:=$S3_SECRET_KEY}"
: "${S3_FORCE_PATH_STYLE:=true}"
: "${REDIS_URL:=redis://127.0.0.1:$REDIS_PORT}"
: "${SFTP_HOST:=127.0.0.1}"
: "${SFTP_PORT:=2222}"
: "${SFTP_USER:=casemix-sftp}"
: "${SFTP_KEY_PATH:=$_sftp_state/client_key}"
: "${SFTP_KNOWN_HOSTS:=$_sftp_state/known_hosts}"
# The folder the SFTP user lands in and may write to, as the client sees it (chrooted) ...
: "${SFTP_DIR:=/upload}"
# ... and the same folder on this machine, for tests that drop files in or check what arrived.
if [ -z "${SFTP_LOCAL_DIR:-}" ] && [ -f "$_sftp_state/chroot-path" ]; then
  SFTP_LOCAL_DIR="$(cat "$_sftp_state/chroot-path")/upload"
fi
: "${SFTP_LOCAL_DIR:=}"

: "${KEYCLOAK_URL:=http://127.0.0.1:$KEYCLOAK_PORT}"
# What a function's OIDC_* variables are to trust Keycloak's realm (OIDC_AUDIENCE stays casemix). Not
# exported as OIDC_ISSUER itself: the tests that use the development issuer set their own.
: "${KEYCLOAK_ISSUER:=$KEYCLOAK_URL/realms/casemix}"
: "${KEYCLOAK_OIDC_ROLES_CLAIM:=realm_access.roles}"
: "${KEYCLOAK_OIDC_HOSPITAL_CLAIM:=hospital}"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  for _name in $_services_env_names; do printf 'export %s=%q\n' "$_name" "${!_name}"; done
else
  # shellcheck disable=SC2086
  export $_services_env_names
fi
unset _services_env_lib _services_env_names _name _sftp_state
