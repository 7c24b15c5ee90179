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
passports=0
temps=0
for ((i = 1; i <= ROUNDS; i++)); do
  round="$DIR/round-$i"
  mkdir -p "$round"
  java -cp "$CP" io.cartographer.passport.StoreWriterProcess "$round" > "$DIR/.out" 2>&1 &
  pid=$!
  until grep -q "first passport written" "$DIR/.out" 2>/dev/null; do sleep 0.05; done
  sleep "0.$((RANDOM % 200 + 5))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  # Every file under a passport name, and latest.json, must be a complete passport.
  read -r bad good <<<"$(python3 - "$round" <<'PY'
import json, pathlib, sys
bad = good = 0
for f in pathlib.Path(sys.argv[1]).glob("*.json"):
    try:
        d = json.loads(f.read_text())
        assert d["schema"] == "cartographer.passport/v1" and d["status"] == "complete" and d["test_results"]
        good += 1
    except Exception:
        print(f"corrupt: {f}", file=sys.stderr)
        bad += 1
print(bad, good)
PY
)"
  corrupt=$((corrupt + bad))
  passports=$((passports + good))
  temps=$((temps + $(find "$round" -name '.*.tmp' | wc -l)))
  rm -rf "$round"
done

mkdir -p bench/results
summary="$(date -u +%FT%TZ) rounds=$ROUNDS passports_checked=$passports leftover_temp_files=$temps corrupt=$corrupt"
echo "$summary" | tee -a bench/results/kill-during-write.txt
[ "$corrupt" -eq 0 ]
