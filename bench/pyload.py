"""A small HTTP load generator for machines without wrk: N keep-alive connections, each in
its own thread, GET one URL as fast as answers come for a number of seconds; prints the
figures as JSON, counted as bench.load counts wrk's. Slower than wrk (it shares the GIL), so
it is started in its own process."""

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=2, help="an answer slower is an error")
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    parts = urlsplit(args.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = dict(h.split(": ", 1) for h in args.header)
    deadline = time.monotonic() + args.seconds
    latencies = []
    counts = {"refused": 0, "timeouts": 0, "connection_errors": 0}
    counting = threading.Lock()

    def count(key, n=1):
        with counting:
            counts[key] += n

    def connect():
        # Long enough to see a slow answer through: it is counted, not abandoned.
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def connection():
        client = connect()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                client.request("GET", path, headers=headers)
                response = client.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                count("connection_errors")
                client.close()
                client = connect()
                continue
            elapsed = time.perf_counter() - started
            latencies.append(elapsed * 1000)
            count("refused", response.status >= 400)
            count("timeouts", elapsed > args.timeout)

    started = time.monotonic()
    threads = [threading.Thread(target=connection) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return None
        value = latencies[min(len(latencies) - 1, int(len(latencies) * p))]
        return value if value <= args.timeout * 1000 else None

    print(
        json.dumps(
            {
                "rps": len(latencies) / elapsed,
                "p50_ms": percentile(0.5),
                "p99_ms": percentile(0.99),
                "requests": len(latencies),
                **counts,
                "errors": sum(counts.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
