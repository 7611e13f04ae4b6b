#!/usr/bin/env bash
# Runs the JMH benchmarks (src/bench/java/dev/karuta/bench) on the test classpath; never part of
# mvn verify. Arguments go to org.openjdk.jmh.Main, e.g.
#   bench/jmh.sh                                         all benchmarks
#   bench/jmh.sh AnnounceBenchmark -p swarmSize=10,100000
#   bench/jmh.sh AnnounceBenchmark -prof gc -prof dev.karuta.bench.CpuTimeProfiler
# The full output goes to target/jmh.txt; after it, a summary gives, per benchmark and parameters,
# the median and the minimum of the measurement iterations (and of cpu.time.norm when profiled):
# on a machine shared with other work, those are steadier than JMH's mean.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "$@" \
  | tee target/jmh.txt

echo
echo "Per-iteration summary (ns/op): benchmark [params] wall-median wall-min [cpu-median cpu-min]"
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n == 0 ? "-" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
  }
  function minimum(list,   n, a, i, m) {
    n = split(list, a, " "); m = a[1] + 0
    for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0
    return n == 0 ? "-" : m
  }
  function flush() {
    if (wall != "") printf "%-40s %-22s %10.0f %10.0f %10s %10s\n", name, params, median(wall), minimum(wall), \
      cpu == "" ? "" : sprintf("%.0f", median(cpu)), cpu == "" ? "" : sprintf("%.0f", minimum(cpu))
    wall = ""; cpu = ""
  }
  /^# Benchmark: / { flush(); name = $3; sub(/.*\.bench\./, "", name); params = "" }
  /^# Parameters: / { flush(); params = $0; sub(/^# Parameters: /, "", params); gsub(/ /, "", params) }
  /^Iteration / { wall = wall " " $3 }
  /^ *cpu\.time\.norm:/ && !/Warmup/ { cpu = cpu " " $2 }
  END { flush() }
' target/jmh.txt
