#!/usr/bin/env bash
# Karuta as deployed, against its floors, nginx, opentracker and the UDP limits, per core and shared,
# in one run (BENCHMARKS.md, "bench/compare.sh"; issue 23).
#   bench/compare.sh [seconds-per-round=15] [rounds=3]
#   flock /tmp/karuta-bench.lock bench/compare.sh 15 3      (on a shared machine: one benchmark at a time)
# Builds the WAR (mvn package) and two C programs, then, for each mode of MODES, starts on free loopback
# ports:
#   karuta       target/karuta.war on the stock jetty-home the build uses (target/it/jetty-home-*,
#                unpacked if missing) with a copy of jetty-base/, as the README deploys it:
#                java $JAVA_OPTS -jar start.jar, a data directory of its own, defaults otherwise
#                (public mode, UDP served by the webapp itself)
#   trivial      the HTTP floor: dev.karuta.bench.FixedAnswerServlet alone in a WAR of its own (a
#                metadata-complete web.xml, no security, no sessions) on a second copy of the same
#                jetty-home and jetty-base settings without Karuta's module, context and WAR, answering
#                /announce and /scrape with fixed bencoded bodies of a tracker answer's size
#   nginx        `return 200` with the same bodies: the machine's HTTP limit (nginx-light if missing)
#   opentracker  Debian's package (installed if missing), HTTP and UDP on one port
#   echo         dev.karuta.bench.UdpEcho: one socket, one datagram a system call: the UDP limit
#   batched      bench/c/udp-echo-batched.c: one socket, recvmmsg/sendmmsg of up to 64: the batched limit
# checks that every one answers well-formed announces (curl, then bench/check.lua over HTTP, the
# scrapes too; the UDP generator counts error answers; a bad answer aborts), warms each up, then runs
# the same loads against each, rounds interleaved (karuta, trivial, nginx, opentracker, karuta, ...):
#   keep-alive   wrk -t1 -c64 -s bench/announce.lua with ZIPF=1 (Zipf popularity over 10k torrents,
#                200k peers, qBittorrent's ids and headers, event mix, numwant 50, compact)
#   close        the same with "Connection: close": a TCP connection per request
#   scrape       wrk -t1 -c64 -s bench/scrape.lua: one-torrent scrapes, keep-alive, the same Zipf choice
#   udp          bench/c/udp-load.c: UDP_SOCKETS sockets x UDP_WINDOW announces in flight, the same
#                population (a Java generator on one pinned CPU would be the limit)
# Modes (MODES, default "pinned shared"; PIN=1 or PIN=0 alone picks one):
#   pinned       every server process started under taskset -c 0 (all its threads), every load
#                generator under taskset -c 1, nginx with one worker: per-core figures
#   shared       no pinning: servers and generators share the machine's CPUs, nginx a worker per CPU
# The servers are started again for each mode (a JVM sizes its pools from the CPUs it may use).
# Prints every round, then per mode a table of medians with the rounds' spread (min-max, and max/min),
# the server's CPU µs per request (user + system of its processes, from /proc) and the ratios of
# Karuta to each floor and limit. With LATENCY=1 (the default) it then measures latency open-loop
# (dev.karuta.bench.OpenLoad: fixed rate, latency from the intended send time) at LATENCY_FRACTIONS
# (default 50) % of Karuta's median throughput of this run in that mode, against Karuta and, at the
# same rate, the trivial servlet (HTTP) or the echo (UDP), LATENCY_SECONDS each (first 3 s not recorded).
# Environment: MODES, JAVA_OPTS (both Jetty JVMs; default the README's -Xms1g -Xmx1g
# -XX:+UseParallelGC), WARMUP (s per target and load, 10), LATENCY, LATENCY_SECONDS, LATENCY_FRACTIONS,
# UDP_SOCKETS (8), UDP_WINDOW (8), ANSWER_PEERS (peers in the fixed announce body, 35), and
# bench/announce.lua's Zipf parameters (PEERS, ZIPF_S, SEEDERS, STOPPED, COMPLETED).
# Stops everything it starts (also on Ctrl-C or failure); every load is bounded by a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap stop_all EXIT
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
case "${PIN:-}" in
  1) MODES=${MODES:-pinned} ;;
  0) MODES=${MODES:-shared} ;;
  *) MODES=${MODES:-pinned shared} ;;
