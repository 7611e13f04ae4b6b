#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/dev/karuta/bench) on the test classpath.
#   bench/jmh.sh                 all benchmarks
#   bench/jmh.sh AnnounceBenchmark -p swarmSize=10,100000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "$@"
