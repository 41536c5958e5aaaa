"""Paged lists cost the same whatever screen is asked for: recent changes, contributions and
histories are paged by key, other lists cap their page numbers.

The costs are measured on a generated wiki of 30,000 examples: queries, and rows the queries
return, for one anonymous request. Before, `/changes?page=100000000` read every revision in it.
"""

import pytest

from tests.security.conftest import counting_reads
from tropes.models import Example
from wiki import revisions
from wiki.models import Page

pytestmark = pytest.mark.django_db

# One screen: at most 51 rows from each history table (50 shown and one to know there are
# more), and the previous sizes of those shown; the page looked up, a few small lookups.
MAX_QUERIES = 8
MAX_ROWS = 250


def read(client, url):
    with counting_reads() as reads:
        response = client.get(url)
    assert reads.queries <= MAX_QUERIES, f"{url}: {reads.queries} queries"
    assert reads.rows <= MAX_ROWS, f"{url}: {reads.rows} rows"
    return response


def deep_cursor(records, position):
    """A cursor just after the tenth oldest of `records`: nine more to show, at the bottom."""
    record = records.order_by("history_date", "history_id")[9]
    return revisions.Cursor.of(record, position)


@pytest.mark.parametrize("page", ["1", "100000000", "-1", "abc", "99999999999999999999999"])
def test_any_page_number_of_recent_changes_costs_what_the_first_screen_does(client, big_wiki, page):
    response = read(client, f"/changes?page={page}")
    assert response.status_code == 200
    assert response.content.decode().count('class="change-') == 50


def test_the_oldest_screens_of_recent_changes_cost_what_the_first_does(client, big_wiki):
    cursor = deep_cursor(Page.history.all(), position=0)  # pages came before their examples
    response = read(client, f"/changes?before={cursor}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="change-') == 9
    assert 'rel="prev"' in html and 'rel="next"' not in html  # newer screens, no older


def test_filtered_deep_screens_of_recent_changes_cost_what_the_first_does(client, big_wiki):
    cursor = deep_cursor(Example.history.all(), position=1)
    for query in ["namespace=Film", "kind=created", "user=prolific", "user=nobody"]:
        assert read(client, f"/changes?{query}&before={cursor}").status_code == 200


def test_newer_screens_cost_what_older_ones_do(client, big_wiki):
    cursor = deep_cursor(Example.history.all(), position=1)
    response = read(client, f"/changes?after={cursor}")
    assert response.content.decode().count('class="change-') == 50


def test_the_deep_history_of_the_biggest_trope_costs_what_its_first_screen_does(client, big_wiki):
    trope = big_wiki.biggest_trope
    assert trope.examples.count() >= 1_000
    url = f"{trope.page.get_absolute_url()}/history"
    assert read(client, url).status_code == 200
    cursor = deep_cursor(Example.history.filter(trope_id=trope.pk), position=1)
    response = read(client, f"{url}?before={cursor}&page=100000000")
    assert response.status_code == 200
    assert response.content.decode().count('class="change-') >= 9


def test_the_deep_contributions_of_the_most_prolific_member_cost_what_the_first_do(
    client, big_wiki
):
    url = f"/user/{big_wiki.prolific.username}/contributions"
    assert read(client, f"{url}?page=100000000").status_code == 200
    edits = Example.history.filter(history_user=big_wiki.prolific)
    response = read(client, f"{url}?before={deep_cursor(edits, position=1)}")
    assert response.content.decode().count('class="change-') == 9


@pytest.mark.parametrize("cursor", ["abc", "-1-2-3", "1-2", "999999999999999999-1-1", "1-2-3x"])
def test_a_cursor_no_link_makes_is_refused_with_a_message(client, big_wiki, cursor):
    for url in [
        "/changes",
        f"/user/{big_wiki.prolific.username}/contributions",
        f"{big_wiki.biggest_trope.page.get_absolute_url()}/history",
    ]:
        response = read(client, f"{url}?before={cursor}")
        assert response.status_code == 400
        assert "names no place in the list of changes" in response.content.decode()
        assert read(client, f"{url}?after={cursor}").status_code == 400


def test_the_feeds_cost_what_a_screen_does(client, big_wiki):
    assert read(client, "/changes/feed").status_code == 200
    history = f"{big_wiki.biggest_trope.page.get_absolute_url()}/history/feed"
    assert read(client, history).status_code == 200


@pytest.mark.parametrize("page", ["100000000", "-1", "abc"])
def test_lists_paged_by_number_answer_any_page_number_within_a_screens_cost(client, big_wiki, page):
    trope = big_wiki.biggest_trope.page.get_absolute_url()
    medium = (
        Example.objects.filter(trope=big_wiki.biggest_trope)
        .values_list("work__page__namespace", flat=True)
        .first()
    )
    for url in [
        "/Main/",
        f"{trope}/links",
        "/search?q=hero",
        f"{trope}/examples/{medium}",
        "/moderation/log",
    ]:
        assert read(client, f"{url}?page={page}").status_code in (200, 404), url
