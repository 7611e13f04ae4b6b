#!/usr/bin/env bash
# Announce throughput of one Karuta node on Redis against the same node in memory, and of two nodes
# sharing one Redis, deployed as the README says, under an even and a Zipf load, over HTTP keep-alive,
# HTTP a connection a request and UDP, in one run (BENCHMARKS.md, "bench/redis.sh"; issue 24).
#   bench/redis.sh [seconds-per-round=15] [rounds=3]
# Builds the WAR (lib.sh's build_deployed) and bench/c/udp-load.c, then for each load of LOADS starts
# three nodes afresh, each target/karuta.war on the stock jetty-home with a copy of jetty-base/
# (java $JAVA_OPTS -jar start.jar, karuta.* settings as start.jar properties, a data directory and a
# UDP port of its own): M in memory; A and B with karuta.registry=redis on REDIS_URI (default
# redis://127.0.0.1:6379) under a key prefix of this run and load's own (karuta.redis.prefix), all
# three with one karuta.udp.secret. Loads (LOADS, default "even zipf"):
#   even   the load of the earlier figures: HTTP bench/announce.lua's even mode (200k peers, 20 in
#          each of 10k torrents); UDP bench/c/udp-load.c with ZIPF_S=0 (every torrent equally popular,
#          200k peers; the UDP peers are not the HTTP ones: ids and torrents drawn otherwise, so after
#          both a swarm holds about twice as many peers)
#   zipf   ZIPF=1 PEERS=20000 TORRENTS=10000 ZIPF_S=1.0 for both generators (issue 24's run: the
#          hottest torrent holds about a tenth of the peers, 1/H(10000)); SEEDERS, STOPPED, COMPLETED
#          as the environment sets them (announce.lua's defaults otherwise)
# Modes (MODES, default "keep-alive close udp"):
#   keep-alive   wrk -t1 -c$CONNECTIONS (64): every request on a kept connection (the generator's best case)
#   close        the same with "Connection: close": one request a connection, as BitTorrent clients
#                announce (a client's next announce comes an interval later, long after any keep-alive timeout)
#   udp          bench/c/udp-load.c with UDP_SOCKETS (8) sockets x UDP_WINDOW (8) announces in flight, numwant 50
# ADDRESSES=1 (the default here; off in the other scripts): each simulated peer announces from an
# address of its own in 10/8 (announce.lua's ip=, udp-load.c's IP field) and the nodes run with
# karuta.ip.trustClientSupplied=true: from the one loopback address, karuta.peers.perAddress (64)
# would cap every swarm at 64 peers, each new one replacing one. ADDRESSES=0: every peer from 127.0.0.1.
# For each load it checks every node's answers (HTTP: bench/check.lua; UDP: the generator's errors),
# then for each mode warms each node up (WARMUP s, default 45, before a load's first mode: a Redis
# node's JIT compiles for 30-45 s; REWARM s, default 10, before the others) and runs ROUNDS rounds
# that alternate M alone, A alone, then A and B at once (two generators, each with half the
# connections or sockets, their rates added). After a mode's rounds it prints what the announce
# script cost inside Redis (INFO commandstats after CONFIG RESETSTAT: µs per call, per announce, and
# announces per call; announces counted from the Redis rounds' totals), and after a load's the peers
# of torrent 1 (the hottest under Zipf) on M and A. The nodes' CPU (user + system, /proc) per request
# is in every round. At the end a table of medians over the rounds (the Redis µs per announce of a
# round: the script's time over the announces of its A and A+B parts).
# REDIS_CPU=n (informational): starts a redis-server of its own pinned to CPU n (taskset) and runs the
# nodes and generators on the other CPUs, as if Redis had a machine of its own.
# Deletes the run's keys at the end. Needs wrk, curl, gcc, redis-cli and a running Redis (with
# REDIS_CPU: redis-server and taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
WARMUP=${WARMUP:-45}
REWARM=${REWARM:-$((WARMUP < 10 ? WARMUP : 10))}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}
LOADS=${LOADS:-even zipf}
MODES=${MODES:-keep-alive close udp}
UDP_SOCKETS=${UDP_SOCKETS:-8}
UDP_WINDOW=${UDP_WINDOW:-8}
export ADDRESSES=${ADDRESSES:-1}
RUN_PREFIX="karuta-bench-$$-$(date +%s)"
for l in $LOADS; do case $l in even | zipf) ;; *) echo "unknown load $l (even, zipf)" >&2; exit 2 ;; esac; done
for m in $MODES; do case $m in keep-alive | close | udp) ;; *) echo "unknown mode $m (keep-alive, close, udp)" >&2; exit 2 ;; esac; done
for tool in wrk curl gcc redis-cli; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

