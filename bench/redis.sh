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
# CLUSTER=n (n >= 3; not with REDIS_CPU): starts a Redis Cluster of its own instead, n masters and no
# replicas on free loopback ports (redis-server --cluster-enabled yes, each with a directory of its
# own; redis-cli --cluster create; ready when every master reports cluster_state:ok), and points A
# and B at redis-cluster://127.0.0.1:P1,... (REDIS_URI is not read). A swarm's keys share one hash
# tag, so a swarm lives on one master, and each announce is one EVALSHA there; the global deltas, when
# there are any, are a second EVALSHA on the master of {global}. Statistics are reset on every master
# and the script lines and table add up the masters (their EVALSHA calls include the global ones, so
# announces per call may be under 1). After each load and mode one line per master: its EVALSHA
# calls, µs, share of the masters' µs and its redis-server's CPU seconds (user + system, /proc) over
# the mode's rounds, the master of torrent 1 (the hottest under Zipf: announce.lua's, and
# udp-load.c's) and of {global} marked; then the share the model expects of torrent 1's master:
# torrent 1's share of announces, (1/1^s) / sum_k (1/k^s) over TORRENTS with s = ZIPF_S (10.2% for
# the zipf load), plus an equal part of the rest, (1 - that) / n, as if every announce cost the same.
# The servers are stopped and their directories deleted at exit.
# Deletes the run's keys at the end. Needs wrk, curl, gcc, redis-cli and a running Redis (with
# REDIS_CPU: redis-server and taskset; with CLUSTER: redis-server, no running Redis).
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
CLUSTER=${CLUSTER:-}
if [ -n "$CLUSTER" ]; then
  # redis-cli --cluster create refuses fewer than three masters
  if ! [[ $CLUSTER =~ ^[0-9]+$ ]] || [ "$CLUSTER" -lt 3 ]; then echo "CLUSTER=$CLUSTER: a number of masters, at least 3" >&2; exit 2; fi
  [ -z "${REDIS_CPU:-}" ] || { echo "CLUSTER and REDIS_CPU do not go together" >&2; exit 2; }
  command -v redis-server >/dev/null || { echo "needs redis-server" >&2; exit 2; }
fi

KEY_PREFIX=""
REDIS_PID=""
# The Redis servers redis-cli talks to: REDIS_URI alone, or every master of the Cluster (CLUSTER).
REDIS_NODES=()
MASTER_PIDS=() MASTER_PORTS=()
cleanup() {
  stop_servers
  if [ -n "$KEY_PREFIX" ]; then delete_keys "$KEY_PREFIX*" || true; fi
  local p
  for p in ${REDIS_PID:+"$REDIS_PID"} ${MASTER_PIDS[@]+"${MASTER_PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  for p in ${REDIS_PID:+"$REDIS_PID"} ${MASTER_PIDS[@]+"${MASTER_PIDS[@]}"}; do wait "$p" 2>/dev/null || true; done
  rm -rf "$BENCH_TMP" # the Cluster's directories with it
}
trap cleanup EXIT
trap 'exit 143' TERM # so that the EXIT trap stops the servers

# delete_keys PATTERN: the matching keys on every server (lib.sh's redis_delete: on a Cluster master
# its SCAN sees that master's keys, and a script without flags may touch keys of several slots).
delete_keys() {
  local u
  for u in "${REDIS_NODES[@]}"; do redis_delete "$u" "$1"; done
}

# free_cluster_port: a free loopback port whose cluster bus port (+10000) is free too.
free_cluster_port() {
  python3 -c 'import socket
for _ in range(100):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]
    if p + 10000 > 65535: s.close(); continue
    b = socket.socket()
    try: b.bind(("127.0.0.1", p + 10000))
    except OSError: s.close(); continue
    print(p); break'
}

