"""A GET never changes anything: every page of the site, read by each kind of person, runs no
INSERT, UPDATE or DELETE; and what only a POST may do answers a GET with 405."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import edit, form_data
from tropes import votes
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
PEOPLE = [None, "reader", "new_editor", "editor", "moderator", "banned_user", "admin_user"]


@pytest.fixture
def world(client, reader, new_editor, editor, moderator):
    """A wiki with something on every page: revisions, an example with a vote and a past
    version, a held change, a report, a followed page and a notice waiting."""
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Text.")
    example = ExampleFactory(
        trope=trope,
        work__page__namespace="Anime",
        work__page__name="MetallicRouge",
        text="An example.",
    )
    first = edit(trope.page, editor, "Longer", body="Longer text.").page.history.last()
    example._history_user, example.text = editor, "An example, longer."
    example.save()
    votes.cast_vote(reader, example, 4)
    client.force_login(new_editor)
    client.post(
        "/Main/BigEater/edit", form_data(Page.objects.get(pk=trope.page.pk), body="Held text.")
    )
    client.post("/Main/BigEater/report", {"reason": "wrong", "details": "Not so."})
    client.post("/Main/BigEater/follow")
    client.logout()
    return {
        "page": trope.page,
        "example": example,
        "first": first,
        "example_revision": example.history.order_by("history_id").first(),
        "held": PendingChange.objects.get(),
    }


def pages(world):
    """Every address a reader, an editor or a moderator opens, with what it needs filled in."""
    page, example, held = world["page"], world["example"], world["held"]
    first, latest = world["first"].history_id, page.history.latest("history_id").history_id
    return [
        "/",
        "/browse",
        "/random/trope",
        "/search?q=eater",
        "/goto?q=big",
        "/help/markup",
        "/changes",
        "/changes?page=2",
        "/changes/feed",
        "/moderation/log",
        "/Main/",
        "/Main/BigEater",
        "/Main/BigEater/links",
        "/Main/BigEater/aliases",
        "/Main/BigEater/history",
        "/Main/BigEater/history/feed",
        f"/Main/BigEater/history/{first}",
        f"/Main/BigEater/compare?old={first}&new={latest}",
        f"/Main/BigEater/revert/{first}",
        "/Main/BigEater/edit",
        "/Main/BigEater/move",
        "/Main/BigEater/report",
        "/Main/BigEater/examples/Anime",
        "/Main/NoSuchPage",
        "/Anime/MetallicRouge",
        "/new",
        "/examples/new?work=Anime/MetallicRouge",
        "/examples/lookup?kind=trope&q=big",
        f"/examples/{example.pk}",
        f"/examples/{example.pk}/edit",
        f"/examples/{example.pk}/delete",
        f"/examples/{example.pk}/report",
        f"/examples/{example.pk}/vote",
        f"/examples/revisions/{world['example_revision'].history_id}",
        f"/pending/{held.pk}",
        f"/pending/{held.pk}/merge",
        "/user/nina",
        "/user/nina/contributions",
        "/user/nina/rollback",
        "/user/rhea/votes/purge",
        "/accounts/signup",
        "/accounts/login",
        "/accounts/settings",
        "/accounts/email",
        "/accounts/password",
        "/accounts/password/reset",
        "/admin/",
        "/admin/wiki/pendingchange/",
        f"/admin/wiki/pendingchange/{held.pk}/change/",
        "/admin/wiki/reportcase/",
        "/admin/accounts/user/",
        "/admin/accounts/ban/",
        "/api/v1/",
        "/api/v1/pages/Main/BigEater",
        "/api/v1/pages/Main/BigEater/history",
        f"/api/v1/pages/Main/BigEater/revisions/{first}",
        "/api/v1/pages/Anime/MetallicRouge/characters",
        "/api/v1/examples?trope=Main/BigEater",
        "/api/v1/changes",
        "/api/v1/search?q=eater",
        "/api/v1/goto?q=big",
        "/api/v1/schema",
        "/api/v1/docs",
    ]


def assert_reading_writes_nothing(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, url
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == [], f"GET {url} wrote to the database"


@pytest.mark.parametrize("person", PEOPLE, ids=lambda person: person or "anonymous")
def test_reading_any_page_writes_nothing(client, world, person, request):
    if person is not None:
        client.force_login(request.getfixturevalue(person))
    for url in pages(world):
        assert_reading_writes_nothing(client, url)


def test_reading_the_changes_to_followed_pages_writes_nothing(client, world, reader):
    client.force_login(reader)
    assert_reading_writes_nothing(client, "/following")


def post_only(world):
    return [
        "/Main/BigEater/follow",
        "/following/read",
        f"/examples/revisions/{world['example_revision'].history_id}/restore",
        "/accounts/logout",
        "/accounts/preferences/spoilers",
        "/accounts/preferences/theme",
        "/accounts/notices/read",
        "/accounts/feed/reset",
        "/accounts/email/resend",
        "/markdownx/markdownify/",
        "/markdownx/upload/",
    ]


def test_what_only_a_post_may_do_answers_a_get_with_405(client, world, editor):
    client.force_login(editor)
    for url in post_only(world):
        assert client.get(url).status_code == 405, url