KEY_PREFIX=""
REDIS_PID=""
cleanup() {
  stop_servers
  if [ -n "$KEY_PREFIX" ]; then redis_delete "$REDIS_URI" "$KEY_PREFIX*" || true; fi
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

if [ -n "${REDIS_CPU:-}" ]; then
  OTHERS=$(seq 0 $(($(nproc) - 1)) | grep -vx "$REDIS_CPU" | paste -sd,)
  SERVER_CPU=(taskset -c "$OTHERS") LOAD_CPU=(taskset -c "$OTHERS")
  REDIS_PORT=$(free_port)
  taskset -c "$REDIS_CPU" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null &
  REDIS_PID=$!
  REDIS_URI=redis://127.0.0.1:$REDIS_PORT
  for _ in $(seq 1 100); do redis-cli -u "$REDIS_URI" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -u "$REDIS_URI" ping >/dev/null || { echo "no Redis at $REDIS_URI" >&2; exit 2; }

if pgrep -x wrk >/dev/null; then echo "warning: another wrk is running; the numbers will be disturbed" >&2; fi
build_deployed
gcc -O2 -o "$BENCH_TMP/udp-load" bench/c/udp-load.c -lm
SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
CHECK_HASH=$(java -cp "$CP" dev.karuta.bench.BenchServer --hashes 1 | sed 's/../%&/g') # torrent 1
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(java -version 2>&1 | head -1); redis $(redis-cli -u "$REDIS_URI" INFO server | tr -d '\r' | sed -n 's/^redis_version://p')" \
  "at $REDIS_URI${REDIS_CPU:+ pinned to cpu $REDIS_CPU, the rest to $OTHERS}"
echo "jetty-home $JETTY_VERSION; JVM flags: $JAVA_OPTS; $(basename "$WAR"); loads: $LOADS; modes: $MODES;" \
  "${SECONDS_PER_ROUND}s x $ROUNDS rounds; wrk -c$CONNECTIONS; UDP $UDP_SOCKETS sockets x $UDP_WINDOW in flight;" \
  "ADDRESSES=$ADDRESSES"

# load_env LOAD: the generators' environment (announce.lua reads PEERS, TORRENTS and ZIPF_S in Zipf
# mode only; udp-load.c always).
load_env() {
  case $1 in
    even) export ZIPF=0 PEERS=200000 TORRENTS=10000 ZIPF_S=0 ;;
    zipf) export ZIPF=1 PEERS=20000 TORRENTS=10000 ZIPF_S=1.0 ;;
  esac
}

declare -A URL UDP NPID RATES CPU REDIS_US
# start_nodes LOAD: M, A and B afresh, A and B on Redis under the load's own key prefix.
start_nodes() {
  MODE_TMP=$BENCH_TMP/$1
  mkdir -p "$MODE_TMP"
  KEY_PREFIX="$RUN_PREFIX-$1:"
  local common=("karuta.udp.secret=$SECRET") redis=(karuta.registry=redis "karuta.redis.uri=$REDIS_URI" "karuta.redis.prefix=$KEY_PREFIX")
  [ "$ADDRESSES" = 1 ] && common+=(karuta.ip.trustClientSupplied=true)
  local node
  for node in M A B; do
    if [ "$node" = M ]; then start_karuta "$node" "${common[@]}"; else start_karuta "$node" "${common[@]}" "${redis[@]}"; fi
    URL[$node]=http://127.0.0.1:$KARUTA_PORT UDP[$node]=$KARUTA_UDP_PORT NPID[$node]=$KARUTA_PID
  done
  echo "memory node M ${URL[M]} (udp :${UDP[M]}), redis nodes A ${URL[A]} (udp :${UDP[A]}) and B ${URL[B]} (udp :${UDP[B]}), prefix $KEY_PREFIX"
}

