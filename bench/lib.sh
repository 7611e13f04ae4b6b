# shellcheck shell=bash
# Shell functions shared by the benchmark scripts (sourced, from the repository root; not run alone).
# Servers started with start_java/start_opentracker are recorded in PIDS and stopped by stop_all,
# which the sourcing script sets as its EXIT trap.

PIDS=()
BENCH_TMP=$(mktemp -d)
TICK=$(getconf CLK_TCK)

# Builds the test classes once and sets CP to their classpath (offline when ~/.m2 has everything).
# BENCH_CP set: that classpath, no build (a batch of runs measuring one frozen build).
build() {
  if [ -n "${BENCH_CP:-}" ]; then CP=$BENCH_CP; return; fi
  build_at .
}

# build_at DIR: the same build in the checkout DIR (bench/ab.sh: a worktree per revision); CP is then
# DIR's classpath (absolute when DIR is).
build_at() {
  local dir=$1
  (
    cd "$dir" || exit
    mvn -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/bench.classpath 2>/dev/null ||
      mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
  )
  CP="$dir/target/test-classes:$dir/target/classes:$(cat "$dir/target/bench.classpath")"
}

# Stops every server this script started so far: TERM, up to 10 s to exit, then KILL; forgets them.
stop_servers() {
  local p
  for p in ${PIDS[@]+"${PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in ${PIDS[@]+"${PIDS[@]}"}; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for p in ${PIDS[@]+"${PIDS[@]}"}; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  PIDS=()
}

# Stops every server this script started and removes its temporary directory (the EXIT trap).
stop_all() {
  stop_servers
  rm -rf "$BENCH_TMP"
}

# pin 1: every server started from now on on CPU 0 (all its threads), every load generator on CPU 1:
# per-core figures (issue 23). pin 0: both share the machine's CPUs. PIN=1 in the environment sets
# the first at start.
pin() {
  if [ "$1" = 1 ]; then
    SERVER_CPU=(taskset -c 0) LOAD_CPU=(taskset -c 1)
  else
    SERVER_CPU=() LOAD_CPU=()
  fi
}
pin "${PIN:-0}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
free_udp_port() { python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
# tree_ticks PID: cpu_ticks of the process and of its children (nginx's workers), in clock ticks.
tree_ticks() {
  local sum=0 p
  for p in "$1" $(pgrep -P "$1" || true); do sum=$((sum + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  echo "$sum"
}

# wait_log LOG PATTERN PID TRIES: waits, 0.2 s a try, until LOG holds PATTERN (status 0), PID has
# exited or TRIES are spent (status 1).
wait_log() {
  local log=$1 pattern=$2 pid=$3 tries=$4
  for _ in $(seq 1 "$tries"); do
    grep -q "$pattern" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  grep -q "$pattern" "$log"
}

# start_java NAME JVM_OPTS CLASS ARGS... : starts a JVM logging to $BENCH_TMP/NAME.log, waits for its
# "listening on PORT" line; sets STARTED_PID and STARTED_PORT.
start_java() { start_java_at . "$CP" "$@"; }

# start_java_at DIR CLASSPATH NAME JVM_OPTS CLASS ARGS... : start_java with DIR as the JVM's working
# directory and CLASSPATH as its classpath (bench/ab.sh: each revision's servers in its own worktree,
# where BenchServer finds that revision's webapp/ and jetty-base/).
start_java_at() {
  local dir=$1 cp=$2 name=$3 opts=$4
  shift 4
  # shellcheck disable=SC2086 # opts is a list of JVM options
  (cd "$dir" && exec ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} java $opts -cp "$cp" "$@") >"$BENCH_TMP/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_log "$BENCH_TMP/$name.log" "listening on" "$STARTED_PID" 300 || true
  STARTED_PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$BENCH_TMP/$name.log" | head -1)
  if [ -z "$STARTED_PORT" ]; then cat "$BENCH_TMP/$name.log" >&2; echo "$name did not start" >&2; exit 1; fi
}

# Debian's opentracker (HTTP and UDP on one free loopback port), whitelisting the torrents of both
# bench/announce.lua and UdpLoad. Debian builds it whitelist-only and it reads the list after
# chrooting to -d and dropping to user nobody, so the directory and file must be world-readable (else
# it silently runs with an empty list and answers every announce "not on the whitelist").
# Sets OT_PID and OT_PORT.
start_opentracker() {
  if ! command -v opentracker >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq opentracker >/dev/null
  fi
  local dir=$BENCH_TMP/opentracker
  mkdir -p "$dir"
  { java -cp "$CP" dev.karuta.bench.UdpLoad --hashes 10000; java -cp "$CP" dev.karuta.bench.BenchServer --hashes 10000; } \
    >"$dir/whitelist.txt"
  chmod 755 "$BENCH_TMP" "$dir"; chmod 644 "$dir/whitelist.txt"
  OT_PORT=$(free_port)
  ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} opentracker -i 127.0.0.1 -p "$OT_PORT" -P "$OT_PORT" -d "$dir" -w whitelist.txt >"$BENCH_TMP/opentracker.log" 2>&1 &
  OT_PID=$!
  PIDS+=("$OT_PID")
  sleep 1
  if ! kill -0 "$OT_PID" 2>/dev/null || grep -q "Can't open accesslist" "$BENCH_TMP/opentracker.log"; then
    cat "$BENCH_TMP/opentracker.log" >&2; echo "opentracker did not start" >&2; exit 1
  fi
}

# One announce by hand to URL (ROUTE, default /announce): a bencoded dictionary, not a failure.
check_announce() {
  local url=$1 route=${2:-/announce} body
  # bench/announce.lua's torrent 1, which a whitelisting tracker (opentracker here) accepts
  [ -n "${CHECK_HASH:-}" ] || CHECK_HASH=$(java -cp "$CP" dev.karuta.bench.BenchServer --hashes 1 | sed 's/../%&/g')
  local hash=$CHECK_HASH
  local query="info_hash=$hash&peer_id=-KB0100-%01%02%03%04%05%06%07%08%09%0A%0B%0C&port=6881&uploaded=0&downloaded=0&left=0&compact=1&numwant=50"
  body=$(curl -sS --max-time 10 "$url$route?$query" | tr -d '\0')
  case "$body" in
    d8:complete*e) ;;
    *) echo "unexpected answer from $url$route: $body" >&2; exit 1 ;;
  esac
}

