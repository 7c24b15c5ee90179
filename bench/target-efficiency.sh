#!/usr/bin/env bash
# Target efficiency against a real Go server no one here wrote (issue 17): Debian's Prometheus on
# loopback, scraping itself, probed on /-/healthy, /api/v1/query?query=up and /metrics with its own
# /metrics as the target's metrics endpoint. Beside the run, a sampler reads Prometheus's CPU ticks
# from /proc/PID/stat every 10 ms; for each variant, the CPU per 1,000 requests the passport gives
# (from process_cpu_seconds_total, read at the start and the end of the measured phase) is set
# beside the ticks over the variant's measured phase (its started_at to finished_at) divided by
# the same requests. Results: bench/results/target-efficiency.md.
#   bash bench/target-efficiency.sh            # DURATION=8s CONCURRENCY=4 RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION="${DURATION:-8s}"
CONCURRENCY="${CONCURRENCY:-4}"
RUNS="${RUNS:-3}"
OUT="bench/results/target-efficiency.md"

if ! command -v prometheus >/dev/null 2>&1; then
  echo "installing prometheus (apt)" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus >/dev/null
fi
bench_begin
PROM_PID=""
SAMPLER_PID=""
stop_all() {
  for pid in "$SAMPLER_PID" "$PROM_PID"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$BENCH_TMP"
}
trap stop_all EXIT

PORT="$(free_port)"
cat >"$BENCH_TMP/prometheus.yml" <<EOF2
global: {scrape_interval: 5s}
scrape_configs:
  - job_name: self
    static_configs: [{targets: ['127.0.0.1:$PORT']}]
EOF2
prometheus --config.file="$BENCH_TMP/prometheus.yml" --web.listen-address="127.0.0.1:$PORT" \
  --storage.tsdb.path="$BENCH_TMP/data" --log.level=warn >"$BENCH_TMP/prometheus.log" 2>&1 &
PROM_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/-/ready" >/dev/null || { echo "prometheus did not start" >&2; cat "$BENCH_TMP/prometheus.log" >&2; exit 1; }

python3 - "$PROM_PID" "$BENCH_TMP/ticks.tsv" <<'PY' &
import os, sys, time
pid, out = sys.argv[1], sys.argv[2]
with open(out, "w", buffering=1) as f:
    while True:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            break
        f.write(f"{time.time():.6f}\t{int(fields[11]) + int(fields[12])}\n")
        time.sleep(0.01)
PY
SAMPLER_PID=$!

cat >"$BENCH_TMP/plan.yaml" <<EOF2
name: prometheus-efficiency
target:
  base-url: http://127.0.0.1:$PORT
  metrics: {url: /metrics, series: process_resident_memory_bytes, interval: 1s}
defaults:
  load: {concurrency: $CONCURRENCY, duration: $DURATION, warmup: 200, timeout: 5s}
  thresholds: {max-p99: 1m, max-error-rate: 1}
endpoints:
  - name: healthy
    path: /-/healthy
    variants: [{name: basic, determinism: {check: false}}]
  - name: query
    path: /api/v1/query
    variants: [{name: up, query: 'query=up', determinism: {check: false}}]
  - name: metrics
    path: /metrics
    variants: [{name: basic, determinism: {check: false}}]
EOF2

for run in $(seq 1 "$RUNS"); do
  run_cartographer "$BENCH_TMP/plan.yaml" "$BENCH_TMP/run$run"
done
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

python3 - "$BENCH_TMP" "$RUNS" "$(getconf CLK_TCK)" "$OUT" "$(prometheus --version 2>&1 | head -1)" "$DURATION" "$CONCURRENCY" <<'PY'
import bisect, datetime, json, sys
tmp, runs, tck, out, version, duration, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
times, ticks = [], []
for line in open(f"{tmp}/ticks.tsv"):
    t, k = line.split()
    times.append(float(t)); ticks.append(int(k))
def ticks_at(t):
    i = bisect.bisect_left(times, t)
    if i <= 0: return ticks[0]
    if i >= len(times): return ticks[-1]
    t0, t1, k0, k1 = times[i - 1], times[i], ticks[i - 1], ticks[i]
    return k0 + (k1 - k0) * (t - t0) / (t1 - t0)
def epoch(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
rows, ratios = [], []
for run in range(1, runs + 1):
    p = json.load(open(f"{tmp}/run{run}.passport.json"))
    for r in p["test_results"]:
        e = r["target_efficiency"]
        key = f'{r["endpoint"]}/{r["variant"]}'
        cpu = e["cpu_seconds_per_1k_requests"]
        proc = (ticks_at(epoch(r["finished_at"])) - ticks_at(epoch(r["started_at"]))) / tck
        proc_per_1k = proc / e["requests"] * 1000 if e["requests"] else None
        ratio = cpu / proc_per_1k if cpu is not None and proc_per_1k else None
        if ratio is not None: ratios.append(ratio)
        rows.append((run, key, r["requests"], e["requests"], cpu, proc_per_1k, ratio, e["alloc_per_request"], e["gc_collections_per_1k_requests"], e["gc_pause_ms_per_1k_requests"], e["open_fds_delta"], e["runtime"], e["cpu_series"], e["alloc_series"], e["gc_series"]))
def f(v, d=4):
    return "n/a" if v is None else f"{v:.{d}f}"
md = [f"# Target efficiency against Prometheus — {datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')}", "",
      f"Target: {version}, on loopback, scraping itself every 5 s. Plan: three variants, closed model, {concurrency} connections, {duration} each, 200 warm-up requests, {runs} runs.",
      "Peer: Prometheus's own CPU ticks (utime + stime from /proc/PID/stat, sampled every 10 ms, interpolated at each variant's started_at and finished_at) over the passport's requests.", "",
      "| Run | Variant | Requests | Requests in window | CPU s / 1k (passport) | CPU s / 1k (/proc) | Ratio | Alloc B / request | GCs / 1k | GC pause ms / 1k | fd delta |",
      "|---|---|---|---|---|---|---|---|---|---|---|"]
for row in rows:
    md.append(f"| {row[0]} | {row[1]} | {row[2]} | {row[3]} | {f(row[4])} | {f(row[5])} | {f(row[6], 3)} | {f(row[7], 0)} | {f(row[8], 3)} | {f(row[9], 3)} | {row[10]} |")
ok = [r for r in ratios if abs(r - 1) <= 0.15]
md += ["", f"Series used: runtime `{rows[0][11]}`, CPU `{rows[0][12]}`, allocation `{rows[0][13]}`, collections `{rows[0][14]}`.", "",
       f"Agreement with /proc: {len(ok)} of {len(ratios)} variants within 15 % (ratios {min(ratios):.3f} to {max(ratios):.3f}; median {sorted(ratios)[len(ratios)//2]:.3f}).",
       f"Goal (issue 17): CPU per request within 15 % of /proc — {'met' if len(ok) == len(ratios) else 'MISSED'}."]
open(out, "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
