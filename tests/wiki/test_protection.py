"""Protected pages: who may change them directly, what everyone else's changes do."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ModeratorAction
from tests.factories import TropeFactory
from tests.helpers import form_data
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Original.").page


def protect(page, level, **extra):
    page.protection = level
    for name, value in extra.items():
        setattr(page, name, value)
    page.save()
    return page


def test_a_locked_page_holds_a_trusted_editors_change_and_says_so(client, editor, page):
    protect(page, Page.Protection.LOCKED, protection_reason="Edit war")
    client.force_login(editor)
    html = client.get("/Main/BigEater").content.decode()
    assert "Locked: Edit war" in html
    client.post("/Main/BigEater/edit", form_data(page, body="Changed."))
    page.refresh_from_db()
    assert page.body == "Original."
    assert PendingChange.objects.get().author == editor


def test_moderators_edit_locked_pages_directly(client, moderator, page):
    protect(page, Page.Protection.LOCKED)
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", form_data(page, body="Changed."))
    page.refresh_from_db()
    assert page.body == "Changed."


def test_semi_protection_lets_trusted_editors_through(client, editor, new_editor, page):
    protect(page, Page.Protection.SEMI)
    client.force_login(new_editor)
    client.post("/Main/BigEater/edit", form_data(page, body="By a newcomer."))
    client.force_login(editor)
    client.post("/Main/BigEater/edit", form_data(page, body="By a regular."))
    page.refresh_from_db()
    assert page.body == "By a regular."
    assert PendingChange.objects.get().author == new_editor


def test_protection_lapses_when_it_expires(client, editor, page):
    protect(page, Page.Protection.LOCKED, protection_expires=timezone.now() - timedelta(minutes=1))
    client.force_login(editor)
    assert "Locked" not in client.get("/Main/BigEater").content.decode()
    client.post("/Main/BigEater/edit", form_data(page, body="Changed."))
    page.refresh_from_db()
    assert page.body == "Changed."


def test_protecting_in_the_admin_is_logged_but_adds_no_revision(client, moderator, page):
    client.force_login(moderator)
    url = f"/admin/wiki/page/{page.pk}/change/"
    data = {
        "namespace": "Main",
        "name": "BigEater",
        "title": "Big Eater",
        "kind": "trope",
        "body": "Original.",
        "image_caption": "",
        "image_alt": "",
        "quote": "",
        "quote_attribution": "",
        "redirect_to": "",
        "protection": "locked",
        "protection_reason": "Edit war",
        "protection_expires_0": "",
        "protection_expires_1": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page.history.count() == 1
    entry = ModeratorAction.objects.get()
    assert entry.kind == "protect" and "Edit war" in entry.reason
    assert "Locked" in client.get("/moderation/log").content.decode()
