#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft mode, broker+controller in one JVM) for development
# and CI machines without Docker. The jars come from Maven Central through scripts/kafka/pom.xml.
#
#   bash scripts/kafka/kafka.sh start    # fetch jars (once), format storage (once), start, wait
#   bash scripts/kafka/kafka.sh stop     # stop the broker this script started
#   bash scripts/kafka/kafka.sh status   # exit 0 running, 3 not running
#   bash scripts/kafka/kafka.sh restart
#   bash scripts/kafka/kafka.sh logs     # tail the broker log
#   bash scripts/kafka/kafka.sh reset    # stop and delete the broker's data (keeps the jars)
#
# Environment (all optional):
#   KAFKA_HOME_DIR         state directory (jars, config, data, log, pid)  default <repo>/.kafka
#   KAFKA_LIBS_DIR         where the broker jars are cached                default $KAFKA_HOME_DIR/libs
#   KAFKA_HOST             address to listen on and advertise              default 127.0.0.1
#   KAFKA_PORT             client (PLAINTEXT) port                         default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port                           default 9093
#   KAFKA_HEAP_OPTS        JVM heap                                        default -Xmx512m -Xms256m
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer        default 60
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL    default 30
#   MAVEN_OPTS             passed to mvn as usual (e.g. -Dmaven.repo.local=...)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

POM="$SCRIPT_DIR/pom.xml"
WAIT_JS="$SCRIPT_DIR/wait-for-kafka.js"
LIBS_DIR="${KAFKA_LIBS_DIR:-$KAFKA_HOME_DIR/libs}"
LIBS_MARKER="$LIBS_DIR/.complete"
DATA_DIR="$KAFKA_HOME_DIR/data"
CONFIG_FILE="$KAFKA_HOME_DIR/server.properties"
LOG4J_FILE="$KAFKA_HOME_DIR/log4j.properties"
CLUSTER_ID_FILE="$KAFKA_HOME_DIR/cluster.id"
LOG_FILE="$KAFKA_HOME_DIR/kafka.log"
PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
BROKER="$KAFKA_HOST:$KAFKA_PORT"

log() { printf '[kafka] %s\n' "$*"; }
die() {
  printf '[kafka] error: %s\n' "$*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed ($2)"
}

# ---------------------------------------------------------------------------------------------
# process bookkeeping
# ---------------------------------------------------------------------------------------------

# The pid recorded by `start`, if the file exists and holds a number.
recorded_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  printf '%s\n' "$pid"
}

# True when $1 is alive and is the broker started with our config (guards against pid reuse).
is_our_broker() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *kafka.Kafka* && "$cmdline" == *"$CONFIG_FILE"* ]] || return 1
  fi
  return 0
}

running_pid() {
  local pid
  pid="$(recorded_pid)" || return 1
  is_our_broker "$pid" || return 1
  printf '%s\n' "$pid"
}

port_in_use() {
  # bash's /dev/tcp: succeeds when something accepts connections on host:port.
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

broker_answers() {
  local timeout="${1:-5}"
  KAFKA_BROKERS="$BROKER" node "$WAIT_JS" --timeout "$timeout" --quiet
}

# ---------------------------------------------------------------------------------------------
# jars, config, storage
# ---------------------------------------------------------------------------------------------

pom_hash() {
  sha256sum "$POM" | cut -d' ' -f1
}

# The marker holds the pom's hash and the jar list; the cache is complete when both still match.
libs_complete() {
  [[ -f "$LIBS_MARKER" ]] || return 1
  [[ "$(head -n1 "$LIBS_MARKER")" == "$(pom_hash)" ]] || return 1
  local jar count=0
  while IFS= read -r jar; do
    [[ -s "$LIBS_DIR/$jar" ]] || return 1
    count=$((count + 1))
  done < <(tail -n +2 "$LIBS_MARKER")
  ((count > 0))
}

fetch_libs() {
  if libs_complete; then
    return 0
  fi
  need mvn "Maven is needed once to fetch Kafka's jars from Maven Central"
  log "fetching Kafka jars with Maven into $LIBS_DIR (first run only)"
  local tmp="$LIBS_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  local mvn_log="$KAFKA_HOME_DIR/mvn.log"
  if ! mvn -B -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    rm -rf "$tmp"
    die "mvn could not fetch the Kafka jars (full output: $mvn_log)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || {
    rm -rf "$tmp"
    die "mvn finished but no kafka_2.13 jar was copied to $tmp"
  }
  {
    pom_hash
    (cd "$tmp" && ls -1 -- *.jar)
  } >"$tmp/.complete"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  log "cached $(($(wc -l <"$LIBS_MARKER") - 1)) jars"
}

