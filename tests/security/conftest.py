"""What the security tests share: a generated wiki big enough to show what a request costs,
and a count of the queries and rows one request reads."""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from tests.factories import UserFactory
from tropes.models import Example, Trope, Work
from wiki.models import Link, Page, SearchEntry

BIG_WIKI = {"tropes": 500, "works": 1000, "examples": 30_000}
PROLIFIC_EDITS = 5_000  # revisions made by one member, for their contributions
# What the generator fills, parents before children: emptied again, in reverse, afterwards.
GENERATED = [Page, Page.history.model, Work, Work.history.model, Trope, Trope.history.model,
             Example, Example.history.model, Link, SearchEntry]


@dataclass
class BigWiki:
    biggest_trope: Trope
    prolific: object  # the member who made PROLIFIC_EDITS of the examples' revisions


def pytest_collection_modifyitems(items):
    """Tests on the big wiki run last: it stays in the database from the first of them to
    the end of the session, and no other test expects to find it there."""
    items.sort(key=lambda item: "big_wiki" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def big_wiki(django_db_setup, django_db_blocker):
    """A generated wiki of 1,500 pages and 30,000 examples, built once per session (about 40 s
    on SQLite) outside the tests' transactions, so every test that asks for it sees it."""
    with django_db_blocker.unblock():
        last = {model: _last_pk(model) for model in GENERATED}
        call_command("generate_wiki", **BIG_WIKI, stdout=_Discard(), stderr=_Discard())
        prolific = UserFactory(username="prolific")
        # Test data only: the importer's revisions have no author, so give some one.
        revisions = Example.history.order_by("history_id").values("history_id")[:PROLIFIC_EDITS]
        Example.history.filter(history_id__in=revisions).update(history_user=prolific)
        biggest = Trope.objects.annotate(size=Count("examples")).order_by("-size").first()
    yield BigWiki(biggest_trope=biggest, prolific=prolific)
    with django_db_blocker.unblock():
        _remove_generated(last)
        prolific.delete()


def _last_pk(model):
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _remove_generated(last):
    # Plain DELETEs: the ORM would collect and signal 30,000 examples one by one. Foreign keys
    # are checked at commit, so the order of the tables does not matter inside one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(GENERATED):
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table)} "  # noqa: S608 (model names)
                f"WHERE {connection.ops.quote_name(pk)} > %s",
                [last[model]],
            )


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


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
                counter.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608
                reads.rows += counter.fetchone()[0]
            finally:
                counter.close()
        return result

    with connection.execute_wrapper(count):
        yield reads
