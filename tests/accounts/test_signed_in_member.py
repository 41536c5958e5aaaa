"""A signed-in member is read with their role and any ban in force, in one query."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.utils import timezone

from accounts.models import Ban
from accounts.roles import Role, role_of
from tests.factories import TropeFactory, UserFactory
from tests.helpers import with_role

pytestmark = pytest.mark.django_db


def member_of(client, user, django_assert_num_queries):
    """The member a request signed in as `user` is given, with the queries that cost."""
    client.force_login(user)
    request = type("Request", (), {"session": client.session})()
    request.session.keys()  # the session is read first, as the middleware would
    with django_assert_num_queries(1):
        member = get_user(request)
        role, ban = role_of(member), member.active_ban()
    return member, role, ban


def test_a_members_role_and_the_absence_of_a_ban_come_with_them(client, django_assert_num_queries):
    for role in (Role.NEW_EDITOR, Role.TRUSTED, Role.MODERATOR, Role.ADMINISTRATOR):
        user = with_role(UserFactory(username=f"m{int(role)}"), role)
        assert member_of(client, user, django_assert_num_queries)[1:] == (role, None)


def test_a_member_in_no_role_group_is_a_new_editor(client, django_assert_num_queries):
    user = UserFactory(username="grouped")
    user.groups.clear()
    assert member_of(client, user, django_assert_num_queries)[1] == Role.NEW_EDITOR


def test_a_banned_member_is_still_refused_what_the_ban_forbids(client, banned_user):
    TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Eats.")
    client.force_login(banned_user)
    response = client.post("/Main/BigEater/follow")  # a site ban still lets them follow
    assert response.status_code in (200, 302)
    response = client.get("/Main/BigEater/edit")
    assert "Vandalism" in response.content.decode()


def test_a_lifted_or_expired_ban_no_longer_counts(client, django_assert_num_queries):
    user = UserFactory(username="forgiven")
    ban = Ban.objects.create(user=user, scope=Ban.Scope.SITE, reason="Spam")
    ban.lifted = ban.created
    ban.save()
    assert member_of(client, user, django_assert_num_queries)[2] is None


def test_a_ban_ends_when_it_expires_though_the_member_was_read_before(client, banned_user):
    # The member's query is compiled once per process; bans are compared with the database's clock.
    TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Eats.")
    client.force_login(banned_user)
    assert "Vandalism" in client.get("/Main/BigEater/edit").content.decode()
    banned_user.bans.update(expires=timezone.now() - timedelta(seconds=1))
    response = client.get("/Main/BigEater/edit")
    assert "Vandalism" not in response.content.decode()
    assert 'name="body"' in response.content.decode()


def test_a_promotion_shows_on_the_next_request(client):
    user = UserFactory(username="rising")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # not staff yet: sent to sign in
    with_role(user, Role.MODERATOR)
    assert client.get("/admin/").status_code == 200
