#!/usr/bin/env bash
# The leak verdict against the demo (issue 17): the service (bin/cartographer, its JVM settings)
# serves the demo with its leak switched on (CARTOGRAPHER_DEMO_FAULTS_LEAK_PER_REQUEST=4KiB) or
# off, and a separate CLI process probes it with a soak variant: 5 rounds, REQUESTS requests,
# max-memory-growth 1KiB/request, the target's heap read at the start of the measured
# phase and after every round. With the leak on, the growth slope should be found and be within
# 25 % of 4 KiB per request; with it off, no run may declare a leak. Results: bench/results/leak.md.
#   bash bench/leak.sh            # LEAK_RUNS=5 CLEAN_RUNS=20 REQUESTS=10000
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

LEAK_RUNS="${LEAK_RUNS:-5}"
CLEAN_RUNS="${CLEAN_RUNS:-20}"
REQUESTS="${REQUESTS:-10000}"
OUT="bench/results/leak.md"
bench_begin
SERVICE_PID=""
trap 'stop_demo_service; rm -rf "$BENCH_TMP"' EXIT

write_soak_plan() {
  cat >"$1" <<EOF2
name: leak-soak
target:
  base-url: http://127.0.0.1:$2/demo
  metrics: {url: /metrics, series: 'jvm_memory_used_bytes{area="heap"}', interval: 1s}
endpoints:
  - name: heartbeat
    path: /heartbeat
    variants:
      - name: soak
        family: soak
        load: {concurrency: 4, requests: $REQUESTS, warmup: 500, timeout: 5s, rounds: 5}
        thresholds: {max-memory-growth: 1KiB/request, max-error-rate: 0}
EOF2
}

# Each run probes a freshly started service, as a soak test after a deploy would: what an earlier
# run leaked does not make this one's heap larger and its collections rarer.
measure() {
  local leak="$1" runs="$2" port
  for run in $(seq 1 "$runs"); do
    port="$(free_port)"
    start_demo_service "$port" "$BENCH_TMP/service-$leak-$run.log" CARTOGRAPHER_DEMO_FAULTS_LEAK_PER_REQUEST="$leak"
    write_soak_plan "$BENCH_TMP/plan-$leak.yaml" "$port"
    run_cartographer "$BENCH_TMP/plan-$leak.yaml" "$BENCH_TMP/$leak-$run"
    stop_demo_service
  done
}

measure 4KiB "$LEAK_RUNS"
measure 0B "$CLEAN_RUNS"

python3 - "$BENCH_TMP" "$LEAK_RUNS" "$CLEAN_RUNS" "$REQUESTS" "$OUT" <<'PY'
import datetime, json, sys
tmp, leak_runs, clean_runs, requests, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def rows(leak, runs):
    res = []
    for run in range(1, runs + 1):
        p = json.load(open(f"{tmp}/{leak}-{run}.passport.json"))
        r = p["test_results"][0]
        g = r["memory"]["target"]["growth"]
        check = next((c for c in r["checks"] if c["metric"] == "memory_growth_bytes_per_request"), None)
        res.append((run, r["requests"], g["readings"], g["bytes_per_request"], g["interval_low"], g["interval_high"],
                    check is not None and not check["passed"], r["not_measured"].get("memory.target.growth")))
    return res
def f(v):
    return "n/a" if v is None else f"{v:.0f}"
md = [f"# Leak verdict against the demo — {datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')}", "",
      f"Target: the demo in a service started by bin/cartographer (its JVM settings), started afresh for each run; probe: a separate CLI process. Soak variant: /demo/heartbeat, 4 connections, {requests} requests in 5 rounds, 500 warm-up, max-memory-growth 1KiB/request; series `jvm_memory_used_bytes{{area=\"heap\"}}` (all heap pools: what survives and the garbage not yet collected).", ""]
goals = []
for leak, runs, title in (("4KiB", leak_runs, "Leak on: 4 KiB per request kept"), ("0B", clean_runs, "Leak off")):
    rs = rows(leak, runs)
    md += [f"## {title}", "", "| Run | Requests | Readings | Slope B/request | 95 % low | 95 % high | Leak declared |", "|---|---|---|---|---|---|---|"]
    for r in rs:
        md.append(f"| {r[0]} | {r[1]} | {r[2]} | {f(r[3])} | {f(r[4])} | {f(r[5])} | {'yes' if r[6] else 'no'} |" + (f" ({r[7]})" if r[7] else ""))
    declared = sum(1 for r in rs if r[6])
    md.append("")
    if leak == "4KiB":
        within = sum(1 for r in rs if r[3] is not None and abs(r[3] - 4096) <= 0.25 * 4096)
        md.append(f"Declared a leak in {declared} of {runs} runs; slope within 25 % of 4096 B/request in {within} of {runs}.")
        goals.append(("leak at 4 KiB/request flagged, slope within 25 %", f"{declared}/{runs} flagged, {within}/{runs} within 25 %", declared == runs and within == runs))
    else:
        md.append(f"Declared a leak in {declared} of {runs} runs.")
        goals.append((f"no leak verdict in {runs} runs without the leak", f"{declared} of {runs}", declared == 0))
    md.append("")
md += ["## Goals (issue 17)", "", "| Goal | Measured | |", "|---|---|---|"] + [f"| {g} | {m} | {'met' if ok else 'MISSED'} |" for g, m, ok in goals]
open(out, "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
