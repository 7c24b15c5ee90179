# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): tools, the Cartographer jar, a private nginx.
# The caller sets `set -euo pipefail`, has cd'd to the repository root, and calls bench_begin (which
# makes the scratch directory BENCH_TMP and removes it on exit), or sets BENCH_TMP itself.

# Installs what is missing of wrk, nginx, GNU time and curl with apt (one `apt-get update`, one
# `apt-get install`); does nothing when all are there.
ensure_tools() {
  local -a missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "installing ${missing[*]} (apt)" >&2
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null
}

nginx_bin() {
  command -v nginx 2>/dev/null || echo /usr/sbin/nginx
}

# Sets JAR to the absolute path of the Cartographer jar: CARTOGRAPHER_JAR (relative
# to the repository root) or target/quarkus-app/quarkus-run.jar, built when absent. When
# MAVEN_LOCK names a file, the build holds `flock` on it (do not set it when the caller already
# holds that lock: the build would wait for itself).
ensure_jar() {
  JAR="${CARTOGRAPHER_JAR:-target/quarkus-app/quarkus-run.jar}"
  if [ ! -f "$JAR" ]; then
    echo "building $JAR (./mvnw -B -q package -DskipTests)" >&2
    if [ -n "${MAVEN_LOCK:-}" ]; then
      flock "$MAVEN_LOCK" ./mvnw -B -q -ntp package -DskipTests >&2
    else
      ./mvnw -B -q -ntp package -DskipTests >&2
    fi
  fi
  JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
  # bin/cartographer writes its class-data archive at the exit of the first command that starts the
  # application (help does not): one demo run here when the archive is missing or older than the
  # jar, so that no measured run pays for writing it (after a fresh build the first run's peak RSS
  # was 271 MiB instead of 118, its CPU per request 1.62x wrk's instead of 1.37x).
  local archive warm_dir
  archive="$(dirname "$JAR")/cartographer.jsa"
  if [ ! -f "$archive" ] || [ "$JAR" -nt "$archive" ]; then
    warm_dir="$(mktemp -d)"
    CARTOGRAPHER_APP_DIR="$(dirname "$JAR")" bin/cartographer run --passport-dir "$warm_dir" \
      >"$warm_dir/run.log" 2>&1 || true
    if [ ! -f "$archive" ]; then
      echo "note: no class-data archive after a demo run (see $warm_dir/run.log); runs load classes anew" >&2
    else
      rm -rf "$warm_dir"
    fi
  fi
}

# Prints a TCP port that was free on 127.0.0.1 a moment ago.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Writes a JSON document of exactly $2 bytes to $1 (records padded to size, no trailing newline).
write_json_body() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, size = sys.argv[1], int(sys.argv[2])
records, i = [], 0
while True:
    record = {"id": i, "name": f"item-{i:05d}", "price": round(i * 1.25, 2), "tags": ["a", "b"]}
    if len(json.dumps({"items": records + [record], "pad": ""}, separators=(",", ":"))) > size:
        break
    records.append(record)
    i += 1
doc = {"items": records, "pad": ""}
doc["pad"] = "x" * (size - len(json.dumps(doc, separators=(",", ":"))))
text = json.dumps(doc, separators=(",", ":"))
assert len(text) == size, (len(text), size)
with open(path, "w") as f:
    f.write(text)
PY
}

# Starts a private nginx (one worker, keep-alive, no access log) on 127.0.0.1:$NGINX_PORT in
# $BENCH_TMP/nginx serving /small.json (200 B) and /large.json (64 KiB). Sets NGINX_PID,
# NGINX_PORT and NGINX_URL. Stop it with stop_nginx.
start_nginx() {
  local dir="$BENCH_TMP/nginx"
  mkdir -p "$dir/www" "$dir/logs" "$dir/tmp"
  write_json_body "$dir/www/small.json" 200
  write_json_body "$dir/www/large.json" 65536
  # nginx started as root runs its worker as nobody, which must read the files.
  chmod a+rx "$BENCH_TMP" "$dir" "$dir/www"
  chmod a+r "$dir/www/"*.json
  NGINX_PORT="$(free_port)"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 300s;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $dir/www;
  }
}
EOF
  "$(nginx_bin)" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  NGINX_URL="http://127.0.0.1:$NGINX_PORT"
  local i
  for ((i = 0; i < 100; i++)); do
    if curl -fsS -o /dev/null "$NGINX_URL/small.json" 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "nginx did not start; see $dir/logs/error.log" >&2
  return 1
}