esac
WARMUP=${WARMUP:-10}
LATENCY=${LATENCY:-1}
LATENCY_SECONDS=${LATENCY_SECONDS:-$((SECONDS_PER_ROUND + 3))}
LATENCY_FRACTIONS=${LATENCY_FRACTIONS:-50}
UDP_SOCKETS=${UDP_SOCKETS:-8}
UDP_WINDOW=${UDP_WINDOW:-8}
ANSWER_PEERS=${ANSWER_PEERS:-35}
CONNECTIONS=64
TORRENTS=10000
export ZIPF=1 TORRENTS
for m in $MODES; do
  case $m in pinned | shared) ;; *) echo "unknown mode $m (pinned, shared)" >&2; exit 2 ;; esac
done
if [ "$(nproc)" -lt 2 ] && [[ " $MODES " == *" pinned "* ]]; then echo "pinned mode needs 2 CPUs" >&2; exit 2; fi
for tool in wrk curl gcc taskset; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
if ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

if pgrep -x wrk >/dev/null; then echo "warning: another wrk is running; the numbers will be disturbed" >&2; fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cpus ($(lscpu | sed -n 's/^Model name: *//p')); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1 | sed 's/.*: //'); opentracker $(dpkg-query -W -f '${Version}' opentracker 2>/dev/null || echo '?'); $(gcc --version | head -1)"

# --- build: the WAR, the bench classes (the trivial servlet, the Java echo, OpenLoad), jetty-home, C ---
build_deployed
gcc -O2 -o "$BENCH_TMP/udp-load" bench/c/udp-load.c -lm
gcc -O2 -o "$BENCH_TMP/udp-echo-batched" bench/c/udp-echo-batched.c
echo "jetty-home $JETTY_VERSION; JVM flags: $JAVA_OPTS; $(basename "$WAR")"

# --- the fixed answers of the trivial servlet and nginx: Karuta's, in shape and size (ASCII letters
# and digits stand for the binary bytes, so they fit in web.xml and nginx.conf as they are). Under
# this load Karuta hands out 30-38 peers an answer once the population has announced (the check
# prints it: "peers per answer"); ANSWER_PEERS (35) sets the fixed answer's. ---
filler() { # N: N pseudo-random letters and digits
  awk -v n="$1" 'BEGIN {c = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"; x = 12345
    for (i = 0; i < n; i++) {x = (x * 48271) % 2147483647; printf "%s", substr(c, x % 62 + 1, 1)}}'
}
ANNOUNCE_BODY="d8:completei12e10:downloadedi34e11:external ip4:$(filler 4)10:incompletei25e8:intervali1800e12:min intervali900e5:peers$((ANSWER_PEERS * 6)):$(filler $((ANSWER_PEERS * 6)))e"
SCRAPE_BODY="d5:filesd20:$(filler 20)d8:completei12e10:downloadedi34e11:downloadersi0e10:incompletei25eee5:flagsd20:min_request_intervali900eee"
echo "fixed answers (trivial servlet, nginx): announce ${#ANNOUNCE_BODY} bytes ($ANSWER_PEERS peers), scrape ${#SCRAPE_BODY} bytes"

# --- starting the servers (lib.sh's start_jetty and start_karuta: the README's deployment) ---
start_karuta_here() {
  start_karuta karuta
  K_PID=$KARUTA_PID K_PORT=$KARUTA_PORT K_UDP_PORT=$KARUTA_UDP_PORT
}