kafka_java() {
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  java $KAFKA_HEAP_OPTS \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J_FILE" \
    -cp "$LIBS_DIR/*" "$@"
}

write_log4j() {
  cat >"$LOG4J_FILE" <<'EOF'
# Written by scripts/kafka/kafka.sh: everything goes to stdout, which the script sends to kafka.log.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.kafka.authorizer.logger=WARN
# One line per partition and segment otherwise; tests create many topics.
log4j.logger.kafka.log.LogManager=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log.UnifiedLog=WARN
log4j.logger.kafka.log.UnifiedLog$=WARN
log4j.logger.org.apache.kafka.clients.consumer.internals=WARN
EOF
}

write_config() {
  cat >"$CONFIG_FILE" <<EOF
# Written by scripts/kafka/kafka.sh on every start; edit the script, not this file.
# Single-node KRaft: this process is both the broker and the (only) controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$DATA_DIR

# One node: every replication factor and ISR minimum is 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
# Fewer internal partitions than the defaults (50): the first consumer group and the first
# transactional producer come up much faster.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5

# The application creates its own topics; a typo must fail, not create a topic.
auto.create.topics.enable=false
delete.topic.enable=true
num.partitions=3

# Test friendly: consumer groups form at once, and short session timeouts are allowed.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000

# Small machine: few threads, a small log-cleaner buffer (the default takes 128 MiB of heap).
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216

# Keep the data directory from growing without bound on a dev machine.
log.retention.hours=24
log.segment.bytes=67108864
log.retention.check.interval.ms=300000
EOF
}

ensure_cluster_id() {
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    return 0
  fi
  local id=""
  # Storage formatted earlier but the id file lost: reuse the id the storage carries.
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    id="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" | head -n1)"
  fi
  if [[ -z "$id" ]]; then
    id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 | tr -d '[:space:]')"
  fi
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "could not generate a Kafka cluster id (got '$id')"
  printf '%s\n' "$id" >"$CLUSTER_ID_FILE"
}

format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  log "formatting KRaft storage in $DATA_DIR (cluster $(cat "$CLUSTER_ID_FILE"))"
  mkdir -p "$DATA_DIR"
  local out
  if ! out="$(kafka_java kafka.tools.StorageTool format \
    -t "$(cat "$CLUSTER_ID_FILE")" -c "$CONFIG_FILE" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "formatting the storage failed"
  fi
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------

cmd_start() {
  need java "Java 17 or later is needed to run the broker"
  need node "Node.js is needed for the readiness check"
  [[ -f "$REPO_ROOT/node_modules/kafkajs/package.json" ]] ||
    die "kafkajs is not installed in $REPO_ROOT/node_modules: run 'npm ci' first"

  local pid
  if pid="$(running_pid)"; then
    if broker_answers 5; then
      log "already running (pid $pid) at $BROKER"
      return 0
    fi
    log "process $pid is running but the broker does not answer yet; waiting"
    wait_until_ready "$pid"
    return 0
  fi
  rm -f "$PID_FILE"

  if port_in_use "$KAFKA_HOST" "$KAFKA_PORT"; then
    die "$BROKER is already taken by another process (not started by this script from $KAFKA_HOME_DIR); stop it or set KAFKA_PORT"
  fi
  if port_in_use "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "$KAFKA_HOST:$KAFKA_CONTROLLER_PORT (controller) is already taken; stop that process or set KAFKA_CONTROLLER_PORT"
  fi

  local started_at=$SECONDS
  mkdir -p "$KAFKA_HOME_DIR"
  fetch_libs
  write_log4j
  write_config
  ensure_cluster_id
  format_storage

  if [[ -f "$LOG_FILE" ]]; then
    mv -f "$LOG_FILE" "$LOG_FILE.1"
  fi
  log "starting broker on $BROKER (log: $LOG_FILE)"
  # Kafka's own scripts' JVM flags. setsid: its own session, so a Ctrl-C or the end of the
  # calling shell does not take it down; in a script the background child is not a process group
  # leader, so setsid execs in place and $! stays the java pid (checked below).
  local -a launcher=(nohup)
  if command -v setsid >/dev/null 2>&1; then
    launcher=(setsid nohup)
  fi
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  "${launcher[@]}" java $KAFKA_HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J_FILE" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" \
    >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"

  wait_until_ready "$pid"
  log "started in $((SECONDS - started_at))s"
}

wait_until_ready() {
  local pid="$1" rc=0
  KAFKA_BROKERS="$BROKER" node "$WAIT_JS" --timeout "$KAFKA_START_TIMEOUT" --pid "$pid" --quiet || rc=$?
  if ((rc == 0)) && is_our_broker "$pid"; then
    log "running (pid $pid) at $BROKER"
    return 0
  fi
  if kill -0 "$pid" 2>/dev/null; then
    if ! is_our_broker "$pid"; then
      printf '[kafka] pid %s is not the broker (%s)\n' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" >&2
    else
      printf '[kafka] the broker did not answer within %ss; stopping it\n' "$KAFKA_START_TIMEOUT" >&2
      stop_pid "$pid"
    fi
  else
    printf '[kafka] the broker process exited during start-up\n' >&2
  fi
  rm -f "$PID_FILE"
  printf '[kafka] last lines of %s:\n' "$LOG_FILE" >&2
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  die "Kafka did not start"
}

stop_pid() {
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= KAFKA_STOP_TIMEOUT * 10)); then
      log "still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

cmd_stop() {
  local pid
  if ! pid="$(recorded_pid)"; then
    log "not running (no pid file at $PID_FILE)"
    return 0
  fi
  if ! is_our_broker "$pid"; then
    log "not running (stale pid file for pid $pid removed)"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping broker (pid $pid)"
  local started_at=$SECONDS
  stop_pid "$pid"
  rm -f "$PID_FILE"
  log "stopped in $((SECONDS - started_at))s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if broker_answers 3; then
      log "running (pid $pid) at $BROKER"
    else
      log "running (pid $pid) but not answering at $BROKER yet (see $LOG_FILE)"
    fi
    return 0
  fi
  log "not running"
  return 3
}

cmd_reset() {
  cmd_stop
  log "deleting $DATA_DIR, $CLUSTER_ID_FILE and the logs (jars kept)"
  rm -rf "$DATA_DIR" "$CLUSTER_ID_FILE" "$LOG_FILE" "$LOG_FILE.1"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart)
    cmd_stop
    cmd_start
    ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 start|stop|status|restart|logs [N]|reset" >&2
    exit 64
    ;;
esac
