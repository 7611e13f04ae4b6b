#!/usr/bin/env bash
# Takes docs/dashboard.png: the admin dashboard of the real webapp under a varying announce load.
#   bench/dashboard.sh [minutes]      default 6
# Needs Debian's chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.karuta.bench.DashboardScreenshot "${1:-6}" docs/dashboard.png
