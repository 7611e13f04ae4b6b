#!/usr/bin/env bash
# UDP announce throughput: Karuta vs Debian's opentracker vs a trivial one-socket echo responder (the
# limit), in one run, with the same load generator (dev.karuta.bench.UdpLoad) against each
# (BENCHMARKS.md, "bench/udp.sh"). Loopback only, bounded in time; stops what it starts.
#
#   bench/udp.sh [seconds-per-round=15] [rounds=3] [sockets=4] [window=16]
#   KARUTA_WORKERS="1 2 4" bench/udp.sh     one Karuta server per worker count, all in the same rounds
#   KARUTA_TRANSPORTS="epoll jdk" bench/udp.sh  one per karuta.udp.transport too (default: auto)
#   JVM_OPTS=-XX:+UseG1GC bench/udp.sh        other flags for the Karuta JVMs (default -XX:+UseParallelGC)
#
# Installs the opentracker package with apt-get when it is missing. On a shared machine run it under
# the benchmark lock: flock /tmp/karuta-bench.lock bench/udp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
SOCKETS=${3:-4}
WINDOW=${4:-16}
TORRENTS=10000
NUMWANT=50
read -r -a WORKER_COUNTS <<< "${KARUTA_WORKERS:-2}"
read -r -a TRANSPORTS <<< "${KARUTA_TRANSPORTS:-auto}"

source bench/lib.sh
trap stop_all EXIT
if pgrep -x wrk >/dev/null; then
  echo "warning: a wrk process is running; the numbers will be disturbed" >&2
fi
build
start_opentracker
start_java echo "" dev.karuta.bench.UdpEcho "$(free_port)"
ECHO_PID=$STARTED_PID ECHO_PORT=$STARTED_PORT
NAMES=(); PORTS=(); SERVER_PIDS=()
# ParallelGC: with G1 the concurrent refinement threads took about a third of the workers' CPU
# (the swarm tables are old objects updated on every announce); see BENCHMARKS.md.
KARUTAS=()
for t in "${TRANSPORTS[@]}"; do
  for w in "${WORKER_COUNTS[@]}"; do
    n="karuta-w$w"; [ "${#TRANSPORTS[@]}" -gt 1 ] && n="karuta-$t-w$w"
    start_java "$n" "-Xms512m -Xmx512m ${JVM_OPTS:--XX:+UseParallelGC} -Dkaruta.udp.transport=$t" \
      dev.karuta.bench.UdpBenchServer "$(free_port)" "$w"
    NAMES+=("$n"); KARUTAS+=("$n"); PORTS+=("$STARTED_PORT"); SERVER_PIDS+=("$STARTED_PID")
  done
done
NAMES+=(opentracker echo); PORTS+=("$OT_PORT" "$ECHO_PORT"); SERVER_PIDS+=("$OT_PID" "$ECHO_PID")
load() { udp_load "$1" "$2" "$SOCKETS" "$WINDOW"; } # port seconds -> one UdpLoad output line
HZ=$TICK

echo "warm-up (JIT, swarms filled)" >&2
for i in "${!NAMES[@]}"; do load "${PORTS[$i]}" 8 >/dev/null; done
declare -A RATES PER_CPU
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    before=$(cpu_ticks "${SERVER_PIDS[$i]}")
    line=$(load "${PORTS[$i]}" "$SECONDS_PER_ROUND")
    after=$(cpu_ticks "${SERVER_PIDS[$i]}")
    # Answered announces per second of server CPU time (user + system) over the whole round: less
    # sensitive than the rate to other load on the machine.
    per_cpu=$(awk -v l="$line" -v t=$(( after - before )) -v hz="$HZ" \
      'BEGIN {split(l, f, " "); n = 0; for (i = 1; i <= length(f); i++) if (f[i] == "total") n = f[i + 1]; x = 0; if (t > 0) x = n / (t / hz); printf "%d", x}')
    echo "round $r ${NAMES[$i]}: $line; server cpu $(( (after - before) * 100 / HZ ))0 ms, $per_cpu per cpu-s" >&2
    RATES[${NAMES[$i]}]+="$(awk '{print $3}' <<< "$line") "
    PER_CPU[${NAMES[$i]}]+="$per_cpu "
  done
done

echo "sockets=$SOCKETS window=$WINDOW torrents=$TORRENTS numwant=$NUMWANT rounds=$ROUNDS x ${SECONDS_PER_ROUND}s"
printf '%-12s %8s %12s  %s | %s\n' server "median/s" "med/cpu-s" "rounds (answered announces/s)" "per server cpu-s"
declare -A MED MEDCPU
for n in "${NAMES[@]}"; do
  MED[$n]=$(tr ' ' '\n' <<< "${RATES[$n]}" | grep . | median)
  MEDCPU[$n]=$(tr ' ' '\n' <<< "${PER_CPU[$n]}" | grep . | median)
  printf '%-12s %8s %12s  %s | %s\n' "$n" "${MED[$n]}" "${MEDCPU[$n]}" "${RATES[$n]}" "${PER_CPU[$n]}"
done
for n in "${KARUTAS[@]}"; do
  awk -v n="$n" -v k="${MED[$n]}" -v o="${MED[opentracker]}" -v e="${MED[echo]}" \
    -v kc="${MEDCPU[$n]}" -v oc="${MEDCPU[opentracker]}" \
    'BEGIN {printf "%s: karuta/opentracker %.2f  karuta/echo %.2f  (per cpu-s: karuta/opentracker %.2f)\n", n, k / o, k / e, kc / oc}'
done