# udp_gen PORT SECONDS SOCKETS: one udp-load line (its first 3 s are not in its rate).
udp_gen() {
  timeout $(($2 + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} "$BENCH_TMP/udp-load" 127.0.0.1 "$1" "$2" "$3" "$UDP_WINDOW" "$TORRENTS" 50
}
field_after() { awk -v f="$1" '{for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}'; }

# measure MODE SECONDS NODE... -> "rate server-CPU-µs-per-request total": one generator per node, all
# at once, each with its share of the connections or sockets; rates and totals added, the CPU of
# every node over the requests of all. Errors go to stderr.
measure() {
  local mode=$1 seconds=$2 n before=0 after=0 k i=0 pids=() out
  shift 2
  n=$#
  for k; do before=$((before + $(tree_ticks "${NPID[$k]}"))); done
  for k; do
    out=$BENCH_TMP/gen.$i
    if [ "$mode" = udp ]; then
      udp_gen "${UDP[$k]}" $((seconds + 3)) $(((UDP_SOCKETS + n - 1) / n)) >"$out" &
    elif [ "$mode" = close ]; then
      CONNECTIONS=$((CONNECTIONS / n)) wrk_run "$seconds" "${URL[$k]}" "" bench/announce.lua -H "Connection: close" >"$out" &
    else
      CONNECTIONS=$((CONNECTIONS / n)) wrk_run "$seconds" "${URL[$k]}" "" bench/announce.lua >"$out" &
    fi
    pids+=($!)
    i=$((i + 1))
  done
  wait "${pids[@]}"
  for k; do after=$((after + $(tree_ticks "${NPID[$k]}"))); done
  local rate=0 total=0 r t e
  for i in $(seq 0 $((n - 1))); do
    out=$BENCH_TMP/gen.$i
    if [ "$mode" = udp ]; then
      r=$(field_after median <"$out") t=$(field_after total <"$out")
      # error answers, or announces unanswered for 500 ms (sent again): worth seeing beside the rate
      [ "$(field_after errors <"$out")$(field_after lost <"$out")" = 00 ] || echo "  (udp: $(cat "$out"))" >&2
    else
      r=$(awk '/Requests\/sec/ {print $2}' "$out") t=$(awk '/requests in/ {print $1}' "$out")
      e=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | paste -sd';' - || true)
      [ -z "$e" ] || echo "  ($mode: $e)" >&2
    fi
    rate=$(awk -v a="$rate" -v b="${r:-0}" 'BEGIN {printf "%.0f", a + b}')
    total=$((total + ${t:-0}))
  done
  awk -v r="$rate" -v n="$total" -v c=$((after - before)) -v hz="$TICK" 'BEGIN {printf "%s %.1f %d\n", r, (n > 0 ? c / hz * 1e6 / n : 0), n}'
}

# evalsha_stat -> "calls usec" of the announce script (every EVALSHA) since the last CONFIG RESETSTAT.
evalsha_stat() {
  redis-cli -u "$REDIS_URI" INFO commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),usec=\([0-9]*\).*/\1 \2/p' | grep . || echo "0 0"
}

# peers_of_torrent1 URL: complete + incomplete in a scrape of torrent 1.
peers_of_torrent1() {
  curl -sS --max-time 10 "$1/scrape?info_hash=$CHECK_HASH" | LC_ALL=C tr -d '\000\n' |
    LC_ALL=C sed -n 's/.*8:completei\([0-9]*\)e.*10:incompletei\([0-9]*\)e.*/\1 \2/p' | awk '{print $1 + $2}'
}

