"""Moderators work from the Django admin: every model is listed, searchable and has history."""

import pytest

from tests.factories import ExampleFactory, UserFactory
from tropes import votes

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/wiki/page/",
    "/admin/wiki/link/",
    "/admin/tropes/work/",
    "/admin/tropes/trope/",
    "/admin/tropes/example/",
    "/admin/tropes/examplevote/",
    "/admin/accounts/user/",
    "/admin/accounts/ban/",
    "/admin/accounts/moderatoraction/",
]


@pytest.fixture
def example():
    example = ExampleFactory(trope__page__title="Big Eater", work__page__title="Metallic Rouge")
    votes.cast_vote(UserFactory(), example, 4)
    return example


@pytest.mark.parametrize("url", CHANGELISTS)
def test_every_changelist_opens_and_searches(client, admin_user, example, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Eater"}).status_code == 200


def test_page_history_view_lists_revisions_with_author_and_summary(client, admin_user, example):
    page = example.trope.page
    page.body = "Rewritten."
    page._change_reason = "Tightened the description"
    page._history_user = admin_user
    page.save()
    client.force_login(admin_user)
    html = client.get(f"/admin/wiki/page/{page.pk}/history/").content.decode()
    assert "Tightened the description" in html
    assert admin_user.username in html


def test_example_history_is_tracked(client, admin_user, example):
    client.force_login(admin_user)
    response = client.get(f"/admin/tropes/example/{example.pk}/history/")
    assert response.status_code == 200


def test_votes_are_read_only_in_the_admin(client, admin_user, example):
    client.force_login(admin_user)
    vote = example.votes.get()
    response = client.post(f"/admin/tropes/examplevote/{vote.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    example.refresh_from_db()
    assert example.rating_count == 1


def test_readers_cannot_open_the_admin(client, reader):
    client.force_login(reader)
    assert client.get("/admin/wiki/page/")["Location"].startswith("/admin/login/")
