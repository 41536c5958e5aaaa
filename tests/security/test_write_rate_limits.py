"""Every write counts against its rate limit, and no author can bury the review queue."""

import time
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import ratelimit
from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import form_data
from tropes import examples
from wiki import editing, moderation
from wiki.models import Follow, Page, PendingChange

pytestmark = pytest.mark.django_db

ATTEMPTS = 10
LIMIT = 3


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """The limits count in windows of a minute: a test's writes all fall in one, as a burst
    of writes would, rather than in two when a test runs across the turn of a minute."""
    at = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: at))


@pytest.fixture
def trope():
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Original.")


def create_pages(client, people, trope):
    client.force_login(people["editor"])
    codes = [
        client.post(
            "/new", {"kind": "work", "medium": "Film", "title": f"Fresh Trope {n}"}
        ).status_code
        for n in range(ATTEMPTS)
    ]
    return codes, Page.objects.filter(name__startswith="FreshTrope").count()


def remove_examples(client, people, trope):
    client.force_login(people["new_editor"])
    pks = [ExampleFactory(trope=trope).pk for _ in range(ATTEMPTS)]
    codes = [
        client.post(f"/examples/{pk}/delete", {"summary": "Off topic"}).status_code for pk in pks
    ]
    return codes, PendingChange.objects.count()


def revert(client, people, trope):
    first = editing.latest_revision(trope.page)
    editing.edit_page(trope.page, {"body": "Changed."}, first.history_id, people["editor"])
    latest = editing.latest_revision(trope.page)
    client.force_login(people["new_editor"])
    codes = [
        client.post(
            f"/Main/BigEater/revert/{first.history_id}", {"base_revision": latest.history_id}
        ).status_code
        for _ in range(ATTEMPTS)
    ]
    return codes, PendingChange.objects.count()


def follow(client, people, trope):
    client.force_login(people["reader"])
    codes = [client.post("/Main/BigEater/follow").status_code for _ in range(ATTEMPTS)]
    return codes, Follow.objects.count()  # following toggles: 3 requests leave one row


def move(client, people, trope):
    client.force_login(people["editor"])
    codes = [
        client.post(
            "/Main/BigEater/move",
            {"namespace": "Main", "name": "BigEater", "title": f"Big Eater {n}", "summary": ""},
        ).status_code
        for n in range(ATTEMPTS)
    ]
    return codes, trope.page.history.count() - 1


def add_aliases(client, people, trope):
    client.force_login(people["editor"])
    codes = [
        client.post(
            "/Main/BigEater/aliases", {"namespace": "Main", "name": f"Glutton{n}"}
        ).status_code
        for n in range(ATTEMPTS)
    ]
    return codes, Page.objects.filter(redirect_to=trope.page).count()


def restore(client, people, trope):
    example = ExampleFactory(trope=trope, text="First.")
    first = example.history.get()
    examples.edit_example(example, "Second.", first.history_id, people["editor"])
    second = example.history.order_by("-history_id").first()
    client.force_login(people["editor"])
    codes = [
        client.post(f"/examples/revisions/{(first, second)[n % 2].history_id}/restore").status_code
        for n in range(ATTEMPTS)
    ]
    return codes, example.history.count() - 2


# (what, how: (client, people, trope) -> (status codes, rows the requests left))
WRITES = [
    ("new pages", create_pages, LIMIT),
    ("example removals", remove_examples, LIMIT),
    ("reverts", revert, LIMIT),
    ("follows", follow, 1),
    ("moves", move, LIMIT),
    ("other names", add_aliases, LIMIT),
    ("example restores", restore, LIMIT),
]


@pytest.mark.parametrize("what, act, rows", WRITES, ids=[row[0] for row in WRITES])
def test_the_fourth_write_in_a_minute_is_refused_with_a_429(
    client, settings, trope, reader, new_editor, editor, what, act, rows
):
    settings.EDIT_RATE_LIMIT = LIMIT
    people = {"reader": reader, "new_editor": new_editor, "editor": editor}
    codes, left = act(client, people, trope)
    assert 429 not in codes[:LIMIT]
    assert codes[LIMIT:] == [429] * (ATTEMPTS - LIMIT)
    assert left == rows


