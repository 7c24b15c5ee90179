#!/usr/bin/env python3
"""Start to ready the README's way, for one or more builds side by side.

    python3 bench/startup.py [--rounds N] [--busy] [--out FILE] JAR [JAR...]

Each JAR is a packaged application (`target/quarkus-app/quarkus-run.jar`, or a copy of another
build's `quarkus-app` directory). As the README has it, the first command after a build is
`bin/cartographer run`: for each JAR, its class-data archive is removed and one `run` of the demo
writes it anew and a passport into a passport directory all the builds share. Then the service
(`bin/cartographer`, no arguments: the demo on, that passport directory) is started ROUNDS times
per JAR, the JARs alternating so that each sees the same phases of a noisy machine. One start is
timed from spawn to the first 200 of `/q/health/ready`, polled every 5 ms, then stopped with
SIGTERM. `--busy` keeps one core busy with a spinning process the whole time (the README's
test contract: "also while something else uses a core").

Prints, per JAR: median, min and max of start to ready, Quarkus's own "started in", the passport
index's time (its log line), RSS after ready, and every start's figure. Exit 1 when a start never
became ready (60 s).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "cartographer")


def launcher_env(jar, passports, port=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARTOGRAPHER_")}
    env["CARTOGRAPHER_APP_DIR"] = os.path.dirname(os.path.abspath(jar))
    env["CARTOGRAPHER_PASSPORT_DIR"] = passports
    if port is not None:
        env["CARTOGRAPHER_JAVA_OPTS_APPEND"] = f"-Dquarkus.http.port={port} -Dquarkus.http.host=127.0.0.1"
    return env


def first_run(jar, passports, work):
    archive = os.path.join(os.path.dirname(os.path.abspath(jar)), "cartographer.jsa")
    if os.path.exists(archive):
        os.remove(archive)
    with open(os.path.join(work, "first-run.log"), "a") as log:
        code = subprocess.call([LAUNCHER, "run"], stdout=log, stderr=subprocess.STDOUT,
                               env=launcher_env(jar, passports), cwd=work)
    if code not in (0, 1) or not os.path.exists(archive):
        sys.exit(f"startup.py: `bin/cartographer run` of {jar} exited {code} (archive written: "
                 f"{os.path.exists(archive)}); see {work}/first-run.log")


def start_once(jar, passports, work, n):
    port = benchlib.free_port()
    url = f"http://127.0.0.1:{port}/q/health/ready"
    log_path = os.path.join(work, f"service-{n}.log")
    with open(log_path, "w") as log:
        t0 = time.monotonic()
        proc = subprocess.Popen([LAUNCHER], stdout=log, stderr=subprocess.STDOUT,
                                env=launcher_env(jar, passports, port), cwd=work)
        ready, _ = benchlib.await_ready(proc, url, t0, 0.005)
        rss = benchlib.vm_rss_kib(proc.pid) if proc.poll() is None else None
        benchlib.stop(proc)
    text = open(log_path).read()
    started = re.search(r"started in ([\d.]+)s", text)
    indexed = re.search(r"indexed (\d+) passports of .* in (\d+) ms", text)
    return {
        "ready_ms": ready,
        "started_in_ms": float(started.group(1)) * 1000 if started else None,
        "index_ms": int(indexed.group(2)) if indexed else None,
        "passports": int(indexed.group(1)) if indexed else None,
        "rss_mib": rss / 1024 if rss else None,
    }


def median(values, unit):
    """The median of the known values with its unit, or "-" when none is known."""
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):.0f} {unit}" if values else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--busy", action="store_true")
    parser.add_argument("--out")
    parser.add_argument("jars", nargs="+")
    args = parser.parse_args()
    for jar in args.jars:
        if not os.path.isfile(jar) or os.path.basename(jar) != "quarkus-run.jar":
            sys.exit(f"startup.py: {jar} is not a packaged application's quarkus-run.jar")
    work = tempfile.mkdtemp(prefix="cartographer-startup-")
    passports = os.path.join(work, "passports")
    spinner = None
    lines = []
    try:
        for jar in args.jars:
            first_run(jar, passports, work)
        if args.busy:
            spinner = subprocess.Popen(["sh", "-c", "while :; do :; done"])
        results = {jar: [] for jar in args.jars}
        n = 0
        for _ in range(args.rounds):
            for jar in args.jars:
                n += 1
                results[jar].append(start_once(jar, passports, work, n))
        stamp = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
        lines.append(f"# Start to ready, the README's way ({stamp}, {os.cpu_count()} cores"
                     f"{', one core kept busy' if args.busy else ''})")
        lines.append("")
        lines.append(f"{args.rounds} service starts per build, alternating; archive written by a first "
                     f"`bin/cartographer run`; {results[args.jars[0]][0]['passports']} passports in the directory.")
        lines.append("")
        lines.append("| Build | Ready, median (min-max) | Quarkus \"started in\", median | Index, median | RSS, median | Every start (ms) |")
        lines.append("|---|---|---|---|---|---|")
        failed = False
        for jar in args.jars:
            runs = results[jar]
            ready = [r["ready_ms"] for r in runs]
            failed |= any(r is None for r in ready)
            known = [r for r in ready if r is not None] or [float("nan")]
            lines.append(
                f"| `{jar}` | **{median(ready, 'ms')}** ({min(known):.0f}-{max(known):.0f}) | "
                f"{median([r['started_in_ms'] for r in runs], 'ms')} | "
                f"{median([r['index_ms'] for r in runs], 'ms')} | "
                f"{median([r['rss_mib'] for r in runs], 'MiB')} | "
                f"{', '.join('never' if r is None else f'{r:.0f}' for r in ready)} |")
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
