#!/usr/bin/env bash
# Announce throughput of one node on Redis against the same node in memory, and of two nodes sharing
# one Redis, in one run (see BENCHMARKS.md, "bench/redis.sh").
#   bench/redis.sh [seconds-per-round] [rounds]        defaults: 15 s, 3 rounds
# Starts three dev.karuta.bench.BenchServer JVMs on free loopback ports: M in memory, A and B with
# karuta.registry=redis on REDIS_URI (default redis://127.0.0.1:6379) under a key prefix of this run's
# own. For each mode of MODES (default "keep-alive close"), rounds alternate: M alone, A alone, then A
# and B at once (two wrk, each with half the connections, their requests/s added). keep-alive: every
# request on a kept connection (the load generator's best case); close: one request a connection
# (wrk sends "Connection: close"), as BitTorrent clients announce (libtorrent sends "Connection: close",
# and a client's next announce to a tracker comes an interval later, long after any keep-alive
# timeout). Every answer is checked by bench/check.lua before the rounds.
# After the rounds it prints what the announce script cost inside Redis (INFO commandstats, reset
# after the warm-up): time per call, per announce (calls carry several announces under load), and
# announces per call.
# REDIS_CPU=n (informational): starts a redis-server of its own pinned to CPU n (taskset) and runs the
# JVMs and wrk on the other CPUs, as if Redis had a machine of its own.
# JAVA_OPTS (default -Xms1g -Xmx1g -XX:+UseParallelGC, as docs/deployment.md advises for the container) for all
# three JVMs; WARMUP (default 45 s) per node before the rounds: a Redis node's JIT compiles for 30-45 s
# under this load.
# Needs wrk, curl and a running Redis (with REDIS_CPU: redis-server and taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh # median, ratio, free_port (its stop_all is not used: this script stops its own)
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
WARMUP=${WARMUP:-45}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}
PREFIX="karuta-bench-$$-$(date +%s):"
PIN=()
REDIS_PID=""
if [ -n "${REDIS_CPU:-}" ]; then
  OTHERS=$(seq 0 $(($(nproc) - 1)) | grep -vx "$REDIS_CPU" | paste -sd,)
  PIN=(taskset -c "$OTHERS")
  REDIS_PORT=$(free_port)
  taskset -c "$REDIS_CPU" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null &
  REDIS_PID=$!
  REDIS_URI=redis://127.0.0.1:$REDIS_PORT
  for _ in $(seq 1 100); do redis-cli -u "$REDIS_URI" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
LOGS=()
PIDS=()
start() { # extra java options...
  local log
  log=$(mktemp)
  # shellcheck disable=SC2086
  "${PIN[@]}" java $JAVA_OPTS "$@" -Dkaruta.udp.secret="$SECRET" -cp "$CP" dev.karuta.bench.BenchServer 0 >"$log" 2>&1 &
  PIDS+=($!)
  LOGS+=("$log")
}
stop() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait "${PIDS[@]}" 2>/dev/null || true
  rm -f "${LOGS[@]}"
  rm -rf "$BENCH_TMP"
  redis-cli -u "$REDIS_URI" --scan --pattern "${PREFIX}*" | xargs -r -n 500 redis-cli -u "$REDIS_URI" del >/dev/null || true
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
}
trap stop EXIT
start
start -Dkaruta.registry=redis -Dkaruta.redis.uri="$REDIS_URI" -Dkaruta.redis.prefix="$PREFIX"
start -Dkaruta.registry=redis -Dkaruta.redis.uri="$REDIS_URI" -Dkaruta.redis.prefix="$PREFIX"
port_of() { # index
  for _ in $(seq 1 600); do
    grep -q "listening on" "${LOGS[$1]}" && break
    kill -0 "${PIDS[$1]}" 2>/dev/null || { cat "${LOGS[$1]}" >&2; echo "BenchServer died" >&2; exit 1; }
    sleep 0.2
  done
  sed -n 's/.*listening on \([0-9]*\).*/\1/p' "${LOGS[$1]}"
}
M=http://127.0.0.1:$(port_of 0)
A=http://127.0.0.1:$(port_of 1)
B=http://127.0.0.1:$(port_of 2)
echo "memory $M, redis nodes $A $B ($REDIS_URI, prefix $PREFIX); $(nproc) cpus; $(redis-server --version | cut -d' ' -f3)" \
  "${REDIS_CPU:+; redis pinned to cpu $REDIS_CPU, the rest to ${OTHERS}}"

