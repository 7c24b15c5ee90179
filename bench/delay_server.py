#!/usr/bin/env python3
"""A fixed-delay HTTP/1.1 server for bench/fidelity.sh (stdlib only, a thread per connection).

  delay_server.py PORT DELAY_MS LOG

Answers every request exactly DELAY_MS after it has read it (keep-alive, 2-byte body) and logs,
per connection, when each request arrived and when its response left. On SIGUSR1 it writes to LOG
the turnaround of the client since the last SIGUSR1: for every response but the last on a
connection, the time from the response leaving to the next request arriving, as percentiles in
milliseconds, the server's own time per request beyond DELAY_MS (from reading the request to the
response leaving, less DELAY_MS: its lateness, which every client's figures include) and the
connections it accepted, then forgets what it logged. That is the client's own time between two requests,
which a load generator adds to every figure it reports at one connection.
"""
import json
import signal
import socket
import sys
import threading
import time

PORT, DELAY_MS, LOG = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
lock = threading.Lock()
turnarounds = []  # seconds
overshoots = []  # seconds beyond DELAY_MS, per request
requests = [0]
accepted = [0]


def serve(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffered = b""
    last_sent = None
    with conn:
        while True:
            while b"\r\n\r\n" not in buffered:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffered += chunk
            arrived = time.perf_counter()
            _, _, buffered = buffered.partition(b"\r\n\r\n")
            if last_sent is not None:
                with lock:
                    turnarounds.append(arrived - last_sent)
            due = arrived + DELAY_MS / 1000.0
            while True:
                left = due - time.perf_counter()
                if left <= 0:
                    break
                time.sleep(left if left > 0.0005 else 0)
            conn.sendall(RESPONSE)
            last_sent = time.perf_counter()
            with lock:
                requests[0] += 1
                overshoots.append(last_sent - due)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def report(signum, frame):
    with lock:
        values = sorted(turnarounds)
        late = sorted(overshoots)
        count = requests[0]
        connections = accepted[0]
        turnarounds.clear()
        overshoots.clear()
        requests[0] = 0
        accepted[0] = 0
    ms = [v * 1000 for v in values]
    record = {"requests": count, "turnarounds": len(ms), "connections": connections}
    for p in (50, 90, 99):
        record["p%d_ms" % p] = percentile(ms, p)
    record["max_ms"] = ms[-1] if ms else None
    late_ms = [v * 1000 for v in late]
    for p in (50, 99):
        record["server_late_p%d_ms" % p] = percentile(late_ms, p)
    with open(LOG, "a") as f:
        f.write(json.dumps(record) + "\n")


signal.signal(signal.SIGUSR1, report)
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", PORT))
listener.listen(256)
print("listening", flush=True)
while True:
    try:
        conn, _ = listener.accept()
    except InterruptedError:
        continue
    with lock:
        accepted[0] += 1
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
