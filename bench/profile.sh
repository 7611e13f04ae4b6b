#!/usr/bin/env bash
# Where the server's CPU goes under the announce load of bench/announce.lua: starts
# dev.karuta.bench.BenchServer with Java Flight Recorder, warms up, records SECONDS of wrk -t1 -c64
# load on ROUTE, and prints the hottest top frames and the share of samples inside the tracker's own
# work (AnnounceServlet.handle: query parse, client address, core, bencode write; the rest is Jetty,
# the servlet layer and the JVM, which the trivial servlet pays as well).
#   bench/profile.sh [seconds] [route]        defaults: 20, /announce (or /trivial/announce)
# The recording stays in target/bench-profile.jfr (open it in JDK Mission Control for more).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RECORD=${1:-20}
ROUTE=${2:-/announce}
PREFIX=${ROUTE%/announce}
JFR=target/bench-profile.jfr
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
LOG=$(mktemp)
java -Xms1g -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.karuta.bench.BenchServer 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 300); do grep -q "listening on" "$LOG" && break; sleep 0.2; done
PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$LOG")
URL=http://127.0.0.1:$PORT
PREFIX=$PREFIX timeout 60 wrk -t1 -c64 -d15s -s bench/announce.lua "$URL" >/dev/null
# The JDK's profile settings, sampling Java code every millisecond instead of every 10.
JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed 's|control="method-sampling-java-interval">10 ms|control="method-sampling-java-interval">1 ms|' \
  "$JAVA_HOME_DIR/lib/jfr/profile.jfc" >target/bench-profile.jfc
jcmd "$PID" JFR.start name=bench settings="$PWD/target/bench-profile.jfc" filename="$PWD/$JFR" >/dev/null
PREFIX=$PREFIX timeout $((SECONDS_TO_RECORD + 30)) wrk -t1 -c64 -d"${SECONDS_TO_RECORD}"s -s bench/announce.lua "$URL" \
  | grep -E 'Requests/sec'
jcmd "$PID" JFR.stop name=bench >/dev/null

jfr print --stack-depth 64 --events jdk.ExecutionSample "$JFR" | awk '
  /stackTrace = \[/ { top = 1; inHandle = 0; callee = ""; prev = ""; samples++; next }
  /^ *\]/ { if (inHandle) { handle++; under[callee]++ } top = 0; next }
  { f = $0; sub(/^ */, "", f); sub(/ *line:.*/, "", f) }
  top == 1 { tops[f]++; top = 2 }
  /dev\.karuta\.http\.AnnounceServlet\.handle/ { inHandle = 1; callee = prev }
  { prev = f }
  END {
    printf "%d samples; %.1f%% inside AnnounceServlet.handle (parse, client address, core, write), by callee:\n", \
      samples, 100 * handle / samples
    for (f in under) printf "  %6.2f%%  %s\n", 100 * under[f] / samples, f | "sort -rn"
    close("sort -rn")
    print "hottest top frames:"
    for (f in tops) printf "  %6.2f%%  %s\n", 100 * tops[f] / samples, f | "sort -rn | head -25"
  }'
