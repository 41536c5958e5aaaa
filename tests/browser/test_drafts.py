"""Unsaved text survives a reload, and is forgotten once saved."""

import pytest

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trope(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Original.")


def test_typed_text_can_be_restored_after_a_reload(page, trope, editor, sign_in):
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.get_by_label("Body").fill("A long paragraph I do not want to lose.")
    page.wait_for_timeout(500)  # the draft is written a moment after typing stops
    page.reload()
    assert page.get_by_label("Body").input_value() == "Original."
    page.get_by_role("button", name="Restore it").click()
    assert page.get_by_label("Body").input_value() == "A long paragraph I do not want to lose."

    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/Main/BigEater")
    page.goto("/Main/BigEater/edit")
    assert page.get_by_role("button", name="Restore it").count() == 0


def test_a_draft_can_be_discarded(page, trope, editor, sign_in):
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.get_by_label("Body").fill("Throwaway text.")
    page.wait_for_timeout(500)
    page.reload()
    page.get_by_role("button", name="Discard it").click()
    page.reload()
    assert page.get_by_role("button", name="Restore it").count() == 0


def leave_a_draft(page, text):
    page.goto("/Main/BigEater/edit")
    page.get_by_label("Body").fill(text)
    page.wait_for_timeout(500)


def test_signing_out_forgets_the_drafts_so_the_next_person_sees_none(
    page, trope, editor, moderator, sign_in
):
    sign_in(editor)
    leave_a_draft(page, "My private thoughts about this trope.")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:'))") == []

    sign_in(moderator)
    page.goto("/Main/BigEater/edit")
    assert page.get_by_role("button", name="Restore it").count() == 0


def test_drafts_are_each_members_own_on_a_shared_browser(page, trope, editor, moderator, sign_in):
    sign_in(editor)
    leave_a_draft(page, "Eddie's unsaved words.")
    sign_in(moderator)  # over Eddie's session, without signing out
    page.goto("/Main/BigEater/edit")
    assert page.get_by_role("button", name="Restore it").count() == 0

    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.get_by_role("button", name="Restore it").click()
    assert page.get_by_label("Body").input_value() == "Eddie's unsaved words."
