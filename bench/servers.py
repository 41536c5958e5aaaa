"""Gunicorn servers for the benchmark, started and stopped around a measurement."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    # The OS picks a port nobody holds; gunicorn binds it a moment later.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_args(workers, threads):
    """The same settings for the site and the yardstick, so their figures compare."""
    return [
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
        "--backlog",
        "2048",
    ]


class Served(str):
    """A server's base URL, which also knows the server's process id."""

    pid: int


@contextmanager
def gunicorn(app, env, workers, threads, probe="/", log=None):
    """Serve `app` on a free port; yields its base URL (a Served) once it answers. Its output
    goes to the file `log` when given."""
    port = free_port()
    command = [str(GUNICORN), app, "--bind", f"127.0.0.1:{port}", *gunicorn_args(workers, threads)]
    with open(log, "ab") if log else contextlib.nullcontext() as output:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            cwd=os.getcwd(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
    base = Served(f"http://127.0.0.1:{port}")
    base.pid = process.pid
    try:
        wait_until_answering(base + probe, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_answering(url, process, timeout=60):
    """Return once `url` answers HTTP (any status); fail if `process` dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError:
            return  # it answers, if not with a page
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def worker_memory(master_pid):
    """{pid: resident memory in bytes} of each worker of the gunicorn whose master is
    `master_pid`, read from /proc (empty where there is no /proc)."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue  # gone meanwhile
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            found[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) * 1024
    return found
