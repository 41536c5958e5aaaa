"""What the security tests share: a generated wiki big enough to show what a request costs,
and a count of the queries and rows one request reads."""

import io
import json
import random
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from tests.factories import UserFactory
from tropes.management.commands.generate_wiki import WORDS
from tropes.media import MEDIA
from tropes.models import Example, Trope

BIG_WIKI = {"tropes": 500, "works": 1000, "examples": 30_000}
PROLIFIC_EDITS = 5_000  # revisions made by one member, for their contributions


@dataclass
class BigWiki:
    biggest_trope: Trope
    prolific: object  # the member who made PROLIFIC_EDITS of the examples' revisions


@pytest.fixture(scope="module")
def big_wiki(django_db_setup, django_db_blocker):
    """A generated wiki of 1,500 pages and 30,000 examples, built once for a module of tests
    that all use it, inside a transaction rolled back after the last of them: each test sees
    it in a savepoint of its own, and no test of another module finds it there."""
    with django_db_blocker.unblock(), transaction.atomic():
        with tempfile.TemporaryDirectory() as directory:
            _write_big_wiki(Path(directory), **BIG_WIKI)
            call_command("import_tropes", directory, stdout=io.StringIO(), stderr=io.StringIO())
        prolific = UserFactory(username="prolific")
        # Test data only: the importer's revisions have no author, so give some one.
        revisions = Example.history.order_by("history_id").values("history_id")[:PROLIFIC_EDITS]
        Example.history.filter(history_id__in=revisions).update(history_user=prolific)
        biggest = Trope.objects.annotate(size=Count("examples")).order_by("-size").first()
        yield BigWiki(biggest_trope=biggest, prolific=prolific)
        transaction.set_rollback(True)


def _write_big_wiki(directory, tropes, works, examples, texts=300, seed=2128):
    """The importer's files for a wiki shaped like a real one: a few tropes have most of the
    examples. The examples share `texts` texts, and rendering is memoised: the importer
    renders each text once, and the wiki is built in a third less time than with texts all
    different (what the tests measure, rows and queries, does not depend on the texts)."""
    rng = random.Random(seed)
    trope_ids = [f"GeneratedTrope{n}" for n in range(tropes)]
    work_ids = [f"{rng.choice(list(MEDIA))}/GeneratedShow{n}" for n in range(works)]

    def sentence():
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        if rng.random() < 0.2:
            words += f" [[spoiler:the {rng.choice(WORDS)} was a {rng.choice(WORDS)}]]"
        if rng.random() < 0.3:
            words += f", much like [[Main/{rng.choice(trope_ids)}]]"
        return words + "."

    pool = [f"{sentence()} {sentence()}" for _ in range(texts)]
    pairs = set()
    while len(pairs) < examples:
        skewed = min(int(rng.paretovariate(1.2)) - 1, tropes - 1)
        pairs.add((trope_ids[skewed], rng.choice(work_ids)))
    files = {
        "tropes.jsonl": ({"id": t, "name": t, "description": sentence()} for t in trope_ids),
        "works.jsonl": ({"id": w, "name": w, "media": w.split("/")[0]} for w in work_ids),
        "examples.jsonl": (
            {"trope": t, "work": w, "text": rng.choice(pool)} for t, w in sorted(pairs)
        ),
    }
    for name, rows in files.items():
        (directory / name).write_text("".join(json.dumps(row) + "\n" for row in rows))


@dataclass
class Reads:
    queries: int = 0
    rows: int = 0


@contextmanager
def counting_reads():
    """Count the queries run inside the block and the rows their SELECTs returned.

    Each SELECT's rows are counted by the database itself (a COUNT over the same statement),
    on a bare cursor that neither runs through this wrapper nor shows in Django's query log.
    """
    reads = Reads()

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        reads.queries += 1
        if not many and sql.lstrip().upper().startswith("SELECT"):
            counter = context["connection"].create_cursor()
            try:
                counter.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
                reads.rows += counter.fetchone()[0]
            finally:
                counter.close()
        return result

    with connection.execute_wrapper(count):
        yield reads
