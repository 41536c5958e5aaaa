"""Editing in a real browser: the live preview, and the conflict screen between two tabs."""

import pytest

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


@pytest.fixture
def trope(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body=BODY)


def test_live_preview_shows_rendered_markup_while_typing(page, trope, editor, sign_in):
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.get_by_label("Body").fill("Some **bold** words and [[spoiler:a secret]].")
    preview = page.locator(".markdownx-preview")
    preview.locator("strong", has_text="bold").wait_for()
    assert preview.locator(".spoiler").count() == 1
    assert "<strong>" not in preview.inner_text()


def test_second_tab_saving_over_the_first_gets_the_conflict_screen(page, trope, editor, sign_in):
    sign_in(editor)
    first_tab = page
    second_tab = page.context.new_page()
    first_tab.goto("/Main/BigEater/edit")
    second_tab.goto("/Main/BigEater/edit")

    second_tab.get_by_label("Body").fill(BODY.replace("Second", "Tab two's second"))
    second_tab.get_by_role("button", name="Save").click()
    second_tab.wait_for_url("**/Main/BigEater")

    first_tab.get_by_label("Body").fill(BODY.replace("Second", "Tab one's second"))
    first_tab.get_by_role("button", name="Save").click()
    first_tab.get_by_role("heading", name="Edit conflict on Big Eater").wait_for()
    assert "Tab one's second" in first_tab.get_by_label("Body").input_value()
    assert first_tab.locator(".diff ins", has_text="Tab two's second").count() == 1


def test_example_added_on_the_work_page_appears_on_the_trope_page(page, editor, sign_in):
    from tests.factories import WorkFactory

    TropeFactory(page__name="BigEater", page__title="Big Eater")
    WorkFactory(page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge")
    sign_in(editor)
    page.goto("/Anime/MetallicRouge")
    page.get_by_role("link", name="Add an example").click()
    page.get_by_role("textbox", name="Trope").press_sequentially("big ea")
    page.get_by_role("button", name="Big Eater").click()
    assert page.get_by_role("textbox", name="Trope").input_value() == "Big Eater"
    page.get_by_label("Text").fill("Naomi clears the whole buffet before the mission.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/Anime/MetallicRouge#example-*")
    page.goto("/Main/BigEater")
    assert page.get_by_text("Naomi clears the whole buffet").is_visible()
