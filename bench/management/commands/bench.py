"""The site under load, served as in production, beside a bare Django view.

Fills the configured database (bench.data), starts gunicorn with production settings and a
bare Django view under the same gunicorn settings, and drives both from another process (wrk,
or bench.pyload). Prints a table, each row with its target beside it and whether it is met,
and writes the figures as JSON. It asserts nothing: a target missed is a figure like another.

--mix measures the traffic mix of bench.mix instead of the rows.
"""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import User
from bench import client, data, demo_work, load, members, mix, servers, writes
from bench.targets import p50_at_most, p50_under, p99_at_most, share_of_bare
from tropes.models import Example, Trope, Work
from wiki.models import Page

TIMEOUT = f"over {load.TIMEOUT_SECONDS} s"
# Unmeasured load before each run: every worker's first requests load templates and fill its
# own caches, which says nothing of a serving site.
WARM_UP_SECONDS = 1


class Command(BaseCommand):
    help = "Measure page views, search, votes and edits under gunicorn, against bare Django."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="a small wiki and short runs: checks the benchmark still works",
        )
        parser.add_argument(
            "--mix",
            action="store_true",
            help="TV Tropes-like traffic (bench.mix) instead of one address a row",
        )
        parser.add_argument(
            "--seconds", type=float, help="each load run (default 10, quick 2; --mix: 30, 5)"
        )
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--json",
            help="where the figures go (default var/bench.json, var/bench-mix.json with --mix)",
        )

    def handle(self, quick, seconds, connections, workers, threads, **options):
        traffic = options["mix"]
        var = Path(settings.BASE_DIR) / "var"
        path = Path(options["json"] or var / ("bench-mix.json" if traffic else "bench.json"))
        data.fill(quick, self.stderr)
        site_env = _production_env()
        # Under production settings, which keep hashed, compressed files and their manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env={**os.environ, **site_env},
            check=True,
        )
        if traffic:
            figures = self._mix(site_env, workers, threads, connections, quick, seconds)
        else:
            figures = self._rows(site_env, workers, threads, connections, quick, seconds)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dumps(figures))
        self.stdout.write(f"Figures written to {path}")

    def _mix(self, site_env, workers, threads, connections, quick, seconds):
        self.stderr.write(
            f"Serving with {workers} workers × {threads} threads; cache: "
            f"{site_env.get('REDIS_URL', 'local memory')}"
        )
        figures = mix.run(
            site_env, workers, threads, connections, quick, seconds, self.stderr.write
        )
        figures["machine"] = _machine(workers, threads, connections, site_env)
        mix.print_figures(figures, self.stdout.write)
        return figures

    def _rows(self, site_env, workers, threads, connections, quick, seconds):
        seconds = seconds or (2 if quick else 10)
        count = 20 if quick else 200
        work = data.closest(Work, data.WORK_EXAMPLES)
        trope = data.closest(Trope, data.TROPE_EXAMPLES)
        member = members.trusted_editor("benchmark")
        demo = demo_work.metallic_rouge(User.objects.get(pk=member.user_id), _voters(member))
        # The home page's copy must expire during its run, at least once.
        home_seconds = max(1, int(seconds // 3))
        site_env = {**site_env, "HOME_CACHE_SECONDS": str(home_seconds)}
        self.stderr.write(
            f"Serving with {workers} workers × {threads} threads; load from "
            f"{load.tool()}, {connections} connections, {seconds:g} s a run; "
            f"cache: {site_env.get('REDIS_URL', 'local memory')}; the home page kept "
            f"{home_seconds} s (HOME_CACHE_SECONDS), so that it expires during its run"
        )
        search = "/search?" + urlencode({"q": trope.page.title})
        signed_in = member.headers
        reads = [
            ("anonymous home", "/", {}, connections, p99_at_most(50)),
            (f"work page ({work.n} examples)", work.page.get_absolute_url(), {}, connections, None),
            (
                f"trope page ({trope.n} examples)",
                trope.page.get_absolute_url(),
                {},
                connections,
                None,
            ),
            ("search", search, {}, connections, share_of_bare(0.1)),
            (
                "go to suggestions",
                "/goto?" + urlencode({"q": work.page.title[:3]}),
                {"HX-Request": "true"},
                connections,
                share_of_bare(0.3),
            ),
            (
                "work page, signed in",
                work.page.get_absolute_url(),
                signed_in,
                connections,
                share_of_bare(0.25),
            ),
            (
                "trope page, signed in",
                trope.page.get_absolute_url(),
                signed_in,
                connections,
                share_of_bare(0.15),
            ),
            ("trope page, one connection", trope.page.get_absolute_url(), {}, 1, None),
            ("search, one connection", search, {}, 1, p50_under(30)),
            (
                "Metallic Rouge, signed in, one conn.",
                demo.get_absolute_url(),
                signed_in,
                1,
                p50_at_most(8),
            ),
        ]
        rows = []
        with (
            servers.gunicorn("bench.wsgi:application", site_env, workers, threads) as site,
            servers.gunicorn(
                "bench.bare_wsgi:application", {}, workers, threads, probe="/1"
            ) as bare,
        ):
            for label, path, headers, at_once, target in reads:
                self.stderr.write(f"  {label} …")
                row = _read(label, site, bare, path, headers, at_once, seconds)
                if headers is signed_in and member.username.encode() not in row.pop("body"):
                    row["note"] = "answered as to an anonymous reader: not signed in"
                row.pop("body", None)
                rows.append(_judged(row, target))
            example = work.examples.order_by("pk").first()
            rows.append(_judged(writes.votes(site, count, member, example), p50_at_most(10)))
            rows.append(_judged(writes.edits(site, count, member, work.page), p50_at_most(15)))
        figures = {
            "machine": {
                **_machine(workers, threads, connections, site_env),
                "seconds": seconds,
                "home_cache_seconds": home_seconds,
            },
            "results": rows,
        }
        self._print(figures)
        return figures

    def _print(self, figures):
        machine = figures["machine"]
        self.stdout.write(
            f"\n{machine['pages']:,} pages, {machine['examples']:,} examples on "
            f"{machine['database']}; {machine['connections']} connections unless said\n"
        )
        self.stdout.write(
            f"{'':36} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
            f"{'queries':>7} {'KB':>6} {'bare/s':>7} {'ratio':>5}  {'target':<15} met"
        )
        for row in figures["results"]:
            queries = (
                f"{row['queries_cold']}/{row['queries_warm']}"
                if "queries_cold" in row
                else str(row.get("queries", ""))
            )
            bare = f"{row['bare_rps']:7.0f}" if row.get("bare_rps") else f"{'':7}"
            ratio = f"{row['ratio']:5.0%}" if row.get("ratio") else f"{'':5}"
            met = ("yes" if row["met"] else "no") if "target" in row else ""
            self.stdout.write(
                f"{row['what'][:36]:36} {row['rps']:7.0f} {_ms(row['p50_ms'])} "
                f"{_ms(row['p99_ms'])} {row['errors']:6} {queries:>7} "
                f"{row['bytes'] / 1024:6.1f} {bare} {ratio}  {row.get('target', ''):<15} {met}"
            )
        self.stdout.write(
            "queries: cold/warm cache for page views; per request for writes. Every target "
            "includes 0 errors."
        )
        for row in figures["results"]:
            if row["errors"] or row.get("note"):
                self.stdout.write(f"  {row['what']}: {_errors(row)}")
        self.stdout.write("")


def _read(label, site, bare, path, headers, connections, seconds):
    header_lines = [f"{name}: {value}" for name, value in headers.items()]
    cold = client.request(site + path, headers=headers)
    result = _warmed_run(site + path, connections, seconds, header_lines)
    warm = client.request(site + path, headers=headers)
    yardstick = _warmed_run(f"{bare}/{len(warm.body)}", connections, seconds)
    row = {
        "what": label,
        "path": path,
        "connections": connections,
        **result,
        "bytes": len(warm.body),
        "status": warm.status,
        "queries_cold": cold.queries,
        "queries_warm": warm.queries,
        "bare_rps": yardstick["rps"],
        "ratio": result["rps"] / yardstick["rps"] if yardstick["rps"] else None,
        "body": warm.body,
    }
    if warm.status != 200:
        row["note"] = f"answered {warm.status}, not 200"
    return row


def _warmed_run(url, connections, seconds, headers=()):
    """load.run()'s figures, after WARM_UP_SECONDS of the same load that are not measured."""
    load.run(url, connections, WARM_UP_SECONDS, headers)
    return load.run(url, connections, seconds, headers)


def _judged(row, target):
    return {**row, **target.judged(row)} if target else row


def _errors(row):
    parts = []
    if row.get("refused"):
        parts.append(f"{row['refused']} refused (4xx or 5xx)")
    if row.get("timeouts"):
        parts.append(f"{row['timeouts']} timeouts ({TIMEOUT}, as {load.tool()} counts them)")
    if row.get("connection_errors"):
        parts.append(f"{row['connection_errors']} connection errors")
    if row.get("note"):
        parts.append(row["note"])
    return "; ".join(parts)


def _ms(value):
    return f"{value:7.1f}" if value is not None else f"{'> 2 s':>7}"


def _voters(member):
    """Who has voted on the demo page's examples: the benchmark's member and a few others."""
    others = [User.objects.get_or_create(username=f"bench-voter-{n}")[0] for n in range(7)]
    return [User.objects.get(pk=member.user_id), *others]


def _machine(workers, threads, connections, site_env):
    return {
        "python": platform.python_version(),
        "database": connection.vendor,
        "pages": Page.objects.articles().count(),
        "examples": Example.objects.count(),
        "load": load.tool(),
        "workers": workers,
        "threads": threads,
        "connections": connections,
        "cache": site_env.get("REDIS_URL", "locmem"),
    }


def _production_env():
    # This process's key: the benchmark member's session is signed with it.
    env = {
        "DJANGO_SETTINGS_MODULE": "tropewise.settings",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        # The benchmark's members write far faster than any person may.
        "VOTE_RATE_LIMIT": "1000000000",
        "EDIT_RATE_LIMIT": "1000000000",
    }
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache") and _redis_answers():
        # A database no test uses, so a benchmark and the tests may run side by side.
        env["REDIS_URL"] = "redis://127.0.0.1:6379/5"
    return env


def _redis_answers():
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 (any failure means: no Redis here)
        return False


def _dumps(figures):
    return json.dumps(figures, indent=2, default=str) + "\n"
