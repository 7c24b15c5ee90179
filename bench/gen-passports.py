#!/usr/bin/env python3
"""Writes N passports into a directory, copies of one real passport with their own ids, times and
figures, as a busy plan's history would look: python3 bench/gen-passports.py TEMPLATE DIR N.

Text substitution, not json round trips, so 10,000 passports of ~250 KB take seconds. Every 10th
run gets a higher p99 so that trends have something to show."""
import json
import re
import sys
from datetime import datetime, timedelta, timezone

template_path, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(template_path, encoding="utf-8").read()
doc = json.loads(text)
old_id, old_run = doc["id"], doc["run_id"]
started, finished = doc["started_at"], doc["finished_at"]
start = datetime.now(timezone.utc) - timedelta(hours=count)
p99 = re.compile(r'("p99": )([0-9.]+)')
for i in range(count):
    at = start + timedelta(hours=i)
    run = f"{0xb0000000 + i:08x}"
    pid = at.strftime("%Y%m%dT%H%M%SZ") + "-" + run
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
    done = (at + timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
    body = text.replace(old_id, pid).replace(f'"run_id" : "{old_run}"', f'"run_id" : "{run}"')
    body = body.replace(started, stamp).replace(finished, done)
    if i % 10 == 9:
        body = p99.sub(lambda m: m.group(1) + f"{float(m.group(2)) * 1.5:.3f}", body)
    with open(f"{out_dir}/{pid}.json", "w", encoding="utf-8") as f:
        f.write(body)
