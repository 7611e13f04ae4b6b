#!/usr/bin/env bash
# Time of one private-tracker accounts flush (100k member deltas, 100k peer rows) on embedded H2 and
# on this machine's PostgreSQL and MariaDB (the store tests' URLs), written by JdbcAccountsStore (Karuta's
# own tables): see dev.karuta.bench.AccountsFlush.
#   bench/embedded-flush.sh [users] [peers] [runs] [H2,POSTGRESQL,MARIADB]
# On a shared machine run it under the benchmark lock: flock /tmp/karuta-bench.lock bench/embedded-flush.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dkaruta.test.postgres.url="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}" -Dkaruta.test.postgres.user=postgres \
  -Dkaruta.test.mariadb.url="${MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test}" -Dkaruta.test.mariadb.user=root \
  dev.karuta.bench.AccountsFlush "$@"
