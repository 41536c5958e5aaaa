"""Moderators ban and trust people from the admin; every action lands in the public log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Ban, ModeratorAction, User
from accounts.roles import Role, role_of
from tests.factories import TropeFactory, UserFactory
from tests.helpers import form_data
from wiki import moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db


def ban_form(user, **extra):
    return {
        "user": user.pk,
        "scope": "edit",
        "reason": "Blanking pages",
        "expires_0": "",
        "expires_1": "",
        **extra,
    }


def test_a_moderator_bans_from_the_admin_and_the_log_shows_it(client, moderator):
    vandal = UserFactory(username="vandal")
    client.force_login(moderator)
    response = client.post("/admin/accounts/ban/add/", ban_form(vandal))
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert (ban.user, ban.created_by) == (vandal, moderator)
    assert vandal.active_ban() == ban

    log = client.get("/moderation/log").content.decode()
    assert "Banned a user" in log and "vandal" in log and "Blanking pages" in log


def test_lifting_a_ban_keeps_it_on_record(client, moderator):
    vandal = UserFactory(username="vandal")
    ban = Ban.objects.create(user=vandal, reason="Spam", created_by=moderator)
    client.force_login(moderator)
    client.post("/admin/accounts/ban/", {"action": "lift", "_selected_action": [ban.pk]})
    ban.refresh_from_db()
    assert ban.lifted is not None
    assert Ban.objects.in_force().count() == 0
    assert ModeratorAction.objects.filter(kind="lift_ban", target="vandal").exists()
    assert client.post(f"/admin/accounts/ban/{ban.pk}/delete/").status_code == 403


def test_editors_cannot_reach_bans_or_trust(client, editor):
    client.force_login(editor)
    assert client.get("/admin/accounts/ban/").status_code == 302  # the admin's sign-in
    assert not editor.is_staff


def test_moderators_grant_and_remove_trust_and_removal_sticks(
    client, new_editor, moderator, settings
):
    client.force_login(moderator)
    changelist = "/admin/accounts/user/"
    client.post(changelist, {"action": "grant_trust", "_selected_action": [new_editor.pk]})
    assert role_of(User.objects.get(pk=new_editor.pk)) == Role.TRUSTED
    client.post(changelist, {"action": "remove_trust", "_selected_action": [new_editor.pk]})
    new_editor.refresh_from_db()
    assert role_of(User.objects.get(pk=new_editor.pk)) == Role.NEW_EDITOR
    assert not new_editor.auto_trust
    kinds = list(ModeratorAction.objects.values_list("kind", flat=True))
    assert kinds == ["remove_trust", "grant_trust"]


def test_moderators_cannot_make_moderators(client, new_editor, moderator):
    client.force_login(moderator)
    html = client.get(f"/admin/accounts/user/{new_editor.pk}/change/").content.decode()
    assert 'name="groups"' not in html and 'name="is_superuser"' not in html


def test_new_editors_become_trusted_after_enough_approved_edits_and_days(
    client, moderator, settings
):
    settings.TRUST_AFTER_EDITS, settings.TRUST_AFTER_DAYS = 2, 3
    TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="One.")
    newcomer = UserFactory(username="steady", date_joined=timezone.now() - timedelta(days=4))
    client.force_login(newcomer)
    for body in ("One.\n\nTwo.", "One.\n\nTwo.\n\nThree."):
        client.post("/Main/BigEater/edit", form_data(Page.objects.get(name="BigEater"), body=body))
        moderation.approve(PendingChange.objects.waiting().get(), moderator)
    assert role_of(type(newcomer).objects.get(pk=newcomer.pk)) == Role.TRUSTED
    entry = ModeratorAction.objects.get(kind="grant_trust")
    assert entry.actor is None and entry.target == "steady"


def test_profile_shows_role_join_date_edit_count_and_contributions(client, moderator):
    page = TropeFactory(page__name="BigEater").page
    page._history_user, page._change_reason, page.body = moderator, "Tidy up", "New."
    page.save()
    html = client.get("/user/mona").content.decode()
    assert "Moderator" in html and "Tidy up" in html
    assert "<dt>Edits</dt><dd>1</dd>" in html
    assert client.get("/user/MONA")["Location"] == "/user/mona"
    assert client.get("/user/nobody").status_code == 404


def test_moderation_log_filters_by_kind(client, moderator):
    ModeratorAction.record(moderator, ModeratorAction.Kind.BAN, "vandal", reason="Spam")
    ModeratorAction.record(moderator, ModeratorAction.Kind.GRANT_TRUST, "keen")
    html = client.get("/moderation/log", {"kind": "ban"}).content.decode()
    assert "vandal" in html and "keen" not in html
    assert client.get("/moderation/log", {"kind": "nonsense", "page": "x"}).status_code == 200