# The trivial servlet's WAR (once) and its base: jetty-base's settings with the karuta module's line
# replaced by the one Jetty module it brings in (ee10-websocket-jakarta); no karuta.xml, no realm.
TRIVIAL_WAR=$BENCH_TMP/trivial.war
make_trivial_war() {
  local dir=$BENCH_TMP/trivial-war
  mkdir -p "$dir/WEB-INF/classes/dev/karuta/bench"
  cp target/test-classes/dev/karuta/bench/FixedAnswerServlet.class "$dir/WEB-INF/classes/dev/karuta/bench/"
  cat >"$dir/WEB-INF/web.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
  <servlet>
    <servlet-name>announce</servlet-name>
    <servlet-class>dev.karuta.bench.FixedAnswerServlet</servlet-class>
    <init-param><param-name>body</param-name><param-value>$ANNOUNCE_BODY</param-value></init-param>
    <load-on-startup>1</load-on-startup>
  </servlet>
  <servlet>
    <servlet-name>scrape</servlet-name>
    <servlet-class>dev.karuta.bench.FixedAnswerServlet</servlet-class>
    <init-param><param-name>body</param-name><param-value>$SCRAPE_BODY</param-value></init-param>
    <load-on-startup>1</load-on-startup>
  </servlet>
  <servlet-mapping><servlet-name>announce</servlet-name><url-pattern>/announce</url-pattern></servlet-mapping>
  <servlet-mapping><servlet-name>scrape</servlet-name><url-pattern>/scrape</url-pattern></servlet-mapping>
</web-app>
EOF
  jar cf "$TRIVIAL_WAR" -C "$dir" WEB-INF
}
make_trivial_war
start_trivial() {
  local base=$MODE_TMP/trivial-base
  base_copy "$base"
  rm -f "$base/webapps/karuta.xml" "$base/webapps/karuta.properties"
  sed -i 's/^--module=karuta$/--module=ee10-websocket-jakarta/' "$base/start.d/karuta.ini"
  cp "$TRIVIAL_WAR" "$base/webapps/root.war"
  echo "environment=ee10" >"$base/webapps/root.properties"
  start_jetty trivial "$base"
  T_PID=$STARTED_PID T_PORT=$STARTED_PORT
}

start_nginx() {
  local dir=$MODE_TMP/nginx workers=auto
  [ "$1" = pinned ] && workers=1
  mkdir -p "$dir/logs"
  N_PORT=$(free_port)
  cat >"$dir/nginx.conf" <<EOF
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$N_PORT;
    location = /announce { default_type text/plain; add_header Cache-Control no-store; return 200 "$ANNOUNCE_BODY"; }
    location = /scrape { default_type text/plain; add_header Cache-Control no-store; return 200 "$SCRAPE_BODY"; }
  }
}
EOF
  ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$MODE_TMP/nginx.log" 2>&1 &
  N_PID=$!
  PIDS+=("$N_PID")
  for _ in $(seq 1 100); do
    curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$N_PORT/announce" && return
    kill -0 "$N_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$MODE_TMP/nginx.log" "$dir/logs/error.log" >&2 2>/dev/null; echo "nginx did not start" >&2; exit 1
}

start_batched() {
  local port
  port=$(free_udp_port)
  ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} "$BENCH_TMP/udp-echo-batched" "$port" >"$MODE_TMP/batched.log" 2>&1 &
  B_PID=$!
  PIDS+=("$B_PID")
  for _ in $(seq 1 50); do grep -q "listening on" "$MODE_TMP/batched.log" && break; sleep 0.1; done
  grep -q "listening on" "$MODE_TMP/batched.log" || { cat "$MODE_TMP/batched.log" >&2; echo "batched echo did not start" >&2; exit 1; }
  B_PORT=$port
}

