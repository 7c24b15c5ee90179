#!/usr/bin/env bash
# How often `run --fail-on regression` cries wolf, and how often it finds a real slowdown, on this
# machine (issue 15). The target is bench/delay_server.py in another process (every response 5 ms
# after its request); the plan is 6 variants (3 endpoints x 2), 4 connections, 600 requests, 60 of
# warm-up, every other setting at its default (5 % tolerance, 1 % run-level false-alarm rate,
# --confirm 1).
#
#   bench/false-alarms.sh [UNCHANGED_RUNS [SLOWED_RUNS]]     (defaults 30 and 10)
#
# 1. UNCHANGED_RUNS runs of the unchanged target into one passport directory, every other one
#    beside a spinning process that keeps one core busy. Each exit code is counted: 1 is a false
#    alarm, 5 "inconclusive: environment", 0 a pass.
# 2. SLOWED_RUNS runs each of the target slowed by +10 % and +30 % (latency) and of -10 %
#    throughput (5 ms / 0.9), quiet, each against a copy of the unchanged history from step 1, so
#    that every slowed run is judged against the same history and none against another slowed one.
#    A run detects the slowdown when it exits 1 with a performance regression (for -10 %
#    throughput, also counted: runs whose throughput_rps metric itself was flagged).
# 3. One unchanged run beside two spinning processes (both cores busy) against a quiet history:
#    the environment evidence must make it inconclusive, not a pass and not a regression.
#
# Prints the rates and writes them, with every run's line, to bench/results/false-alarms.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

unchanged_runs="${1:-30}"
slowed_runs="${2:-10}"
BENCH_TMP="$(mktemp -d)"
SERVER_PID=""
SPINNERS=()
cleanup() {
  stop_spinners
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ensure_jar
RESULTS=bench/results/false-alarms.txt
mkdir -p bench/results

start_spinners() {
  for _ in $(seq "$1"); do
    sh -c 'while :; do :; done' &
    SPINNERS+=("$!")
  done
}

stop_spinners() {
  for pid in "${SPINNERS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  SPINNERS=()
}

# (Re)starts the delay server with a delay of $1 ms, always on the same port: every phase runs the
# same plan. Sets SERVER_URL.
PORT="$(free_port)"
start_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  local port="$PORT"
  python3 bench/delay_server.py "$port" "$1" "$BENCH_TMP/server.log" >"$BENCH_TMP/server.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
  done
  SERVER_URL="http://127.0.0.1:$port"
}

write_bench_plan() {
  cat >"$1" <<EOF
name: false-alarms
target:
  base-url: $SERVER_URL
defaults:
  load: {concurrency: 4, requests: 600, warmup: 60}
  thresholds: {max-error-rate: 0}
endpoints:
  - name: items
    path: /items
    variants: [{name: list}, {name: page, query: page=2}]
  - name: users
    path: /users
    variants: [{name: list}, {name: page, query: page=2}]
  - name: orders
    path: /orders
    variants: [{name: list}, {name: page, query: page=2}]
EOF
}

# One run into passport directory $1, labelled $2; prints a line and sets RC.
probe_run() {
  local dir="$1" label="$2" plan="$BENCH_TMP/plan.yaml" started
  write_bench_plan "$plan"
  started=$(date +%s.%N)
  RC=0
  CARTOGRAPHER_APP_DIR="$(dirname "$JAR")" CARTOGRAPHER_JAVA_OPTS_APPEND="-Dcartographer.demo.enabled=false" \
    bin/cartographer run --plan "$plan" --passport-dir "$dir" --fail-on regression \
    >"$BENCH_TMP/run.out" 2>"$BENCH_TMP/run.err" || RC=$?
  python3 - "$dir/latest.json" "$label" "$RC" "$started" <<'PY' | tee -a "$RESULTS.tmp"
import json, sys, time
path, label, rc, started = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
p = json.load(open(path))
s = p["summary"]
flagged = []
other = []
for r in p["test_results"]:
    for m in (r.get("comparison") or {}).get("metrics", []):
        if m["finding"] == "regression":
            flagged.append(f'{r["endpoint"]}/{r["variant"]}:{m["metric"]}')
    o = r["probe_resources"].get("host_other_cpu_cores")
    if o is not None:
        other.append(o)
confirmed = sum(len(r.get("attempts", [])) for r in p["test_results"])
print(f'{label:<22} exit {rc}  {s.get("regression_verdict")!s:<26} perf {s.get("performance_regressions")} '
      f'mem {s.get("memory_regressions")} re-measured {confirmed} other-cpu {min(other, default=0):.2f}-{max(other, default=0):.2f} '
      f'{time.time() - started:.1f}s {" ".join(flagged)}')
PY
}

