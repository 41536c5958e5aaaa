"""Following pages: a button on every page, a feed of their changes, a private Atom feed."""

import pytest
from django.utils import timezone

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


def test_the_feed_shows_changes_to_followed_pages_with_unread_counts(client, reader, editor, trope):
    other = TropeFactory(page__name="SleepySentinel", page__title="Sleepy Sentinel")
    Follow.objects.create(user=reader, page=trope.page)
    edit(trope.page, editor, "Second version", body="Two.")
    edit(other.page, editor, "Not followed", body="Elsewhere.")
    example = ExampleFactory(trope=trope, text="Naomi eats.")
    client.force_login(reader)
    response = client.get("/following")
    html = response.content.decode()
    assert "Second version" in html and "Not followed" not in html
    assert f"Big Eater in {example.work.page.title}" in html
    assert "3 new changes since you last marked them read" in html  # creation, edit, example
    assert "3 new changes" in client.get("/following").content.decode()  # reading marks nothing

    until = response.context["newest"].isoformat()
    assert client.post("/following/read", {"until": until})["Location"] == "/following"
    assert "0 new changes" in client.get("/following").content.decode()
    examples.edit_example(
        example, "Naomi eats more.", example.history.get().history_id, editor, "More"
    )
    html = client.get("/following").content.decode()
    assert "1 new change since you last marked them read" in html


def test_marking_read_never_goes_back_nor_past_now(client, reader, trope):
    Follow.objects.create(user=reader, page=trope.page)
    client.force_login(reader)
    client.post("/following/read", {"until": "2999-01-01T00:00:00+00:00"})
    reader.refresh_from_db()
    marked = reader.following_seen
    assert marked <= timezone.now()
    client.post("/following/read", {"until": "2000-01-01T00:00:00+00:00"})
    reader.refresh_from_db()
    assert reader.following_seen == marked


def test_marking_read_is_a_post_with_a_date(client, reader, trope):
    client.force_login(reader)
    assert client.get("/following/read").status_code == 405
    assert client.post("/following/read", {"until": "yesterday"}).status_code == 400
    assert client.post("/following/read", {"until": "2024-02-30T00:00:00+00:00"}).status_code == 400
    reader.refresh_from_db()
    assert reader.following_seen is None


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
