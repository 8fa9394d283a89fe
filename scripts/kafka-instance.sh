#!/usr/bin/env bash
# A separate Kafka of its own (KRaft, one node, broker + controller) for tests that stop and restart
# a broker mid-run, so the shared one on 9092 that other test runs use is never touched.
#
#   scripts/kafka-instance.sh start PORT [--fresh]   starts it on 127.0.0.1:PORT (controller PORT+1)
#                                                    and waits until it answers; --fresh deletes its
#                                                    data first (only when it is not running)
#   scripts/kafka-instance.sh stop PORT [--kill]     stops it (TERM, KILL after 20 s; --kill: KILL at once)
#   scripts/kafka-instance.sh status PORT            exit 0 when it answers
#   scripts/kafka-instance.sh clean PORT             stops it and deletes its folder
#
# Data, config, logs and pid file in .services/kafka-PORT/; the jars are the shared Kafka's
# (.services/jars/kafka, fetched with Maven once). Heap: KAFKA_HEAP_OPTS, default -Xms128m -Xmx512m.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"

action=${1:-}
port=${2:-}
option=${3:-}
[[ "$port" =~ ^[0-9]+$ ]] || die "usage: kafka-instance.sh start|stop|status|clean PORT [--fresh|--kill]"
[ "$port" != 9092 ] || die "9092 is the shared Kafka of scripts/services-up.sh; pick another port"

KAFKA_PORT=$port
KAFKA_CONTROLLER_PORT=$((port + 1))
KAFKA_DIR="$SERVICES_DIR/kafka-$port"
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}

mkdir -p "$SERVICES_DIR/logs"
exec 9>"$SERVICES_DIR/.lock-kafka-$port"
flock -w 120 9 || die "another kafka-instance.sh holds $SERVICES_DIR/.lock-kafka-$port"

case $action in
  start)
    if pid_alive "$KAFKA_DIR/kafka.pid" && kafka_ready; then log "kafka on $port: already running"; exit 0; fi
    if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
      die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by something that is not this instance"
    fi
    if [ "$option" = --fresh ]; then rm -rf "$KAFKA_DIR"; fi
    t0=$(now_ms)
    kafka_start
    log "kafka on $port: started and ready in $(( $(now_ms) - t0 )) ms"
    ;;
  stop)
    if [ "$option" = --kill ] && pid_alive "$KAFKA_DIR/kafka.pid"; then
      pid=$(cat "$KAFKA_DIR/kafka.pid")
      kill -KILL "$pid"
      wait_for 20 "kafka to die" sh -c "! kill -0 $pid 2>/dev/null" || die "kafka (pid $pid) survived KILL"
      rm -f "$KAFKA_DIR/kafka.pid"
      log "killed kafka on $port (pid $pid)"
    else
      kafka_stop
    fi
    ;;
  status) kafka_ready ;;
  clean)
    kafka_stop
    rm -rf "$KAFKA_DIR"
    ;;
  *) die "unknown action '$action' (start, stop, status, clean)" ;;
esac