for url in "$M" "$A" "$B"; do
  checked=$("${PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d3s -s bench/check.lua "$url" | grep checked)
  echo "$url: $checked"
  case "$checked" in *" 0 malformed, 0 failures"*) ;; *) echo "answers from $url are not all successes" >&2; exit 1 ;; esac
done
echo "warming up (${WARMUP}s each, and 10 s with a connection a request)"
for url in "$M" "$A" "$B"; do
  "${PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}"s -s bench/announce.lua "$url" >/dev/null
  # The accept and close paths too, when a mode opens a connection a request.
  case " ${MODES:-keep-alive close} " in
    *" close "*) "${PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d10s -s bench/announce.lua -H "Connection: close" "$url" >/dev/null ;;
  esac
done

rps() { awk '/Requests\/sec/ {print $2}'; }
one() { # connections url [wrk args...]
  timeout $((SECONDS_PER_ROUND + 30)) "${PIN[@]}" wrk -t1 -c"$1" -d"${SECONDS_PER_ROUND}"s -s bench/announce.lua "${@:3}" "$2" | rps
}
all=()
redis-cli -u "$REDIS_URI" CONFIG RESETSTAT >/dev/null
for mode in ${MODES:-keep-alive close}; do
  extra=()
  [ "$mode" = close ] && extra=(-H "Connection: close")
  mem=(); red=(); two=()
  for _ in $(seq 1 "$ROUNDS"); do
    mem+=("$(one "$CONNECTIONS" "$M" ${extra[@]+"${extra[@]}"})")
    red+=("$(one "$CONNECTIONS" "$A" ${extra[@]+"${extra[@]}"})")
    half=$((CONNECTIONS / 2))
    fa=$(mktemp); fb=$(mktemp)
    one "$half" "$A" ${extra[@]+"${extra[@]}"} >"$fa" & pa=$!
    one "$half" "$B" ${extra[@]+"${extra[@]}"} >"$fb" & pb=$!
    wait "$pa" "$pb"
    two+=("$(awk '{s += $1} END {printf "%.2f", s}' "$fa" "$fb")")
    rm -f "$fa" "$fb"
  done
  mm=$(printf '%s\n' "${mem[@]}" | median)
  mr=$(printf '%s\n' "${red[@]}" | median)
  mt=$(printf '%s\n' "${two[@]}" | median)
  echo "$mode req/s: memory ${mem[*]} (median $mm) | one node on redis ${red[*]} (median $mr)" \
    "| two nodes on redis ${two[*]} (median $mt)"
  echo "$mode ratios: redis/memory $(ratio "$mr" "$mm") | two nodes/memory $(ratio "$mt" "$mm")"
  all+=("${red[@]}" "${two[@]}")
done
stat=$(redis-cli -u "$REDIS_URI" INFO commandstats | grep -E '^cmdstat_(evalsha|eval):' | tr -d '\r' || true)
echo "$stat"
# Announces sent to Redis in the rounds: requests/s times seconds, over the rounds on Redis nodes.
sent=$(printf '%s\n' "${all[@]}" | awk -v s="$SECONDS_PER_ROUND" '{n += $1 * s} END {printf "%.0f", n}')
printf '%s\n' "$stat" | awk -F'[=,]' -v sent="$sent" '/evalsha/ {
  printf "announce script: %d calls, %.1f us per call, %.1f us per announce (%d announces), %.1f announces per call\n",
    $2, $6, $4 / sent, sent, sent / $2 }'
for url in "$A" "$B"; do echo "after the rounds $url: $(wrk -t1 -c"$CONNECTIONS" -d3s -s bench/check.lua "$url" | grep checked)"; done
true