# wrk_run SECONDS URL PREFIX SCRIPT [wrk args...]: wrk -t1 -c$CONNECTIONS, bounded in time.
wrk_run() {
  local seconds=$1 url=$2 prefix=$3 script=$4
  shift 4
  PREFIX=$prefix timeout $((seconds + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} wrk -t1 -c"${CONNECTIONS:-64}" -d"${seconds}"s -s "$script" "$@" "$url"
}

# wrk_check URL PREFIX [wrk args...]: bench/check.lua for 3 s; fails unless every answer is a
# well-formed bencoded success.
wrk_check() {
  local url=$1 prefix=$2 out
  shift 2
  out=$(wrk_run 3 "$url" "$prefix" bench/check.lua "$@" | grep checked)
  echo "  $url$prefix: $out"
  case "$out" in
    checked\ [1-9]*\ answers:\ 0\ malformed,\ 0\ failures*) ;;
    *) echo "bad answers from $url$prefix" >&2; exit 1 ;;
  esac
}

# wrk_rate SECONDS URL PREFIX PID [wrk args...] -> "requests/s server-CPU-µs-per-request" (PID: the
# server's process, for the user + system CPU of it and its children over the round). The script is
# WRK_SCRIPT (default bench/announce.lua). Errors go to stderr.
wrk_rate() {
  local seconds=$1 url=$2 prefix=$3 pid=$4 out before after rps total errors
  shift 4
  before=$(tree_ticks "$pid")
  out=$(wrk_run "$seconds" "$url" "$prefix" "${WRK_SCRIPT:-bench/announce.lua}" "$@")
  after=$(tree_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd';' - || true)
  [ -n "$errors" ] && echo "  ($url$prefix: $errors)" >&2
  awk -v r="$rps" -v n="$total" -v c=$((after - before)) -v hz="$TICK" 'BEGIN {printf "%s %.1f\n", r, (n > 0 ? c / hz * 1e6 / n : 0)}'
}

# udp_load PORT SECONDS [SOCKETS WINDOW]: one dev.karuta.bench.UdpLoad line (10k torrents, numwant 50).
udp_load() {
  timeout $(($2 + 30)) ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} java -cp "$CP" dev.karuta.bench.UdpLoad 127.0.0.1 "$1" "$2" "${3:-4}" "${4:-16}" 10000 50
}