# start_cluster: CLUSTER masters, no replicas, each with a directory of its own under BENCH_TMP;
# waits until every master reports cluster_state:ok. Sets MASTER_PORTS, MASTER_PIDS, REDIS_NODES
# and REDIS_URI.
start_cluster() {
  local i port dir seeds=() ok
  for i in $(seq 1 "$CLUSTER"); do
    port=$(free_cluster_port)
    [ -n "$port" ] || { echo "no free port pair for a Cluster node" >&2; exit 1; }
    dir=$BENCH_TMP/redis-cluster-$i
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --cluster-enabled yes \
      --cluster-config-file "$dir/nodes.conf" --save "" --appendonly no >"$dir/redis.log" 2>&1 &
    MASTER_PIDS+=($!) MASTER_PORTS+=("$port")
    for _ in $(seq 1 100); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && break
      kill -0 "${MASTER_PIDS[-1]}" 2>/dev/null || break
      sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null 2>&1 || { cat "$dir/redis.log" >&2; echo "redis-server on $port did not start" >&2; exit 1; }
    seeds+=("127.0.0.1:$port")
  done
  if ! redis-cli --cluster create "${seeds[@]}" --cluster-replicas 0 --cluster-yes >"$BENCH_TMP/cluster-create.log" 2>&1 ||
    ! grep -q "All 16384 slots covered" "$BENCH_TMP/cluster-create.log"; then
    cat "$BENCH_TMP/cluster-create.log" >&2; echo "redis-cli --cluster create failed" >&2; exit 1
  fi
  # every master must agree before a node reads the topology
  for port in "${MASTER_PORTS[@]}"; do
    ok=0
    for _ in $(seq 1 300); do
      redis-cli -p "$port" CLUSTER INFO | tr -d '\r' | grep -qx 'cluster_state:ok' && { ok=1; break; }
      sleep 0.1
    done
    [ "$ok" = 1 ] || { echo "no cluster_state:ok on $port after 30 s" >&2; exit 1; }
  done
  REDIS_URI=redis-cluster://$(IFS=,; echo "${seeds[*]}")
  for port in "${MASTER_PORTS[@]}"; do REDIS_NODES+=("redis://127.0.0.1:$port"); done
}

# master_of KEY -> the index in MASTER_PORTS of the master that serves KEY's slot (CLUSTER NODES:
# the slot ranges on the "myself" line of each master).
master_of() {
  local slot i
  slot=$(redis-cli -p "${MASTER_PORTS[0]}" CLUSTER KEYSLOT "$1")
  for i in "${!MASTER_PORTS[@]}"; do
    if redis-cli -p "${MASTER_PORTS[$i]}" CLUSTER NODES | awk -v s="$slot" '$3 ~ /myself/ {
        for (f = 9; f <= NF; f++) { if ($f ~ /^\[/) continue; n = split($f, r, "-"); if (s >= r[1] && s <= r[n]) found = 1 }
      } END { exit !found }'; then
      echo "$i"; return
    fi
  done
  echo "no master serves slot $slot" >&2; exit 1
}

if [ -n "${REDIS_CPU:-}" ]; then
  OTHERS=$(seq 0 $(($(nproc) - 1)) | grep -vx "$REDIS_CPU" | paste -sd,)
  SERVER_CPU=(taskset -c "$OTHERS") LOAD_CPU=(taskset -c "$OTHERS")
  REDIS_PORT=$(free_port)
  taskset -c "$REDIS_CPU" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null &
  REDIS_PID=$!
  REDIS_URI=redis://127.0.0.1:$REDIS_PORT
  for _ in $(seq 1 100); do redis-cli -u "$REDIS_URI" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
if [ -n "$CLUSTER" ]; then start_cluster; else REDIS_NODES=("$REDIS_URI"); fi
for u in "${REDIS_NODES[@]}"; do redis-cli -u "$u" ping >/dev/null || { echo "no Redis at $u" >&2; exit 2; }; done

if pgrep -x wrk >/dev/null; then echo "warning: another wrk is running; the numbers will be disturbed" >&2; fi
build_deployed
gcc -O2 -o "$BENCH_TMP/udp-load" bench/c/udp-load.c -lm
SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
HOT_HEX=$(java -cp "$CP" dev.karuta.bench.BenchServer --hashes 1) # torrent 1, the hottest under Zipf
# shellcheck disable=SC2001 # each byte percent-encoded
CHECK_HASH=$(sed 's/../%&/g' <<<"$HOT_HEX")
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(java -version 2>&1 | head -1); redis $(redis-cli -u "${REDIS_NODES[0]}" INFO server | tr -d '\r' | sed -n 's/^redis_version://p')" \
  "at $REDIS_URI${REDIS_CPU:+ pinned to cpu $REDIS_CPU, the rest to $OTHERS}${CLUSTER:+ ($CLUSTER masters, no replicas)}"
if [ -n "$CLUSTER" ]; then
  HOT_MASTER=$(master_of "{$HOT_HEX}") GLOBAL_MASTER=$(master_of "{global}")
  echo "torrent 1 ({$HOT_HEX}, slot $(redis-cli -p "${MASTER_PORTS[0]}" CLUSTER KEYSLOT "{$HOT_HEX}")) on" \
    "127.0.0.1:${MASTER_PORTS[$HOT_MASTER]}; {global} (slot $(redis-cli -p "${MASTER_PORTS[0]}" CLUSTER KEYSLOT "{global}"))" \
    "on 127.0.0.1:${MASTER_PORTS[$GLOBAL_MASTER]}"
