#!/usr/bin/env bash
# Cartographer side by side with wrk against a private nginx on loopback (issue 8), plus the
# probe's memory flatness, the open model at a high rate, and the service's start-up.
#
#   bench/peers.sh [--rounds N] [--duration 10s] [--connections N] [--parts "startup peers digest memory open"]
#
# Environment (options win): ROUNDS (3), DURATION (10s; whole seconds, "Ns"), CONNECTIONS (32),
# WRK_THREADS (2: one per core of the 2-core reference machine), WARMUP (Cartographer warm-up
# requests, 10000), WARM_WARMUP (warm-up of the second, warmed-up Cartographer run of each round,
# 200000; 0 skips that run), MEMORY_REQUESTS ("10000 1000000"), MEMORY_HEAPS ("default -Xmx64m":
# JVM heap options of the memory runs, "default" for none, commas between the options of one set), OPEN_RATE (20000 per second),
# OPEN_CONNECTIONS (64), OPEN_WARMUPS ("10 100000": the plan default, load.warmup, and a long one), PARTS, CARTOGRAPHER_JAR (default
# target/quarkus-app/quarkus-run.jar, built when absent; MAVEN_LOCK: see bench/lib.sh), RESULTS
# (bench/results/peers/<UTC time>).
#
# nginx: one worker, keep-alive (1,000,000 requests per connection), no access log, a 200-byte
# and a 64 KiB static JSON file. For each body and round: wrk, then Cartographer (closed model, the
# same connections and duration, WARMUP warm-up requests), then Cartographer again with
# WARM_WARMUP warm-up requests (the JIT compiler is still busy after a small warm-up), each under
# /usr/bin/time -v. Raw outputs and passports go to
# $RESULTS, the summary to $RESULTS/summary.md and bench/results/peers-latest.md.
# Parts: startup (service mode: time to ready, RSS), peers (the above), digest (Cartographer on the
# 64 KiB body with determinism.check on, the plan default, which the peer runs turn off), memory
# (MEMORY_REQUESTS closed-model requests each, RSS after, for each of MEMORY_HEAPS), open
# (OPEN_RATE for DURATION in 5 rounds, after each of OPEN_WARMUPS warm-up requests).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_THREADS="${WRK_THREADS:-2}"
WARMUP="${WARMUP:-10000}"
WARM_WARMUP="${WARM_WARMUP:-200000}"
MEMORY_REQUESTS="${MEMORY_REQUESTS:-10000 1000000}"
MEMORY_HEAPS="${MEMORY_HEAPS:-default -Xmx64m}"
OPEN_WARMUPS="${OPEN_WARMUPS:-10 100000}"
OPEN_RATE="${OPEN_RATE:-20000}"
OPEN_CONNECTIONS="${OPEN_CONNECTIONS:-64}"
PARTS="${PARTS:-startup peers digest memory open}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --parts) PARTS="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--duration Ns] [--connections N] [--parts \"startup peers digest memory open\"]" >&2; exit 2 ;;
  esac
done
if ! [[ "$DURATION" =~ ^[1-9][0-9]*s$ ]]; then
  echo "DURATION must be whole seconds, e.g. 10s (both wrk and Cartographer read it)" >&2
  exit 2
fi

bench_begin

RESULTS="${RESULTS:-bench/results/peers/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$RESULTS"
RUNS="$RESULTS/runs.jsonl"
: >"$RUNS"
describe_machine "$RESULTS/machine.txt"
cat >"$RESULTS/params.json" <<EOF
{"rounds": $ROUNDS, "duration": "$DURATION", "connections": $CONNECTIONS, "wrk_threads": $WRK_THREADS,
 "cartographer_warmup": $WARMUP, "cartographer_warm_warmup": $WARM_WARMUP,
 "memory_requests": "$MEMORY_REQUESTS", "memory_heaps": "$MEMORY_HEAPS", "open_rate": $OPEN_RATE,
 "open_connections": $OPEN_CONNECTIONS, "open_warmups": "$OPEN_WARMUPS", "parts": "$PARTS"}
EOF
cat "$RESULTS/machine.txt"
start_nginx
echo "nginx $NGINX_URL (pid $NGINX_PID); results in $RESULTS"

has_part() {
  [[ " $PARTS " == *" $1 "* ]]
}

if has_part startup; then
  echo "== start-up: service mode, $ROUNDS times"
  write_plan "$BENCH_TMP/startup-plan.yaml" bench-startup /small.json \
    "{model: closed, concurrency: 1, requests: 10, warmup: 0, rounds: 1}"
  mkdir -p "$BENCH_TMP/startup"
  python3 bench/benchlib.py startup "$JAR" "$BENCH_TMP/startup-plan.yaml" "$BENCH_TMP/startup" "$ROUNDS" | tee -a "$RUNS"
  cp "$BENCH_TMP/startup/service-1.log" "$RESULTS/startup-service-1.log"
fi

if has_part peers; then
  for body in 200B 64KiB; do
    path=/small.json
    [ "$body" = 64KiB ] && path=/large.json
    write_plan "$BENCH_TMP/peer-$body.yaml" "bench-peer-$body" "$path" \
      "{model: closed, concurrency: $CONNECTIONS, duration: $DURATION, warmup: $WARMUP, rounds: 1, max-body: 1MiB, timeout: 5s}"
    cp "$BENCH_TMP/peer-$body.yaml" "$RESULTS/plan-peer-$body.yaml"
    write_plan "$BENCH_TMP/peer-warm-$body.yaml" "bench-peer-warm-$body" "$path" \
      "{model: closed, concurrency: $CONNECTIONS, duration: $DURATION, warmup: $WARM_WARMUP, rounds: 1, max-body: 1MiB, timeout: 5s}"
    cp "$BENCH_TMP/peer-warm-$body.yaml" "$RESULTS/plan-peer-warm-$body.yaml"
    for ((round = 1; round <= ROUNDS; round++)); do
      prefix="$RESULTS/peer-$body-r$round"
      echo "== $body round $round/$ROUNDS: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency"
      cpu_snapshot "$prefix-wrk.cpu0"
      /usr/bin/time -v -o "$prefix-wrk.time" \
        wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$NGINX_URL$path" >"$prefix-wrk.out"
      cpu_snapshot "$prefix-wrk.cpu1"
      python3 bench/benchlib.py wrk "$body" "$round" "$prefix-wrk.out" "$prefix-wrk.time" | tee -a "$RUNS"
      sleep 1
      echo "== $body round $round/$ROUNDS: cartographer closed, $CONNECTIONS connections, $DURATION"
      cpu_snapshot "$prefix-cartographer.cpu0"
      run_cartographer "$BENCH_TMP/peer-$body.yaml" "$prefix-cartographer"
      cpu_snapshot "$prefix-cartographer.cpu1"
      python3 bench/benchlib.py cart peer "$body" "$round" "$prefix-cartographer.passport.json" "$prefix-cartographer.time" | tee -a "$RUNS"
      sleep 1
      if [ "$WARM_WARMUP" -gt 0 ]; then
        echo "== $body round $round/$ROUNDS: cartographer closed, $CONNECTIONS connections, $DURATION after $WARM_WARMUP warm-up requests"
        cpu_snapshot "$prefix-cartographer-warm.cpu0"
        run_cartographer "$BENCH_TMP/peer-warm-$body.yaml" "$prefix-cartographer-warm"
        cpu_snapshot "$prefix-cartographer-warm.cpu1"
        python3 bench/benchlib.py cart peer "$body" "$round" "$prefix-cartographer-warm.passport.json" "$prefix-cartographer-warm.time" cartographer-warm | tee -a "$RUNS"
        sleep 1
      fi
    done
  done
fi

if has_part digest; then
  write_plan "$BENCH_TMP/digest.yaml" bench-digest /large.json \
    "{model: closed, concurrency: $CONNECTIONS, duration: $DURATION, warmup: $WARMUP, rounds: 1, max-body: 1MiB, timeout: 5s}"
  sed -i 's/determinism: {check: false}/determinism: {check: true}/' "$BENCH_TMP/digest.yaml"
  cp "$BENCH_TMP/digest.yaml" "$RESULTS/plan-digest-64KiB.yaml"
  for ((round = 1; round <= ROUNDS; round++)); do
    echo "== digest round $round/$ROUNDS: cartographer closed, 64 KiB, determinism check on"
    prefix="$RESULTS/digest-64KiB-r$round-cartographer"
    cpu_snapshot "$prefix.cpu0"
    run_cartographer "$BENCH_TMP/digest.yaml" "$prefix"
    cpu_snapshot "$prefix.cpu1"
    python3 bench/benchlib.py cart digest 64KiB "$round" "$prefix.passport.json" "$prefix.time" | tee -a "$RUNS"
    sleep 1
  done
fi

if has_part memory; then
  for ((round = 1; round <= ROUNDS; round++)); do
    for heap in $MEMORY_HEAPS; do
      for n in $MEMORY_REQUESTS; do
        echo "== memory round $round/$ROUNDS: cartographer closed, $n requests, heap $heap"
        write_plan "$BENCH_TMP/memory-$n.yaml" "bench-memory-$n" /small.json \
          "{model: closed, concurrency: $CONNECTIONS, requests: $n, warmup: 1000, rounds: 1, timeout: 5s}"
        cp "$BENCH_TMP/memory-$n.yaml" "$RESULTS/plan-memory-$n.yaml"
        prefix="$RESULTS/memory-$n-heap$heap-r$round-cartographer"
        opts=""
        [ "$heap" != default ] && opts="${heap//,/ }" # "a,b": several options in one set
        cpu_snapshot "$prefix.cpu0"
        JAVA_OPTS_EXTRA="$opts" run_cartographer "$BENCH_TMP/memory-$n.yaml" "$prefix"
        cpu_snapshot "$prefix.cpu1"
        python3 bench/benchlib.py cart memory 200B "$round" "$prefix.passport.json" "$prefix.time" cartographer "$heap" | tee -a "$RUNS"
        sleep 1
      done
    done
  done
fi

if has_part open; then
  for ((round = 1; round <= ROUNDS; round++)); do
    for warmup in $OPEN_WARMUPS; do
      write_plan "$BENCH_TMP/open-$warmup.yaml" bench-open /small.json \
        "{model: open, rate: $OPEN_RATE/s, duration: $DURATION, max-connections: $OPEN_CONNECTIONS, warmup: $warmup, rounds: 5, timeout: 5s}"
      cp "$BENCH_TMP/open-$warmup.yaml" "$RESULTS/plan-open-warmup$warmup.yaml"
      echo "== open model round $round/$ROUNDS: $OPEN_RATE/s for $DURATION, up to $OPEN_CONNECTIONS connections, after $warmup warm-up requests"
      prefix="$RESULTS/open-warmup$warmup-r$round-cartographer"
      cpu_snapshot "$prefix.cpu0"
      run_cartographer "$BENCH_TMP/open-$warmup.yaml" "$prefix"
      cpu_snapshot "$prefix.cpu1"
      python3 bench/benchlib.py cart open 200B "$round" "$prefix.passport.json" "$prefix.time" cartographer "warm-up $warmup" | tee -a "$RUNS"
      sleep 1
    done
  done
fi

echo "uptime after: $(uptime)" >>"$RESULTS/machine.txt"
python3 bench/benchlib.py summary "$RESULTS"
cp "$RESULTS/summary.md" bench/results/peers-latest.md
echo "summary: $RESULTS/summary.md (copied to bench/results/peers-latest.md)"
