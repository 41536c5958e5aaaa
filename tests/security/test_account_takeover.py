"""Accounts are the administrators' to change: a moderator takes over no one through the admin.

Moderators grant and remove trust, and see the accounts below their role to do it, without
their addresses; passwords, handles, addresses and whether an account is active are changed
by administrators alone.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission

from accounts import roles
from accounts.models import User
from accounts.roles import Role, role_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pwned-by-mod-123"


def password_form(password=NEW_PASSWORD):
    return {"password1": password, "password2": password, "usable_password": "true"}


def account_form(user, **changes):
    """The admin's change form for `user`, filled as it stands, with `changes` made."""
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "last_login_0": "",
        "last_login_1": "",
        "theme": "system",
        "auto_trust": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        "bans-TOTAL_FORMS": "0",
        "bans-INITIAL_FORMS": "0",
        "bans-MIN_NUM_FORMS": "0",
        "bans-MAX_NUM_FORMS": "1000",
    }
    if user.is_superuser:
        data.update(is_superuser="on", is_staff="on")
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def account_url(user, page="change/"):
    return f"/admin/accounts/user/{user.pk}/{page}"


def test_a_moderator_cannot_set_an_administrators_password(client, moderator, admin_user):
    client.force_login(moderator)
    assert client.get(account_url(admin_user, "password/")).status_code == 403
    response = client.post(account_url(admin_user, "password/"), password_form())
    assert response.status_code == 403
    assert authenticate(username="ada", password=NEW_PASSWORD) is None


@pytest.mark.parametrize("target", ["other_moderator", "new_editor"])
def test_a_moderator_cannot_set_anyones_password(client, moderator, target, request):
    user = request.getfixturevalue(target)
    client.force_login(moderator)
    assert client.post(account_url(user, "password/"), password_form()).status_code == 403
    assert authenticate(username=user.username, password=NEW_PASSWORD) is None


def test_a_moderator_cannot_change_an_administrators_email_to_reset_their_password(
    client, moderator, admin_user
):
    client.force_login(moderator)
    response = client.post(
        account_url(admin_user), account_form(admin_user, email="mona@attacker.example")
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.email == "ada@example.org" and admin_user.email_confirmed


def test_a_moderator_cannot_deactivate_an_administrator(client, moderator, admin_user):
    client.force_login(moderator)
    response = client.post(account_url(admin_user), account_form(admin_user, is_active=False))
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_a_moderator_cannot_rename_an_administrator(client, moderator, admin_user):
    client.force_login(moderator)
    response = client.post(account_url(admin_user), account_form(admin_user, username="ada2"))
    assert response.status_code == 403
    assert User.objects.filter(username="ada").exists()


def test_a_moderator_cannot_change_a_new_editors_account_either(client, moderator, new_editor):
    client.force_login(moderator)
    response = client.post(
        account_url(new_editor),
        account_form(
            new_editor, username="renamed", is_active=False, email="mona@attacker.example"
        ),
    )
    assert response.status_code == 403
    new_editor.refresh_from_db()
    assert (new_editor.username, new_editor.is_active, new_editor.email) == (
        "nina",
        True,
        "nina@example.org",
    )


@pytest.mark.parametrize("target", ["admin_user", "other_moderator", "moderator"])
@pytest.mark.parametrize("page", ["change/", "password/", "history/", "delete/"])
def test_a_moderator_cannot_open_any_page_of_an_account_of_their_rank_or_above(
    client, moderator, target, page, request
):
    user = request.getfixturevalue(target)
    client.force_login(moderator)
    assert client.get(account_url(user, page)).status_code == 403


def test_moderators_no_longer_hold_djangos_change_user_permission(moderator):
    assert moderator.has_perm("accounts.view_user")
    assert not moderator.has_perm("accounts.change_user")


def test_migrating_takes_change_user_from_an_existing_moderators_group(moderator):
    moderators = roles.group(Role.MODERATOR)
    moderators.permissions.add(Permission.objects.get(codename="change_user"))
    assert User.objects.get(pk=moderator.pk).has_perm("accounts.change_user")
    migration = importlib.import_module(
        "accounts.migrations.0007_moderators_do_not_change_accounts"
    )
    migration.take_back_change_user(apps, schema_editor=None)
    assert not User.objects.get(pk=moderator.pk).has_perm("accounts.change_user")


def test_a_moderator_sees_a_new_editors_account_read_only_and_without_its_address(
    client, moderator, new_editor
):
    client.force_login(moderator)
    response = client.get(account_url(new_editor))
    html = response.content.decode()
    assert response.status_code == 200 and "nina" in html
    assert "nina@example.org" not in html
    for field in ["username", "email", "is_active", "password", "groups"]:
        assert f'name="{field}"' not in html
    assert "password/" not in html  # no link to the password form


def test_a_moderator_cannot_read_or_search_email_addresses(
    client, moderator, admin_user, new_editor
):
    client.force_login(moderator)
    changelist = client.get("/admin/accounts/user/").content.decode()
    assert "nina" in changelist and "ada" in changelist
    assert "@example.org" not in changelist
    found = client.get("/admin/accounts/user/", {"q": "ada@example.org"}).content.decode()
    assert "0 results" in found
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "ban",
            "field_name": "user",
            "term": "nina@example.org",
        },
    )
    assert autocomplete.status_code == 200 and autocomplete.json()["results"] == []
    assert "@example.org" not in client.get("/admin/accounts/ban/add/").content.decode()


def test_a_moderator_still_grants_and_removes_trust_for_a_new_editor(client, moderator, new_editor):
    client.force_login(moderator)
    changelist = "/admin/accounts/user/"
    response = client.post(
        changelist, {"action": "grant_trust", "_selected_action": [new_editor.pk]}
    )
    assert response.status_code == 302
    assert role_of(User.objects.get(pk=new_editor.pk)) == Role.TRUSTED
    client.post(changelist, {"action": "remove_trust", "_selected_action": [new_editor.pk]})
    assert role_of(User.objects.get(pk=new_editor.pk)) == Role.NEW_EDITOR


def test_trust_actions_pass_over_moderators_and_administrators(
    client, moderator, other_moderator, admin_user
):
    client.force_login(moderator)
    client.post(
        "/admin/accounts/user/",
        {"action": "remove_trust", "_selected_action": [other_moderator.pk, admin_user.pk]},
    )
    assert role_of(User.objects.get(pk=other_moderator.pk)) == Role.MODERATOR
    assert role_of(User.objects.get(pk=admin_user.pk)) == Role.ADMINISTRATOR


def test_an_administrator_still_sets_passwords(client, admin_user, moderator):
    client.force_login(admin_user)
    response = client.post(account_url(moderator, "password/"), password_form())
    assert response.status_code == 302
    assert authenticate(username="mona", password=NEW_PASSWORD) == moderator


def test_an_administrator_still_changes_handles_addresses_and_active(client, admin_user, moderator):
    client.force_login(admin_user)
    response = client.post(
        account_url(moderator),
        account_form(moderator, username="mona2", email="mona2@example.org", is_active=False),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    moderator.refresh_from_db()
    assert (moderator.username, moderator.email, moderator.is_active) == (
        "mona2",
        "mona2@example.org",
        False,
    )


def test_an_administrator_still_sees_and_searches_addresses(client, admin_user, new_editor):
    client.force_login(admin_user)
    assert "nina@example.org" in client.get("/admin/accounts/user/").content.decode()
    found = client.get("/admin/accounts/user/", {"q": "nina@example.org"}).content.decode()
    assert "1 result" in found
    assert "nina@example.org" in client.get(account_url(new_editor)).content.decode()
