#!/usr/bin/env bash
# Container settings against each other, in one run: one dev.karuta.bench.BenchServer JVM per variant
# (each with the settings of jetty-base/start.d, see ContainerSettings, plus the variant's JVM flags),
# the same wrk load (bench/announce.lua, -t1 -c64) in interleaved rounds (V0, V1, ..., V0, V1, ...),
# keep-alive and connection-per-request; prints every round, the medians and each variant's ratio to
# the first (V0, the baseline), in requests/s and in server CPU time per request.
#   bench/tune.sh [seconds-per-round=10] [rounds=3] VARIANT...
#   bench/tune.sh 10 3 "" "-Djetty.http.selectors=2" "-Dbench.sessions=false"
#   bench/tune.sh 10 3 "-XX:+UseG1GC" "-XX:+UseParallelGC"
# A variant is JVM flags added to JAVA_OPTS: any -Djetty.* name of ContainerSettings.DEFAULTS
# (jetty-home's start properties), -Dbench.sessions=false, GC flags. Environment: JAVA_OPTS (-Xms1g
# -Xmx1g), MODES ("keep-alive close"), ROUTE (/announce; /trivial/announce: the trivial servlet),
# WARMUP (10 s of load per variant before the rounds; a Redis-mode variant's JIT needs 30-45 s).
# On a shared machine run it under the benchmark lock: flock /tmp/karuta-bench.lock bench/tune.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap stop_all EXIT
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
shift 2 || true
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("")
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
PREFIX=${ROUTE:-/announce}
PREFIX=${PREFIX%/announce}

build
URLS=() SERVERS=()
for v in "${!VARIANTS[@]}"; do
  start_java "v$v" "$JAVA_OPTS ${VARIANTS[$v]}" dev.karuta.bench.BenchServer 0
  URLS+=("http://127.0.0.1:$STARTED_PORT") SERVERS+=("$STARTED_PID")
  echo "V$v: ${VARIANTS[$v]:-(jetty-base)}; $(grep container: "$BENCH_TMP/v$v.log")"
done
for v in "${!VARIANTS[@]}"; do
  check_announce "${URLS[$v]}" "$PREFIX/announce"
  wrk_check "${URLS[$v]}" "$PREFIX" >/dev/null
  wrk_run "${WARMUP:-10}" "${URLS[$v]}" "$PREFIX" bench/announce.lua >/dev/null
done
for mode in ${MODES:-keep-alive close}; do
  extra=()
  [ "$mode" = close ] && extra=(-H "Connection: close")
  declare -A RPS=() CPU=()
  for r in $(seq 1 "$ROUNDS"); do
    for v in "${!VARIANTS[@]}"; do
      out=$(wrk_rate "$SECONDS_PER_ROUND" "${URLS[$v]}" "$PREFIX" "${SERVERS[$v]}" ${extra[@]+"${extra[@]}"})
      RPS[$v]+="${out% *} " CPU[$v]+="${out#* } "
      echo "  $mode round $r V$v: ${out% *} req/s, ${out#* } server cpu-us/req"
    done
  done
  for v in "${!VARIANTS[@]}"; do
    m=$(tr ' ' '\n' <<<"${RPS[$v]}" | grep . | median) c=$(tr ' ' '\n' <<<"${CPU[$v]}" | grep . | median)
    [ "$v" = 0 ] && m0=$m c0=$c
    echo "$mode V$v ${VARIANTS[$v]:-(jetty-base)}: $m req/s (x$(ratio "$m" "$m0") of V0), $c cpu-us/req (V0/V$v $(ratio "$c0" "$c"))"
  done
done
