#!/usr/bin/env bash
# Where the CPU of one announce goes: in the tracker's JVM, in Redis and in wrk.
#   [WARMUP=s] bench/redis-cpu.sh memory|redis [seconds]        default 15 s, WARMUP 10 s
# Starts one dev.karuta.bench.BenchServer (in memory, or karuta.registry=redis on the Redis at
# 127.0.0.1:6379 under a key prefix of its own), warms it up with bench/announce.lua, then runs
# the same load for the given seconds and prints requests/s and the CPU time (user + system, from
# /proc) per request of the JVM, of redis-server (0 when none runs) and of wrk; in redis mode also the
# announce script's time per announce in Redis (INFO commandstats, reset after the warm-up; the stats
# of the whole server, so nothing else should use it meanwhile) and announces per call. On a slow
# machine the Redis node's JIT may still compile after 20 s of load: WARMUP=30. Needs wrk; redis mode
# needs the redis-server on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap stop_all EXIT
build
MODE=${1:?memory or redis}
S=${2:-15}
PREFIX="karuta-cpu-$$:"
opts="-Xms1g -Xmx1g -XX:+UseParallelGC -Dkaruta.udp.secret=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
if [ "$MODE" = redis ]; then opts="$opts -Dkaruta.registry=redis -Dkaruta.redis.uri=redis://127.0.0.1:6379 -Dkaruta.redis.prefix=$PREFIX"; fi
start_java server "$opts" dev.karuta.bench.BenchServer 0
J=$STARTED_PID
URL=http://127.0.0.1:$STARTED_PORT
R=$(pgrep -f "redis-server 127.0.0.1:6379" | head -1 || true)
redis_ticks() { if [ -n "$R" ]; then cpu_ticks "$R"; else echo 0; fi; }
wrk -t1 -c64 -d"${WARMUP:-10}"s -s bench/announce.lua "$URL" >/dev/null
if [ "$MODE" = redis ]; then redis-cli config resetstat >/dev/null; fi
j0=$(cpu_ticks "$J"); r0=$(redis_ticks)
wrk -t1 -c64 -d"${S}"s -s bench/announce.lua "$URL" >"$BENCH_TMP/wrk.out" &
W=$!
# wrk's own time is read from its second second to two seconds before its end (its /proc entry goes with it).
sleep 1; w0=$(cpu_ticks "$W"); sleep $((S - 2)); w1=$(cpu_ticks "$W")
wait "$W"
j1=$(cpu_ticks "$J"); r1=$(redis_ticks)
rps=$(awk '/Requests\/sec/ {print $2}' "$BENCH_TMP/wrk.out")
calls=""
if [ "$MODE" = redis ]; then calls=$(redis-cli info commandstats | sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),usec=\([0-9]*\).*/\1 \2/p'); fi
awk -v mode="$MODE" -v rps="$rps" -v s="$S" -v t="$TICK" -v j=$((j1 - j0)) -v r=$((r1 - r0)) -v w=$((w1 - w0)) -v calls="$calls" 'BEGIN {
  n = rps * s
  printf "%s: %s req/s; CPU per request: JVM %.1f us, redis-server %.1f us, wrk %.1f us",
    mode, rps, j / t * 1e6 / n, r / t * 1e6 / n, w / t * 1e6 / (rps * (s - 2))
  if (split(calls, c, " ") == 2 && c[1] > 0) printf "; script %.1f us per announce, %.1f announces per call", c[2] / n, n / c[1]
  printf "\n" }'
if [ "$MODE" = redis ]; then redis_delete redis://127.0.0.1:6379 "${PREFIX}*"; fi
