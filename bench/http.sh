#!/usr/bin/env bash
# Announce throughput against a trivial servlet on the same Jetty, in one run (see BENCHMARKS.md).
#   bench/http.sh [seconds-per-round] [rounds]        defaults: 15 s, 3 rounds
# Builds the test classes, starts dev.karuta.bench.BenchServer on a free loopback port, checks that
# both routes answer well-formed bencode (and announces no failure), warms up, then runs wrk
# -t1 -c64 in alternating rounds (trivial, announce, trivial, ...) with keep-alive and then with a
# connection per request (Connection: close), prints every round, the medians and the
# announce/trivial ratio, and stops the server. Beside requests/s it prints the server's CPU time per
# request (from /proc, user+system, all threads), which waiting for a busy core does not inflate. Needs wrk (Debian package wrk) and curl.
# Environment: MODES ("keep-alive close"), JAVA_OPTS (-Xms1g -Xmx1g), CONNECTIONS (64), WARMUP (15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
MODES=${MODES:-keep-alive close}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
WARMUP=${WARMUP:-15}
WRK_TIMEOUT=$((SECONDS_PER_ROUND > WARMUP ? SECONDS_PER_ROUND + 30 : WARMUP + 30))

mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
LOG=$(mktemp)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java $JAVA_OPTS -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.karuta.bench.BenchServer 0 >"$LOG" 2>&1 &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -f "$LOG"
}
trap stop EXIT
for _ in $(seq 1 300); do
  grep -q "listening on" "$LOG" && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG" >&2; echo "BenchServer died" >&2; exit 1; }
  sleep 0.2
done
PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$LOG")
[ -n "$PORT" ] || { cat "$LOG" >&2; echo "BenchServer did not start" >&2; exit 1; }
URL=http://127.0.0.1:$PORT
echo "BenchServer pid $PID on $URL; $(nproc) cpus; $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

# One announce by hand: a bencoded dictionary, not a failure.
HASH=%01%23%45%67%89%AB%CD%EF%01%23%45%67%89%AB%CD%EF%01%23%45%67
QUERY="info_hash=$HASH&peer_id=-KB0100-%01%02%03%04%05%06%07%08%09%0A%0B%0C&port=6881&uploaded=0&downloaded=0&left=0&compact=1&numwant=50"
for route in /announce /trivial/announce; do
  body=$(curl -sS --max-time 10 "$URL$route?$QUERY" | tr -d '\0')
  case "$body" in
    d8:complete*e) ;;
    *) echo "unexpected answer from $route: $body" >&2; exit 1 ;;
  esac
done

wrk_run() { # seconds, prefix, script, extra wrk args...
  local seconds=$1 prefix=$2 script=$3
  shift 3
  PREFIX=$prefix timeout "$WRK_TIMEOUT" wrk -t1 -c"$CONNECTIONS" -d"${seconds}"s -s "$script" "$@" "$URL"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; } # server user+system CPU, in clock ticks
TICK=$(getconf CLK_TCK)
rate() { # prefix, script, extra wrk args... -> "requests/sec server-CPU-microseconds-per-request"
  local out before after
  before=$(cpu_ticks)
  out=$(wrk_run "$SECONDS_PER_ROUND" "$@")
  after=$(cpu_ticks)
  local rps total errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd';' - || true)
  [ -n "$errors" ] && echo "  (${1:-/announce}: $errors)" >&2
  awk -v r="$rps" -v n="$total" -v c=$((after - before)) -v hz="$TICK" 'BEGIN {printf "%s %.1f\n", r, c / hz * 1e6 / n}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "checking answers, then warming up (${WARMUP}s announce, ${WARMUP}s trivial)"
wrk_run 5 "" bench/check.lua | grep checked
wrk_run 3 /trivial bench/check.lua | grep checked
wrk_run "$WARMUP" "" bench/announce.lua >/dev/null
wrk_run "$WARMUP" /trivial bench/announce.lua >/dev/null

field() { awk -v f="$1" '{print $f}'; }
for mode in $MODES; do
  extra=()
  if [ "$mode" = close ]; then extra=(-H "Connection: close"); fi
  t=()
  a=()
  for _ in $(seq 1 "$ROUNDS"); do
    t+=("$(rate /trivial bench/announce.lua ${extra[@]+"${extra[@]}"})")
    a+=("$(rate "" bench/announce.lua ${extra[@]+"${extra[@]}"})")
  done
  mt=$(printf '%s\n' "${t[@]}" | field 1 | median)
  ma=$(printf '%s\n' "${a[@]}" | field 1 | median)
  ct=$(printf '%s\n' "${t[@]}" | field 2 | median)
  ca=$(printf '%s\n' "${a[@]}" | field 2 | median)
  echo "$mode req/s: trivial $(printf '%s\n' "${t[@]}" | field 1 | paste -sd' ') (median $mt)" \
    "| announce $(printf '%s\n' "${a[@]}" | field 1 | paste -sd' ') (median $ma)" \
    "| ratio $(awk -v a="$ma" -v t="$mt" 'BEGIN {printf "%.2f", a / t}')"
  echo "$mode server CPU us/request: trivial $(printf '%s\n' "${t[@]}" | field 2 | paste -sd' ') (median $ct)" \
    "| announce $(printf '%s\n' "${a[@]}" | field 2 | paste -sd' ') (median $ca)" \
    "| ratio trivial/announce $(awk -v a="$ca" -v t="$ct" 'BEGIN {printf "%.2f", t / a}')"
done

echo "after the rounds (answers checked):"
wrk_run 3 "" bench/check.lua | grep checked
