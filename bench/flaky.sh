#!/usr/bin/env bash
# Runs the README's test command N times on a fresh clone of HEAD and lists every test that failed
# at least once, with how often. With --busy, another process keeps one core spinning during every
# run, as a CI runner or a noisy neighbour would.
#
#   bench/flaky.sh N [--busy]
#
# Prints one line per run (wall time, tests, failures, errors, skipped) and, at the end, the flaky
# tests and every skipped test with its reason; exits 1 when any run failed. Results are also kept
# in bench/results/flaky.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:?usage: bench/flaky.sh N [--busy]}"
busy="${2:-}"
repo="$(pwd)"
work="$(mktemp -d /tmp/cartographer-flaky.XXXXXX)"
out="bench/results/flaky.txt"
spinner=""
cleanup() {
  [ -n "$spinner" ] && kill "$spinner" 2>/dev/null || true
  # The clone goes; the logs of every run stay for reading.
  rm -rf "$work/clone"
  echo "logs: $work/run-*.log"
}
trap cleanup EXIT

git clone -q "$repo" "$work/clone"
if [ "$busy" = "--busy" ]; then
  # One core busy for the whole series: a shell loop at 100 % of one CPU.
  ( while :; do :; done ) &
  spinner=$!
fi

{
  echo "# bench/flaky.sh $runs $busy on $(git rev-parse --short HEAD), $(date -u +%FT%TZ), $(nproc) cores"
  echo "# busy core: ${busy:-no}"
} | tee "$out"

failed_runs=0
for i in $(seq 1 "$runs"); do
  log="$work/run-$i.log"
  start=$(date +%s)
  if (cd "$work/clone" && ./mvnw -B -ntp verify >"$log" 2>&1); then status=green; else status=RED; failed_runs=$((failed_runs + 1)); fi
  wall=$(( $(date +%s) - start ))
  # Surefire and Failsafe each close with a "Tests run:" total line.
  totals=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
    | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/' \
    | awk '{t+=$1; f+=$2; e+=$3; s+=$4} END {printf "tests %d, failures %d, errors %d, skipped %d", t, f, e, s}')
  printf 'run %d: %s in %dm%02ds, %s\n' "$i" "$status" $((wall / 60)) $((wall % 60)) "$totals" | tee -a "$out"
  grep -E '^\[ERROR\] Tests run:.*FAILURE' "$log" | sed "s/^/  run $i: /" | tee -a "$out" || true
  grep -E '^\[ERROR\]   [A-Za-z0-9_.$]+\.[a-zA-Z0-9_]+' "$log" \
    | sed -E 's/^\[ERROR\]   ([A-Za-z0-9_.$]+\.[a-zA-Z0-9_]+).*/\1/' | sort -u >"$work/failed-$i.txt" || true
done

echo "--- tests that failed at least once (runs failed in)" | tee -a "$out"
cat "$work"/failed-*.txt 2>/dev/null | sort | uniq -c | sort -rn | sed 's/^/  /' | tee -a "$out"
echo "--- skipped tests and their reasons (last run)" | tee -a "$out"
grep -h '^SKIPPED:' "$work/run-$runs.log" | sort -u | tee -a "$out" || true
echo "$((runs - failed_runs)) of $runs runs green" | tee -a "$out"
[ "$failed_runs" -eq 0 ]