fi
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

# evalsha_stat_of URI -> "calls usec" of every EVALSHA on that server since its last CONFIG RESETSTAT.
evalsha_stat_of() {
  redis-cli -u "$1" INFO commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),usec=\([0-9]*\).*/\1 \2/p' | grep . || echo "0 0"
}

# evalsha_stat -> "calls usec" of the announce script (every EVALSHA), added over the servers.
evalsha_stat() {
  local u
  for u in "${REDIS_NODES[@]}"; do evalsha_stat_of "$u"; done | awk '{c += $1; u += $2} END {print c + 0, u + 0}'
}

# master_ticks -> the CPU ticks (user + system) of each master's redis-server, in MASTER_PORTS' order.
master_ticks() {
  local p
  for p in "${MASTER_PIDS[@]}"; do cpu_ticks "$p"; done | paste -sd' '
}

# hot_share_expected -> the share of the masters' work that the model gives torrent 1's master: torrent
# 1's share of announces under Zipf (1/1^s over sum_k 1/k^s, k = 1..TORRENTS, s = ZIPF_S) plus an
# equal part of the rest, as if every announce cost the same; and torrent 1's share alone.
hot_share_expected() {
  awk -v t="$TORRENTS" -v s="$ZIPF_S" -v n="$CLUSTER" 'BEGIN {
    for (k = 1; k <= t; k++) h += 1 / k ^ s
    p = 1 / h; printf "%.1f %.1f\n", 100 * (p + (1 - p) / n), 100 * p }'
}

# cluster_lines LOAD MODE TICKS-BEFORE: one line per master over the mode's rounds (EVALSHA calls, µs,
# share of the masters' µs, redis-server CPU seconds), torrent 1's and {global}'s masters marked,
# and the model's share of torrent 1's master.
cluster_lines() {
  local load=$1 mode=$2 before after i stats=() total=0 c u mark expected alone
  read -r -a before <<<"$3"
  read -r -a after <<<"$(master_ticks)"
  for i in "${!MASTER_PORTS[@]}"; do
    stats[i]=$(evalsha_stat_of "${REDIS_NODES[$i]}")
    total=$((total + ${stats[$i]#* }))
  done
  for i in "${!MASTER_PORTS[@]}"; do
    read -r c u <<<"${stats[$i]}"
    mark=""
    [ "$i" = "$HOT_MASTER" ] && mark+=" <- torrent 1"
    [ "$i" = "$GLOBAL_MASTER" ] && mark+=" <- {global}"
    awk -v p="${MASTER_PORTS[$i]}" -v l="$load" -v m="$mode" -v c="$c" -v u="$u" -v t="$total" \
      -v cpu=$((after[i] - before[i])) -v hz="$TICK" -v mark="$mark" 'BEGIN {
      printf "redis %s %s master 127.0.0.1:%s: %d calls, %d us, %.1f%% of the masters\047 us, %.1f s cpu%s\n",
        l, m, p, c, u, (t > 0 ? 100 * u / t : 0), cpu / hz, mark }'
  done
  read -r expected alone < <(hot_share_expected)
  echo "redis $load $mode: torrent 1's master expected ${expected}% of the masters' us (torrent 1's ${alone}% of the" \
    "announces plus 1/$CLUSTER of the rest, every announce costing the same)"
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
    for u in "${REDIS_NODES[@]}"; do redis-cli -u "$u" CONFIG RESETSTAT >/dev/null; done
    [ -z "$CLUSTER" ] || ticks0=$(master_ticks)
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
    [ -z "$CLUSTER" ] || cluster_lines "$load" "$mode" "$ticks0"
  done
  m1=$(peers_of_torrent1 "${URL[M]}") a1=$(peers_of_torrent1 "${URL[A]}")
  echo "torrent 1 after the $load rounds: $m1 peers on M, $a1 on A (Redis)"
  if [ "$ADDRESSES" = 1 ] && [ "$load" = zipf ] && [ "${m1:-0}" -le 64 ]; then
    echo "warning: torrent 1 holds no more than 64 peers on M: were the peers' own addresses taken?" >&2
  fi
  stop_servers
  delete_keys "$KEY_PREFIX*"
  if [ -n "$CLUSTER" ]; then # the Cluster is this run's own: every key on it is the run's
    left=0
    for u in "${REDIS_NODES[@]}"; do left=$((left + $(redis-cli -u "$u" DBSIZE))); done
    echo "keys of the $load load deleted: $left left on the Cluster"
  fi
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
