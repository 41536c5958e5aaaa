"""Announcing a launch, its 24 hours' notice, moderators' holds, and the launch itself."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ModeratorAction, Notice
from tests.factories import PageFactory, TropeFactory, UserFactory
from tests.tropes.launch.conftest import age, hat, voting, with_examples
from tropes.models import Example, LaunchDraft, Trope
from wiki.models import Follow, Page

pytestmark = pytest.mark.django_db


def announced(draft, hours_ago):
    return age(draft, announced=timezone.now() - timedelta(hours=hours_ago))


def test_a_launch_is_announced_only_with_enough_hats_and_examples(client, draft):
    voting(draft)
    with_examples(draft, 4)
    hat(draft, 5)
    client.force_login(draft.sponsor)
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "5 examples (it has 4)" in page
    client.post("/launch/LoyalSidekick/announce")
    draft.refresh_from_db()
    assert draft.state == "open"
    with_examples(draft, 1, medium="Film")
    client.post("/launch/LoyalSidekick/announce")
    draft.refresh_from_db()
    assert draft.state == "announced"


def test_a_launch_needs_five_net_hats(client, draft):
    voting(draft)
    with_examples(draft, 5)
    hat(draft, 6)
    hat(draft, 2, value=-1)
    client.force_login(draft.sponsor)
    client.post("/launch/LoyalSidekick/announce")
    draft.refresh_from_db()
    assert draft.state == "open"


def test_the_announcement_tells_voters_and_followers(client, draft):
    follower = UserFactory()
    Follow.objects.create(user=follower, page=draft.page)
    voting(draft)
    with_examples(draft, 5)
    hat(draft, 5)
    client.force_login(draft.sponsor)
    client.post("/launch/LoyalSidekick/announce")
    told = set(Notice.objects.filter(text__contains="is announced").values_list("user", flat=True))
    assert follower.pk in told and len(told) == 6
    assert draft.sponsor.pk not in told


def test_the_draft_shows_the_countdown_and_refuses_a_launch_before_24_hours(client, ready):
    announced(ready, 20)
    client.force_login(ready.sponsor)
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "Launch notice: it may launch from" in page
    assert "data-countdown" in page
    assert "hour" in page and "from now" in page
    client.post("/launch/LoyalSidekick/launch")
    assert not Page.objects.filter(namespace="Main", name="LoyalSidekick").exists()


def test_the_sponsor_launches_after_the_notice(client, ready):
    client.force_login(ready.sponsor)
    assert "Launch it into Main" in client.get("/Launch/LoyalSidekick").content.decode()
    response = client.post("/launch/LoyalSidekick/launch")
    assert response.status_code == 302
    assert response["Location"] == "/Main/LoyalSidekick"
    ready.refresh_from_db()
    assert ready.state == "launched"
    trope = Trope.objects.get(page__name="LoyalSidekick")
    assert trope.laconic == "A draft in one line."
    assert trope.page.body == "A trope being drafted."


def test_launching_makes_each_example_real_on_both_pages(client, ready):
    client.force_login(ready.sponsor)
    client.post("/launch/LoyalSidekick/launch")
    examples = Example.objects.filter(trope__page__name="LoyalSidekick")
    assert examples.count() == 5
    work = examples.select_related("work__page").first().work
    trope_page = client.get("/Main/LoyalSidekick").content.decode()
    work_page = client.get(work.get_absolute_url()).content.decode()
    assert work.page.title in trope_page
    assert "Loyal Sidekick" in work_page
    assert all(p.example_id for p in ready.proposed_examples.all())


def test_examples_in_works_that_do_not_exist_are_kept_for_follow_up(client, draft):
    voting(draft)
    with_examples(draft, 4)
    with_examples(draft, 1, medium="Film", existing=False)
    hat(draft, 5)
    client.force_login(draft.sponsor)
    client.post("/launch/LoyalSidekick/announce")
    announced(draft, 25)
    client.post("/launch/LoyalSidekick/launch")
    assert Example.objects.filter(trope__page__name="LoyalSidekick").count() == 4
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "Examples to follow up" in page
    assert f"Film/Show{draft.pk}N0" in page


def test_the_launched_page_history_starts_crediting_the_sponsor_and_naming_the_draft(
    client, ready, moderator
):
    client.force_login(moderator)
    client.post("/launch/LoyalSidekick/launch")
    first = Page.objects.get(namespace="Main", name="LoyalSidekick").history.earliest("history_id")
    assert first.history_user == ready.sponsor
    assert "Launch/LoyalSidekick" in first.history_change_reason
    history = client.get("/Main/LoyalSidekick/history").content.decode()
    assert "Launched from the draft Launch/LoyalSidekick" in history


def test_the_draft_is_archived_read_only_with_its_votes(client, ready):
    client.force_login(ready.sponsor)
    client.post("/launch/LoyalSidekick/launch")
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert 'Launched as <a href="/Main/LoyalSidekick">' in page
    assert page.count('<li class="hat">Hat:') == 5
    assert client.get("/Launch/LoyalSidekick/edit").status_code == 403
    voter = UserFactory()
    client.force_login(voter)
    assert client.post("/launch/LoyalSidekick/vote", {"value": "-1"}).status_code == 403


def test_voters_and_followers_are_told_of_the_launch(client, ready):
    client.force_login(ready.sponsor)
    client.post("/launch/LoyalSidekick/launch")
    assert Notice.objects.filter(text__contains="has been launched").count() == 5


def test_only_the_sponsor_or_a_moderator_launches(client, ready):
    client.force_login(UserFactory())
    client.post("/launch/LoyalSidekick/launch")
    ready.refresh_from_db()
    assert ready.state == "announced"


def test_launch_refuses_a_name_a_page_took_meanwhile_in_any_case(client, ready):
    TropeFactory(page__name="Loyalsidekick", page__title="Another Sidekick")
    client.force_login(ready.sponsor)
    response = client.post("/launch/LoyalSidekick/launch", follow=True)
    assert "Main/Loyalsidekick already exists." in response.content.decode()
    assert LaunchDraft.objects.get(pk=ready.pk).state == "announced"


def test_an_alias_is_named_in_the_refusal(client, ready):
    target = TropeFactory(page__name="FaithfulFriend", page__title="Faithful Friend").page
    PageFactory(name="LoyalSidekick", title="Loyal Sidekick", redirect_to=target)
    client.force_login(ready.sponsor)
    response = client.post("/launch/LoyalSidekick/launch", follow=True)
    assert "Main/LoyalSidekick is already another name of Main/FaithfulFriend" in (
        response.content.decode()
    )
    assert LaunchDraft.objects.get(pk=ready.pk).state == "announced"


def test_a_moderators_hold_stops_the_launch_until_lifted(client, ready, moderator):
    client.force_login(moderator)
    client.post("/launch/LoyalSidekick/hold", {"reason": "Overlaps Sidekick."})
    ready.refresh_from_db()
    assert ready.hold_reason == "Overlaps Sidekick."
    assert ModeratorAction.objects.filter(kind="hold_draft").exists()
    assert "held by a moderator" in Notice.objects.get(user=ready.sponsor).text.lower() or (
        "hold" in Notice.objects.get(user=ready.sponsor).text
    )
    client.force_login(ready.sponsor)
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "Held by a moderator: Overlaps Sidekick." in page
    client.post("/launch/LoyalSidekick/launch")
    assert LaunchDraft.objects.get(pk=ready.pk).state == "announced"
    client.force_login(moderator)
    client.post("/launch/LoyalSidekick/hold/lift")
    assert ModeratorAction.objects.filter(kind="lift_draft_hold").exists()
    client.force_login(ready.sponsor)
    client.post("/launch/LoyalSidekick/launch")
    assert LaunchDraft.objects.get(pk=ready.pk).state == "launched"


def test_a_hold_needs_a_reason(client, ready, moderator):
    client.force_login(moderator)
    client.post("/launch/LoyalSidekick/hold", {"reason": ""})
    assert LaunchDraft.objects.get(pk=ready.pk).hold_reason == ""
