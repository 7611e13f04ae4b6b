#!/usr/bin/env bash
# Time of writing the public tracker's swarm snapshot (what a graceful stop writes) of a registry of
# 10k swarms x 10 peers (100k peers) into the embedded H2 database and this machine's PostgreSQL, median
# of 5 rounds, and of one restore: the figure behind "no periodic snapshot" (BENCHMARKS.md,
# "bench/snapshot.sh"; see dev.karuta.bench.SnapshotCost).
#   bench/snapshot.sh [rounds=5] [swarms=10000] [peers-per-swarm=10]
#   PG_URL=jdbc:postgresql://host:5432/db PG_USER=postgres bench/snapshot.sh   (PG_URL= skips PostgreSQL)
# On a shared machine run it under the benchmark lock: flock /tmp/karuta-bench.lock bench/snapshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.karuta.bench.SnapshotCost \
  target/snapshot-bench "${1:-5}" "${2:-10000}" "${3:-10}" "${PG_URL-jdbc:postgresql://127.0.0.1:5432/test}" \
  "${PG_USER:-postgres}"