# --- Karuta as the README deploys it: the WAR on a stock jetty-home with a copy of jetty-base/ ---

# build_deployed: the WAR (mvn package, tests skipped), the test classpath in CP, and the jetty-home
# the build uses, unpacked under target/it (where the deployment tests unpack it) when missing. Sets
# CP, WAR, JETTY_VERSION and JETTY_HOME.
build_deployed() {
  mvn -B -q -o -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null 2>&1 ||
    mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
  CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
  WAR=$(ls target/karuta*.war | head -1)
  JETTY_VERSION=$(sed -n 's:.*<jetty.version>\(.*\)</jetty.version>.*:\1:p' pom.xml | head -1)
  JETTY_HOME=$PWD/target/it/jetty-home-$JETTY_VERSION
  if [ ! -f "$JETTY_HOME/start.jar" ]; then
    mvn -B -q -o dependency:unpack -Dartifact="org.eclipse.jetty:jetty-home:$JETTY_VERSION:tar.gz" \
      -DoutputDirectory=target/it >/dev/null 2>&1 ||
      mvn -B -q dependency:unpack -Dartifact="org.eclipse.jetty:jetty-home:$JETTY_VERSION:tar.gz" -DoutputDirectory=target/it
  fi
}

# base_copy DIR: a copy of jetty-base/ without what a developer's own run left there (a WAR, work/, logs/).
base_copy() {
  local dir=$1
  mkdir -p "$dir"
  tar -C jetty-base --exclude=./work --exclude=./logs --exclude='*.war' -cf - . | tar -C "$dir" -xf -
  mkdir -p "$dir/work" # Jetty unpacks the WAR there, inside this run's directory
}

# start_jetty NAME BASE PROPERTIES...: java $JAVA_OPTS -jar start.jar on BASE, HTTP on a free port,
# logging to ${MODE_TMP:-$BENCH_TMP}/NAME.log; waits for the server's start. Sets STARTED_PID and
# STARTED_PORT.
start_jetty() {
  local name=$1 base=$2 port log=${MODE_TMP:-$BENCH_TMP}/$1.log
  shift 2
  port=$(free_port)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
  (cd "$base" && exec ${SERVER_CPU[@]+"${SERVER_CPU[@]}"} java $JAVA_OPTS -jar "$JETTY_HOME/start.jar" \
    "jetty.base=$base" jetty.http.host=127.0.0.1 "jetty.http.port=$port" "$@") >"$log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  if ! wait_log "$log" "Started oejs.Server@" "$STARTED_PID" 600; then
    tail -50 "$log" >&2; echo "$name did not start" >&2; exit 1
  fi
  if [ -n "$(pgrep -P "$STARTED_PID" || true)" ]; then
    echo "$name: start.jar forked a JVM; the CPU figures count its process tree" >&2
  fi
  STARTED_PORT=$port
}

# start_karuta NAME [karuta.x=y...]: $WAR on $JETTY_HOME with a copy of jetty-base/ (build_deployed
# first), a data directory of its own, UDP on a free loopback port, the given settings as start.jar
# properties (as on the README's command line). Sets KARUTA_PID, KARUTA_PORT and KARUTA_UDP_PORT.
start_karuta() {
  local name=$1 dir=${MODE_TMP:-$BENCH_TMP}
  shift
  base_copy "$dir/$name-base"
  cp "$WAR" "$dir/$name-base/webapps/karuta.war"
  mkdir -p "$dir/$name-data"
  KARUTA_UDP_PORT=$(free_udp_port)
  start_jetty "$name" "$dir/$name-base" "karuta.data.dir=$dir/$name-data" karuta.udp.host=127.0.0.1 \
    "karuta.udp.port=$KARUTA_UDP_PORT" "$@"
  # shellcheck disable=SC2034 # read by the sourcing script
  KARUTA_PID=$STARTED_PID KARUTA_PORT=$STARTED_PORT
}

# redis_delete URI PATTERN: deletes the keys matching PATTERN with SCAN and DEL inside one script:
# the keys hold binary bytes (info_hashes), which redis-cli --scan | xargs would mangle.
redis_delete() {
  redis-cli -u "$1" EVAL "local c='0' repeat local r=redis.call('SCAN',c,'MATCH',ARGV[1],'COUNT',1000) c=r[1] for _,k in ipairs(r[2]) do redis.call('DEL',k) end until c=='0'" 0 "$2" >/dev/null
}
