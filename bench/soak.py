"""`make soak`: the site under a mixed load while Redis is cut and PostgreSQL restarts.

Starts the production stack on this machine (gunicorn with production settings, a PostgreSQL
cluster and a Redis of its own, and a TCP proxy between the site and Redis that can cut the
line), fills it with a synthetic wiki and signed-in trusted editors, then sends a mixed load
(bench.soakload) from another process: warm-up, steady, Redis cut, after Redis, PostgreSQL
restart (`pg_ctl restart -m fast`), after PostgreSQL. Then prints each phase's figures, checks
that every write answered as saved is in the database and that no page serves text older than
its last edit, and judges the targets (bench.soakreport); exit status 1 when one is missed.

    python -m bench.soak [--quick] [--connections N]

Logs and the requests sent are kept in var/soak/<time of the run>/; everything started is
stopped and the databases thrown away at the end, on Ctrl-C too.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import django

from bench import database, servers, services, soakreport
from bench.tcpproxy import TcpProxy

PROJECT_DIR = Path(__file__).resolve().parent.parent
RUNS_DIR = PROJECT_DIR / "var" / "soak"
RUNS_KEPT = 5
# What the servers may take from this process's environment; the rest of a developer's
# settings (DATABASE_URL, a replica, rate limits) must not reach them.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TERM")


@dataclass(frozen=True)
class Shape:
    connections: int
    warm_up: float  # seconds of each phase, in order
    steady: float
    redis_cut: float
    after_redis: float
    # The restart phase lasts from `pg_ctl restart` until this long after it returned.
    restart_settle: float
    after_restart: float
    tropes: int
    works: int
    examples: int
    edited_pages: int  # pages the edits go to (and half the anonymous views)
    voted_examples: int

    @property
    def seconds(self):
        """The load's length, counting a second for the restart itself."""
        return (
            self.warm_up
            + self.steady
            + self.redis_cut
            + self.after_redis
            + 1
            + self.restart_settle
            + self.after_restart
        )


FULL = Shape(64, 5, 10, 10, 10, 2, 22, 1_500, 2_500, 15_000, 200, 1_000)
QUICK = Shape(16, 3, 4, 5, 4, 2, 5, 200, 400, 3_000, 60, 300)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a small wiki, fewer connections, shorter phases"
    )
    parser.add_argument("--connections", type=int, help="concurrent connections (64, quick 16)")
    args = parser.parse_args()
    shape = QUICK if args.quick else FULL
    if args.connections:
        shape = Shape(**{**asdict(shape), "connections": args.connections})
    try:
        for program in ("initdb", "pg_ctl"):
            services.postgres_binary(program)
        if not shutil.which("redis-server"):
            raise services.Missing("redis-server is not installed (the redis-server package)")
    except services.Missing as missing:
        print(f"Soak skipped: {missing}.")
        return 0
    os.chdir(PROJECT_DIR)  # gunicorn imports the site from its working directory
    # A terminated soak cleans up as an interrupted one does.
    signal.signal(signal.SIGTERM, _interrupt)
    run_dir = _new_run_dir()
    print(f"Soak: logs in {run_dir.relative_to(PROJECT_DIR)}/", flush=True)
    try:
        return _soak(shape, run_dir)
    except KeyboardInterrupt:
        print("Soak interrupted: everything it started is stopped.", file=sys.stderr)
        return 130


def _soak(shape, run_dir):
    with ExitStack() as stack:
        scratch = Path(tempfile.mkdtemp(prefix="tropewise-soak-"))
        stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        scratch.chmod(0o755)  # the postgres user makes its cluster inside
        cluster = stack.enter_context(
            services.postgres_cluster(scratch / "postgres", run_dir / "postgres.log")
        )
        redis_port = stack.enter_context(services.redis_server(run_dir / "redis.log"))
        # The site reaches Redis through the proxy, so that cutting it leaves Redis holding
        # its old stamps and copies, as a network cut does.
        proxy = stack.enter_context(TcpProxy("127.0.0.1", redis_port))
        environment = _site_environment(cluster, proxy, scratch)
        os.environ.clear()
        os.environ.update(environment)
        print(
            f"PostgreSQL on port {cluster.port}, Redis on {redis_port} (through a proxy on "
            f"{proxy.port}); filling the wiki …",
            flush=True,
        )
        started = time.monotonic()
        plan = _prepare(shape, cluster, run_dir)
        print(f"Ready in {time.monotonic() - started:.0f} s.", flush=True)
        log = run_dir / "gunicorn.log"
        site = stack.enter_context(
            servers.gunicorn("tropewise.wsgi:application", {}, 3, 4, log=log)
        )
        print(
            f"Serving with gunicorn (3 workers × 4 threads, log: "
            f"{log.relative_to(PROJECT_DIR)}); {shape.connections} connections for "
            f"{shape.seconds:g} s …",
            flush=True,
        )
        plan["base"] = site
        phases = _run_load(plan, shape, proxy, cluster, run_dir)
        records = [json.loads(line) for line in (run_dir / "requests.jsonl").open()]
        return soakreport.report(plan, phases, records, site, run_dir, log)


