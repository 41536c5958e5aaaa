"""Driving a server with load, from another process: wrk when the machine has it, our own
Python load generator (bench.pyload) otherwise. Both report the same figures."""

import json
import re
import shutil
import subprocess
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def tool():
    return "wrk" if shutil.which("wrk") else "python"


def run(url, connections, seconds, headers=()):
    """{"rps", "p50_ms", "p99_ms", "requests", "errors"} for GETs of `url`."""
    if tool() == "wrk":
        return _wrk(url, connections, seconds, headers)
    command = [
        sys.executable,
        "-m",
        "bench.pyload",
        url,
        "--connections",
        str(connections),
        "--seconds",
        str(seconds),
    ]
    for header in headers:
        command += ["--header", header]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _wrk(url, connections, seconds, headers):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def parse_wrk(out):
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "requests": requests,
        "errors": errors,
    }
