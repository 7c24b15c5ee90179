#!/usr/bin/env bash
# The passport index at scale (issue 5): a service over N generated passports (default 10,000).
# Measures the start (launch to ready, and the index build the log reports) and GET
# /passports?limit=50 under 20 concurrent clients (wrk, 20 connections, 2 threads, --latency),
# then the same for /trends. Results: bench/results/index-scale.txt.
#   bash bench/index-scale.sh            # N=10000 DURATION=10s
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

N="${N:-10000}"
DURATION="${DURATION:-10s}"
OUT="bench/results/index-scale.txt"
BENCH_TMP="$(mktemp -d)"
SERVICE_PID=""
cleanup() {
  if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

ensure_tools
ensure_jar
DIR="$BENCH_TMP/passports"
mkdir -p "$DIR"

echo "template: one real passport of the built-in demo plan (20 variants)" >&2
java -jar "$JAR" run --passport-dir "$BENCH_TMP/template" >/dev/null 2>&1 || true
TEMPLATE="$(ls "$BENCH_TMP"/template/2*.json | head -1)"
python3 bench/gen-passports.py "$TEMPLATE" "$DIR" "$N"
SIZE="$(du -sh "$DIR" | cut -f1)"
echo "generated $N passports ($SIZE)" >&2
# Cold-ish: drop what the page cache can drop, so that the start reads the files from disk.
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "note: cannot drop the page cache (not root?)" >&2

PORT="$(free_port)"
LOG="$BENCH_TMP/service.log"
START_NS="$(date +%s%N)"
java -Dquarkus.http.port="$PORT" \
  -Dcartographer.passport-dir="$DIR" -Dcartographer.retention.max-age=0 \
  -jar "$JAR" >"$LOG" 2>&1 &
SERVICE_PID=$!
until curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null || [ $(( $(date +%s%N) - START_NS )) -gt 120000000000 ]; then
    echo "the service did not become ready in 120 s:" >&2; tail -20 "$LOG" >&2; exit 1
  fi
  sleep 0.02
done
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
INDEX_LINE="$(grep -o 'indexed [0-9]* passports of .* in [0-9]* ms' "$LOG" || echo 'no index line')"
LISTED="$(curl -fs "http://127.0.0.1:$PORT/passports?limit=50" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
RSS_KB="$(awk '/VmRSS/ {print $2}' "/proc/$SERVICE_PID/status")"

run_wrk() {
  wrk -t2 -c20 -d"$DURATION" --latency "$1" 2>&1
}
PLAN="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan"]["name"])' "$TEMPLATE")"
run_wrk "http://127.0.0.1:$PORT/passports?limit=50" >/dev/null   # warm-up (JIT)
LIST_OUT="$(run_wrk "http://127.0.0.1:$PORT/passports?limit=50")"
TREND_OUT="$(run_wrk "http://127.0.0.1:$PORT/trends?plan=$PLAN&metric=p99&limit=30")"

p99_of() { awk '/^ +99%/ {print $2}' <<<"$1"; }
rps_of() { awk '/^Requests\/sec/ {print $2}' <<<"$1"; }
{
  echo "# Passport index at scale — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "passports: $N ($SIZE on disk), copies of a real 20-variant passport"
  echo "start: launch to ready ${READY_MS} ms; log: ${INDEX_LINE}; RSS after start $((RSS_KB / 1024)) MiB"
  echo "GET /passports?limit=50: ${LISTED} items; 20 connections, ${DURATION}: $(rps_of "$LIST_OUT") req/s, p99 $(p99_of "$LIST_OUT")"
  echo "GET /trends?plan=$PLAN&metric=p99&limit=30: $(rps_of "$TREND_OUT") req/s, p99 $(p99_of "$TREND_OUT")"
  echo "goals: start < 10 s; /passports?limit=50 p99 < 50 ms under 20 clients"
  echo
  echo "## wrk /passports?limit=50"
  echo "$LIST_OUT"
  echo
  echo "## wrk /trends"
  echo "$TREND_OUT"
} | tee "$OUT"
