# Keycloak 26 (org.keycloak:keycloak-quarkus-dist, a zip from Maven Central) in development mode on
# http://127.0.0.1:8180, with the realm of scripts/keycloak/casemix-realm.json imported at each start.
# Sourced by scripts/services-up.sh and scripts/services-down.sh.

KEYCLOAK_VERSION=26.5.6
KEYCLOAK_DIR="$SERVICES_DIR/keycloak"
KEYCLOAK_HOME="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_REALM=casemix

# The realm's discovery document: a real answer from the realm, so the import is done too (the
# port opens before the realm is imported).
keycloak_ready() {
  curl -sf -o /dev/null -m 5 "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration"
}

# keycloak_java_home: Keycloak 26 needs Java 21 or newer; the machine's default is 17. KEYCLOAK_JAVA_HOME
# wins, then JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.
keycloak_java_home() {
  local candidate version
  for candidate in "${KEYCLOAK_JAVA_HOME:-}" "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  die "Keycloak needs Java 21 or newer: set KEYCLOAK_JAVA_HOME (found none under /usr/lib/jvm)"
}

# keycloak_fetch: the dist zip through Maven (cached in ~/.m2), unpacked once into .services/keycloak.
keycloak_fetch() {
  [ -x "$KEYCLOAK_HOME/bin/kc.sh" ] && return 0
  command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch Keycloak"
  command -v unzip >/dev/null || die "unzip is needed to unpack Keycloak"
  log "fetching Keycloak $KEYCLOAK_VERSION with Maven (cached in ~/.m2)"
  mkdir -p "$KEYCLOAK_DIR/dist" "$KEYCLOAK_DIR/logs"
  mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$KEYCLOAK_DIR/dist" >"$SERVICES_DIR/logs/maven-keycloak.log" 2>&1 \
    || die "Maven could not fetch Keycloak; see $SERVICES_DIR/logs/maven-keycloak.log"
  rm -rf "$KEYCLOAK_HOME.partial"
  mkdir -p "$KEYCLOAK_HOME.partial"
  unzip -q "$KEYCLOAK_DIR/dist/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$KEYCLOAK_HOME.partial" \
    || die "could not unpack $KEYCLOAK_DIR/dist/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  # The zip holds one folder, keycloak-<version>; moved into place only once complete.
  mv "$KEYCLOAK_HOME.partial/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$KEYCLOAK_HOME.partial" "$KEYCLOAK_DIR/dist"
}

# keycloak_launch: starts the server in its own session without waiting; keycloak_wait waits. Split so
# services-up.sh can start the other servers while Keycloak boots (its first start takes a while).
keycloak_launch() {
  keycloak_fetch
  mkdir -p "$KEYCLOAK_DIR/logs" "$KEYCLOAK_HOME/data/import"
  cp "$SCRIPTS_DIR/keycloak/casemix-realm.json" "$KEYCLOAK_HOME/data/import/casemix-realm.json"
  # dev-mem: an in-memory database, so every start imports the realm as the repository has it now
  # (an import never overwrites an existing realm). The management port is moved off 9000 (S3Proxy).
  # The hostname is fixed so every token's issuer is the same URL the tests and services-env.sh use.
  # C1-only compilation: Keycloak's start is JIT-bound, and on 2 shared cores the C2 threads
  # compete with everything else; the tests' load on it is light. (kc.sh already picks G1.)
  JAVA_HOME=$(keycloak_java_home) JAVA_OPTS_KC_HEAP="${KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx768m}" \
  JAVA_OPTS_APPEND="${KEYCLOAK_JAVA_OPTS:--XX:TieredStopAtLevel=1}" \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --db=dev-mem --import-realm \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="http://127.0.0.1:$KEYCLOAK_PORT" --log-file="$KEYCLOAK_DIR/logs/keycloak.log" --log=file \
    >>"$KEYCLOAK_DIR/logs/stdout.log" 2>&1 </dev/null 9>&- &
  echo $! >"$KEYCLOAK_DIR/keycloak.pid"
}

keycloak_alive_and_ready() {
  pid_alive "$KEYCLOAK_DIR/keycloak.pid" || die "keycloak exited during start-up; see $KEYCLOAK_DIR/logs/stdout.log and keycloak.log"
  keycloak_ready
}

keycloak_wait() {
  # The pid file names the forked shell until it has exec'd kc.sh (whose command line names
  # $SERVICES_DIR); give it a moment before treating "not ours" as "exited".
  wait_for 10 "keycloak process" pid_alive "$KEYCLOAK_DIR/keycloak.pid" || true
  wait_for 300 keycloak keycloak_alive_and_ready \
    || die "keycloak did not serve realm $KEYCLOAK_REALM within 300 s; see $KEYCLOAK_DIR/logs/keycloak.log"
}

keycloak_start() { keycloak_launch; keycloak_wait; }

keycloak_stop() { stop_pid keycloak "$KEYCLOAK_DIR/keycloak.pid"; }
