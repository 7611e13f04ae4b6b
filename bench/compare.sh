#!/usr/bin/env bash
# Karuta against Debian's opentracker and against the limits, in one run (BENCHMARKS.md, "bench/compare.sh").
#   bench/compare.sh [seconds-per-round=15] [rounds=3]
#   flock /tmp/karuta-bench.lock bench/compare.sh 15 3      (on a shared machine: one benchmark at a time)
# Builds once, then starts on free loopback ports:
#   karuta   dev.karuta.bench.BenchServer: the real webapp at /announce, with the container settings of
#            jetty-base/start.d (ContainerSettings), and in the same context, connector and thread pool
#   trivial  a servlet at /trivial/announce writing a fixed 80-byte bencoded answer: the HTTP limit
#   karuta-udp  dev.karuta.bench.UdpBenchServer: Karuta's UDP frontend and core, as the webapp wires them
#   echo     dev.karuta.bench.UdpEcho: one socket answering every announce with a fixed answer: the UDP limit
#   opentracker  Debian's package (installed with apt-get if missing), HTTP and UDP on one port
# checks that every one answers well-formed announces (bench/check.lua over HTTP; UdpLoad over UDP, which
# counts error answers), warms each up, then runs the same loads against each, rounds interleaved
# (karuta, trivial, opentracker, karuta, ...):
#   keep-alive   wrk -t1 -c64 -s bench/announce.lua (200k peers over 10k torrents, numwant 50, compact)
#   close        the same with "Connection: close": a TCP connection per request
#   udp          dev.karuta.bench.UdpLoad, 4 sockets x 16 announces in flight, 10k torrents, numwant 50
# and prints every round, then a table of medians and ratios. opentracker has no keep-alive (it closes
# after each answer), so its keep-alive figure is a connection per request too.
# With LATENCY=1 (the default) it then measures latency open-loop (dev.karuta.bench.OpenLoad: fixed
# rate, latency counted from the intended send time) at 50% and 90% of Karuta's median throughput of this
# run in each mode, against Karuta and, at the same rate, against the limit (trivial servlet, echo),
# LATENCY_SECONDS (default: seconds-per-round + 3 of warm-up) each, and prints p50/p99/p99.9.
# Environment: JAVA_OPTS (JVM flags of both Karuta servers), LATENCY (1), LATENCY_SECONDS.
# Stops everything it starts (also on Ctrl-C or failure); every load is bounded by a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap stop_all EXIT
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
# ParallelGC: as docs/deployment.md, "Container tuning", advises (G1's refinement threads on the swarm tables; BENCHMARKS.md).
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
LATENCY=${LATENCY:-1}
LATENCY_SECONDS=${LATENCY_SECONDS:-$((SECONDS_PER_ROUND + 3))}
CONNECTIONS=64

if pgrep -x wrk >/dev/null; then echo "warning: another wrk is running; the numbers will be disturbed" >&2; fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus ($(lscpu | sed -n 's/^Model name: *//p')); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); opentracker $(dpkg-query -W -f '${Version}' opentracker 2>/dev/null || echo '?')"
build
start_java karuta "$JAVA_OPTS" dev.karuta.bench.BenchServer 0
KARUTA_PID=$STARTED_PID HTTP_PORT=$STARTED_PORT
start_java karuta-udp "$JAVA_OPTS" dev.karuta.bench.UdpBenchServer "$(free_port)" 2
KUDP_PID=$STARTED_PID KUDP_PORT=$STARTED_PORT
start_java echo "-Xms64m -Xmx64m" dev.karuta.bench.UdpEcho "$(free_port)"
ECHO_PID=$STARTED_PID ECHO_PORT=$STARTED_PORT
start_opentracker
echo "JVM: $JAVA_OPTS; $(grep container: "$BENCH_TMP/karuta.log")"
echo "karuta http :$HTTP_PORT, karuta udp :$KUDP_PORT, echo :$ECHO_PORT, opentracker :$OT_PORT"

