"""Following pages: a button on every page, a feed of their changes, a private Atom feed."""

import pytest

from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import edit
from tropes import examples
from wiki.models import Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def trope():
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="One.")


def test_follow_and_unfollow_with_htmx_or_a_plain_form(client, reader, trope):
    client.force_login(reader)
    assert 'aria-pressed="false">Follow<' in client.get("/Main/BigEater").content.decode()
    swapped = client.post("/Main/BigEater/follow", HTTP_HX_REQUEST="true").content.decode()
    assert ">Following<" in swapped and "<html" not in swapped
    assert Follow.objects.filter(user=reader).count() == 1
    assert client.post("/Main/BigEater/follow")["Location"] == "/Main/BigEater"
    assert not Follow.objects.exists()


def test_following_needs_a_signed_in_post(client, trope):
    assert client.post("/Main/BigEater/follow")["Location"].startswith("/accounts/login")
    assert client.get("/following")["Location"].startswith("/accounts/login")


def test_the_feed_shows_changes_to_followed_pages_with_unread_counts(
    client, reader, editor, trope
):
    other = TropeFactory(page__name="SleepySentinel", page__title="Sleepy Sentinel")
    Follow.objects.create(user=reader, page=trope.page)
    edit(trope.page, editor, "Second version", body="Two.")
    edit(other.page, editor, "Not followed", body="Elsewhere.")
    example = ExampleFactory(trope=trope, text="Naomi eats.")
    client.force_login(reader)
    html = client.get("/following").content.decode()
    assert "Second version" in html and "Not followed" not in html
    assert f"Big Eater in {example.work.page.title}" in html
    assert "3 new changes since your last visit" in html  # creation, the edit, the example

    examples.edit_example(example, "Naomi eats more.", example.history.get().history_id,
                          editor, "More")
    assert "1 new change since your last visit" in client.get("/following").content.decode()


def test_the_private_atom_feed(client, reader, editor, trope):
    Follow.objects.create(user=reader, page=trope.page)
    edit(trope.page, editor, "Second version", body="Two [[spoiler:secret]].")
    client.force_login(reader)
    feed_url = client.get("/following").context["feed_url"]
    client.logout()
    feed = client.get(feed_url.replace("http://testserver", ""))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Second version" in body and "secret" not in body
    assert client.get("/following/feed/forged-token").status_code == 404