def _site_environment(cluster, proxy, scratch):
    """Production's settings as a deployment sets them, for the servers and this process."""
    inherited = {name: os.environ[name] for name in INHERITED if name in os.environ}
    return {
        **inherited,
        "PYTHONPATH": str(PROJECT_DIR),
        "DJANGO_SETTINGS_MODULE": "tropewise.settings",
        "DATABASE_URL": cluster.url("tropewise"),
        "REDIS_URL": f"redis://{proxy.address}/0",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP here, as behind a TLS proxy
        "STATIC_ROOT": str(scratch / "static"),
        "VOTE_MIN_ACCOUNT_AGE_HOURS": "0",  # the soak's members are seconds old
        # Each connection's member writes far faster than any person may.
        "VOTE_RATE_LIMIT": "1000000000",
        "EDIT_RATE_LIMIT": "1000000000",
    }


def _prepare(shape, cluster, run_dir):
    """Migrate, generate the wiki, sign the members in; the plan the load follows."""
    database.main(cluster.url("tropewise"))
    django.setup()
    # Only now that Django is configured for the soak's own database and Redis.
    from django.core.management import call_command
    from django.db import connections

    from bench import members
    from tropes.management.commands.generate_wiki import WORDS
    from tropes.models import Example
    from wiki.models import Page

    rng = random.Random(2128)
    with (run_dir / "setup.log").open("w") as log:
        call_command("migrate", verbosity=0, stdout=log, stderr=log)
        call_command(
            "generate_wiki",
            tropes=shape.tropes,
            works=shape.works,
            examples=shape.examples,
            stdout=log,
            stderr=log,
        )
        call_command("collectstatic", interactive=False, verbosity=0, stdout=log, stderr=log)
    pages = [
        {"id": page.pk, "path": page.get_absolute_url(), "title": page.title}
        for page in Page.objects.articles().only("pk", "namespace", "name", "title")
    ]
    examples = list(Example.objects.values_list("pk", flat=True))
    plan = {
        "run": secrets.token_hex(3),
        "seed": rng.randrange(1 << 30),
        "seconds": shape.seconds,
        "connections": shape.connections,
        "pages": [{"id": page["id"], "path": page["path"]} for page in pages],
        "edited_pages": [
            {"id": page["id"], "path": page["path"]}
            for page in rng.sample(pages, min(shape.edited_pages, len(pages)))
        ],
        "examples": rng.sample(examples, min(shape.voted_examples, len(examples))),
        "words": WORDS,
        "prefixes": sorted({page["title"][:3] for page in rng.sample(pages, 100)}),
        "members": [
            {"user_id": member.user_id, "headers": member.headers, "csrf": member.csrf}
            for member in (
                members.trusted_editor(f"soak{number}") for number in range(shape.connections)
            )
        ],
    }
    # Connections held over the restart would fail this process's checks, not the site.
    connections.close_all()
    return plan


def _run_load(plan, shape, proxy, cluster, run_dir):
    """Send the load while making the faults; the phases as (name, start), wall clock."""
    plan_path = run_dir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    load = subprocess.Popen(
        [sys.executable, "-m", "bench.soakload", plan_path, run_dir / "requests.jsonl"],
        cwd=PROJECT_DIR,
    )
    started = time.time()
    phases = [("warm-up", started)]

    def phase(name, after):
        time.sleep(max(0.0, started + after - time.time()))
        phases.append((name, time.time()))
        print(f"  {time.time() - started:5.1f} s  {name}", flush=True)

    try:
        at = shape.warm_up
        phase("steady", at)
        at += shape.steady
        phase("Redis cut", at)
        proxy.cut()
        at += shape.redis_cut
        phase("after Redis", at)
        proxy.restore()
        at += shape.after_redis
        phase("PostgreSQL restart", at)
        cluster.restart()
        restarted = time.time() - started
        print(f"  {restarted:5.1f} s  PostgreSQL is back", flush=True)
        phase("after PostgreSQL", restarted + shape.restart_settle)
        # The load stops sending at its deadline; an answer may take its whole timeout.
        load.wait(timeout=shape.seconds + 60)
        if load.returncode:
            raise RuntimeError(f"the load generator failed with exit status {load.returncode}")
    finally:
        if load.poll() is None:
            load.terminate()
            load.wait()
        proxy.restore()
    return phases


def _new_run_dir():
    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    for old in sorted(RUNS_DIR.iterdir())[: -(RUNS_KEPT - 1)]:
        shutil.rmtree(old, ignore_errors=True)
    run_dir = RUNS_DIR / datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir.mkdir()
    return run_dir


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
