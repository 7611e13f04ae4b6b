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

source bench/lib.sh
trap stop_all EXIT
build
start_java bench-server "$JAVA_OPTS" dev.karuta.bench.BenchServer 0
PID=$STARTED_PID
URL=http://127.0.0.1:$STARTED_PORT
echo "BenchServer pid $PID on $URL; $(nproc) cpus; $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

# One announce by hand to each route: a bencoded dictionary, not a failure.
check_announce "$URL" /announce
check_announce "$URL" /trivial/announce
rate() { wrk_rate "$SECONDS_PER_ROUND" "$URL" "$1" "$PID" "${@:3}"; } # prefix, script (announce.lua), wrk args
echo "checking answers, then warming up (${WARMUP}s announce, ${WARMUP}s trivial)"
wrk_check "$URL" ""
wrk_check "$URL" /trivial
wrk_run "$WARMUP" "$URL" "" bench/announce.lua >/dev/null
wrk_run "$WARMUP" "$URL" /trivial bench/announce.lua >/dev/null

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
wrk_check "$URL" ""
