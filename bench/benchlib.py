#!/usr/bin/env python3
"""Helpers of the benchmark scripts (stdlib only): parse wrk, GNU time and passports into JSON
records, time the service's start-up, summarise a peers run, and aggregate a JFR recording.

  benchlib.py wrk BODY ROUND WRK_OUT TIME_OUT                 one JSON record on stdout
  benchlib.py cart KIND BODY ROUND PASSPORT TIME_OUT [TOOL [SETTING]]   one JSON record
  benchlib.py startup JAR PLAN PASSPORT_DIR ROUNDS            JSON records, one per line
  benchlib.py summary RUN_DIR                                 writes RUN_DIR/summary.{md,json}
  benchlib.py jfr RECORDING PASSPORT TOP                      hot methods, allocation sites
"""
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import datetime

GOAL_THROUGHPUT = 0.95  # issue 14 (issue 8 asked 0.9)
GOAL_CPU = 1.3  # issue 14, in the variant (issue 8 asked 1.5)
GOAL_MEMORY = 1.1
GOAL_LATE = 0.01
GOAL_READY_MS = 1000  # issue 14 (issue 8 asked 1500)
OPEN_RATE_HELD = 0.99


def gnu_time(path):
    """user, sys, peak RSS (KiB), wall seconds, exit status from `/usr/bin/time -v -o`."""
    text = open(path).read()

    def field(label):
        m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", text, re.M)
        return m.group(1).strip() if m else None

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    return {
        "user_s": float(field("User time (seconds)")),
        "sys_s": float(field("System time (seconds)")),
        "peak_rss_kib": int(field("Maximum resident set size (kbytes)")),
        "wall_s": seconds,
    }


def read_snapshot(path):
    """/proc/stat's cpu line and the nginx workers' ticks written by lib.sh's cpu_snapshot."""
    stat, nginx, tck = None, 0, 100
    for line in open(path):
        parts = line.split()
        if parts[0] == "cpu":
            stat = [int(x) for x in parts[1:]]
        elif parts[0] == "nginx":
            nginx += int(parts[1]) + int(parts[2])
        elif parts[0] == "clk_tck":
            tck = int(parts[1])
    return stat, nginx, tck


