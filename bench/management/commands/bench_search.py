"""Search and Go To latency at scale, as readers meet it.

Fills the configured database up to --pages pages (from ../shared/data/tvtropes when it is
there, synthetic pages otherwise), then times the work the search page and the Go To box do
for each query: ranking, counting, the first page of results with snippets, or the
suggestions; then the same queries again, answered from what wiki.search_answers kept.
Prints percentiles; it asserts nothing.
"""

import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import override_settings

from wiki import search, search_answers
from wiki.models import Page

SHARED = Path(settings.BASE_DIR).parent / "shared/data/tvtropes"


class Command(BaseCommand):
    help = "Measure search and Go To latency with a wiki of --pages pages."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--json", help="also write the figures to this file")
        parser.add_argument(
            "--generated",
            action="store_true",
            help="fill with synthetic pages even when the real data set is there",
        )

    def handle(self, pages, queries, generated, json=None, **options):
        self._fill(pages, generated)
        total = Page.objects.articles().count()
        rng = random.Random(7)
        titles = list(Page.objects.articles().values_list("title", flat=True))
        sample = [rng.choice(titles) for _ in range(queries)]
        words = [w for t in sample for w in t.split() if len(w) > 3] or ["hero"]
        common = _commonest_words(titles)
        figures = {
            "search: exact title": self._time(sample, _search_page),
            "search: title with a typo": self._time([_typo(rng, t) for t in sample], _search_page),
            "search: one word": self._time([rng.choice(words) for _ in sample], _search_page),
            "search: two words, one excluded": self._time(
                [f"{rng.choice(words)} -{rng.choice(words)}" for _ in sample], _search_page
            ),
            "search: the commonest words": self._time(
                [rng.choice(common) for _ in sample], _search_page
            ),
            "go to: first letters": self._time([t[:3] for t in sample], _suggest),
            "go to: letters inside the title": self._time([t[2:7] for t in sample], _suggest),
            "go to: title with a typo": self._time([_typo(rng, t) for t in sample], _suggest),
            "search: exact title, answer kept": self._time_kept(sample, _search_page),
            "go to: first letters, answer kept": self._time_kept([t[:3] for t in sample], _suggest),
        }
        self.stdout.write(f"\n{total:,} pages on {connection.vendor}, {queries} queries each\n")
        self.stdout.write(f"{'':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, times in figures.items():
            self.stdout.write(
                f"{label:34} {times['p50']:8.1f} {times['p95']:8.1f} {times['max']:8.1f}"
            )
        if json:
            Path(json).write_text(
                _dumps({"pages": total, "database": connection.vendor, "latency_ms": figures})
            )

    def _fill(self, pages, generated):
        have = Page.objects.articles().count()
        if have >= pages:
            return
        if SHARED.exists() and pages > 1000 and not generated:
            self.stderr.write(f"Importing {SHARED} …")
            call_command("import_tropes", str(SHARED), stdout=self.stderr)
        else:
            missing = pages - have
            self.stderr.write(f"Generating {missing:,} pages …")
            call_command(
                "generate_wiki",
                tropes=missing // 2,
                works=missing - missing // 2,
                examples=missing,
                seed=have,
                stdout=self.stderr,
            )

    def _time_kept(self, texts, run):
        """The same queries asked again, answered from what was kept after the first time.
        This process's local-memory cache stands in for the shared one; with Redis add a
        read of the index's generation, a fraction of a millisecond."""

        def again(text):
            return search_answers.remembered(("bench", run.__name__, text), lambda: run(text))

        with override_settings(PAGE_STAMPS_SHARED=True):
            for text in texts:
                again(text)
            return self._time(texts, again)

    def _time(self, texts, run):
        run(texts[0])  # warm the connection and the plan cache
        times = []
        for text in texts:
            start = time.perf_counter()
            run(text)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        return {
            "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
            "max": times[-1],
        }


def _search_page(text):
    """What the search view computes for the first page of results, planned as it plans it
    (search_answers.remembered)."""

    def first_page():
        page = Paginator(search.search(text), 20).get_page(1)
        return search.results(page, text)

    return search_answers.planned_for_itself(first_page)


def _suggest(text):
    """What Go To computes, planned as it plans it."""
    return search_answers.planned_for_itself(lambda: search.suggest(text))


def _commonest_words(titles):
    """The words in the most pages: on PostgreSQL the index's own (stemmed) lexemes, which
    the most results are ranked for; elsewhere the commonest long words of titles."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT vector FROM wiki_searchentry') "
                "ORDER BY ndoc DESC LIMIT 20"
            )
            return [word for (word,) in cursor.fetchall()]
    counts = Counter(w.lower() for t in titles for w in t.split() if len(w) > 3)
    return [word for word, _ in counts.most_common(20)] or ["hero"]


def _typo(rng, title):
    if len(title) < 5:
        return title
    at = rng.randrange(1, len(title) - 1)
    return title[:at] + title[at + 1 :]


def _dumps(data):
    return json.dumps(data, indent=2)
