"""Bans bind moderators too, and staff powers reach only the roles below one's own.

A site ban shuts a moderator out of the admin and of every staff power; an edit ban takes
away editing, in the admin as elsewhere. Nobody lifts their own ban, and nobody bans (or
lifts the ban of) a member of their own role or above.
"""

import pytest

from accounts.models import Ban, User
from accounts.roles import Role, role_of
from tests.factories import PageFactory, UserFactory
from tests.helpers import admin_page_form
from wiki import moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def site_banned_moderator(moderator):
    Ban.objects.create(user=moderator, scope=Ban.Scope.SITE, reason="Abusing the tools")
    return moderator


@pytest.fixture
def edit_banned_moderator(moderator):
    Ban.objects.create(user=moderator, scope=Ban.Scope.EDIT, reason="Edit warring")
    return moderator


@pytest.fixture
def held(new_editor):
    page = PageFactory(name="BigEater", title="Big Eater", body="Text.")
    return moderation.hold(
        "page_edit",
        "Edit of Big Eater",
        {"values": {"body": "Held."}, "extra": None},
        new_editor,
        page=page,
        base_revision=page.history.get().history_id,
    )


def ban_form(user, scope="edit"):
    return {
        "user": user.pk,
        "scope": scope,
        "reason": "Blanking pages",
        "expires_0": "",
        "expires_1": "",
    }


def lift(client, ban):
    return client.post("/admin/accounts/ban/", {"action": "lift", "_selected_action": [ban.pk]})


def in_force(ban):
    return Ban.objects.in_force().filter(pk=ban.pk).exists()


def test_a_site_banned_moderator_is_shown_the_ban_instead_of_the_review_queue(
    client, site_banned_moderator, held
):
    client.force_login(site_banned_moderator)
    response = client.get("/admin/wiki/pendingchange/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    html = client.get(response["Location"]).content.decode()
    assert "You are banned from taking part" in html and "Abusing the tools" in html


def test_a_site_banned_moderator_cannot_approve_a_held_change(client, site_banned_moderator, held):
    client.force_login(site_banned_moderator)
    response = client.post(f"/admin/wiki/pendingchange/{held.pk}/change/", {"_approve": "Approve"})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert PendingChange.objects.get().status == "pending"


def test_a_site_banned_moderator_cannot_lift_their_own_ban(client, site_banned_moderator):
    client.force_login(site_banned_moderator)
    response = lift(client, site_banned_moderator.bans.get())
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert in_force(site_banned_moderator.bans.get())


def test_an_edit_banned_moderator_cannot_lift_their_own_ban(client, edit_banned_moderator):
    client.force_login(edit_banned_moderator)
    response = lift(client, edit_banned_moderator.bans.get())
    assert response.status_code == 403
    assert "never your own: mona" in response.content.decode()
    assert in_force(edit_banned_moderator.bans.get())


@pytest.mark.parametrize("url", ["/user/nina/rollback", "/user/nina/votes/purge"])
def test_a_site_banned_moderator_cannot_roll_back_or_purge_votes(
    client, site_banned_moderator, new_editor, url
):
    client.force_login(site_banned_moderator)
    response = client.get(url)
    assert response.status_code == 403
    assert "Abusing the tools" in response.content.decode()


@pytest.mark.parametrize(
    "admin_url",
    [
        "/admin/wiki/page/",
        "/admin/accounts/ban/add/",
        "/admin/wiki/reportcase/",
    ],
)
def test_a_site_banned_moderator_reaches_no_admin_page(client, site_banned_moderator, admin_url):
    client.force_login(site_banned_moderator)
    response = client.get(admin_url)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_site_banned_moderator_cannot_grant_trust(client, site_banned_moderator, new_editor):
    client.force_login(site_banned_moderator)
    client.post(
        "/admin/accounts/user/", {"action": "grant_trust", "_selected_action": [new_editor.pk]}
    )
    assert role_of(User.objects.get(pk=new_editor.pk)) == Role.NEW_EDITOR


def test_an_edit_banned_moderator_cannot_edit_pages_in_the_admin(client, edit_banned_moderator):
    page = PageFactory(name="BigEater", title="Big Eater", body="Text.")
    client.force_login(edit_banned_moderator)
    url = f"/admin/wiki/page/{page.pk}/change/"
    response = client.post(url, admin_page_form(page, body="Vandalised."))
    assert response.status_code == 403
    assert Page.objects.get(pk=page.pk).body == "Text."
    assert (
        client.post("/admin/wiki/page/add/", admin_page_form(page, name="New")).status_code == 403
    )
    assert client.post(f"/admin/wiki/page/{page.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Page.objects.count() == 1


def test_an_edit_banned_moderator_still_reviews(client, edit_banned_moderator, held):
    client.force_login(edit_banned_moderator)
    client.post(f"/admin/wiki/pendingchange/{held.pk}/change/", {"_approve": "Approve"})
    assert PendingChange.objects.get().status == "approved"


@pytest.mark.parametrize("target", ["admin_user", "other_moderator", "moderator"])
def test_a_moderator_cannot_ban_their_own_role_or_above(client, moderator, target, request):
    user = request.getfixturevalue(target)
    client.force_login(moderator)
    response = client.post("/admin/accounts/ban/add/", ban_form(user, scope="site"))
    assert response.status_code == 200
    assert "You can only ban members whose role is below yours" in response.content.decode()
    assert not Ban.objects.exists()


def test_a_moderator_cannot_lift_a_ban_an_administrator_gave_another(client, moderator, admin_user):
    other_admin = UserFactory(username="alan", is_staff=True, is_superuser=True)
    ban = Ban.objects.create(user=other_admin, reason="Cooling off", created_by=admin_user)
    client.force_login(moderator)
    assert lift(client, ban).status_code == 403
    assert in_force(ban)


def test_a_moderator_still_bans_a_new_editor_and_lifts_it(client, moderator, new_editor):
    client.force_login(moderator)
    assert client.post("/admin/accounts/ban/add/", ban_form(new_editor)).status_code == 302
    ban = Ban.objects.get(user=new_editor)
    assert lift(client, ban).status_code == 302
    assert not in_force(ban)


def test_an_administrator_bans_a_moderator_who_then_loses_the_admin(
    client, admin_user, moderator, held
):
    client.force_login(admin_user)
    assert (
        client.post("/admin/accounts/ban/add/", ban_form(moderator, scope="site")).status_code
        == 302
    )
    client.force_login(moderator)
    assert client.get("/admin/wiki/pendingchange/").status_code == 302


def test_the_review_screen_refuses_staff_who_may_not_review(client, held):
    # An account marked staff by hand, without the moderators' role (the roles' signal would
    # take `is_staff` away again on a save).
    staff = UserFactory(username="stan")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    url = f"/admin/wiki/pendingchange/{held.pk}/change/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"_approve": "Approve"}).status_code == 403
    assert PendingChange.objects.get().status == "pending"
