"""The moderator's review screen: the change as a diff, approved with a comment, then live."""

import pytest
from playwright.sync_api import expect

from tests.factories import TropeFactory
from wiki import moderation
from wiki.models import Page

pytestmark = pytest.mark.django_db(transaction=True)


def test_moderator_reviews_and_approves_a_held_edit(page, new_editor, moderator, sign_in):
    trope = TropeFactory(
        page__name="BigEater", page__title="Big Eater", page__body="Naomi eats a lot."
    )
    moderation.hold(
        "page_edit",
        "Edit of Big Eater",
        {"values": {"body": "Naomi eats a whole cake."}, "extra": None},
        new_editor,
        page=trope.page,
        base_revision=trope.page.history.get().history_id,
        summary="Cake",
    )
    sign_in(moderator)
    page.goto("/admin/wiki/pendingchange/")
    page.get_by_role("link", name="Edit of Big Eater").click()

    inserted = page.locator(".diff-new ins").first
    expect(inserted).to_contain_text("whole cake")
    # Retried until the review stylesheet has loaded: the insertion is highlighted.
    expect(inserted).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    page.get_by_label("Comment or reason").fill("Good catch")
    page.get_by_role("button", name="Approve with comment").click()
    page.get_by_text("Approved; the change is live.").wait_for()

    page.goto("/Main/BigEater")
    assert "Naomi eats a whole cake." in page.locator(".page-body").inner_text()
    assert (
        Page.objects.get(pk=trope.page.pk).history.latest("history_id").history_user == new_editor
    )
