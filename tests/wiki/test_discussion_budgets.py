"""What discussions cost: a page's discussion and a thread cost a fixed number of queries,
however many threads and posts they show; the page's own view keeps its budget."""

import pytest

from tests.factories import PageFactory, TropeFactory, UserFactory
from wiki.discussions import moderating, open_thread, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    """A page of the engine's own kind: boxes other apps show on a discussion (a trope's wick
    checks) count their own queries, a fixed number each."""
    return PageFactory(name="BigEater", title="Big Eater")


def busy(page, threads, posts):
    """`threads` threads on `page`, the first with `posts` posts by as many people, one hidden."""
    people = [UserFactory() for _ in range(max(posts, threads))]
    opened = [
        open_thread(page, title=f"Thread {n}", author=people[n], text=f"Post [[spoiler:{n}]].")
        for n in range(threads)
    ]
    for n in range(1, posts):
        post = reply(opened[0], author=people[n], text=f"Reply {n}, see BigEater.")
    if posts > 1:
        moderating.hide_post(post, people[0], "Off topic")
    return opened[0]


@pytest.mark.parametrize("count", [1, 30])
def test_a_discussion_page_costs_the_same_whatever_its_threads(
    client, page, reader, count, django_assert_max_num_queries
):
    busy(page, count, 1)
    with django_assert_max_num_queries(3):  # the page, its threads counted, a screen of them
        assert client.get("/Main/BigEater/discussion").status_code == 200
    client.force_login(reader)
    # And the session, the member, their groups, bans and notices.
    with django_assert_max_num_queries(3 + 5):
        assert client.get("/Main/BigEater/discussion").status_code == 200


@pytest.mark.parametrize("count", [1, 40])
def test_a_thread_costs_the_same_whatever_its_posts(
    client, page, moderator, count, django_assert_max_num_queries
):
    thread = busy(page, 1, count)
    with django_assert_max_num_queries(
        4
    ):  # the page, the thread, its posts counted, a screen of them
        assert client.get(thread.get_absolute_url()).status_code == 200
    client.force_login(moderator)
    # And the session, the member, their groups, bans and notices, and whether they follow it.
    with django_assert_max_num_queries(4 + 6):
        assert client.get(thread.get_absolute_url()).status_code == 200


def test_a_page_with_threads_keeps_its_budget(client, django_assert_max_num_queries):
    page = TropeFactory(page__name="BigEater", page__title="Big Eater").page
    busy(page, 5, 1)
    with django_assert_max_num_queries(7):
        html = client.get("/Main/BigEater").content.decode()
    assert "Discussion (5)" in html
