"""Rollback and vote purges reach only members below the moderator who uses them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TropeFactory
from wiki import editing

pytestmark = pytest.mark.django_db


def since():
    return (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def edit(page, user, body):
    editing.edit_page(
        page,
        {**editing.revision_values(editing.latest_revision(page)), "body": body},
        editing.latest_revision(page).history_id,
        user,
    )


def test_a_moderator_cannot_roll_back_an_administrators_edits(client, moderator, admin_user):
    page = TropeFactory(page__name="BigEater", page__body="Before.").page
    edit(page, admin_user, "The administrator's fix.")
    client.force_login(moderator)

    response = client.post("/user/ada/rollback", {"since": since()})

    assert response.status_code == 403
    page.refresh_from_db()
    assert page.body == "The administrator's fix."


def test_a_moderator_cannot_roll_back_another_moderator(client, moderator, other_moderator):
    client.force_login(moderator)

    assert client.get("/user/otto/rollback").status_code == 403
    assert client.post("/user/otto/rollback", {"since": since()}).status_code == 403


def test_a_moderator_cannot_purge_an_administrators_votes(client, moderator, admin_user):
    client.force_login(moderator)

    assert client.get("/user/ada/votes/purge").status_code == 403
    assert client.post("/user/ada/votes/purge").status_code == 403


def test_a_moderator_still_rolls_back_a_new_editor(client, moderator, new_editor):
    page = TropeFactory(page__name="BigEater", page__body="Good.").page
    edit(page, new_editor, "Blanked!")
    client.force_login(moderator)

    response = client.post("/user/nina/rollback", {"since": since()})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "Good."


def test_an_administrator_rolls_back_a_moderator(client, admin_user, moderator):
    page = TropeFactory(page__name="BigEater", page__body="Good.").page
    edit(page, moderator, "A rogue moderator's edit.")
    client.force_login(admin_user)

    assert client.post("/user/mona/rollback", {"since": since()}).status_code == 302
    page.refresh_from_db()
    assert page.body == "Good."
