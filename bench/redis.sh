#!/usr/bin/env bash
# Announce throughput of one node on Redis against the same node in memory, and of two nodes sharing
# one Redis, in one run (see BENCHMARKS.md, "Several nodes on Redis").
#   bench/redis.sh [seconds-per-round] [rounds]        defaults: 15 s, 3 rounds
# Starts three dev.karuta.bench.BenchServer JVMs on free loopback ports: M in memory, A and B with
# karuta.registry=redis on REDIS_URI (default redis://127.0.0.1:6379) under a key prefix of this run's
# own. Rounds alternate: M alone, A alone, then A and B at once (two wrk, each with half the
# connections, their requests/s added). Every answer is checked by bench/check.lua before the rounds.
# Needs wrk, curl and a running Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
WARMUP=${WARMUP:-15}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}
PREFIX="karuta-bench-$$-$(date +%s):"

mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
LOGS=()
PIDS=()
start() { # extra java options...
  local log
  log=$(mktemp)
  # shellcheck disable=SC2086
  java $JAVA_OPTS "$@" -Dkaruta.udp.secret="$SECRET" -cp "$CP" dev.karuta.bench.BenchServer 0 >"$log" 2>&1 &
  PIDS+=($!)
  LOGS+=("$log")
}
stop() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait "${PIDS[@]}" 2>/dev/null || true
  rm -f "${LOGS[@]}"
  redis-cli -u "$REDIS_URI" --scan --pattern "${PREFIX}*" | xargs -r -n 500 redis-cli -u "$REDIS_URI" del >/dev/null || true
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
echo "memory $M, redis nodes $A $B ($REDIS_URI, prefix $PREFIX); $(nproc) cpus; $(redis-server --version | cut -d' ' -f3)"

for url in "$M" "$A" "$B"; do
  checked=$(wrk -t1 -c"$CONNECTIONS" -d3s -s bench/check.lua "$url" | grep checked)
  echo "$url: $checked"
  case "$checked" in *" 0 malformed, 0 failures"*) ;; *) echo "answers from $url are not all successes" >&2; exit 1 ;; esac
done
echo "warming up (${WARMUP}s each)"
for url in "$M" "$A" "$B"; do wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}"s -s bench/announce.lua "$url" >/dev/null; done

rps() { awk '/Requests\/sec/ {print $2}'; }
one() { timeout $((SECONDS_PER_ROUND + 30)) wrk -t1 -c"$1" -d"${SECONDS_PER_ROUND}"s -s bench/announce.lua "$2" | rps; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mem=(); red=(); two=()
for _ in $(seq 1 "$ROUNDS"); do
  mem+=("$(one "$CONNECTIONS" "$M")")
  red+=("$(one "$CONNECTIONS" "$A")")
  half=$((CONNECTIONS / 2))
  fa=$(mktemp); fb=$(mktemp)
  one "$half" "$A" >"$fa" & pa=$!
  one "$half" "$B" >"$fb" & pb=$!
  wait "$pa" "$pb"
  two+=("$(awk '{s += $1} END {printf "%.2f", s}' "$fa" "$fb")")
  rm -f "$fa" "$fb"
done
mm=$(printf '%s\n' "${mem[@]}" | median)
mr=$(printf '%s\n' "${red[@]}" | median)
mt=$(printf '%s\n' "${two[@]}" | median)
echo "keep-alive req/s: memory ${mem[*]} (median $mm) | one node on redis ${red[*]} (median $mr)" \
  "| two nodes on redis ${two[*]} (median $mt)"
echo "ratios: redis/memory $(awk -v a="$mr" -v b="$mm" 'BEGIN {printf "%.2f", a / b}')" \
  "| two nodes/memory $(awk -v a="$mt" -v b="$mm" 'BEGIN {printf "%.2f", a / b}')"
for url in "$A" "$B"; do echo "after the rounds $url: $(wrk -t1 -c"$CONNECTIONS" -d3s -s bench/check.lua "$url" | grep checked)"; done
