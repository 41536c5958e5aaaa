"""Driving a server with load, from another process: wrk when the machine has it, our own
Python load generator (bench.pyload) otherwise. Both report the same figures.

An error is an answer refused (4xx or 5xx), a timeout, or a connection that failed. A timeout
is an answer slower than TIMEOUT_SECONDS: wrk counts one when it comes, and also each time its
2-second check finds a connection still waiting for one, so a very slow answer can count more
than once. Timeouts are left out of wrk's percentiles: when they are more than the percentile
leaves out, the percentile is None, shown as "over 2 s".
"""

import json
import re
import shutil
import subprocess
import sys

TIMEOUT_SECONDS = 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def tool():
    return "wrk" if shutil.which("wrk") else "python"


def run(url, connections, seconds, headers=()):
    """{"rps", "p50_ms", "p99_ms", "requests", "errors", "refused", "timeouts",
    "connection_errors"} for GETs of `url`."""
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
        "--timeout",
        str(TIMEOUT_SECONDS),
    ]
    for header in headers:
        command += ["--header", header]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def wrk_command(connections, seconds, headers=()):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", f"{TIMEOUT_SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    return command


def _wrk(url, connections, seconds, headers):
    command = [*wrk_command(connections, seconds, headers), url]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def parse_wrk(out):
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    connect, read, write, timeouts = (int(n) for n in sockets.groups()) if sockets else (0,) * 4
    answered = requests - timeouts  # at most: a timeout counted twice makes it fewer

    def latency(percent):
        if answered < requests * percent / 100:
            return None  # the percentile falls among the timeouts
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "requests": requests,
        "refused": int(non_2xx.group(1)) if non_2xx else 0,
        "timeouts": timeouts,
        "connection_errors": connect + read + write,
    }
    result["errors"] = result["refused"] + timeouts + result["connection_errors"]
    return result
