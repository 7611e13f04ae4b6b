#!/usr/bin/env bash
# Heap per peer of the in-memory registry at 1M peers over 100k swarms (one of 200k, the rest
# Zipf-like; IPv4, IPv6 and dual-stack), after full GCs: see dev.karuta.bench.HeapPerPeer.
#   bench/heap.sh [peers] [swarms] [largest]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xms4g -Xmx4g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.karuta.bench.HeapPerPeer "$@"
