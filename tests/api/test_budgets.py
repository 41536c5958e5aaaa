"""Each resource of the read API costs a fixed number of queries whatever its size: a list of
five and one of two hundred cost the same (DEVELOPERS.md, "Budgets")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CharacterFactory
from tests.helpers import edit, import_examples
from tropes.models import Example, Work
from wiki.models import Page

pytestmark = pytest.mark.django_db

# On PostgreSQL an answer of search or Go To first has its queries planned for its own words
# (wiki.search_answers.planned_for_itself): one statement more.
PLANNED = 1 if connection.vendor == "postgresql" else 0
# Address: the most queries it may cost.
BUDGETS = {
    "/api/v1/pages/Anime/BigShow": 1,
    "/api/v1/pages/Main/CommonTrope": 1,
    "/api/v1/pages?namespace=Main": 1,
    "/api/v1/works": 1,
    "/api/v1/tropes": 1,
    "/api/v1/examples?work=Anime/BigShow": 2,
    "/api/v1/examples?trope=Main/CommonTrope": 2,
    "/api/v1/examples": 1,
    "/api/v1/pages/Anime/BigShow/characters": 4,
    "/api/v1/pages/Anime/BigShow/subpages": 2,
    "/api/v1/pages/Anime/BigShow/history": 6,
    "/api/v1/pages/Main/CommonTrope/history": 6,
    "/api/v1/changes": 8,
    "/api/v1/search?q=example": 3 + PLANNED,
    "/api/v1/goto?q=trope": 3 + PLANNED,
}


def wiki_of(count, editor):
    """A work with `count` tropes, a trope in `count` works, `count` characters each with an
    example, and `count` revisions of a page: every list as long as asked."""
    import_examples(
        [(f"Trope{n}", "Anime/BigShow") for n in range(count)]
        + [("CommonTrope", f"Anime/Show{n}") for n in range(count)]
    )
    work = Work.objects.get(page__name="BigShow")
    for n in range(count):
        character = CharacterFactory(work=work, name=f"Hero {n}", name_is_spoiler=n % 2 == 0)
        Example.objects.filter(trope__page__name=f"Trope{n}", work=work).update(character=character)
    page = Page.objects.get(name="CommonTrope")
    for n in range(min(count, 60)):  # more than a screen of revisions
        edit(page, editor, f"Edit {n}", body=f"Revision {n}.")


def costs(client):
    """{address: queries} of every address of BUDGETS."""
    found = {}
    for address in BUDGETS:
        client.get(address)  # what a process reads once (the kinds of subpage) is read
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200, address
        found[address] = len(queries)
    return found


def test_each_resource_costs_the_same_for_5_items_as_for_200(client, editor):
    wiki_of(5, editor)
    small = costs(client)
    Page.objects.all().delete()
    wiki_of(200, editor)
    large = costs(client)
    over = {address: cost for address, cost in large.items() if cost > BUDGETS[address]}
    assert over == {}
    # Go To stops at its first step that finds enough titles: fewer queries, never more.
    assert {a: c for a, c in large.items() if "goto" not in a} == {
        a: c for a, c in small.items() if "goto" not in a
    }


def test_one_revision_costs_four_queries_however_long_the_history(
    client, editor, django_assert_max_num_queries
):
    wiki_of(5, editor)
    page = Page.objects.get(name="CommonTrope")
    middle = page.history.order_by("history_id")[2].history_id
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/pages/Main/CommonTrope/revisions/{middle}")
    assert response.json()["previous_id"] < middle < response.json()["next_id"]
