#!/usr/bin/env bash
# Kills a passport writer with SIGKILL at random moments, ROUNDS times (default 50), and counts
# passports left corrupt: any file under a passport name that is not a complete, valid passport,
# or a latest.json that does not parse. Prints the figure and writes it to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-50}"

./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

corrupt=0
for ((i = 1; i <= ROUNDS; i++)); do
  java -cp "$CP" io.cartographer.passport.StoreWriterProcess "$DIR" > "$DIR/.out" 2>&1 &
  pid=$!
  until grep -q "first passport written" "$DIR/.out" 2>/dev/null; do sleep 0.05; done
  sleep "0.$((RANDOM % 200 + 5))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  for f in "$DIR"/*.json; do
    if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="cartographer.passport/v1" and d["status"]=="complete" and len(d["test_results"])>0' "$f" 2>/dev/null; then
      echo "corrupt: $f"
      corrupt=$((corrupt + 1))
    fi
  done
done

passports=$(ls "$DIR" | grep -c '^[0-9].*\.json$' || true)
temps=$(ls -a "$DIR" | grep -c '\.tmp$' || true)
mkdir -p bench/results
summary="$(date -u +%FT%TZ) rounds=$ROUNDS passports=$passports leftover_temp_files=$temps corrupt=$corrupt"
echo "$summary" | tee -a bench/results/kill-during-write.txt
[ "$corrupt" -eq 0 ]
