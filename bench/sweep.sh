#!/usr/bin/env bash
# Announce latency while the in-memory registry's sweep removes 500k expired peers out of 1M (issue 6):
# see dev.karuta.bench.SweepPause.
#   bench/sweep.sh [seconds of baseline=5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xms4g -Xmx4g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.karuta.bench.SweepPause "$@"