def test_a_refused_write_says_to_wait(client, settings, editor, trope):
    settings.EDIT_RATE_LIMIT = 0
    client.force_login(editor)
    response = client.post("/Main/BigEater/follow")
    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()


def test_anonymous_posts_do_not_use_up_the_members_limit(client, settings, editor, trope):
    settings.EDIT_RATE_LIMIT = 1
    for _ in range(5):
        response = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "Glutton"})
        assert response["Location"].startswith("/accounts/login")
    client.force_login(editor)
    assert client.post("/Main/BigEater/follow").status_code == 302


def held_edit(client, page, n):
    return client.post(f"/{page.full_name}/edit", form_data(page, body=f"Change {n}."))


def test_an_author_with_too_many_changes_waiting_is_refused_more(
    client, settings, new_editor, moderator, trope
):
    settings.MAX_PENDING_PER_AUTHOR = 2
    client.force_login(new_editor)
    assert [held_edit(client, trope.page, n).status_code for n in range(2)] == [302, 302]
    refused = held_edit(client, trope.page, 3)
    assert refused.status_code == 429
    assert "You have 2 changes waiting for review" in refused.content.decode()
    # Any kind counts.
    other = client.post("/new", {"kind": "work", "medium": "Film", "title": "Fresh Film"})
    assert other.status_code == 429
    assert PendingChange.objects.count() == 2

    moderation.reject(PendingChange.objects.first(), moderator, "Not an improvement")
    assert held_edit(client, trope.page, 4).status_code == 302
    assert PendingChange.objects.waiting().count() == 2


def test_the_cap_on_waiting_changes_is_per_author(client, settings, new_editor, reader, trope):
    settings.MAX_PENDING_PER_AUTHOR = 1
    client.force_login(new_editor)
    held_edit(client, trope.page, 1)
    client.force_login(reader)
    assert held_edit(client, trope.page, 2).status_code == 302
    assert PendingChange.objects.count() == 2


def test_the_cap_does_not_stop_changes_that_go_live(client, settings, editor, trope):
    settings.MAX_PENDING_PER_AUTHOR = 1
    locked = TropeFactory(page__name="Locked", page__protection=Page.Protection.LOCKED).page
    client.force_login(editor)
    held_edit(client, locked, 1)
    assert held_edit(client, locked, 2).status_code == 429
    assert held_edit(client, trope.page, 3).status_code == 302
    trope.page.refresh_from_db()
    assert trope.page.body == "Change 3."


# Views of the wiki and its tropes that never change anything, so need no write limit.
READ_ONLY = {
    "tropes:home",
    "tropes:browse",
    "tropes:random",
    "tropes:example_lookup",
    "tropes:example",
    "tropes:example_revision",
    "tropes:trope_medium",
    "tropes:laconic",
    "tropes:cleanup",
    "tropes:launch_pad",
    "tropes:repair",
    "tropes:repair_case",
    "tropes:wickcheck",
    "tropes:character_order",  # the list the move buttons post from
    "wiki:markup_help",
    "wiki:robots",
    "wiki:sitemap",
    "wiki:sitemap_section",
    "wiki:dumps",
    "wiki:dump_file",
    "wiki:search",
    "wiki:following",
    "wiki:following_feed",
    "wiki:goto",
    "wiki:changes",
    "wiki:pending_change",
    "wiki:changes_feed",
    "wiki:profile",
    "wiki:contributions",
    "wiki:namespace",
    "wiki:page",
    "wiki:links_here",
    "wiki:history",
    "wiki:history_feed",
    "wiki:discussion",
    "wiki:thread",
    "wiki:post_history",
    "wiki:post",
    "wiki:revision",
    "wiki:compare",
}


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern.callback


def test_every_view_that_changes_the_wiki_is_rate_limited():
    unlimited = [
        name
        for name, view in url_names(get_resolver().url_patterns)
        if name.split(":")[0] in ("wiki", "tropes", "markdownx_markdownify", "markdownx_upload")
        and name not in READ_ONLY
        and not hasattr(view, "rate_limit_scope")
    ]
    assert unlimited == []
