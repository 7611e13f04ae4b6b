#!/usr/bin/env bash
# The announce path of two revisions against each other, both built and run in one run (BENCHMARKS.md,
# "bench/ab.sh").
#   bench/ab.sh [REV_A=470cd18] [REV_B=HEAD] [seconds-per-round=15] [rounds=5]
#   flock /tmp/karuta-bench.lock bench/ab.sh 470cd18 HEAD 15 5     (on a shared machine)
# Checks each revision out in a temporary detached git worktree and builds its test classes there
# (lib.sh's build_at), then starts, for each, with its worktree as the working directory (BenchServer
# reads webapp/ and jetty-base/start.d from there):
#   http  dev.karuta.bench.BenchServer: the revision's real webapp with jetty-base's container settings
#   udp   dev.karuta.bench.UdpBenchServer, 2 workers: its UDP frontend and core
# checks that every server answers well-formed announces, warms each up, then runs rounds interleaved
# A, B, A, B, ..., one server under load at a time while the other three idle:
#   keep-alive  wrk -t1 -c64 -s bench/announce.lua (200k peers over 10k torrents, numwant 50, compact)
#   close       the same with "Connection: close": a TCP connection per request
#   udp         dev.karuta.bench.UdpLoad, 4 sockets x 16 announces in flight, 10k torrents, numwant 50
# The load is the same for both: this checkout's wrk scripts, REV_B's UdpLoad. It prints every round,
# then per mode the medians, B/A of the medians and the median of the per-round B/A ratios (each B
# round against the A round just before it: the figure to quote on a noisy machine), with the servers'
# CPU time per request. A revision is a commit: uncommitted changes are not measured.
# Environment: PIN=1 (servers on CPU 0, load on CPU 1: lib.sh), JAVA_OPTS (all four servers; -Xms1g -Xmx1g -XX:+UseParallelGC as compare.sh), WARMUP
# (15 s per server and protocol), CONNECTIONS (64). Needs wrk and curl.
# Stops everything it starts and removes its worktrees (also on Ctrl-C or failure); every load is
# bounded by a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
REV_A=${1:-470cd18}
REV_B=${2:-HEAD}
SECONDS_PER_ROUND=${3:-15}
ROUNDS=${4:-5}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-64}
UDP_SECONDS=$((SECONDS_PER_ROUND > 5 ? SECONDS_PER_ROUND : 5)) # UdpLoad leaves out its first 3 s

source bench/lib.sh
TREES=$(mktemp -d)
cleanup() {
  stop_all
  local side
  for side in a b; do
    if [ -e "$TREES/$side" ]; then git worktree remove --force "$TREES/$side" >/dev/null 2>&1 || true; fi
  done
  rm -rf "$TREES"
  git worktree prune
}
trap cleanup EXIT

SHA_A=$(git rev-parse --verify --short "$REV_A^{commit}")
SHA_B=$(git rev-parse --verify --short "$REV_B^{commit}")
if pgrep -x wrk >/dev/null; then echo "warning: another wrk is running; the numbers will be disturbed" >&2; fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus ($(lscpu | sed -n 's/^Model name: *//p')); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); JVM: $JAVA_OPTS"
echo "A = $REV_A ($SHA_A: $(git log -1 --format=%s "$SHA_A" | cut -c1-80))"
echo "B = $REV_B ($SHA_B: $(git log -1 --format=%s "$SHA_B" | cut -c1-80))"

declare -A DIR CLASSPATH HTTP_PID URL UDP_PID UDP_PORT
for side in A B; do
  sha=SHA_$side
  dir=$TREES/${side,}
  git worktree add --quiet --detach "$dir" "${!sha}"
  echo "building $side in a temporary worktree"
  build_at "$dir"
  DIR[$side]=$dir
  CLASSPATH[$side]=$CP
done
CP=${CLASSPATH[B]} # the load tools (UdpLoad, BenchServer --hashes for check_announce): one for both sides

for side in A B; do
  # java.io.tmpdir: BenchServer's data directory and Jetty's work directory, removed by stop_all
  mkdir -p "$BENCH_TMP/tmp-$side"
  opts="$JAVA_OPTS -Djava.io.tmpdir=$BENCH_TMP/tmp-$side"
  start_java_at "${DIR[$side]}" "${CLASSPATH[$side]}" "http-$side" "$opts" dev.karuta.bench.BenchServer 0
  HTTP_PID[$side]=$STARTED_PID URL[$side]=http://127.0.0.1:$STARTED_PORT
  start_java_at "${DIR[$side]}" "${CLASSPATH[$side]}" "udp-$side" "$opts" dev.karuta.bench.UdpBenchServer "$(free_port)" 2
  UDP_PID[$side]=$STARTED_PID UDP_PORT[$side]=$STARTED_PORT
  echo "$side: http ${URL[$side]} (pid ${HTTP_PID[$side]}), udp :${UDP_PORT[$side]} (pid ${UDP_PID[$side]})"