# Writes the machine's CPU counters (first line of /proc/stat) and the nginx worker's user and
# system ticks to $1, for bench/benchlib.py to difference: the server's CPU per request and how busy
# the whole machine was during a run.
cpu_snapshot() {
  {
    head -1 /proc/stat
    local worker
    for worker in $(pgrep -P "$NGINX_PID"); do
      awk '{print "nginx", $14, $15}' "/proc/$worker/stat"
    done
    echo "clk_tck $(getconf CLK_TCK)"
  } >"$1"
}

# What every script starts with: the tools, the jar (JAR), a scratch directory (BENCH_TMP), and on
# exit, nginx stopped and the scratch directory removed.
bench_begin() {
  ensure_tools
  ensure_jar
  BENCH_TMP="$(mktemp -d)"
  trap 'stop_nginx; rm -rf "$BENCH_TMP"' EXIT
  trap 'exit 130' INT TERM
}

stop_nginx() {
  if [ -n "${NGINX_PID:-}" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  NGINX_PID=""
}

# Writes a one-variant Cartographer plan to $1. $2: plan name, $3: path on nginx, $4: the variant's
# `load:` mapping in YAML flow style. Determinism off, no latency limit that could fail a
# benchmark (max-p99 1 min), errors allowed (they are reported, not judged, here).
write_plan() {
  cat >"$1" <<EOF
name: $2
target:
  base-url: $NGINX_URL
endpoints:
  - name: nginx
    path: $3
    variants:
      - name: bench
        load: $4
        thresholds: {max-p99: 1m, max-error-rate: 1}
        determinism: {check: false}
EOF
}

# Runs Cartographer one-shot on plan $1 under GNU time, with the raw outputs as $2.{out,err,time}
# and the passport copied to $2.passport.json. Extra JVM options from JAVA_OPTS_EXTRA (words) are
# appended to bin/cartographer's. Returns the CLI's exit code unless it is 0 or 1 (pass/fail), which count as success.
run_cartographer() {
  local plan="$1" prefix="$2" dir rc=0
  dir="$(mktemp -d "$BENCH_TMP/passports.XXXXXX")"
  # Started as users start it: bin/cartographer and its JVM settings (it execs java, so GNU time
  # measures the JVM itself).
  CARTOGRAPHER_APP_DIR="$(dirname "$JAR")" \
    CARTOGRAPHER_JAVA_OPTS_APPEND="${JAVA_OPTS_EXTRA:-} -Dcartographer.demo.enabled=false" \
    /usr/bin/time -v -o "$prefix.time" \
    bin/cartographer run --plan "$plan" --passport-dir "$dir" \
    >"$prefix.out" 2>"$prefix.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "cartographer exited $rc; see $prefix.out and $prefix.err" >&2
    return "$rc"
  fi
  find "$dir" -maxdepth 1 -name '2*.json' -exec cp {} "$prefix.passport.json" \;
  rm -rf "$dir"
}

# Starts the service (bin/cartographer, with its JVM settings) serving the demo on 127.0.0.1:$1,
# its log in $2, with the environment NAME=VALUE words that follow (demo faults, say); sets
# SERVICE_PID and returns once it is ready. stop_demo_service ends it.
start_demo_service() {
  local port="$1" log="$2"
  shift 2
  env "$@" CARTOGRAPHER_APP_DIR="$(dirname "$JAR")" CARTOGRAPHER_PASSPORT_DIR="$BENCH_TMP/service-passports" \
    CARTOGRAPHER_JAVA_OPTS_APPEND="-Dquarkus.http.port=$port" bin/cartographer >"$log" 2>&1 &
  SERVICE_PID=$!
  local _
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the service did not become ready" >&2
  tail -20 "$log" >&2
  exit 1
}

stop_demo_service() {
  if [ -n "${SERVICE_PID:-}" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=""
}

# Records the machine, tool versions and load to $1.
describe_machine() {
  {
    echo "date_utc: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
    echo "kernel: $(uname -sr)"
    echo "java: $(java -version 2>&1 | tr '\n' ' ')"
    echo "nginx: $("$(nginx_bin)" -v 2>&1)"
    echo "wrk: $(wrk -v 2>&1 | head -1 | sed 's/ *$//')"
    echo "cartographer_jar: $JAR (modified $(date -u -r "$JAR" +%FT%TZ))"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- src pom.xml 2>/dev/null || echo ' (src or pom.xml modified)')"
    echo "uptime: $(uptime)"
  } >"$1"
}
