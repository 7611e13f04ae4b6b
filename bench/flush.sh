#!/usr/bin/env bash
# Private-mode flush cost: one batch of 100k user deltas + 10k torrent rows + 100k peer rows written by
# GazelleStore into a fresh MariaDB database of each Gazelle schema (WhatCD, OPSnet), median of 5
# rounds (BENCHMARKS.md, "bench/flush.sh"; see dev.karuta.bench.FlushCost). Then the same accounting
# through a real AccountsFlusher whose database is down, journaled in target/journal-bench each round:
# the outage journal's cost per flush interval, the stop's spill and the next start's take-up
# (dev.karuta.bench.JournalCost; JOURNAL=0 skips it, JOURNAL_DIR moves it to another disk).
#
#   bench/flush.sh [rounds=5] [rows-per-statement=1000] [users=100000] [torrents=10000]
#   KARUTA_MARIADB_URL=jdbc:mariadb://host:3306/test KARUTA_MARIADB_USER=root bench/flush.sh
#
# Needs a MariaDB (or MySQL) server whose user may create and drop databases; drops what it creates.
# On a shared machine run it under the benchmark lock: flock /tmp/karuta-bench.lock bench/flush.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
ROWS=${2:-1000}
USERS=${3:-100000}
TORRENTS=${4:-10000}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.karuta.bench.FlushCost \
  "${KARUTA_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test}" "${KARUTA_MARIADB_USER:-root}" \
  "$ROUNDS" "$ROWS" "$USERS" "$TORRENTS"
if [ "${JOURNAL:-1}" != 0 ]; then
  java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.karuta.bench.JournalCost \
    "${JOURNAL_DIR:-target/journal-bench}" "$ROUNDS" "$USERS" "$TORRENTS"
fi