done
container() { sed -n 's/.*container: //p' "$BENCH_TMP/http-$1.log"; }
if [ "$(container A)" = "$(container B)" ]; then
  echo "container settings (A and B): $(container A)"
else
  echo "container settings differ: A $(container A); B $(container B)"
fi

field_after() { awk -v f="$1" '{for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}'; }
check_all() {
  local side line
  for side in A B; do
    check_announce "${URL[$side]}" /announce
    wrk_check "${URL[$side]}" ""
    line=$(udp_load "${UDP_PORT[$side]}" 4)
    echo "  udp $side: $line"
    if [ "$(field_after errors <<<"$line")" != 0 ] || [ "$(field_after total <<<"$line")" = 0 ]; then
      echo "bad UDP answers from $side" >&2; exit 1
    fi
  done
}
echo "checking answers"
check_all
echo "warming up (${WARMUP}s HTTP and ${WARMUP}s UDP each)"
for side in A B; do
  wrk_run "$WARMUP" "${URL[$side]}" "" bench/announce.lua >/dev/null
  udp_load "${UDP_PORT[$side]}" "$WARMUP" >/dev/null
done

declare -A RATES CPU
for r in $(seq 1 "$ROUNDS"); do
  for mode in keep-alive close; do
    extra=()
    [ "$mode" = close ] && extra=(-H "Connection: close")
    for side in A B; do
      out=$(wrk_rate "$SECONDS_PER_ROUND" "${URL[$side]}" "" "${HTTP_PID[$side]}" ${extra[@]+"${extra[@]}"})
      RATES[$mode/$side]+="${out% *} "
      CPU[$mode/$side]+="${out#* } "
      echo "round $r $mode $side: ${out% *} req/s, server cpu ${out#* } us/req"
    done
  done
  for side in A B; do
    before=$(cpu_ticks "${UDP_PID[$side]}")
    line=$(udp_load "${UDP_PORT[$side]}" "$UDP_SECONDS")
    after=$(cpu_ticks "${UDP_PID[$side]}")
    RATES[udp/$side]+="$(field_after median <<<"$line") "
    CPU[udp/$side]+="$(awk -v n="$(field_after total <<<"$line")" -v c=$((after - before)) -v hz="$TICK" 'BEGIN {printf "%.1f", (n > 0 ? c / hz * 1e6 / n : 0)}') "
    echo "round $r udp $side: $line"
  done
done
echo "after the rounds (answers checked):"
check_all

list() { tr ' ' '\n' <<<"$1" | grep .; }
med() { list "${RATES[$1]}" | median; }
medcpu() { list "${CPU[$1]}" | median; }
# B/A of each round pair, in round order
pairs() { paste -d' ' <(list "${RATES[$1/A]}") <(list "${RATES[$1/B]}") | awk '{printf "%.3f\n", ($1 > 0 ? $2 / $1 : 0)}'; }
echo
echo "A = $SHA_A, B = $SHA_B; medians of $ROUNDS rounds x ${SECONDS_PER_ROUND}s (UDP ${UDP_SECONDS}s, first 3 s left out);"
echo "requests/s (answered announces/s for UDP), server CPU µs per request:"
echo
echo "| mode | A req/s | B req/s | B/A of medians | **median of per-round B/A** | per-round B/A | A cpu µs/req | B cpu µs/req | B/A cpu |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in keep-alive close udp; do
  a=$(med "$mode/A") b=$(med "$mode/B") ca=$(medcpu "$mode/A") cb=$(medcpu "$mode/B")
  if [ "$mode" = udp ]; then label=UDP; else label="HTTP $mode"; fi
  echo "| $label | $a | $b | $(ratio "$b" "$a") | **$(pairs "$mode" | median)** | $(pairs "$mode" | paste -sd' ') | $ca | $cb | $(ratio "$cb" "$ca") |"
done
echo
echo "Every round (requests/s):"
for mode in keep-alive close udp; do
  for side in A B; do echo "  $mode $side: ${RATES[$mode/$side]% }"; done
done