# name -> url, route prefix, process (for the CPU time per request)
declare -A URL=([karuta]=http://127.0.0.1:$HTTP_PORT [trivial]=http://127.0.0.1:$HTTP_PORT [opentracker]=http://127.0.0.1:$OT_PORT)
declare -A PREFIX=([karuta]="" [trivial]=/trivial [opentracker]="")
declare -A PID=([karuta]=$KARUTA_PID [trivial]=$KARUTA_PID [opentracker]=$OT_PID [karuta-udp]=$KUDP_PID [echo]=$ECHO_PID)
declare -A UDP_PORT=([karuta-udp]=$KUDP_PORT [opentracker-udp]=$OT_PORT [echo]=$ECHO_PORT)
PID[opentracker-udp]=$OT_PID
HTTP_NAMES=(karuta trivial opentracker)
UDP_NAMES=(karuta-udp opentracker-udp echo)

echo "checking answers"
for n in "${HTTP_NAMES[@]}"; do
  check_announce "${URL[$n]}" "${PREFIX[$n]}/announce"
  wrk_check "${URL[$n]}" "${PREFIX[$n]}"
done
field_after() { awk -v f="$1" '{for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}'; }
for n in "${UDP_NAMES[@]}"; do
  line=$(udp_load "${UDP_PORT[$n]}" 4)
  echo "  udp $n: $line"
  if [ "$(field_after errors <<<"$line")" != 0 ] || [ "$(field_after total <<<"$line")" = 0 ]; then
    echo "bad UDP answers from $n" >&2; exit 1
  fi
done
echo "warming up"
for n in "${HTTP_NAMES[@]}"; do wrk_run 10 "${URL[$n]}" "${PREFIX[$n]}" bench/announce.lua >/dev/null; done
for n in "${UDP_NAMES[@]}"; do udp_load "${UDP_PORT[$n]}" 8 >/dev/null; done

declare -A RATES CPU
for r in $(seq 1 "$ROUNDS"); do
  for mode in keep-alive close; do
    extra=()
    [ "$mode" = close ] && extra=(-H "Connection: close")
    for n in "${HTTP_NAMES[@]}"; do
      out=$(wrk_rate "$SECONDS_PER_ROUND" "${URL[$n]}" "${PREFIX[$n]}" "${PID[$n]}" ${extra[@]+"${extra[@]}"})
      RATES[$mode/$n]+="${out% *} "
      CPU[$mode/$n]+="${out#* } "
      echo "round $r $mode $n: ${out% *} req/s, server cpu ${out#* } us/req"
    done
  done
  for n in "${UDP_NAMES[@]}"; do
    before=$(cpu_ticks "${PID[$n]}")
    line=$(udp_load "${UDP_PORT[$n]}" $((SECONDS_PER_ROUND > 5 ? SECONDS_PER_ROUND : 5))) # UdpLoad skips 3 s
    after=$(cpu_ticks "${PID[$n]}")
    rate=$(field_after median <<<"$line")
    RATES[udp/$n]+="$rate "
    CPU[udp/$n]+="$(awk -v n="$(field_after total <<<"$line")" -v c=$((after - before)) -v hz="$TICK" 'BEGIN {printf "%.1f", (n > 0 ? c / hz * 1e6 / n : 0)}') "
    echo "round $r udp $n: $line"
  done
done

med() { tr ' ' '\n' <<<"${RATES[$1]}" | grep . | median; }
medcpu() { tr ' ' '\n' <<<"${CPU[$1]}" | grep . | median; }
echo
echo "Medians of $ROUNDS rounds x ${SECONDS_PER_ROUND}s (requests/s; server CPU µs per request in brackets):"
echo
echo "| mode | Karuta | trivial servlet / echo | opentracker | Karuta / limit | Karuta / opentracker |"
echo "|---|---|---|---|---|---|"
for mode in keep-alive close; do
  k=$(med "$mode/karuta") t=$(med "$mode/trivial") o=$(med "$mode/opentracker")
  echo "| HTTP $mode | $k ($(medcpu "$mode/karuta")) | $t ($(medcpu "$mode/trivial")) | $o ($(medcpu "$mode/opentracker")) | **$(ratio "$k" "$t")** | **$(ratio "$k" "$o")** |"
done
k=$(med udp/karuta-udp) e=$(med udp/echo) o=$(med udp/opentracker-udp)
echo "| UDP | $k ($(medcpu udp/karuta-udp)) | $e ($(medcpu udp/echo)) | $o ($(medcpu udp/opentracker-udp)) | **$(ratio "$k" "$e")** | **$(ratio "$k" "$o")** |"
echo
echo "Every round (requests/s):"
for mode in keep-alive close; do
  for n in "${HTTP_NAMES[@]}"; do echo "  $mode $n: ${RATES[$mode/$n]% }"; done
done
for n in "${UDP_NAMES[@]}"; do echo "  udp $n: ${RATES[udp/$n]% }"; done

[ "$LATENCY" = 1 ] || exit 0
echo
echo "Latency, open loop, ${LATENCY_SECONDS}s per rate (first 3 s not recorded), µs from the intended send time:"
echo
echo "| mode | server | load | rate/s | answered/s | p50 | p99 | p99.9 | max | errors | unanswered | send lag p99 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
open_load() { # mode server fraction -> a table row
  local mode=$1 n=$2 fraction=$3 max rate line
  case $mode in
    udp) max=$(med udp/karuta-udp) ;;
    *) max=$(med "$mode/karuta") ;;
  esac
  rate=$(awk -v m="$max" -v f="$fraction" 'BEGIN {printf "%d", m * f / 100}')
  [ "$rate" -gt 0 ] || { echo "| $mode | $n | $fraction% | no throughput measured |"; return; }
  if [ "$mode" = udp ]; then
    line=$(timeout $((LATENCY_SECONDS + 30)) java -cp "$CP" dev.karuta.bench.OpenLoad udp 127.0.0.1 "${UDP_PORT[$n]}" "$rate" "$LATENCY_SECONDS" 4 2)
  else
    line=$(timeout $((LATENCY_SECONDS + 30)) java -cp "$CP" dev.karuta.bench.OpenLoad http 127.0.0.1 "${URL[$n]##*:}" "$rate" \
      "$LATENCY_SECONDS" "$CONNECTIONS" "$mode" "${PREFIX[$n]}")
  fi
  f() { field_after "$1" <<<"$line"; }
  echo "| $mode | $n | $fraction% | $rate | $(f answered | tr -d /s) | $(f p50) | $(f p99) | $(f p99.9) | $(f max) | $(f errors) | $(f unanswered-at-end) | $(f lag-p99) |"
}
for mode in keep-alive close udp; do
  for fraction in 50 90; do
    if [ "$mode" = udp ]; then servers=(karuta-udp echo); else servers=(karuta trivial); fi
    for n in "${servers[@]}"; do open_load "$mode" "$n" "$fraction"; done
  done
done
