# Shared helpers for scripts/services-*.sh. Sourced, never run.
# Everything a service writes (jars, configs, data, logs, pid files) lives under $SERVICES_DIR,
# which is .services/ at the repo root (gitignored) unless CASEMIX_SERVICES_DIR says otherwise.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPTS_DIR="$REPO_ROOT/scripts"
SERVICES_DIR=${CASEMIX_SERVICES_DIR:-"$REPO_ROOT/.services"}

# Fixed loopback endpoints and test credentials; scripts/services-env.sh exports them to tests.
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
S3_PORT=9000
S3_ACCESS_KEY=casemix
S3_SECRET_KEY=casemix-secret
PG_PORT=5432
REDIS_PORT=6379
SFTP_PORT=2222
SFTP_USER=casemix-sftp
KEYCLOAK_PORT=8180
KEYCLOAK_MANAGEMENT_PORT=8181
# The master realm's administrator (development only; the casemix realm's users are in its JSON).
KEYCLOAK_ADMIN_PASSWORD=casemix-admin

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch, for start-up timings.
now_ms() { date +%s%3N; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_for() {
  local seconds=$1; shift 2 # $2 names what is awaited, for the reader
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# pid_alive FILE: the process recorded in FILE is still running and is one of ours: its command
# line names $SERVICES_DIR (a config or log path), so a pid file left from before a reboot never
# makes us signal an unrelated process that got the same pid.
pid_alive() {
  [ -s "$1" ] || return 1
  local pid; pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$SERVICES_DIR"
}

# stop_pid NAME FILE: stops the process recorded in FILE (TERM, then KILL after 20 s).
stop_pid() {
  local name=$1 file=$2 pid
  if ! pid_alive "$file"; then rm -f "$file"; return 0; fi
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 20 "$name to stop" sh -c "! kill -0 $pid 2>/dev/null"; then
    log "$name (pid $pid) ignored TERM for 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  log "stopped $name (pid $pid)"
}

# fetch_jars NAME: copies the runtime classpath of scripts/maven/NAME/pom.xml into
# $SERVICES_DIR/jars/NAME once; Maven keeps the downloads in ~/.m2, and a stamp holding the pom's
# sha256 makes a later start skip Maven entirely (re-fetching only when the pom changes).
fetch_jars() {
  local name=$1 pom="$SCRIPTS_DIR/maven/$1/pom.xml" dir="$SERVICES_DIR/jars/$1"
  local sum; sum=$(sha256sum "$pom" | cut -d' ' -f1)
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$sum" ]; then return 0; fi
  command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch the $name jars"
  log "fetching $name jars with Maven (cached in ~/.m2)"
  rm -rf "$dir"; mkdir -p "$dir"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir" \
    >"$SERVICES_DIR/logs/maven-$name.log" 2>&1 \
    || die "Maven could not fetch the $name jars; see $SERVICES_DIR/logs/maven-$name.log"
  echo "$sum" >"$dir/.stamp"
}

# java_cmd: Java 17+ (the machine's default JDK is 17).
java_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"
  else command -v java || die "java (17 or newer) is needed for Kafka and S3Proxy"; fi
}