# --- loads ---
field_after() { awk -v f="$1" '{for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}'; }
script_of() { case $1 in scrape) echo bench/scrape.lua ;; *) echo bench/announce.lua ;; esac; }
route_of() { case $1 in scrape) echo /scrape ;; *) echo /announce ;; esac; }

# http_round LOAD SECONDS URL PID -> "requests/s server-CPU-µs-per-request" (lib.sh's wrk_rate with
# the load's script); errors to stderr.
http_round() {
  local load=$1 extra=() r c
  [ "$load" = close ] && extra=(-H "Connection: close")
  read -r r c < <(WRK_SCRIPT=$(script_of "$load") wrk_rate "$2" "$3" "" "$4" ${extra[@]+"${extra[@]}"})
  printf '%.0f %s\n' "$r" "$c"
}

# udp_gen PORT SECONDS: one bench/c/udp-load.c line (its first 3 s are not in its rates).
udp_gen() {
  timeout $(($2 + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} "$BENCH_TMP/udp-load" 127.0.0.1 "$1" "$2" "$UDP_SOCKETS" "$UDP_WINDOW" "$TORRENTS" 50
}

# udp_round SECONDS PORT PID -> "announces/s server-CPU-µs-per-request"
udp_round() {
  local seconds=$1 port=$2 pid=$3 before after line
  before=$(tree_ticks "$pid")
  line=$(udp_gen "$port" $((seconds + 3)))
  after=$(tree_ticks "$pid")
  awk -v r="$(field_after median <<<"$line")" -v n="$(field_after total <<<"$line")" -v c=$((after - before)) -v hz="$TICK" \
    'BEGIN {printf "%d %.1f\n", r, (n > 0 ? c / hz * 1e6 / n : 0)}'
  [ "$(field_after errors <<<"$line")" = 0 ] || echo "  (udp :$port: $line)" >&2
}

# check_scrape URL: one scrape by hand: a bencoded files dictionary.
check_scrape() {
  local body
  [ -n "${CHECK_HASH:-}" ] || CHECK_HASH=$(java -cp "$CP" dev.karuta.bench.BenchServer --hashes 1 | sed 's/../%&/g')
  body=$(curl -sS --max-time 10 "$1/scrape?info_hash=$CHECK_HASH" | tr -d '\0')
  case "$body" in
    d5:filesd*e) ;;
    *) echo "unexpected scrape answer from $1: $body" >&2; exit 1 ;;
  esac
}

HTTP_NAMES=(karuta trivial nginx opentracker)
UDP_NAMES=(karuta echo batched opentracker)
HTTP_LOADS=(keep-alive close scrape)
declare -A RATES CPU URL PID UPID UDP_PORT LATENCY_ROWS

