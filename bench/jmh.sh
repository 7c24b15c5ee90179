#!/usr/bin/env bash
# JMH microbenchmarks of the recording path (bench/jmh): HdrHistogram recordValue in the flavours
# Cartographer could use, System.nanoTime(), one response's recording as Cartographer does it, and
# the determinism digest. Builds bench/jmh/target/benchmarks.jar when it is missing or older than
# its sources (with `flock $MAVEN_LOCK` around Maven when MAVEN_LOCK is set), then runs it.
#
#   bench/jmh.sh [JMH options...]        default: -f 1 -wi 3 -i 5 -w 2s -r 2s
#
# Writes bench/results/jmh.txt (machine, then JMH's output) and bench/results/jmh.json.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=bench/jmh/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find bench/jmh/pom.xml bench/jmh/src -newer "$jar" -type f | head -1)" ]; then
  echo "building $jar" >&2
  if [ -n "${MAVEN_LOCK:-}" ]; then
    flock "$MAVEN_LOCK" ./mvnw -f bench/jmh/pom.xml -B -q -ntp package
  else
    ./mvnw -f bench/jmh/pom.xml -B -q -ntp package
  fi
fi

if [ $# -eq 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 2s -r 2s
fi
mkdir -p bench/results
out=bench/results/jmh.txt
{
  echo "# bench/jmh.sh $*"
  echo "# $(date -u +%FT%TZ), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(uname -sr)"
  echo "# $(java -version 2>&1 | head -2 | tail -1)"
  echo "# load before: $(uptime | sed 's/.*load/load/')"
  echo
} >"$out"
java -jar "$jar" "$@" -rf json -rff bench/results/jmh.json 2>&1 | tee -a "$out"
