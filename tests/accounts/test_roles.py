"""Roles come from groups; bans and account age take rights away, with a reason given."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Ban, User
from accounts.roles import Role, role_of
from tests.factories import ExampleFactory, TropeFactory, UserFactory
from tests.helpers import with_role

pytestmark = pytest.mark.django_db


def test_every_account_starts_as_a_new_editor_however_it_is_made(client):
    client.post(
        "/accounts/signup",
        {
            "username": "newbie",
            "email": "n@example.org",
            "password1": "a long enough pass",
            "password2": "a long enough pass",
        },
    )
    signed_up = User.objects.get(username="newbie")
    made_in_code = UserFactory(username="coded")
    call_command("createsuperuser", username="boss", email="b@example.org", interactive=False)
    assert role_of(signed_up) == role_of(made_in_code) == Role.NEW_EDITOR
    assert signed_up.groups.filter(name="New editors").exists()
    assert role_of(User.objects.get(username="boss")) == Role.ADMINISTRATOR


def test_a_moderators_group_made_again_still_opens_the_admin_to_them(client):
    from django.contrib.auth.models import Group

    Group.objects.filter(name="Moderators").delete()  # as an emptied database would
    client.force_login(with_role(UserFactory(), Role.MODERATOR))
    assert client.get("/admin/wiki/page/").status_code == 200


def test_moderators_get_the_admin_and_lose_it_with_the_role(moderator):
    assert moderator.is_staff and role_of(moderator) == Role.MODERATOR
    moderator.groups.clear()
    moderator.refresh_from_db()
    assert not moderator.is_staff


def test_a_banned_user_is_told_why_and_until_when(client, banned_user):
    TropeFactory(page__name="BigEater")
    client.force_login(banned_user)
    response = client.get("/Main/BigEater/edit")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are banned from taking part until a moderator lifts it." in html
    assert "Reason: Vandalism" in html


@pytest.mark.parametrize(
    "url",
    [
        "/Main/BigEater/edit",
        "/Main/BigEater/move",
        "/new",
        "/examples/new?work=Anime/SteelHeart",
    ],
)
def test_bans_hold_for_every_edit_form(client, url):
    user = UserFactory(username="vandal")
    Ban.objects.create(
        user=user, scope=Ban.Scope.EDIT, reason="Spam", expires=timezone.now() + timedelta(days=2)
    )
    TropeFactory(page__name="BigEater")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 403
    assert "You are banned from editing until" in response.content.decode()


def test_an_edit_ban_still_lets_the_user_vote_but_a_site_ban_does_not(client, banned_user):
    example = ExampleFactory()
    voter = UserFactory(username="voter")
    Ban.objects.create(user=voter, scope=Ban.Scope.EDIT, reason="Spam")
    client.force_login(voter)
    assert client.post(f"/examples/{example.pk}/vote", {"value": 4}).status_code == 302
    client.force_login(banned_user)
    response = client.post(f"/examples/{example.pk}/vote", {"value": 1})
    assert response.status_code == 403
    assert "Reason: Vandalism" in response.content.decode()
    example.refresh_from_db()
    assert example.rating_count == 1


def test_expired_and_lifted_bans_no_longer_hold(client):
    user = UserFactory(username="reformed")
    Ban.objects.create(user=user, reason="Old", expires=timezone.now() - timedelta(hours=1))
    Ban.objects.create(user=user, reason="Lifted", lifted=timezone.now())
    TropeFactory(page__name="BigEater")
    client.force_login(user)
    assert client.get("/Main/BigEater/edit").status_code == 200


def test_young_accounts_cannot_vote_yet(client, settings, editor):
    settings.VOTE_MIN_ACCOUNT_AGE_HOURS = 24
    example = ExampleFactory()
    client.force_login(editor)
    response = client.post(f"/examples/{example.pk}/vote", {"value": 5}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert "Accounts can vote once they are 24 hours old." in response.content.decode()
    editor.date_joined = timezone.now() - timedelta(days=2)
    editor.save()
    assert client.post(f"/examples/{example.pk}/vote", {"value": 5}).status_code == 302
