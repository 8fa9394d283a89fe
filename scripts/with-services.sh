#!/usr/bin/env bash
# Runs a command with the test servers up and their connection variables exported:
#
#   scripts/with-services.sh vitest run --project integration
#
# Starts every service (reusing those already running), runs the command, then stops only the
# services this call started, and exits with the command's own exit code.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -gt 0 ] || { echo "usage: scripts/with-services.sh COMMAND [ARG...]" >&2; exit 2; }

started=$(mktemp)
stop_started() {
  local names; names=$(tr '\n' ' ' <"$started")
  # Kept running on request, e.g. to rerun a failing test against the same servers.
  if [ -n "${names// /}" ] && [ -z "${KEEP_SERVICES:-}" ]; then bash "$here/services-down.sh" $names; fi
  rm -f "$started"
}
trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$here/services-up.sh" --record "$started" || { echo "[services] start-up failed" >&2; exit 1; }
source "$here/services-env.sh"
"$@"
