#!/usr/bin/env bash
# Soak: the real webapp in one JVM under HTTP (keep-alive and connection-per-request) and UDP announces
# with churn (peers join, re-announce when told, complete, pause, stop or vanish) for a bounded time,
# then a tail in which every vanished peer passes its short TTL; then the checks: counts exact (registry
# totals = sum of swarm counts = full scan of live peers = the driver's model), heap after GC back to
# the baseline plus the live peers, no thread growth, no errors (dev.karuta.soak.Soak; BENCHMARKS.md,
# "bench/soak.sh"). CI runs the same driver for 2 minutes as SoakIT.
#   bench/soak.sh [seconds=1800]
#   JAVA_OPTS="-Dkaruta.soak.peers=20000 -Dkaruta.soak.workers=8" bench/soak.sh 600   (see SoakSettings)
# On a shared machine run it under the benchmark lock: flock /tmp/karuta-bench.lock bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_OF_CHURN=${1:-1800}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# The embedded Jetty's and the webapp's INFO lines go to the log file; the report to standard output.
LOG=target/soak.log
echo "soak: ${SECONDS_OF_CHURN} s of churn; server log in $LOG" >&2
java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.karuta.soak.Soak "$SECONDS_OF_CHURN" 2> >(tee "$LOG" | grep --line-buffered '^soak:' >&2)
