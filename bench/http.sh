#!/usr/bin/env bash
# Announce throughput against a trivial servlet on the same Jetty, in one run (BENCHMARKS.md).
#   bench/http.sh [seconds-per-round] [rounds]
# Needs wrk (Debian package). Loopback only; stops what it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
LOG=$(mktemp)
java -Xms1g -Xmx1g ${JVM_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.karuta.bench.BenchServer 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$LOG" && break; sleep 0.2; done
PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$LOG")
URL=http://127.0.0.1:$PORT

rate() { # prefix, extra wrk args...
  local prefix=$1; shift
  PREFIX=$prefix wrk -t1 -c64 -d"${SECONDS_PER_ROUND}"s -s bench/announce.lua "$@" "$URL" | awk '/Requests\/sec/ {print $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "warm-up" >&2
PREFIX= wrk -t1 -c64 -d10s -s bench/announce.lua "$URL" >/dev/null
PREFIX=/trivial wrk -t1 -c64 -d5s -s bench/announce.lua "$URL" >/dev/null

for mode in keep-alive close; do
  extra=()
  if [ "$mode" = close ]; then extra=(-H "Connection: close"); fi
  t=(); a=()
  for r in $(seq 1 "$ROUNDS"); do
    t+=("$(rate /trivial "${extra[@]}")")
    a+=("$(rate "" "${extra[@]}")")
  done
  mt=$(printf '%s\n' "${t[@]}" | median)
  ma=$(printf '%s\n' "${a[@]}" | median)
  ratio=$(awk -v a="$ma" -v t="$mt" 'BEGIN {printf "%.2f", a / t}')
  echo "$mode: trivial ${t[*]} (median $mt) | announce ${a[*]} (median $ma) | ratio $ratio"
done
