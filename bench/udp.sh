#!/usr/bin/env bash
# UDP announce throughput: Karuta vs Debian's opentracker vs a trivial echo responder, in one run
# (BENCHMARKS.md). Needs the opentracker package. Loopback only; stops what it starts.
#   bench/udp.sh [seconds-per-round] [rounds] [sockets] [window]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
SOCKETS=${3:-4}
WINDOW=${4:-64}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

KARUTA_PORT=16969; OT_PORT=16970; ECHO_PORT=16971
java -cp "$CP" dev.karuta.bench.UdpLoad --hashes 10000 > "$WORK/whitelist.txt"
# Debian's opentracker is built whitelist-only; the file is read relative to its -d (chroot) directory.
opentracker -i 127.0.0.1 -p "$OT_PORT" -P "$OT_PORT" -d "$WORK" -w whitelist.txt >"$WORK/ot.log" 2>&1 &
PIDS+=($!)
java -Xms1g -Xmx1g ${JVM_OPTS:-} -cp "$CP" dev.karuta.bench.UdpBenchServer "$KARUTA_PORT" "${KARUTA_WORKERS:-2}" >"$WORK/karuta.log" 2>&1 &
PIDS+=($!)
java -cp "$CP" dev.karuta.bench.UdpEcho "$ECHO_PORT" >"$WORK/echo.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q listening "$WORK/karuta.log" && grep -q listening "$WORK/echo.log" && break; sleep 0.2; done

load() { java -cp "$CP" dev.karuta.bench.UdpLoad 127.0.0.1 "$1" "$2" "$SOCKETS" "$WINDOW" 10000 | awk '{print $3}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "warm-up" >&2
load "$KARUTA_PORT" 10 >/dev/null
load "$OT_PORT" 5 >/dev/null
k=(); o=(); e=()
for r in $(seq 1 "$ROUNDS"); do
  k+=("$(load "$KARUTA_PORT" "$SECONDS_PER_ROUND")")
  o+=("$(load "$OT_PORT" "$SECONDS_PER_ROUND")")
  e+=("$(load "$ECHO_PORT" "$SECONDS_PER_ROUND")")
done
mk=$(printf '%s\n' "${k[@]}" | median); mo=$(printf '%s\n' "${o[@]}" | median); me=$(printf '%s\n' "${e[@]}" | median)
echo "karuta      ${k[*]} (median $mk)"
echo "opentracker ${o[*]} (median $mo)"
echo "echo        ${e[*]} (median $me)"
awk -v k="$mk" -v o="$mo" -v e="$me" 'BEGIN {printf "karuta/opentracker %.2f  karuta/echo %.2f\n", k / o, k / e}'
