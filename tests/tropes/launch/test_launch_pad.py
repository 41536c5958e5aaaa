"""/launch: the drafts by state and order, paged; the draft page's cost; new tropes in Main
come through the launch pad."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LaunchDraftFactory, UserFactory
from tests.tropes.launch.conftest import age, days_ago, hat, voting, with_examples
from tropes.launch import drafts
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def pad(ready):
    """A draft in every state, besides the launchable one (`ready`)."""
    LaunchDraftFactory(page__title="Fresh Idea")
    voting(LaunchDraftFactory(page__title="Being Voted"))
    LaunchDraftFactory(page__title="Gone Quiet", state="stale", stale_since=days_ago(1))
    LaunchDraftFactory(page__title="Bombed Out", state="discarded")
    LaunchDraftFactory(page__title="Made It", state="launched")
    return ready


def titles(client, **query):
    response = client.get("/launch", query)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        title
        for title in [
            "Fresh Idea",
            "Being Voted",
            "Loyal Sidekick",
            "Gone Quiet",
            "Bombed Out",
            "Made It",
        ]
        if f">{title}</a>" in html
    }


def test_the_launch_pad_lists_drafts_by_state(client, pad):
    assert titles(client) == {
        "Fresh Idea",
        "Being Voted",
        "Loyal Sidekick",
        "Gone Quiet",
        "Made It",
    }
    assert titles(client, state="open") == {"Fresh Idea", "Being Voted", "Loyal Sidekick"}
    assert titles(client, state="voting") == {"Being Voted", "Loyal Sidekick"}
    assert titles(client, state="launchable") == {"Loyal Sidekick"}
    assert titles(client, state="stale") == {"Gone Quiet"}
    assert titles(client, state="discarded") == {"Bombed Out"}
    assert titles(client, state="launched") == {"Made It"}


def test_a_draft_held_or_short_of_hats_is_not_launchable(client, pad, moderator):
    drafts.hold(pad, moderator, "Needs a rename.")
    assert titles(client, state="launchable") == set()


def test_the_launch_pad_sorts_by_activity_or_score(client, pad):
    high = voting(LaunchDraftFactory(page__title="Top Score"))
    hat(high, 7)
    age(high, active=days_ago(30))
    by_score = client.get("/launch", {"sort": "score"}).content.decode()
    by_activity = client.get("/launch").content.decode()
    assert by_score.index("Top Score") < by_score.index("Loyal Sidekick")
    assert by_activity.index("Loyal Sidekick") < by_activity.index("Top Score")


def test_an_unknown_filter_or_order_is_a_bad_request(client):
    assert client.get("/launch", {"state": "nonsense"}).status_code == 400
    assert client.get("/launch", {"sort": "nonsense"}).status_code == 400


def test_page_numbers_are_bounded(client, pad):
    assert client.get("/launch", {"page": "99999999"}).status_code == 200
    assert client.get("/launch", {"page": "x"}).status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_the_launch_pad_costs_the_same_queries_whatever_its_length(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        LaunchDraftFactory()
    # The count, and a screen of drafts with their pages and sponsors.
    with django_assert_max_num_queries(2):
        assert client.get("/launch").status_code == 200
    with django_assert_max_num_queries(3):  # and the launchable drafts' subquery
        assert client.get("/launch", {"state": "launchable", "sort": "score"}).status_code == 200


def draft_page_queries(client, examples, votes):
    draft = voting(LaunchDraftFactory(page__name="BigDraft"))
    with_examples(draft, examples)
    hat(draft, votes)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/Launch/BigDraft").status_code == 200
    return len(queries)


def test_a_draft_page_costs_the_same_whatever_its_examples_and_votes(client):
    few = draft_page_queries(client, 1, 1)
    Page.objects.all().delete()
    many = draft_page_queries(client, 20, 20)
    assert few == many <= 8


def test_a_signed_in_draft_page_keeps_its_budget(client, reader, django_assert_max_num_queries):
    draft = voting(LaunchDraftFactory(page__name="BigDraft"))
    with_examples(draft, 10)
    hat(draft, 10)
    client.force_login(reader)
    # A trope page's 13, with the member's box filled in apart: the draft and its votes
    # as they stand now (voting opens and notices end with the clock).
    with django_assert_max_num_queries(13):
        assert client.get("/Launch/BigDraft").status_code == 200


def test_members_are_sent_to_the_launch_pad_to_create_a_trope(client, editor):
    client.force_login(editor)
    response = client.get("/new", {"page": "Main/LoyalSidekick"})
    assert response.status_code == 302
    assert response["Location"] == "/launch/new?page=LoyalSidekick"
    response = client.post("/new", {"kind": "trope", "title": "Loyal Sidekick", "name": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("/launch/new?page=LoyalSidekick")
    assert not Page.objects.filter(namespace="Main").exists()
    form = client.get(response["Location"]).content.decode()
    assert 'value="Loyal Sidekick"' in form


def test_work_pages_stay_open_to_members(client, editor):
    client.force_login(editor)
    response = client.post(
        "/new", {"kind": "work", "medium": "Anime", "title": "Metallic Rouge", "name": ""}
    )
    assert response.status_code == 302
    assert Page.objects.filter(namespace="Anime", name="MetallicRouge").exists()


def test_moderators_create_tropes_directly(client, moderator):
    client.force_login(moderator)
    client.post("/new", {"kind": "trope", "title": "Loyal Sidekick", "name": ""})
    assert Page.objects.filter(namespace="Main", name="LoyalSidekick").exists()


def test_the_setting_opens_main_to_every_editor(client, editor, settings):
    settings.MAIN_CREATION_MODERATORS_ONLY = False
    client.force_login(editor)
    client.post("/new", {"kind": "trope", "title": "Loyal Sidekick", "name": ""})
    assert Page.objects.filter(namespace="Main", name="LoyalSidekick").exists()


def test_a_new_member_is_shown_the_launch_pad_on_the_new_page_form(client):
    client.force_login(UserFactory())
    assert "Propose it on the launch pad" in client.get("/new").content.decode()


def test_the_desk_shows_launchable_and_stale_drafts(client, pad, moderator):
    client.force_login(moderator)
    desk = client.get("/admin/").content.decode()
    assert "Launchable drafts" in desk and "Stale drafts" in desk
    assert "/launch?state=launchable" in desk and "/launch?state=stale" in desk


def test_a_missing_trope_page_points_to_the_launch_pad(client):
    html = client.get("/Main/LoyalSidekick").content.decode()
    assert 'href="/launch">the launch pad&#x27;s drafts</a>' in html