check_nodes() {
  local mode node line
  echo "checking answers"
  for mode in $MODES; do
    echo "  $mode:"
    for node in M A B; do
      if [ "$mode" = udp ]; then
        line=$(udp_gen "${UDP[$node]}" 4 "$UDP_SOCKETS")
        echo "  $node :${UDP[$node]}: $line"
        if [ "$(field_after errors <<<"$line")" != 0 ] || [ "$(field_after total <<<"$line")" = 0 ]; then
          echo "bad UDP answers from $node" >&2; exit 1
        fi
      elif [ "$mode" = close ]; then wrk_check "${URL[$node]}" "" -H "Connection: close"
      else wrk_check "${URL[$node]}" ""
      fi
    done
  done
}

for load in $LOADS; do
  load_env "$load"
  echo
  echo "== load $load"
  start_nodes "$load"
  check_nodes
  first=1
  for mode in $MODES; do
    warm=$REWARM
    [ "$first" = 1 ] && warm=$WARMUP
    first=0
    echo "warming up: $mode, ${warm}s per node"
    for node in M A B; do measure "$mode" "$warm" "$node" >/dev/null; done
    redis-cli -u "$REDIS_URI" CONFIG RESETSTAT >/dev/null
    sent=0
    for r in $(seq 1 "$ROUNDS"); do
      round_sent=0
      read -r _ u0 < <(evalsha_stat)
      for who in M A AB; do
        if [ "$who" = AB ]; then out=$(measure "$mode" "$SECONDS_PER_ROUND" A B); else out=$(measure "$mode" "$SECONDS_PER_ROUND" "$who"); fi
        read -r rate cpu total <<<"$out"
        RATES[$load/$mode/$who]+="$rate "
        CPU[$load/$mode/$who]+="$cpu "
        if [ "$who" != M ]; then sent=$((sent + total)) round_sent=$((round_sent + total)); fi
        echo "round $r $load $mode $who: $rate req/s, node cpu $cpu us/req ($total requests)"
      done
      read -r _ u1 < <(evalsha_stat)
      REDIS_US[$load/$mode]+="$(awk -v u=$((u1 - u0)) -v n="$round_sent" 'BEGIN {printf "%.1f", (n > 0 ? u / n : 0)}') "
    done
    read -r calls usec < <(evalsha_stat)
    awk -v c="$calls" -v u="$usec" -v n="$sent" -v l="$load" -v m="$mode" 'BEGIN {
      printf "redis %s %s: announce script %d calls, %.1f us per call, %.1f us per announce (%d announces), %.1f announces per call\n",
        l, m, c, (c > 0 ? u / c : 0), (n > 0 ? u / n : 0), n, (c > 0 ? n / c : 0) }'
  done
  m1=$(peers_of_torrent1 "${URL[M]}") a1=$(peers_of_torrent1 "${URL[A]}")
  echo "torrent 1 after the $load rounds: $m1 peers on M, $a1 on A (Redis)"
  if [ "$ADDRESSES" = 1 ] && [ "$load" = zipf ] && [ "${m1:-0}" -le 64 ]; then
    echo "warning: torrent 1 holds no more than 64 peers on M: were the peers' own addresses taken?" >&2
  fi
  stop_servers
  redis_delete "$REDIS_URI" "$KEY_PREFIX*"
done

values() { tr ' ' '\n' <<<"${1:-}" | grep . | median; }
echo
echo "Medians of $ROUNDS rounds x ${SECONDS_PER_ROUND}s (req/s: HTTP requests or UDP announces answered; CPU: the nodes' µs per request):"
echo
echo "| load | mode | memory req/s | A req/s | A/M | A+B req/s | (A+B)/M | Redis µs per announce | CPU µs/req M / A / A+B |"
echo "|---|---|---|---|---|---|---|---|---|"
for load in $LOADS; do
  for mode in $MODES; do
    m=$(values "${RATES[$load/$mode/M]}") a=$(values "${RATES[$load/$mode/A]}") ab=$(values "${RATES[$load/$mode/AB]}")
    echo "| $load | $mode | $m | $a | $(ratio "$a" "$m") | $ab | $(ratio "$ab" "$m") | $(values "${REDIS_US[$load/$mode]}") |" \
      "$(values "${CPU[$load/$mode/M]}") / $(values "${CPU[$load/$mode/A]}") / $(values "${CPU[$load/$mode/AB]}") |"
  done
done
