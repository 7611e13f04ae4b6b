#!/usr/bin/env bash
# Karuta's WebSocket tracker against bittorrent-tracker's own server (npm), in one run (BENCHMARKS.md,
# "bench/ws.sh").
#   bench/ws.sh [seconds-per-round=10] [rounds=3] [connections=200] [held-connections=10000]
# Starts on free loopback ports: karuta (dev.karuta.bench.BenchServer: the real webapp, ws://.../announce)
# and bittorrent-tracker's server.js (ws only; npm bittorrent-tracker 11, installed with --ignore-scripts
# into the run's temporary directory: the server needs none of the client's native WebRTC modules).
# Rounds interleaved: dev.karuta.bench.WsLoad, CONNECTIONS connections over 100 torrents (half seeders),
# closed-loop announces with 5 browser-sized offers each, every forwarded offer answered. Prints
# announces/s and the server's CPU seconds per 1000 announces (the load generator shares the machine,
# so the second figure is the fairer one when the generator is the bottleneck).
# Then holds HELD connections open (each announced once) against each server and prints Karuta's heap
# per connection (after a full GC, read from /metrics) and each server's resident memory per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap stop_all EXIT
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
CONNECTIONS=${3:-200}
HELD=${4:-10000}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg)"
build
(cd "$BENCH_TMP" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts \
  bittorrent-tracker@11 >npm.log 2>&1) || { cat "$BENCH_TMP/npm.log" >&2; exit 1; }
cat >"$BENCH_TMP/btt.mjs" <<'JS'
import Server from 'bittorrent-tracker/server'
const server = new Server({ udp: false, http: false, ws: true, stats: false })
server.on('warning', () => {})
server.listen(0, '127.0.0.1', () => console.log('bittorrent-tracker listening on ' + server.ws.address().port))
JS
echo "bittorrent-tracker $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$BENCH_TMP/node_modules/bittorrent-tracker/package.json" | head -1); $(node --version)"

mkdir -p "$BENCH_TMP/data"
start_java karuta "$JAVA_OPTS -Dkaruta.data.dir=$BENCH_TMP/data -Dkaruta.udp.enabled=false -Dkaruta.ws.maxConnectionsPerAddress=1000000 -Dkaruta.ws.maxConnections=1000000" dev.karuta.bench.BenchServer 0
KARUTA_PID=$STARTED_PID KARUTA_PORT=$STARTED_PORT
(cd "$BENCH_TMP" && exec ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} node btt.mjs) >"$BENCH_TMP/btt.log" 2>&1 &
BTT_PID=$!
PIDS+=("$BTT_PID")
for _ in $(seq 1 100); do grep -q "listening on" "$BENCH_TMP/btt.log" && break; sleep 0.2; done
BTT_PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$BENCH_TMP/btt.log")
[ -n "$BTT_PORT" ] || { cat "$BENCH_TMP/btt.log" >&2; exit 1; }

load() { # load PORT SECONDS: prints WsLoad's line
  timeout $(($2 + 120)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} java -Xmx1g -cp "$CP" dev.karuta.bench.WsLoad \
    "ws://127.0.0.1:$1/announce" "$CONNECTIONS" "$2" 100 5 | tail -1
}
load "$KARUTA_PORT" 3 >/dev/null # warm-up
load "$BTT_PORT" 3 >/dev/null
declare -A RATE CPU
for round in $(seq 1 "$ROUNDS"); do
  for name in karuta btt; do
    if [ $name = karuta ]; then port=$KARUTA_PORT pid=$KARUTA_PID; else port=$BTT_PORT pid=$BTT_PID; fi
    before=$(cpu_ticks "$pid")
    line=$(load "$port" "$SECONDS_PER_ROUND")
    ticks=$(( $(cpu_ticks "$pid") - before ))
    rate=$(sed -n 's/.*: \([0-9]*\) announces\/s.*/\1/p' <<<"$line")
    cpu=$(awk -v t="$ticks" -v hz="$TICK" -v r="$rate" -v s="$SECONDS_PER_ROUND" \
      'BEGIN {if (r > 0) printf "%.3f", t / hz / (r * s / 1000); else print "-"}')
    echo "round $round $name: $line; server CPU s per 1000 announces: $cpu"
    RATE[$name]+="$rate "
    CPU[$name]+="$cpu "
  done
done
kr=$(tr ' ' '\n' <<<"${RATE[karuta]}" | grep . | median); br=$(tr ' ' '\n' <<<"${RATE[btt]}" | grep . | median)
kc=$(tr ' ' '\n' <<<"${CPU[karuta]}" | grep . | median); bc=$(tr ' ' '\n' <<<"${CPU[btt]}" | grep . | median)
echo "median announces/s: karuta $kr, bittorrent-tracker $br (x$(ratio "$kr" "$br"));" \
  "server CPU s per 1000 announces: karuta $kc, bittorrent-tracker $bc (bittorrent-tracker uses x$(ratio "$bc" "$kc") Karuta's)"

heap() { jcmd "$KARUTA_PID" GC.run >/dev/null; curl -s "http://127.0.0.1:$KARUTA_PORT/metrics" |
  awk '/^jvm_memory_bytes_used\{area="heap"/ {printf "%.0f", $2}'; }
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$1/status"; }
for name in karuta btt; do
  if [ $name = karuta ]; then port=$KARUTA_PORT pid=$KARUTA_PID; else port=$BTT_PORT pid=$BTT_PID; fi
  [ $name = karuta ] && h0=$(heap)
  r0=$(rss "$pid")
  timeout 600 java -Xmx2g -cp "$CP" dev.karuta.bench.WsLoad "ws://127.0.0.1:$port/announce" "$HELD" hold 30 \
    >"$BENCH_TMP/hold-$name.log" 2>&1 &
  HOLD=$!
  for _ in $(seq 1 300); do grep -q "holding" "$BENCH_TMP/hold-$name.log" && break; sleep 1; done
  grep "announced" "$BENCH_TMP/hold-$name.log" || { cat "$BENCH_TMP/hold-$name.log" >&2; exit 1; }
  [ $name = karuta ] && h1=$(heap)
  r1=$(rss "$pid")
  echo "$name, $HELD connections held: resident +$(( (r1 - r0) / HELD )) bytes a connection" \
    "$([ $name = karuta ] && echo "; heap +$(( (h1 - h0) / HELD )) bytes a connection (after full GC)")"
  wait "$HOLD" || true
done
