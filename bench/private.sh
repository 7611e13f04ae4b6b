#!/usr/bin/env bash
# Announce throughput of the private tracker (passkeys, accounting flushed to its embedded database)
# against the public tracker, in one run (see BENCHMARKS.md, "bench/private.sh").
#   bench/private.sh [seconds-per-round] [rounds]        defaults: 15 s, 3 rounds
# Starts two dev.karuta.bench.BenchServer JVMs on free loopback ports: one public, one private with
# USERS users (default 1000) and the 10k torrents of bench/announce.lua registered. Both get the same
# announces (the same 200k peers, totals growing by 16 KiB per announce); the private ones carry each
# peer's passkey. Rounds alternate (public, private, public, ...) with wrk -t1 -c64, keep-alive; the
# script prints every round, the medians and the private/public ratio, then the private server's
# accounting (batches written, failed) from its log. Needs wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
USERS=${USERS:-1000}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
WARMUP=${WARMUP:-15}

mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
PUB_LOG=$(mktemp)
PRIV_LOG=$(mktemp)
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" dev.karuta.bench.BenchServer 0 >"$PUB_LOG" 2>&1 &
PUB=$!
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" dev.karuta.bench.BenchServer 0 private "$USERS" >"$PRIV_LOG" 2>&1 &
PRIV=$!
stop() {
  kill "$PUB" "$PRIV" 2>/dev/null || true
  wait "$PUB" "$PRIV" 2>/dev/null || true
  rm -f "$PUB_LOG" "$PRIV_LOG"
}
trap stop EXIT
port_of() { # log pid
  for _ in $(seq 1 600); do
    grep -q "listening on" "$1" && break
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; echo "BenchServer died" >&2; exit 1; }
    sleep 0.2
  done
  sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$1"
}
PUB_URL=http://127.0.0.1:$(port_of "$PUB_LOG" "$PUB")
PRIV_URL=http://127.0.0.1:$(port_of "$PRIV_LOG" "$PRIV")
echo "public $PUB_URL, private $PRIV_URL ($USERS users); $(nproc) cpus; $(java -version 2>&1 | head -1)"

HASH=$(awk 'BEGIN { M = 2147483647; x = (1 * 7919 + 104729) % M; s = "";
  for (i = 0; i < 20; i++) { x = (x * 48271) % M; s = s sprintf("%%%02X", int(x / 8388608) % 256) } print s }')
QUERY="info_hash=$HASH&peer_id=-KB0100-%01%02%03%04%05%06%07%08%09%0A%0B%0C&port=6881&uploaded=0&downloaded=0&left=0&compact=1"
for url in "$PUB_URL/announce" "$PRIV_URL/$(printf '%032d' 1)/announce"; do
  body=$(curl -sS --max-time 10 "$url?$QUERY" | tr -d '\0')
  case "$body" in
    d8:complete*e) ;;
    *) echo "unexpected answer from $url: $body" >&2; exit 1 ;;
  esac
done

rate() { # url users -> requests/sec
  USERS=$2 ACCOUNT=1 timeout $((SECONDS_PER_ROUND + 30)) wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}"s \
    -s bench/announce.lua "$1" | awk '/Requests\/sec/ {print $2} /Non-2xx|Socket errors/ {print "  (" $0 ")" > "/dev/stderr"}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "checking answers (every private answer must be a success), then warming up (${WARMUP}s each)"
checked=$(USERS=$USERS wrk -t1 -c"$CONNECTIONS" -d5s -s bench/check.lua "$PRIV_URL" | grep checked)
echo "private: $checked"
case "$checked" in *" 0 malformed, 0 failures"*) ;; *) echo "private answers are not all successes" >&2; exit 1 ;; esac
USERS=0 ACCOUNT=1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}"s -s bench/announce.lua "$PUB_URL" >/dev/null
USERS=$USERS wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}"s -s bench/announce.lua "$PRIV_URL" >/dev/null
pub=()
priv=()
for _ in $(seq 1 "$ROUNDS"); do
  pub+=("$(rate "$PUB_URL" 0)")
  priv+=("$(rate "$PRIV_URL" "$USERS")")
done
mp=$(printf '%s\n' "${pub[@]}" | median)
mv=$(printf '%s\n' "${priv[@]}" | median)
echo "keep-alive req/s: public ${pub[*]} (median $mp) | private ${priv[*]} (median $mv)" \
  "| ratio private/public $(awk -v a="$mv" -v b="$mp" 'BEGIN {printf "%.2f", a / b}')"
echo "after the rounds, private: $(USERS=$USERS wrk -t1 -c"$CONNECTIONS" -d3s -s bench/check.lua "$PRIV_URL" | grep checked)"
