"""The site under load, served as in production, beside a bare Django view.

Fills the configured database (the real data set with its link-only examples when
../shared/data/tvtropes is there, synthetic pages otherwise; --quick: a small synthetic
wiki), starts gunicorn with production settings and a bare Django view under the same
gunicorn settings, and drives both from another process (wrk, or bench.pyload).
Prints a table and writes the figures as JSON. It asserts nothing.
"""

import http.client
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count, F, Func

from bench import forms, load, members, servers
from tropes.importing import Importer
from tropes.management.commands.import_tropes import ProgressBar
from tropes.models import Example, Trope, Work
from wiki.models import Page

SHARED = Path(settings.BASE_DIR).parent / "shared/data/tvtropes"
WORK_EXAMPLES, TROPE_EXAMPLES = 150, 2_000  # the sizes of page the targets speak of


class Command(BaseCommand):
    help = "Measure page views, search, votes and edits under gunicorn, against bare Django."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="a small wiki and short runs: checks the benchmark still works",
        )
        parser.add_argument("--seconds", type=float, help="each load run (default 10, quick 2)")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--json", default=str(Path(settings.BASE_DIR) / "var/bench.json"))

    def handle(self, quick, seconds, connections, workers, threads, json, **options):
        seconds = seconds or (2 if quick else 10)
        writes = 20 if quick else 200
        self._fill(quick)
        work, trope = _closest(Work, WORK_EXAMPLES), _closest(Trope, TROPE_EXAMPLES)
        member = members.trusted_editor("benchmark")
        site_env = _production_env()
        # Under production settings, which keep hashed, compressed files and their manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env={**os.environ, **site_env},
            check=True,
        )
        self.stderr.write(
            f"Serving with {workers} workers × {threads} threads; load from "
            f"{load.tool()}, {connections} connections, {seconds:g} s a run; "
            f"cache: {site_env.get('REDIS_URL', 'local memory')}"
        )
        reads = [
            ("anonymous home", "/", {}),
            (f"work page ({work.n} examples)", work.page.get_absolute_url(), {}),
            (f"trope page ({trope.n} examples)", trope.page.get_absolute_url(), {}),
            ("search", "/search?" + urlencode({"q": trope.page.title}), {}),
            (
                "go to suggestions",
                "/goto?" + urlencode({"q": work.page.title[:3]}),
                {"HX-Request": "true"},
            ),
            ("work page, signed in", work.page.get_absolute_url(), member.headers),
        ]
        rows = []
        with (
            servers.gunicorn("bench.wsgi:application", site_env, workers, threads) as site,
            servers.gunicorn(
                "bench.bare_wsgi:application", {}, workers, threads, probe="/1"
            ) as bare,
        ):
            for label, path, headers in reads:
                self.stderr.write(f"  {label} …")
                rows.append(self._read(label, site, bare, path, headers, connections, seconds))
            rows.append(
                self._read(
                    "trope page, one connection",
                    site,
                    bare,
                    trope.page.get_absolute_url(),
                    {},
                    1,
                    seconds,
                )
            )
            example = work.examples.order_by("pk").first()
            rows.append(
                _writes(
                    "vote",
                    site,
                    writes,
                    member,
                    lambda i: (
                        f"/examples/{example.pk}/vote",
                        {"value": str(i % 5 + 1)},
                        {"HX-Request": "true"},
                    ),
                    saved=lambda answer: b"Vote saved" in answer.body,
                )
            )
            rows.append(_edits(site, writes, member, work.page))
        figures = {
            "machine": {
                "python": platform.python_version(),
                "database": connection.vendor,
                "pages": Page.objects.articles().count(),
                "examples": Example.objects.count(),
                "load": load.tool(),
                "workers": workers,
                "threads": threads,
                "connections": connections,
                "seconds": seconds,
                "cache": site_env.get("REDIS_URL", "locmem"),
            },
            "results": rows,
        }
        self._print(figures)
        Path(json).parent.mkdir(parents=True, exist_ok=True)
        Path(json).write_text(_dumps(figures))
        self.stdout.write(f"Figures written to {json}")

    def _fill(self, quick):
        examples = Example.objects.count()
        if quick:
            if examples < 2_000:
                call_command(
                    "generate_wiki",
                    tropes=200,
                    works=400,
                    examples=4_000,
                    seed=examples,
                    stdout=self.stderr,
                )
        elif SHARED.exists():
            if examples < 100_000:
                self.stderr.write(f"Importing {SHARED} with its link-only examples …")
                call_command("import_tropes", str(SHARED), link_examples=True, stdout=self.stderr)
        elif examples < 100_000:
            self.stderr.write("Generating a wiki at full size …")
            call_command(
                "generate_wiki",
                tropes=20_000,
                works=20_000,
                examples=300_000,
                seed=examples,
                stdout=self.stderr,
            )
        if not quick:
            self._grow_biggest_trope()

    def _grow_biggest_trope(self):
        """The site we replace has tropes with thousands of examples; the real set's biggest
        has about 1,100. Give the biggest trope TROPE_EXAMPLES, in works it is missing from,
        with placeholder text as --link-examples writes it."""
        trope = (
            Trope.objects.select_related("page")
            .annotate(n=Count("examples"))
            .order_by("-n")
            .first()
        )
        missing = TROPE_EXAMPLES - trope.n
        if missing <= 0:
            return
        works = Work.objects.exclude(examples__trope=trope).select_related("page")[:missing]
        rows = [
            {
                "trope": trope.page.name,
                "work": w.page.full_name,
                "text": f"{w.page.title} uses this trope.",
            }
            for w in works
        ]
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            for name in ("tropes.jsonl", "works.jsonl"):
                (folder / name).write_text("")
            (folder / "examples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
            Importer(folder, progress=ProgressBar(self.stderr)).run()

    def _read(self, label, site, bare, path, headers, connections, seconds):
        header_lines = [f"{name}: {value}" for name, value in headers.items()]
        cold = _request(site + path, headers=headers)
        result = load.run(site + path, connections, seconds, header_lines)
        warm = _request(site + path, headers=headers)
        yardstick = load.run(f"{bare}/{len(warm.body)}", connections, seconds)
        return {
            "what": label,
            "path": path,
            **result,
            "bytes": len(warm.body),
            "status": warm.status,
            "queries_cold": cold.queries,
            "queries_warm": warm.queries,
            "bare_rps": yardstick["rps"],
            "ratio": result["rps"] / yardstick["rps"] if yardstick["rps"] else None,
        }

    def _print(self, figures):
        machine = figures["machine"]
        self.stdout.write(
            f"\n{machine['pages']:,} pages, {machine['examples']:,} examples on "
            f"{machine['database']}; {machine['connections']} connections unless said\n"
        )
        self.stdout.write(
            f"{'':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
            f"{'queries':>8} {'KB':>6} {'bare/s':>8} {'ratio':>6}"
        )
        for row in figures["results"]:
            queries = (
                f"{row['queries_cold']}/{row['queries_warm']}"
                if "queries_cold" in row
                else str(row.get("queries", ""))
            )
            bare = f"{row['bare_rps']:8.0f}" if row.get("bare_rps") else f"{'':8}"
            ratio = f"{row['ratio']:6.0%}" if row.get("ratio") else f"{'':6}"
            self.stdout.write(
                f"{row['what'][:34]:34} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
                f"{row['p99_ms']:8.1f} {row['errors']:6} {queries:>8} "
                f"{row['bytes'] / 1024:6.1f} {bare} {ratio}"
            )
        self.stdout.write("queries: cold/warm cache for page views; per request for writes\n")


def _closest(model, examples):
    """The trope or work whose number of examples is nearest `examples`."""
    return (
        model.objects.select_related("page")
        .annotate(n=Count("examples"))
        .order_by(Func(F("n") - examples, function="ABS"), "pk")
        .first()
    )


def _production_env():
    # This process's key: the benchmark member's session is signed with it.
    env = {
        "DJANGO_SETTINGS_MODULE": "tropewise.settings",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        # The benchmark member writes far faster than any person may.
        "VOTE_RATE_LIMIT": "1000000000",
        "EDIT_RATE_LIMIT": "1000000000",
    }
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache") and _redis_answers():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    return env


def _redis_answers():
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 (any failure means: no Redis here)
        return False


class _Response:
    def __init__(self, status, headers, body):
        self.status, self.body = status, body
        self.queries = int(headers.get("X-Queries", 0))
        self.location = headers.get("Location", "")


def _request(url, method="GET", headers=None, body=None):
    parts = urlsplit(url)
    client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    client.request(method, path, body=body, headers=headers or {})
    response = client.getresponse()
    result = _Response(response.status, dict(response.getheaders()), response.read())
    client.close()
    return result


def _post(url, member, fields, headers=None):
    return _request(
        url,
        "POST",
        {
            **member.headers,
            "X-CSRFToken": member.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
            **(headers or {}),
        },
        urlencode(fields),
    )


def _writes(label, site, count, member, make, saved):
    """`count` writes one after the other (one connection), `make(i)` giving each one's
    path, fields and headers untimed: their latency. An answer not `saved` is an error."""
    times, errors = [], 0
    for i in range(count):
        path, fields, headers = make(i)
        started = time.perf_counter()
        response = _post(site + path, member, fields, headers)
        times.append((time.perf_counter() - started) * 1000)
        errors += not saved(response)
    times.sort()
    return {
        "what": f"{label}, one connection",
        "rps": len(times) / (sum(times) / 1000),
        "p50_ms": times[len(times) // 2],
        "p99_ms": times[int(len(times) * 0.99)],
        "requests": len(times),
        "errors": errors,
        "queries": response.queries,
        "bytes": len(response.body),
    }


def _edits(site, count, member, page):
    """Page edits, each from a freshly loaded form as an editor would send it."""
    path = page.get_absolute_url() + "/edit"

    def edit(i):
        served = _request(site + path, headers=member.headers).body.decode()
        fields = forms.posting_to(served, site + path, path).fields
        fields["body"] = fields.get("body", "").split("\n\nBenchmark edit")[0] + (
            f"\n\nBenchmark edit {i}."
        )
        fields["summary"] = f"Benchmark edit {i}"
        return path, fields, {}

    return _writes(
        "edit save",
        site,
        count,
        member,
        edit,
        saved=lambda answer: answer.status == 302 and answer.location == page.get_absolute_url(),
    )


def _dumps(figures):
    return json.dumps(figures, indent=2, default=str) + "\n"