: >"$RESULTS.tmp"
history="$BENCH_TMP/history"
mkdir -p "$history"
start_server 5
false_alarms=0
inconclusive=0
for i in $(seq "$unchanged_runs"); do
  label="unchanged $i quiet"
  if [ $((i % 2)) -eq 0 ]; then
    start_spinners 1
    label="unchanged $i busy"
  fi
  probe_run "$history" "$label"
  stop_spinners
  [ "$RC" -eq 1 ] && false_alarms=$((false_alarms + 1))
  [ "$RC" -eq 5 ] && inconclusive=$((inconclusive + 1))
  if [ "$RC" -gt 1 ] && [ "$RC" -ne 5 ]; then
    echo "run failed with exit $RC:" >&2
    cat "$BENCH_TMP/run.out" "$BENCH_TMP/run.err" >&2
    exit 1
  fi
done

declare -A detected
throughput_flagged=0
for phase in "p10:5.5" "p30:6.5" "t10:5.5556"; do
  name="${phase%%:*}"
  delay="${phase#*:}"
  start_server "$delay"
  detected[$name]=0
  for i in $(seq "$slowed_runs"); do
    dir="$BENCH_TMP/slowed-$name-$i"
    cp -r "$history" "$dir"
    probe_run "$dir" "$name (${delay} ms) $i"
    if [ "$RC" -eq 1 ]; then
      detected[$name]=$((detected[$name] + 1))
      if [ "$name" = t10 ] && tail -1 "$RESULTS.tmp" | grep -q "throughput_rps"; then
        throughput_flagged=$((throughput_flagged + 1))
      fi
    fi
    rm -rf "$dir"
  done
done

start_server 5
dir="$BENCH_TMP/noisy"
cp -r "$history" "$dir"
# a quiet history only: drop the busy runs' passports so that no baseline was measured busy
python3 - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
for f in os.listdir(d):
    if f.startswith("2") and f.endswith(".json"):
        p = json.load(open(os.path.join(d, f)))
        if any((r["probe_resources"].get("host_other_cpu_cores") or 0) > 0.5 for r in p["test_results"]):
            os.remove(os.path.join(d, f))
PY
rm -f "$dir/index.json" "$dir/latest.json"
start_spinners 2
probe_run "$dir" "noisy (2 cores busy)"
stop_spinners
noisy_rc=$RC

{
  echo "# bench/false-alarms.sh $unchanged_runs $slowed_runs on $(git rev-parse --short HEAD)$(git diff --quiet -- src 2>/dev/null || echo ' (src modified)') at $(date -u +%FT%TZ)"
  echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  cat "$RESULTS.tmp"
  echo
  echo "false alarms: $false_alarms of $unchanged_runs unchanged runs (half beside a busy core); inconclusive (environment): $inconclusive"
  echo "+10 % latency detected: ${detected[p10]} of $slowed_runs"
  echo "+30 % latency detected: ${detected[p30]} of $slowed_runs"
  echo "-10 % throughput detected: ${detected[t10]} of $slowed_runs (throughput_rps itself flagged in $throughput_flagged)"
  echo "both cores busy against a quiet history: exit $noisy_rc (5 = inconclusive: environment)"
} >"$RESULTS"
rm -f "$RESULTS.tmp"
tail -6 "$RESULTS"