def machine_figures(time_path, client_cpu_s, client_requests):
    """Server (nginx) CPU and machine load between the snapshots beside `time_path`, if any."""
    base = time_path[: -len(".time")]
    before, after = base + ".cpu0", base + ".cpu1"
    if not (os.path.exists(before) and os.path.exists(after)):
        return {}
    s0, n0, tck = read_snapshot(before)
    s1, n1, _ = read_snapshot(after)
    d = [b - a for a, b in zip(s0, s1)]
    total = sum(d[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    idle = d[3] + d[4]
    busy_s = (total - idle) / tck
    server_s = (n1 - n0) / tck
    return {
        "server_cpu_s": server_s,
        "server_cpu_per_100k": server_s / client_requests * 1e5,
        "machine_busy": (total - idle) / total if total else None,
        # CPU the machine spent on anything but the client and nginx: other tenants' noise
        "other_cpu_s": max(busy_s - client_cpu_s - server_s, 0.0),
    }


def wrk_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}[m.group(2)]
    return float(m.group(1)) * factor


def record_wrk(body, rnd, out_path, time_path):
    text = open(out_path).read()
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", text).group(1))
    pct = dict(re.findall(r"^\s*(50|75|90|99)%\s+(\S+)", text, re.M))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    t = gnu_time(time_path)
    cpu = t["user_s"] + t["sys_s"]
    return {
        "kind": "peer", "tool": "wrk", "body": body, "round": rnd,
        "rps": rps, "p50_ms": wrk_ms(pct["50"]), "p99_ms": wrk_ms(pct["99"]),
        "requests": requests, "client_requests": requests, "failed": errors,
        **t, "cpu_s": cpu, "cpu_per_100k": cpu / requests * 1e5,
        **machine_figures(time_path, cpu, requests),
    }


def record_cart(kind, body, rnd, passport_path, time_path, tool="cartographer", setting=""):
    p = json.load(open(passport_path))
    v = p["test_results"][0]
    t = gnu_time(time_path)
    cpu = t["user_s"] + t["sys_s"]
    sent = v["requests"] + v["warmup_requests"]
    pr = v["probe_resources"]
    mem = v["memory"]["probe"]
    lat = v["latency_ms"] or {}
    rec = {
        "kind": kind, "tool": tool, "setting": setting, "body": body, "round": rnd,
        "rps": v["throughput_rps"], "p50_ms": lat.get("p50"), "p99_ms": lat.get("p99"),
        "requests": v["requests"], "warmup_requests": v["warmup_requests"], "client_requests": sent,
        "failed": v["failed"], "errors": v["errors"],
        **t, "cpu_s": cpu, "cpu_per_100k": cpu / sent * 1e5,
        "variant_cpu_s": pr["cpu_seconds"],
        "variant_cpu_per_100k": pr["cpu_seconds"] / sent * 1e5 if pr["cpu_seconds"] is not None else None,
        "cpu_utilization": pr["cpu_utilization"], "saturated": pr["saturated"],
        "event_loop_lag_p99_ms": pr["event_loop_lag_p99_ms"],
        "rss_before_bytes": mem["rss_before_bytes"], "rss_after_bytes": mem["rss_after_bytes"],
        "heap_used_after_bytes": mem["heap_used_after_bytes"],
        "measured_seconds": v["duration_seconds"],
        "passport": os.path.basename(passport_path),
        **machine_figures(time_path, cpu, sent),
    }
    om = v.get("open_model")
    if om:
        rec.update({
            "requested_rps": om["requested_rps"], "intended": om["intended"], "sent": om["sent"],
            "late": om["late"], "dropped": om["dropped"],
            "late_share": om["late"] / om["intended"] if om["intended"] else None,
            "service_p99_ms": (v["service_time_ms"] or {}).get("p99"),
            "rounds_p50_ms": [r["p50_ms"] for r in v["rounds"]],
            "rounds_p99_ms": [r["p99_ms"] for r in v["rounds"]],
        })
    return rec


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def free_port():
    """A port free on 127.0.0.1 at this moment."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def await_ready(proc, url, t0, poll_s, limit_s=60):
    """Polls `url` every `poll_s` until it answers 200, `proc` ends or `limit_s` have passed since
    `t0` (time.monotonic()). Returns (milliseconds from t0 to the 200, or None; polls made)."""
    polls = 0
    while proc.poll() is None and time.monotonic() - t0 < limit_s:
        polls += 1
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return (time.monotonic() - t0) * 1000, polls
        except Exception:
            pass
        time.sleep(poll_s)
    return None, polls


def stop(proc):
    """SIGTERM, then SIGKILL after 30 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def startup(jar, plan, passport_dir, rounds):
    """Starts the service `rounds` times through bin/cartographer (its JVM settings and class-data
    archive); time from spawn to the first 200 of /q/health/ready. STARTUP_JAVA_OPTS (words) are
    appended to the launcher's JVM options, to try start-up options."""
    for rnd in range(1, rounds + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}/q/health/ready"
        cmd = ["bin/cartographer"]
        env = dict(os.environ)
        env["CARTOGRAPHER_APP_DIR"] = os.path.dirname(jar)
        env["CARTOGRAPHER_JAVA_OPTS_APPEND"] = " ".join([
            *os.environ.get("STARTUP_JAVA_OPTS", "").split(), f"-Dquarkus.http.port={port}",
            "-Dquarkus.http.host=127.0.0.1", "-Dcartographer.demo.enabled=false", f"-Dcartographer.plan={plan}",
            f"-Dcartographer.passport-dir={passport_dir}"])
        log_path = os.path.join(passport_dir, f"service-{rnd}.log")
        with open(log_path, "w") as log:
            t0 = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
            ready_ms, polls = await_ready(proc, url, t0, 0.01)
            rss = vm_rss_kib(proc.pid) if proc.poll() is None else None
            stop(proc)
        text = open(log_path).read()
        m = re.search(r"started in ([\d.]+)s", text)
        print(json.dumps({
            "kind": "startup", "tool": "cartographer", "round": rnd, "ready_ms": ready_ms,
            "rss_after_ready_kib": rss, "quarkus_started_in_s": float(m.group(1)) if m else None,
            "polls": polls,
        }))
        sys.stdout.flush()
        time.sleep(1)


# ---------------------------------------------------------------------------------------------
# Summary of a peers run

def median(values):
    values = [x for x in values if x is not None]
    return statistics.median(values) if values else None


def fmt(x, digits=1):
    if x is None:
        return "n/a"
    if isinstance(x, float) and abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def goal_text(ok, miss):
    return "met" if ok else f"missed by {miss:.0f} %"


def summary(run_dir):
    recs = [json.loads(line) for line in open(os.path.join(run_dir, "runs.jsonl")) if line.strip()]
    meta = open(os.path.join(run_dir, "machine.txt")).read().strip()
    params = json.load(open(os.path.join(run_dir, "params.json")))
    out = {"params": params, "machine": meta, "peers": {}, "goals": []}
    md = []
    md.append(f"# Cartographer vs wrk against nginx: {os.path.basename(run_dir)}\n")
    md.append("```text\n" + meta + "\n```\n")
    md.append("Parameters: " + ", ".join(f"{k}={v}" for k, v in params.items()) + "\n")

    md.append("## Peers (medians of %d rounds)\n" % params["rounds"])
    md.append("| Body | Tool | req/s | p50 ms | p99 ms | CPU-s / 100k req, whole process "
              "| CPU-s / 100k req, in variant | Peak RSS MiB | Failed | nginx CPU-s / 100k req | Machine busy |")
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    goals = []
    tools = ("wrk", "cartographer", "cartographer-warm")
    label = {"wrk": "wrk", "cartographer": f"Cartographer (warm-up {params['cartographer_warmup']:,})",
             "cartographer-warm": f"Cartographer (warm-up {params.get('cartographer_warm_warmup', 0):,})"}
    for body in ("200B", "64KiB"):
        med = {}
        for tool in tools:
            rs = [r for r in recs if r["kind"] == "peer" and r["tool"] == tool and r["body"] == body]
            if not rs:
                continue
            med[tool] = {k: median([r.get(k) for r in rs]) for k in (
                "rps", "p50_ms", "p99_ms", "cpu_per_100k", "variant_cpu_per_100k", "peak_rss_kib",
                "failed", "cpu_utilization", "server_cpu_per_100k", "machine_busy", "other_cpu_s")}
            med[tool]["rounds"] = len(rs)
            m = med[tool]
            md.append(f"| {body} | {label[tool]} | {fmt(m['rps'])} | {fmt(m['p50_ms'], 3)} | {fmt(m['p99_ms'], 3)} "
                      f"| {fmt(m['cpu_per_100k'], 2)} | {fmt(m['variant_cpu_per_100k'], 2) if tool != 'wrk' else '(same)'} "
                      f"| {fmt(m['peak_rss_kib'] / 1024)} | {fmt(m['failed'], 0)} | {fmt(m['server_cpu_per_100k'], 2)} "
                      f"| {fmt(m['machine_busy'] * 100 if m['machine_busy'] is not None else None, 0)} % |")
        for tool in tools[1:]:
            if "wrk" not in med or tool not in med:
                continue
            w, c = med["wrk"], med[tool]
            ratio = {
                "rps": c["rps"] / w["rps"], "p50_ms": c["p50_ms"] / w["p50_ms"], "p99_ms": c["p99_ms"] / w["p99_ms"],
                "cpu_per_100k": c["cpu_per_100k"] / w["cpu_per_100k"],
                "variant_cpu_per_100k": c["variant_cpu_per_100k"] / w["cpu_per_100k"],
                "peak_rss_kib": c["peak_rss_kib"] / w["peak_rss_kib"],
            }
            med["ratio-" + tool] = ratio
            md.append(f"| {body} | **{label[tool]} / wrk** | **{ratio['rps']:.2f}x** | {ratio['p50_ms']:.2f}x "
                      f"| {ratio['p99_ms']:.2f}x | **{ratio['cpu_per_100k']:.2f}x** "
                      f"| **{ratio['variant_cpu_per_100k']:.2f}x** | {ratio['peak_rss_kib']:.0f}x | | | |")
            goals.append({
                "goal": f"{body}, {label[tool]}: throughput >= {GOAL_THROUGHPUT}x wrk", "measured": f"{ratio['rps']:.2f}x",
                "status": goal_text(ratio["rps"] >= GOAL_THROUGHPUT, (1 - ratio["rps"] / GOAL_THROUGHPUT) * 100)})
            for key, what in (("variant_cpu_per_100k", "in variant"), ("cpu_per_100k", "whole process")):
                goals.append({
                    "goal": f"{body}, {label[tool]}: CPU per request <= {GOAL_CPU}x wrk ({what})", "measured": f"{ratio[key]:.2f}x",
                    "status": goal_text(ratio[key] <= GOAL_CPU, (ratio[key] / GOAL_CPU - 1) * 100)})
        out["peers"][body] = med
    md.append("")
    md.append("CPU-s / 100k req = (user + sys) / requests sent x 100,000. *Whole process*: GNU time of "
              "the whole client process (for Cartographer: JVM start-up, JIT, warm-up requests, "
              "measured phase, passport, shutdown; denominator: warm-up + measured requests). *In "
              "variant*: the passport's `probe_resources.cpu_seconds` (warm-up + measured phase, "
              "no start-up or shutdown), same denominator. wrk has no warm-up; its two figures are "
              "one. Ratios are of the medians. *nginx CPU-s / 100k req*: the nginx worker's user + sys "
              "ticks (/proc/PID/stat) over the client's whole run, per request the client sent. *Machine "
              "busy*: share of all cores not idle (/proc/stat) over the client's whole run, JVM start-up "
              "included; *Other CPU-s* (every-run table): busy CPU not used by the client or nginx, i.e. "
              "other processes on the machine.\n")

    dg = [r for r in recs if r["kind"] == "digest"]
    if dg:
        keys = ("rps", "p50_ms", "p99_ms", "cpu_per_100k", "variant_cpu_per_100k", "peak_rss_kib", "cpu_utilization")
        m = {k: median([r[k] for r in dg]) for k in keys}
        md.append("## 64 KiB with the determinism check on (medians)\n")
        md.append("The peer runs set `determinism: {check: false}`; plans check by default, which digests "
                  "every body (CRC-32C and CRC-32; FNV-1a byte by byte over the first 64 KiB before 2026-12-02).\n")
        md.append("| Run | req/s | p50 ms | p99 ms | CPU-s / 100k, whole process | CPU-s / 100k, in variant | Probe CPU |")
        md.append("|---|---:|---:|---:|---:|---:|---:|")
        md.append(f"| Cartographer, check on | {fmt(m['rps'])} | {fmt(m['p50_ms'], 3)} | {fmt(m['p99_ms'], 3)} "
                  f"| {fmt(m['cpu_per_100k'], 2)} | {fmt(m['variant_cpu_per_100k'], 2)} | {m['cpu_utilization'] * 100:.0f} % |")
        off = out["peers"].get("64KiB", {}).get("cartographer")
        if off:
            md.append(f"| Cartographer, check off (peer runs) | {fmt(off['rps'])} | {fmt(off['p50_ms'], 3)} | {fmt(off['p99_ms'], 3)} "
                      f"| {fmt(off['cpu_per_100k'], 2)} | {fmt(off['variant_cpu_per_100k'], 2)} | {off['cpu_utilization'] * 100:.0f} % |")
        w = out["peers"].get("64KiB", {}).get("wrk")
        if w:
            md.append(f"\nCheck on vs wrk: throughput {m['rps'] / w['rps']:.2f}x, in-variant CPU per request "
                      f"{m['variant_cpu_per_100k'] / w['cpu_per_100k']:.2f}x.\n")
        out["digest"] = m

    mem = [r for r in recs if r["kind"] == "memory"]
    if mem:
        md.append("## Memory flatness (closed model, 200 B, medians)\n")
        md.append("| JVM heap options | Requests | Runs | req/s | RSS before variant MiB | RSS after variant MiB | Heap used after MiB | Peak RSS (time -v) MiB |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        out["memory"] = {}
        for setting in dict.fromkeys(r.get("setting") or "default" for r in mem):
            mm = {}
            for n in sorted({r["requests"] for r in mem}):
                rs = [r for r in mem if r["requests"] == n and (r.get("setting") or "default") == setting]
                if not rs:
                    continue
                mm[n] = {k: median([r[k] for r in rs]) for k in (
                    "rps", "rss_before_bytes", "rss_after_bytes", "heap_used_after_bytes", "peak_rss_kib")}
                m = mm[n]
                md.append(f"| {setting} | {n:,} | {len(rs)} | {fmt(m['rps'])} | {fmt(m['rss_before_bytes'] / 2**20)} "
                          f"| {fmt(m['rss_after_bytes'] / 2**20)} | {fmt(m['heap_used_after_bytes'] / 2**20)} "
                          f"| {fmt(m['peak_rss_kib'] / 1024)} |")
            small, large = min(mm), max(mm)
            r_after = mm[large]["rss_after_bytes"] / mm[small]["rss_after_bytes"]
            r_peak = mm[large]["peak_rss_kib"] / mm[small]["peak_rss_kib"]
            out["memory"][setting] = {"by_requests": mm, "rss_after_ratio": r_after, "peak_rss_ratio": r_peak}
            goals.append({"goal": f"probe RSS after {large:,} <= {GOAL_MEMORY}x after {small:,} (heap: {setting})",
                          "measured": f"{r_after:.3f}x (peak RSS {r_peak:.3f}x)",
                          "status": goal_text(r_after <= GOAL_MEMORY, (r_after / GOAL_MEMORY - 1) * 100)})
        md.append("")
        for setting, m in out["memory"].items():
            md.append(f"Heap {setting}: RSS after the largest / after the smallest run **{m['rss_after_ratio']:.3f}x** "
                      f"(passport `rss_after_bytes`), peak RSS {m['peak_rss_ratio']:.3f}x.")
        md.append("")

    op = [r for r in recs if r["kind"] == "open"]
    if op:
        md.append("## Open model (200 B)\n")
        md.append("| Warm-up | Round | Requested /s | Achieved /s | Intended | Sent | Late | Late % | Dropped | p50 ms | p99 ms | Service p99 ms | p99 ms of each 2 s round | Probe CPU | Saturated |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
        for r in op:
            per_round = ", ".join(fmt(x, 1) for x in r.get("rounds_p99_ms", []))
            md.append(f"| {r.get('setting', '')} | {r['round']} | {fmt(r['requested_rps'])} | {fmt(r['rps'])} | {r['intended']:,} | {r['sent']:,} "
                      f"| {r['late']:,} | {r['late_share'] * 100:.2f} | {r['dropped']:,} | {fmt(r['p50_ms'], 3)} "
                      f"| {fmt(r['p99_ms'], 3)} | {fmt(r['service_p99_ms'], 3)} | {per_round} | {r['cpu_utilization'] * 100:.0f} % | {r['saturated']} |")
        md.append("")
        out["open"] = {}
        for setting in dict.fromkeys(r.get("setting", "") for r in op):
            rs = [r for r in op if r.get("setting", "") == setting]
            late = median([r["late_share"] for r in rs])
            rate = median([r["rps"] / r["requested_rps"] for r in rs])
            dropped = median([r["dropped"] for r in rs])
            md.append(f"{setting}: median late share **{late * 100:.2f} %**, achieved / requested **{rate:.3f}**, "
                      f"median dropped {dropped:.0f}.")
            out["open"][setting] = {"late_share": late, "rate_ratio": rate, "dropped": dropped}
            held = rate >= OPEN_RATE_HELD and dropped == 0
            goals.append({"goal": f"open model holds {rs[0]['requested_rps']:,.0f}/s, {setting} (achieved >= {OPEN_RATE_HELD:.0%}, none dropped)",
                          "measured": f"{rate:.3f} of the rate, {dropped:.0f} dropped",
                          "status": "met" if held else f"missed by {(1 - rate / OPEN_RATE_HELD) * 100:.0f} %"})
            goals.append({"goal": f"open model late < 1 %, {setting}", "measured": f"{late * 100:.2f} %",
                          "status": goal_text(late < GOAL_LATE, (late / GOAL_LATE - 1) * 100)})
        md.append("")

    st = [r for r in recs if r["kind"] == "startup"]
    if st:
        md.append("## Start-up (service mode, JVM)\n")
        md.append("| Round | Ready ms (spawn to first 200 of /q/health/ready) | Quarkus \"started in\" s | VmRSS after ready MiB |")
        md.append("|---:|---:|---:|---:|")
        for r in st:
            md.append(f"| {r['round']} | {fmt(r['ready_ms'], 0)} | {fmt(r['quarkus_started_in_s'], 3)} "
                      f"| {fmt(r['rss_after_ready_kib'] / 1024 if r['rss_after_ready_kib'] else None)} |")
        ready = median([r["ready_ms"] for r in st])
        rss = median([r["rss_after_ready_kib"] for r in st])
        md.append(f"\nMedian ready **{ready:.0f} ms**, RSS after ready **{rss / 1024:.0f} MiB**.\n")
        out["startup"] = {"ready_ms": ready, "rss_after_ready_kib": rss}
        goals.append({"goal": f"ready < {GOAL_READY_MS} ms", "measured": f"{ready:.0f} ms",
                      "status": goal_text(ready < GOAL_READY_MS, (ready / GOAL_READY_MS - 1) * 100)})

    md.append("## Goals\n")
    md.append("| Goal | Measured | Status |")
    md.append("|---|---|---|")
    for g in goals:
        md.append(f"| {g['goal']} | {g['measured']} | {g['status']} |")
    out["goals"] = goals

    md.append("\n## Every run\n")
    md.append("| Kind | Body | Tool | Setting | Round | req/s | p50 ms | p99 ms | Requests sent | Failed | user s | sys s | CPU-s/100k | in-variant CPU-s/100k | nginx CPU-s/100k | Machine busy | Other CPU-s | Peak RSS MiB | Probe CPU | Saturated |")
    md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in recs:
        if r["kind"] == "startup":
            continue
        util = r.get("cpu_utilization")
        md.append(f"| {r['kind']} | {r['body']} | {r['tool']} | {r.get('setting', '')} | {r['round']} | {fmt(r['rps'])} | {fmt(r['p50_ms'], 3)} "
                  f"| {fmt(r['p99_ms'], 3)} | {r['client_requests']:,} | {r['failed']} | {r['user_s']:.2f} | {r['sys_s']:.2f} "
                  f"| {r['cpu_per_100k']:.2f} | {fmt(r.get('variant_cpu_per_100k'), 2)} | {fmt(r.get('server_cpu_per_100k'), 2)} "
                  f"| {fmt(r['machine_busy'] * 100 if r.get('machine_busy') is not None else None, 0)} % | {fmt(r.get('other_cpu_s'), 2)} "
                  f"| {r['peak_rss_kib'] / 1024:.1f} "
                  f"| {f'{util * 100:.0f} %' if util is not None else ''} | {r.get('saturated', '')} |")
    md.append("")
    open(os.path.join(run_dir, "summary.md"), "w").write("\n".join(md))
    json.dump(out, open(os.path.join(run_dir, "summary.json"), "w"), indent=2, default=str)
    print("\n".join(md))


# ---------------------------------------------------------------------------------------------
# JFR

def parse_time(text):
    # "2026-11-26T17:40:51.036249754Z" or with an offset; keep microseconds.
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", text)
    base = datetime.fromisoformat(m.group(1) + (m.group(3) or "Z").replace("Z", "+00:00"))
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    return base.timestamp() + int(frac) / 1e6


def class_name(name):
    # JFR's JSON writes most class names with '/', hidden (lambda) classes with '.', and lambda
    # classes with their address: io.x.Y$$Lambda$568+0x00007f.../50792441 becomes io.x.Y$$Lambda.
    name = name.replace("/", ".")
    return re.sub(r"\$\$Lambda\$\d+.*$", "$$Lambda", name)


def frame_name(frame):
    method = frame["method"]
    return f"{class_name(method['type']['name'])}.{method['name']}"


# Frames under every event-loop task, left out of the "by total" list.
PLUMBING = {
    "java.lang.Thread.run", "io.netty.util.concurrent.FastThreadLocalRunnable.run",
    "io.netty.util.internal.ThreadExecutorMap$2.run", "io.netty.util.concurrent.SingleThreadEventExecutor$4.run",
    "io.netty.channel.epoll.EpollEventLoop.run", "io.netty.util.concurrent.AbstractEventExecutor.safeExecute",
    "io.netty.util.concurrent.AbstractEventExecutor.runTask", "io.netty.util.concurrent.SingleThreadEventExecutor.runAllTasks",
}


# Areas of the request path, recognised by a frame anywhere on a sample's stack.
AREAS = [
    ("Vert.x connection pool: lease and recycle (SimpleConnectionPool, ConnectionManager)",
     lambda ns: any("SimpleConnectionPool" in n or "ConnectionManager" in n for n in ns)),
    ("response decoding (HttpObjectDecoder.decode)", lambda ns: any("HttpObjectDecoder.decode" in n for n in ns)),
    ("request encoding, write and flush (HttpObjectEncoder, ConnectionBase.writeToChannel, *flush*)",
     lambda ns: any("HttpObjectEncoder" in n or n.endswith("ConnectionBase.writeToChannel") or "flush" in n for n in ns)),
    ("request creation (HttpClientImpl.request/doRequest/createRequest)",
     lambda ns: any(re.search(r"HttpClientImpl\.(request|doRequest|createRequest)$", n) for n in ns)),
    ("per-request timer (VertxImpl.scheduleTimeout, InternalTimerHandler, cancelTimer)",
     lambda ns: any("scheduleTimeout" in n or "InternalTimerHandler" in n or "cancelTimer" in n for n in ns)),
    ("body copy (VertxHandler.safeBuffer)", lambda ns: any("VertxHandler.safeBuffer" in n for n in ns)),
    ("Cartographer code anywhere on the stack (io.cartographer)", lambda ns: any(n.startswith("io.cartographer") for n in ns)),
    ("Cartographer code as the top frame", lambda ns: bool(ns) and ns[0].startswith("io.cartographer")),
    ("recording (Shard.record)", lambda ns: any(n.endswith("Shard.record") for n in ns)),
    ("HdrHistogram", lambda ns: any(n.startswith("org.HdrHistogram") for n in ns)),
]


def jfr_events(recording, types, depth):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", ",".join(types), recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def jfr_summary(recording, passport_path, top):
    v = json.load(open(passport_path))["test_results"][0]
    start, end = parse_time(v["started_at"]), parse_time(v["finished_at"])
    print(f"window: the measured phase of the variant, {v['started_at']} to {v['finished_at']} "
          f"({v['requests']:,} requests, {v['throughput_rps']:,.0f} req/s with JFR on)")

    def in_window(e):
        return start <= parse_time(e["values"]["startTime"]) <= end

    depth = 64
    samples = [e for e in jfr_events(recording, ["jdk.ExecutionSample"], depth) if in_window(e)]
    native = [e for e in jfr_events(recording, ["jdk.NativeMethodSample"], depth) if in_window(e)]
    allocs = [e for e in jfr_events(recording, ["jdk.ObjectAllocationSample"], depth) if in_window(e)]

    def frames(e):
        st = e["values"].get("stackTrace")
        return st["frames"] if st else []

    def thread(e):
        t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
        name = t.get("javaName") or t.get("osName") or "?"
        return re.sub(r"-\d+$", "-N", name)

    print(f"\njdk.ExecutionSample (threads running Java code): {len(samples)} samples")
    by_thread = Counter(thread(e) for e in samples)
    print("  by thread: " + ", ".join(f"{t} {n} ({n / len(samples):.0%})" for t, n in by_thread.most_common(6)))
    top_self = Counter(frame_name(frames(e)[0]) for e in samples if frames(e))
    print(f"\nTop {top} hot methods (self: the sampled top frame), share of Java samples:")
    for i, (name, n) in enumerate(top_self.most_common(top), 1):
        print(f"  {i:2}. {n / len(samples):6.1%}  {n:6}  {name}")
    total = Counter()
    for e in samples:
        total.update({frame_name(f) for f in frames(e)})
    print(f"\nTop {top} methods by total (on the stack, depth {depth}), share of Java samples:")
    shown = 0
    for name, n in total.most_common():
        if name in PLUMBING:
            continue
        shown += 1
        print(f"  {shown:2}. {n / len(samples):6.1%}  {n:6}  {name}")
        if shown == top:
            break
    print("\nInclusive share by area (a sample counts for every area with a frame on its stack):")
    for area, test in AREAS:
        n = sum(1 for e in samples if test([frame_name(f) for f in frames(e)]))
        print(f"  {n / max(len(samples), 1):6.1%}  {n:6}  {area}")
    pkg = Counter()
    for e in samples:
        f = frames(e)
        if f:
            cls = class_name(f[0]["method"]["type"]["name"])
            pkg[".".join(cls.split(".")[:3])] += 1
    print("\nSelf samples by package (3 levels): " + ", ".join(f"{p} {n / len(samples):.0%}" for p, n in pkg.most_common(8)))

    print(f"\njdk.NativeMethodSample (threads in native code, e.g. epoll, socket I/O): {len(native)} samples")
    for i, (name, n) in enumerate(Counter(frame_name(frames(e)[0]) for e in native if frames(e)).most_common(top), 1):
        print(f"  {i:2}. {n / max(len(native), 1):6.1%}  {n:6}  {name}")

    weight = sum(e["values"].get("weight", 0) for e in allocs)
    secs = end - start
    print(f"\njdk.ObjectAllocationSample: {len(allocs)} samples, {weight / 2**20:,.0f} MiB sampled weight "
          f"(~{weight / 2**20 / secs:,.0f} MiB/s, ~{weight / max(v['requests'], 1):,.0f} B per request)")
    site = Counter()
    cls = Counter()
    first_app = Counter()
    first_lib = Counter()
    for e in allocs:
        w = e["values"].get("weight", 0)
        f = frames(e)
        c = class_name(e["values"]["objectClass"]["name"])
        cls[c] += w
        if f:
            site[f"{frame_name(f[0])} <- {frame_name(f[1]) if len(f) > 1 else ''}"] += w
            for fr in f:
                n = frame_name(fr)
                if n.startswith("io.cartographer"):
                    first_app[n] += w
                    break
            for fr in f:
                n = frame_name(fr)
                if not n.startswith(("java.", "jdk.", "sun.")):
                    first_lib[n] += w
                    break
    print(f"\nTop {top} allocation sites (top frame <- caller), by sampled weight:")
    for i, (name, w) in enumerate(site.most_common(top), 1):
        print(f"  {i:2}. {w / weight:6.1%}  {w / 2**20:8.0f} MiB  {name}")
    print(f"\nTop {top} allocated classes, by sampled weight:")
    for i, (name, w) in enumerate(cls.most_common(top), 1):
        print(f"  {i:2}. {w / weight:6.1%}  {w / 2**20:8.0f} MiB  {name}")
    print(f"\nTop {top} allocation sites outside the JDK (nearest frame not in java.*, jdk.*, sun.*), by sampled weight:")
    for i, (name, w) in enumerate(first_lib.most_common(top), 1):
        print(f"  {i:2}. {w / weight:6.1%}  {w / 2**20:8.0f} MiB  {name}")
    print("\nNearest Cartographer frame of each allocation, by sampled weight:")
    for i, (name, w) in enumerate(first_app.most_common(top), 1):
        print(f"  {i:2}. {w / weight:6.1%}  {w / 2**20:8.0f} MiB  {name}")

    gcs = [e for e in jfr_events(recording, ["jdk.GarbageCollection"], 1) if in_window(e)]
    if gcs:
        def dur_ms(d):
            # ISO-8601 duration like "PT0.0012S"
            m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
            return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0
        pauses = [dur_ms(e["values"]["sumOfPauses"]) for e in gcs]
        names = Counter(e["values"]["name"] for e in gcs)
        print(f"\nGC in the window: {len(gcs)} collections ({', '.join(f'{n} {c}' for n, c in names.items())}), "
              f"pauses total {sum(pauses):.0f} ms, max {max(pauses):.1f} ms")
    else:
        print("\nGC in the window: no collection")
    loads = [e for e in jfr_events(recording, ["jdk.ThreadCPULoad"], 1) if in_window(e)]
    if loads:
        per = defaultdict(list)
        for e in loads:
            t = e["values"]["eventThread"]
            per[t.get("javaName") or t.get("osName")].append(e["values"]["user"] + e["values"]["system"])
        print("\nThread CPU load (jdk.ThreadCPULoad, mean over the window, share of one machine = all cores):")
        for name, xs in sorted(per.items(), key=lambda kv: -statistics.mean(kv[1]))[:8]:
            print(f"  {statistics.mean(xs):6.1%}  {name}")
    cpu = [e for e in jfr_events(recording, ["jdk.CPULoad"], 1) if in_window(e)]
    if cpu:
        print(f"\nProcess CPU (jdk.CPULoad, mean): JVM user {statistics.mean(e['values']['jvmUser'] for e in cpu):.0%}, "
              f"JVM system {statistics.mean(e['values']['jvmSystem'] for e in cpu):.0%}, "
              f"machine total {statistics.mean(e['values']['machineTotal'] for e in cpu):.0%}")


def main(argv):
    cmd = argv[1]
    if cmd == "wrk":
        print(json.dumps(record_wrk(argv[2], int(argv[3]), argv[4], argv[5])))
    elif cmd == "cart":
        print(json.dumps(record_cart(argv[2], argv[3], int(argv[4]), argv[5], argv[6], *argv[7:9])))
    elif cmd == "startup":
        startup(argv[2], argv[3], argv[4], int(argv[5]))
    elif cmd == "summary":
        summary(argv[2])
    elif cmd == "oneline":
        r = json.load(open(argv[2]))
        print(f"{r['rps']:,.0f} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, probe CPU "
              f"{r['cpu_utilization']:.0%} of all cores, in-variant CPU-s/100k {r['variant_cpu_per_100k']:.2f}, "
              f"whole-process CPU-s/100k {r['cpu_per_100k']:.2f}, saturated {r['saturated']}")
    elif cmd == "jfr":
        jfr_summary(argv[2], argv[3], int(argv[4]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
