#!/usr/bin/env bash
# The leak verdicts against the demo (issue 17): the service (bin/cartographer, its JVM settings)
# serves the demo with its memory leak switched on (CARTOGRAPHER_DEMO_FAULTS_LEAK_PER_REQUEST=4KiB),
# its descriptor leak on (CARTOGRAPHER_DEMO_FAULTS_FD_LEAK_EVERY=100: 10 per 1,000 requests), or
# neither, and a separate CLI process probes it with a soak variant: 5 rounds, REQUESTS requests,
# max-memory-growth 1KiB/request and max-fd-growth 1/1000requests, the target's heap and open
# descriptors read at the start of the measured phase and after every round. With a leak on, its
# slope should be found and be within 25 % of what the switch keeps; with both off, no run may
# declare either leak. Results: bench/results/leak.md.
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
        thresholds: {max-memory-growth: 1KiB/request, max-fd-growth: 1/1000requests, max-error-rate: 0}
EOF2
}

# Each run probes a freshly started service, as a soak test after a deploy would: what an earlier
# run leaked does not make this one's heap larger and its collections rarer.
# measure NAME RUNS SETTING...: RUNS runs against a fresh service with the demo settings given.
measure() {
  local name="$1" runs="$2" port
  shift 2
  for run in $(seq 1 "$runs"); do
    port="$(free_port)"
    start_demo_service "$port" "$BENCH_TMP/service-$name-$run.log" "$@"
    write_soak_plan "$BENCH_TMP/plan-$name.yaml" "$port"
    run_cartographer "$BENCH_TMP/plan-$name.yaml" "$BENCH_TMP/$name-$run"
    stop_demo_service
  done
}

measure 4KiB "$LEAK_RUNS" CARTOGRAPHER_DEMO_FAULTS_LEAK_PER_REQUEST=4KiB
measure fds "$LEAK_RUNS" CARTOGRAPHER_DEMO_FAULTS_FD_LEAK_EVERY=100
measure 0B "$CLEAN_RUNS"

python3 - "$BENCH_TMP" "$LEAK_RUNS" "$CLEAN_RUNS" "$REQUESTS" "$OUT" <<'PY'
import datetime, json, sys
tmp, leak_runs, clean_runs, requests, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def declared(r, metric):
    check = next((c for c in r["checks"] if c["metric"] == metric), None)
    return check is not None and not check["passed"]
def rows(name, runs):
    res = []
    for run in range(1, runs + 1):
        p = json.load(open(f"{tmp}/{name}-{run}.passport.json"))
        r = p["test_results"][0]
        g = r["memory"]["target"]["growth"]
        d = r["target_efficiency"]["open_fds_growth"]
        res.append({"run": run, "requests": r["requests"], "readings": g["readings"],
                    "mem": (g["bytes_per_request"], g["interval_low"], g["interval_high"]),
                    "fds": (d["per_1k_requests"], d["interval_low"], d["interval_high"]),
                    "mem_leak": declared(r, "memory_growth_bytes_per_request"),
                    "fd_leak": declared(r, "open_fds_growth_per_1k_requests"),
                    "why": r["not_measured"].get("memory.target.growth") or r["not_measured"].get("target_efficiency.open_fds_growth")})
    return res
def f(v, digits=0):
    return "n/a" if v is None else f"{v:.{digits}f}"
md = [f"# Leak verdicts against the demo — {datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')}", "",
      f"Target: the demo in a service started by bin/cartographer (its JVM settings), started afresh for each run; probe: a separate CLI process. Soak variant: /demo/heartbeat, 4 connections, {requests} requests in 5 rounds, 500 warm-up, max-memory-growth 1KiB/request, max-fd-growth 1/1000requests; memory series `jvm_memory_used_bytes{{area=\"heap\"}}` (all heap pools: what survives and the garbage not yet collected), descriptors `process_open_fds` (`/proc/self/fd`).", ""]
goals = []
for name, runs, title in (("4KiB", leak_runs, "Memory leak on: 4 KiB per request kept"),
                          ("fds", leak_runs, "Descriptor leak on: one descriptor kept per 100 requests (10 per 1,000)"),
                          ("0B", clean_runs, "Both off")):
    rs = rows(name, runs)
    md += [f"## {title}", "", "| Run | Requests | Readings | Memory B/request (95 %) | Memory leak declared | Descriptors per 1k requests (95 %) | Descriptor leak declared |", "|---|---|---|---|---|---|---|"]
    for r in rs:
        m, d = r["mem"], r["fds"]
        md.append(f"| {r['run']} | {r['requests']} | {r['readings']} | {f(m[0])} ({f(m[1])} to {f(m[2])}) | {'yes' if r['mem_leak'] else 'no'} "
                  f"| {f(d[0], 2)} ({f(d[1], 2)} to {f(d[2], 2)}) | {'yes' if r['fd_leak'] else 'no'} |" + (f" ({r['why']})" if r["why"] else ""))
    mem_declared = sum(1 for r in rs if r["mem_leak"])
    fd_declared = sum(1 for r in rs if r["fd_leak"])
    md.append("")
    if name == "4KiB":
        within = sum(1 for r in rs if r["mem"][0] is not None and abs(r["mem"][0] - 4096) <= 0.25 * 4096)
        md.append(f"Declared a memory leak in {mem_declared} of {runs} runs; slope within 25 % of 4096 B/request in {within} of {runs}.")
        goals.append(("memory leak at 4 KiB/request flagged, slope within 25 %", f"{mem_declared}/{runs} flagged, {within}/{runs} within 25 %", mem_declared == runs and within == runs))
    elif name == "fds":
        within = sum(1 for r in rs if r["fds"][0] is not None and abs(r["fds"][0] - 10) <= 2.5)
        md.append(f"Declared a descriptor leak in {fd_declared} of {runs} runs; slope within 25 % of 10 per 1,000 requests in {within} of {runs}.")
        goals.append(("descriptor leak of 10 per 1,000 requests flagged, slope within 25 %", f"{fd_declared}/{runs} flagged, {within}/{runs} within 25 %", fd_declared == runs and within == runs))
    else:
        md.append(f"Declared a memory leak in {mem_declared} of {runs} runs, a descriptor leak in {fd_declared} of {runs}.")
        goals.append((f"no leak verdict in {runs} runs without the leaks", f"memory {mem_declared}, descriptors {fd_declared} of {runs}", mem_declared == 0 and fd_declared == 0))
    md.append("")
md += ["## Goals (issue 17)", "", "| Goal | Measured | |", "|---|---|---|"] + [f"| {g} | {m} | {'met' if ok else 'MISSED'} |" for g, m, ok in goals]
open(out, "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
