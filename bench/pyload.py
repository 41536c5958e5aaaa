"""A small HTTP load generator for machines without wrk: N keep-alive connections, each in
its own thread, GET one URL as fast as answers come for a number of seconds; prints the
figures as JSON. Slower than wrk (it shares the GIL), so it is started in its own process."""

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
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    parts = urlsplit(args.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = dict(h.split(": ", 1) for h in args.header)
    deadline = time.monotonic() + args.seconds
    latencies, errors = [], [0]

    def connection():
        client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                client.request("GET", path, headers=headers)
                response = client.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                client.close()
                client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.monotonic()
    threads = [threading.Thread(target=connection) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else None

    print(
        json.dumps(
            {
                "rps": len(latencies) / elapsed,
                "p50_ms": percentile(0.5),
                "p99_ms": percentile(0.99),
                "requests": len(latencies),
                "errors": errors[0],
            }
        )
    )


if __name__ == "__main__":
    main()