run_mode() {
  local mode=$1 r load n out line
  MODE_TMP=$BENCH_TMP/$mode
  mkdir -p "$MODE_TMP"
  if [ "$mode" = pinned ]; then pin 1; else pin 0; fi
  echo
  echo "== mode $mode: servers ${SERVER_CPU[*]:-on any CPU}, load generators ${LOAD_CPU[*]:-on any CPU}"
  start_karuta_here
  start_trivial
  start_nginx "$mode"
  start_java echo "-Xms64m -Xmx64m" dev.karuta.bench.UdpEcho "$(free_udp_port)"
  mv "$BENCH_TMP/echo.log" "$MODE_TMP/echo.log"
  local echo_pid=$STARTED_PID echo_port=$STARTED_PORT
  start_batched
  start_opentracker
  URL=([karuta]=http://127.0.0.1:$K_PORT [trivial]=http://127.0.0.1:$T_PORT [nginx]=http://127.0.0.1:$N_PORT [opentracker]=http://127.0.0.1:$OT_PORT)
  PID=([karuta]=$K_PID [trivial]=$T_PID [nginx]=$N_PID [opentracker]=$OT_PID)
  UDP_PORT=([karuta]=$K_UDP_PORT [echo]=$echo_port [batched]=$B_PORT [opentracker]=$OT_PORT)
  UPID=([karuta]=$K_PID [echo]=$echo_pid [batched]=$B_PID [opentracker]=$OT_PID)
  echo "karuta :$K_PORT (udp :$K_UDP_PORT, pid $K_PID, $(ls /proc/"$K_PID"/task | wc -l) threads, affinity $(taskset -pc "$K_PID" | sed 's/.*: //')), trivial :$T_PORT, nginx :$N_PORT, opentracker :$OT_PORT, echo :$echo_port, batched echo :$B_PORT"

  echo "checking answers"
  for n in "${HTTP_NAMES[@]}"; do
    check_announce "${URL[$n]}" /announce
    check_scrape "${URL[$n]}"
    wrk_check "${URL[$n]}" ""
    CHECKED=bench/scrape.lua wrk_check "${URL[$n]}" ""
  done
  for n in "${UDP_NAMES[@]}"; do
    line=$(udp_gen "${UDP_PORT[$n]}" 4)
    echo "  udp $n: $line"
    if [ "$(field_after errors <<<"$line")" != 0 ] || [ "$(field_after total <<<"$line")" = 0 ]; then
      echo "bad UDP answers from $n" >&2; exit 1
    fi
  done
  echo "warming up (${WARMUP}s per target and load)"
  for load in "${HTTP_LOADS[@]}"; do
    local extra=()
    [ "$load" = close ] && extra=(-H "Connection: close")
    for n in "${HTTP_NAMES[@]}"; do
      wrk_run "$WARMUP" "${URL[$n]}" "" "$(script_of "$load")" ${extra[@]+"${extra[@]}"} >/dev/null
    done
  done
  for n in "${UDP_NAMES[@]}"; do udp_gen "${UDP_PORT[$n]}" "$WARMUP" >/dev/null; done

  for r in $(seq 1 "$ROUNDS"); do
    for load in "${HTTP_LOADS[@]}"; do
      for n in "${HTTP_NAMES[@]}"; do
        out=$(http_round "$load" "$SECONDS_PER_ROUND" "${URL[$n]}" "${PID[$n]}")
        RATES[$mode/$load/$n]+="${out% *} "
        CPU[$mode/$load/$n]+="${out#* } "
        echo "round $r $mode $load $n: ${out% *} req/s, server cpu ${out#* } us/req"
      done
    done
    for n in "${UDP_NAMES[@]}"; do
      out=$(udp_round "$SECONDS_PER_ROUND" "${UDP_PORT[$n]}" "${UPID[$n]}")
      RATES[$mode/udp/$n]+="${out% *} "
      CPU[$mode/udp/$n]+="${out#* } "
      echo "round $r $mode udp $n: ${out% *} announces/s, server cpu ${out#* } us/req"
    done
  done

  if [ "$LATENCY" = 1 ]; then
    local fraction max rate servers
    for load in keep-alive close udp; do
      max=$(med "$mode/$load/karuta")
      for fraction in $LATENCY_FRACTIONS; do
        rate=$(awk -v m="$max" -v f="$fraction" 'BEGIN {printf "%d", m * f / 100}')
        if [ "$load" = udp ]; then servers=(karuta echo); else servers=(karuta trivial); fi
        for n in "${servers[@]}"; do
          if [ "$rate" -le 0 ]; then line=""
          elif [ "$load" = udp ]; then
            line=$(timeout $((LATENCY_SECONDS + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} java -cp "$CP" dev.karuta.bench.OpenLoad udp 127.0.0.1 \
              "${UDP_PORT[$n]}" "$rate" "$LATENCY_SECONDS" 4 2)
          else
            line=$(timeout $((LATENCY_SECONDS + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} java -cp "$CP" dev.karuta.bench.OpenLoad http 127.0.0.1 \
              "${URL[$n]##*:}" "$rate" "$LATENCY_SECONDS" "$CONNECTIONS" "$load" "")
          fi
          f() { field_after "$1" <<<"$line"; }
          LATENCY_ROWS[$mode]+="| $mode | $load | $n | $fraction% | $rate | $(f answered | tr -d /s) | $(f p50) | $(f p99) | $(f p99.9) | $(f max) | $(f errors) | $(f unanswered-at-end) |"$'\n'
          echo "latency $mode $load $n at $fraction% ($rate/s): $line"
        done
      done
    done
  fi
  stop_servers
}

values() { tr ' ' '\n' <<<"${RATES[$1]:-}" | grep .; }
med() { values "$1" | median; }
medcpu() { tr ' ' '\n' <<<"${CPU[$1]:-}" | grep . | median; }
# spread KEY: "min-max (+x%)", max/min of the rounds as a percentage above 100.
spread() {
  values "$1" | sort -n | awk '{a[NR] = $1} END {if (NR == 0) {print "-"; exit}
    printf "%s-%s (+%.0f%%)", a[1], a[NR], (a[1] > 0 ? (a[NR] / a[1] - 1) * 100 : 0)}'
}

for mode in $MODES; do run_mode "$mode"; done

echo
echo "Medians of $ROUNDS rounds x ${SECONDS_PER_ROUND}s; spread: the rounds' min-max and max/min; CPU: the server's µs per request."
for mode in $MODES; do
  echo
  echo "Mode $mode:"
  echo
  echo "| load | server | req/s (median) | rounds min-max (max/min) | server CPU µs/req | Karuta / this |"
  echo "|---|---|---|---|---|---|"
  for load in "${HTTP_LOADS[@]}" udp; do
    if [ "$load" = udp ]; then names=("${UDP_NAMES[@]}"); else names=("${HTTP_NAMES[@]}"); fi
    k=$(med "$mode/$load/karuta")
    for n in "${names[@]}"; do
      v=$(med "$mode/$load/$n")
      label=$load; [ "$load" = udp ] || label="HTTP $load"; [ "$load" = udp ] && label="UDP announce"
      echo "| $label | $n | $v | $(spread "$mode/$load/$n") | $(medcpu "$mode/$load/$n") | $( [ "$n" = karuta ] && echo - || echo "**$(ratio "$k" "$v")**") |"
    done
  done
done
echo
echo "Headline (Karuta's median, its rounds' spread, and Karuta / each floor or limit):"
echo
echo "| mode | load | Karuta req/s | spread | / trivial servlet | / nginx | / opentracker | / echo | / batched echo |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in $MODES; do
  for load in "${HTTP_LOADS[@]}"; do
    k=$(med "$mode/$load/karuta")
    echo "| $mode | HTTP $load | $k | $(spread "$mode/$load/karuta") | $(ratio "$k" "$(med "$mode/$load/trivial")") | $(ratio "$k" "$(med "$mode/$load/nginx")") | $(ratio "$k" "$(med "$mode/$load/opentracker")") | - | - |"
  done
  k=$(med "$mode/udp/karuta")
  echo "| $mode | UDP announce | $k | $(spread "$mode/udp/karuta") | - | - | $(ratio "$k" "$(med "$mode/udp/opentracker")") | $(ratio "$k" "$(med "$mode/udp/echo")") | $(ratio "$k" "$(med "$mode/udp/batched")") |"
done
echo "(opentracker closes every HTTP connection after its answer: its keep-alive and scrape figures are a connection per request too)"

[ "$LATENCY" = 1 ] || exit 0
echo
echo "Latency, open loop (dev.karuta.bench.OpenLoad, bench/announce.lua's even announces), ${LATENCY_SECONDS}s per rate (first 3 s not recorded), µs from the intended send time:"
echo
echo "| mode | load | server | load % of Karuta's max | rate/s | answered/s | p50 | p99 | p99.9 | max | errors | unanswered |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for mode in $MODES; do printf '%s' "${LATENCY_ROWS[$mode]:-}"; done
