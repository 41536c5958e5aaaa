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
