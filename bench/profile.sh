#!/usr/bin/env bash
# One Cartographer run against the private nginx (closed model, as in bench/peers.sh) with Java
# Flight Recorder on (settings=profile), then the hot methods and allocation sites of its measured
# phase (jdk.ExecutionSample, jdk.NativeMethodSample, jdk.ObjectAllocationSample, GC and thread
# CPU load), aggregated by bench/benchlib.py (JDK 17's `jfr` has no `view` command).
#
#   bench/profile.sh
#
# Environment: BODY (200B or 64KiB; 200B), DURATION (10s), CONNECTIONS (32), WARMUP (10000),
# TOP (15), JFR_PERIOD (1ms), CARTOGRAPHER_JAR, RESULTS (bench/results/profile).
# The recording uses JDK's `profile` settings with the method-sampling period lowered from 10/20 ms
# to JFR_PERIOD (and thread CPU load every second), written by `jfr configure`: with 10 ms, JFR
# caught only ~6 Java samples a second of the event loops on the 2-core VM, which spend much of
# their time in native epoll and socket calls, where Java samples are not taken. Writes
# $RESULTS/profile-$BODY.txt (the aggregate), the passport and raw outputs; the .jfr recording
# stays there too (profile-$BODY.jfr, git-ignored by bench/results/.gitignore).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

BODY="${BODY:-200B}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-10000}"
TOP="${TOP:-15}"
JFR_PERIOD="${JFR_PERIOD:-1ms}"
RESULTS="${RESULTS:-bench/results/profile}"
case "$BODY" in
  200B) path=/small.json ;;
  64KiB) path=/large.json ;;
  *) echo "BODY must be 200B or 64KiB" >&2; exit 2 ;;
esac

bench_begin

mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
describe_machine "$RESULTS/machine-$BODY.txt"
start_nginx
write_plan "$BENCH_TMP/plan.yaml" "bench-profile-$BODY" "$path" \
  "{model: closed, concurrency: $CONNECTIONS, duration: $DURATION, warmup: $WARMUP, rounds: 1, max-body: 1MiB, timeout: 5s}"
cp "$BENCH_TMP/plan.yaml" "$RESULTS/plan-$BODY.yaml"
prefix="$RESULTS/profile-$BODY-cartographer"
settings="$BENCH_TMP/profile.jfc"
if ! jfr configure --input profile --output "$settings" "jdk.ExecutionSample#period=$JFR_PERIOD" \
  "jdk.NativeMethodSample#period=$JFR_PERIOD" "jdk.ThreadCPULoad#period=1s" "jdk.CPULoad#period=1s" >/dev/null 2>&1; then
  echo "this JDK's jfr has no 'configure'; using settings=profile (10 ms sampling)" >&2
  settings=profile
fi
rm -f "$RESULTS/profile-$BODY.jfr"
echo "== cartographer with JFR: $BODY, closed, $CONNECTIONS connections, $DURATION"
JAVA_OPTS_EXTRA="-XX:StartFlightRecording=filename=$RESULTS/profile-$BODY.jfr,settings=$settings,dumponexit=true" \
  run_cartographer "$BENCH_TMP/plan.yaml" "$prefix"
python3 bench/benchlib.py cart profile "$BODY" 1 "$prefix.passport.json" "$prefix.time" >"$prefix.json"
{
  echo "# JFR profile of Cartographer, $BODY body, closed model, $CONNECTIONS connections, $DURATION, warm-up $WARMUP"
  echo "# JFR settings: profile, method sampling every $JFR_PERIOD ($settings)"
  echo "# $(date -u +%FT%TZ); load before: $(grep '^uptime' "$RESULTS/machine-$BODY.txt" | sed 's/.*load/load/')"
  echo "# run: $(python3 bench/benchlib.py oneline "$prefix.json")"
  echo
  python3 bench/benchlib.py jfr "$RESULTS/profile-$BODY.jfr" "$prefix.passport.json" "$TOP"
} >"$RESULTS/profile-$BODY.txt"

# A second run under Linux perf (PERF=0 skips it): JFR takes Java samples only of threads running
# Java code, so the kernel (socket I/O, epoll), the JVM itself (GC, JIT) and native code are
# invisible to it. perf samples everything at PERF_FREQ Hz from PERF_DELAY seconds after the
# launch (start-up and warm-up done) until the run ends; the JVM writes /tmp/perf-<pid>.map at
# exit so that JIT-compiled methods have names.
perf_report() {
  # Flat (no call graph) shares of $1 sorted by $2, first $3 lines; head ends the pipe early.
  perf report -i "$1" --no-children --sort "$2" --stdio -g none 2>/dev/null | grep -v -e '^#' -e '^$' | head -n "$3" || true
}
if [ "${PERF:-1}" != 0 ] && command -v perf >/dev/null 2>&1; then
  PERF_FREQ="${PERF_FREQ:-499}"
  PERF_DELAY="${PERF_DELAY:-4}"
  seconds="${DURATION%s}"
  window=$((seconds > PERF_DELAY ? seconds - PERF_DELAY + 2 : 2))
  perf_prefix="$RESULTS/perf-$BODY-cartographer"
  echo "== cartographer under perf: $BODY, perf from ${PERF_DELAY}s after launch for ${window}s at $PERF_FREQ Hz"
  JAVA_OPTS_EXTRA="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
    run_cartographer "$BENCH_TMP/plan.yaml" "$perf_prefix" &
  runner=$!
  sleep "$PERF_DELAY"
  java_pid="$(pgrep -n -f "run --plan $BENCH_TMP/plan.yaml" || true)"
  if [ -n "$java_pid" ]; then
    perf record -F "$PERF_FREQ" -g -p "$java_pid" -o "$BENCH_TMP/perf.data" -- sleep "$window" 2>"$BENCH_TMP/perf-record.err" || true
  fi
  wait "$runner"
  if [ -s "$BENCH_TMP/perf.data" ]; then
    {
      echo "# perf profile of Cartographer ($BODY, closed, $CONNECTIONS connections), pid $java_pid, $PERF_FREQ Hz,"
      echo "# from ${PERF_DELAY}s after launch for ${window}s; run: $(python3 bench/benchlib.py cart profile "$BODY" 1 "$perf_prefix.passport.json" "$perf_prefix.time" >"$perf_prefix.json" && python3 bench/benchlib.py oneline "$perf_prefix.json")"
      echo
      echo "## Samples by thread (comm)"
      perf_report "$BENCH_TMP/perf.data" comm 12
      echo
      echo "## Samples by shared object ([kernel.kallsyms] = the kernel; perf-<pid>.map = JIT-compiled Java)"
      perf_report "$BENCH_TMP/perf.data" dso 12
      echo
      echo "## Top $((TOP * 2)) symbols (self)"
      perf_report "$BENCH_TMP/perf.data" dso,sym $((TOP * 2))
    } >"$RESULTS/perf-$BODY.txt"
    rm -f "/tmp/perf-$java_pid.map"
    echo >>"$RESULTS/profile-$BODY.txt"
    cat "$RESULTS/perf-$BODY.txt" >>"$RESULTS/profile-$BODY.txt"
  else
    echo "perf recorded nothing (see $BENCH_TMP/perf-record.err); skipped" >&2
  fi
fi

cat "$RESULTS/profile-$BODY.txt"
echo "profile: $RESULTS/profile-$BODY.txt"
