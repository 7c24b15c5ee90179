#!/usr/bin/env bash
# An allocation regression against the demo (issue 17): the service (bin/cartographer) serves the
# demo, started afresh for each run; a separate CLI process probes it with the same plan into one
# passport directory, HISTORY runs as they are, then one with the demo switched into allocating
# ALLOC more per request (CARTOGRAPHER_DEMO_FAULTS_ALLOC_PER_REQUEST), compared with the history.
# The heavy run should show alloc_bytes_per_request as a memory regression, and the clean runs
# none. Results: bench/results/alloc-regression.md.
#   bash bench/alloc-regression.sh            # HISTORY=7 ALLOC=64KiB REQUESTS=10000
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

HISTORY="${HISTORY:-7}"
ALLOC="${ALLOC:-64KiB}"
REQUESTS="${REQUESTS:-10000}"
OUT="bench/results/alloc-regression.md"
bench_begin
SERVICE_PID=""
trap 'stop_demo_service; rm -rf "$BENCH_TMP"' EXIT
PASSPORTS="$BENCH_TMP/passports"

one_run() {
  local alloc="$1" name="$2" port
  port="$(free_port)"
  start_demo_service "$port" "$BENCH_TMP/service-$name.log" CARTOGRAPHER_DEMO_FAULTS_ALLOC_PER_REQUEST="$alloc"
  cat >"$BENCH_TMP/plan.yaml" <<EOF2
name: alloc-regression
target:
  base-url: http://127.0.0.1:$port/demo
  metrics: {url: /metrics, series: 'jvm_memory_used_bytes{area="heap"}', interval: 1s}
endpoints:
  - name: heartbeat
    path: /heartbeat
    variants:
      - name: steady
        load: {concurrency: 4, requests: $REQUESTS, warmup: 2000, timeout: 5s, rounds: 5}
        thresholds: {max-error-rate: 0}
EOF2
  CARTOGRAPHER_APP_DIR="$(dirname "$JAR")" CARTOGRAPHER_JAVA_OPTS_APPEND="-Dcartographer.demo.enabled=false" \
    bin/cartographer run --plan "$BENCH_TMP/plan.yaml" --passport-dir "$PASSPORTS" --fail-on none \
    >"$BENCH_TMP/$name.out" 2>"$BENCH_TMP/$name.err" || true
  stop_demo_service
  cp "$PASSPORTS/latest.json" "$BENCH_TMP/$name.passport.json"
}

for run in $(seq 1 "$HISTORY"); do
  one_run 0B "clean-$run"
done
one_run "$ALLOC" heavy

python3 - "$BENCH_TMP" "$HISTORY" "$ALLOC" "$REQUESTS" "$OUT" <<'PY'
import datetime, json, sys
tmp, history, alloc, requests, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
names = [f"clean-{i}" for i in range(1, history + 1)] + ["heavy"]
md = [f"# Allocation regression against the demo — {datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')}", "",
      f"Target: the demo in a service started by bin/cartographer, afresh for each run; probe: a separate CLI process, one passport directory. /demo/heartbeat, 4 connections, {requests} requests in 5 rounds after 2,000 warm-up; {history} runs as they are, then one with {alloc} more allocated (and dropped) per request.", "",
      "| Run | Alloc B / request | CPU ms / request | GCs / 1k | alloc_bytes_per_request finding | cpu_ms_per_request finding | Memory regressions |", "|---|---|---|---|---|---|---|"]
goals = []
clean_regressions = 0
for n in names:
    p = json.load(open(f"{tmp}/{n}.passport.json"))
    r = p["test_results"][0]
    e = r["target_efficiency"]
    c = r.get("comparison") or {}
    find = {m["metric"]: m["finding"] for m in c.get("metrics", [])}
    mem = p["summary"].get("memory_regressions")
    if n != "heavy" and (mem or 0) > 0:
        clean_regressions += 1
    fmt = lambda v, d: "n/a" if v is None else f"{v:.{d}f}"
    md.append(f"| {n} | {fmt(e['alloc_per_request'], 0)} | {fmt(e['cpu_seconds_per_1k_requests'], 4)} | {fmt(e['gc_collections_per_1k_requests'], 2)} | {find.get('alloc_bytes_per_request', 'not compared')} | {find.get('cpu_ms_per_request', 'not compared')} | {mem} |")
    if n == "heavy":
        goals.append(("the heavy run's allocation is a memory regression", find.get("alloc_bytes_per_request"), find.get("alloc_bytes_per_request") == "regression"))
goals.append((f"no memory regression in the {history} clean runs", f"{clean_regressions}", clean_regressions == 0))
md += ["", "| Goal | Measured | |", "|---|---|---|"] + [f"| {g} | {m} | {'met' if ok else 'MISSED'} |" for g, m, ok in goals]
open(out, "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
