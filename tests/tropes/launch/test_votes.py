"""Hats and bombs: who may vote and when, changing a vote, the score in place, discarding."""

import pytest

from accounts.models import Notice
from tests.factories import UserFactory
from tests.tropes.launch.conftest import hat, voting
from tropes.models import LaunchVote

pytestmark = pytest.mark.django_db


def test_voting_opens_only_after_the_delay(client, reader, draft):
    client.force_login(reader)
    response = client.post("/launch/LoyalSidekick/vote", {"value": "1"})
    assert response.status_code == 403
    assert "Voting opens on" in response.content.decode()
    assert not LaunchVote.objects.exists()
    voting(draft)
    assert client.post("/launch/LoyalSidekick/vote", {"value": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.score == 1


def test_the_delay_is_a_setting(client, reader, draft, settings):
    settings.LAUNCH_VOTE_DELAY = 0
    client.force_login(reader)
    assert client.post("/launch/LoyalSidekick/vote", {"value": "1"}).status_code == 302


def test_a_vote_is_changed_with_its_reason_and_the_draft_shows_who_voted_what(
    client, reader, draft
):
    voting(draft)
    client.force_login(reader)
    client.post("/launch/LoyalSidekick/vote", {"value": "1", "reason": "Clear."})
    client.post("/launch/LoyalSidekick/vote", {"value": "-1", "reason": "Too narrow."})
    vote = LaunchVote.objects.get()
    assert (vote.value, vote.reason) == (-1, "Too narrow.")
    draft.refresh_from_db()
    assert draft.score == -1
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert 'Bomb: <a href="/user/rhea">rhea</a>: Too narrow.' in page
    assert 'class="launch-net">-1</strong>' in page


def test_the_htmx_vote_answers_the_box_with_the_new_score(client, reader, draft):
    voting(draft)
    hat(draft, 2)
    client.force_login(reader)
    response = client.post(
        "/launch/LoyalSidekick/vote", {"value": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<section class="launch-box" id="launch-box-{draft.pk}"')
    assert 'class="launch-net">3</strong> (3 hats, 0 bombs)' in html
    assert "Vote saved." in html


def test_the_sponsor_does_not_vote_on_their_own_draft(client, draft):
    voting(draft)
    client.force_login(draft.sponsor)
    response = client.post("/launch/LoyalSidekick/vote", {"value": "1"})
    assert response.status_code == 403
    assert "You sponsor this draft" in response.content.decode()


def test_a_banned_member_does_not_vote(client, banned_user, draft):
    voting(draft)
    client.force_login(banned_user)
    assert client.post("/launch/LoyalSidekick/vote", {"value": "1"}).status_code == 403


def test_anonymous_votes_are_sent_to_sign_in(client, draft):
    voting(draft)
    response = client.post("/launch/LoyalSidekick/vote", {"value": "1"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_vote_other_than_a_hat_or_a_bomb_is_a_bad_request(client, reader, draft):
    voting(draft)
    client.force_login(reader)
    assert client.post("/launch/LoyalSidekick/vote", {"value": "5"}).status_code == 400
    response = client.post(
        "/launch/LoyalSidekick/vote", {"value": "5"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "A vote is a hat (1) or a bomb (-1)." in response.content.decode()


def test_a_vote_on_a_missing_draft_is_404(client, reader):
    client.force_login(reader)
    assert client.post("/launch/NoSuchDraft/vote", {"value": "1"}).status_code == 404


def test_get_on_the_vote_is_405(client, reader, draft):
    client.force_login(reader)
    assert client.get("/launch/LoyalSidekick/vote").status_code == 405


def test_five_net_bombs_discard_the_draft_and_tell_its_sponsor(client, draft):
    voting(draft)
    hat(draft, 1)
    hat(draft, 5, value=-1)
    assert draft.state == "open"  # net −4
    client.force_login(UserFactory())
    client.post("/launch/LoyalSidekick/vote", {"value": "-1"})
    draft.refresh_from_db()
    assert (draft.score, draft.state) == (-5, "discarded")
    assert "was discarded" in Notice.objects.get(user=draft.sponsor).text
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "Discarded: up for adoption" in page
    assert "Adopt this draft" in page


def test_a_member_adopts_a_discarded_draft_and_sponsors_it(client, reader, draft):
    draft.state = "discarded"
    draft.save()
    client.force_login(reader)
    assert client.post("/launch/LoyalSidekick/adopt").status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.sponsor) == ("open", reader)
    assert client.get("/Launch/LoyalSidekick/edit").status_code == 200


def test_an_open_draft_cannot_be_adopted(client, reader, draft):
    client.force_login(reader)
    client.post("/launch/LoyalSidekick/adopt")
    draft.refresh_from_db()
    assert draft.sponsor != reader


def test_each_member_sees_their_own_vote_on_a_page_kept_for_members_like_them(client, draft):
    voting(draft)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    client.post("/launch/LoyalSidekick/vote", {"value": "-1", "reason": "Mine alone."})
    client.get("/Launch/LoyalSidekick")  # kept for every member like them
    client.force_login(second)
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "Your vote" not in page
    assert "Mine alone." in page  # in the list of who voted what, as everyone sees it
    client.force_login(first)
    assert "Your vote: Bomb (Mine alone.)" in client.get("/Launch/LoyalSidekick").content.decode()
