"""The Go To box, with the keyboard only."""

import pytest

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tropes(db):
    for name, title in [
        ("BigEater", "Big Eater"),
        ("BigBad", "Big Bad"),
        ("SleepySentinel", "Sleepy Sentinel"),
    ]:
        TropeFactory(page__name=name, page__title=title)


def test_typing_arrows_and_enter_open_a_suggestion(page, tropes):
    page.goto("/")
    box = page.get_by_role("combobox", name="Go to a page")
    box.focus()
    # One input, so one request: typed key by key on a busy machine, each key may ask on its
    # own, and an answer arriving late replaces the list the test is reading.
    box.fill("big")
    options = page.get_by_role("listbox", name="Pages").get_by_role("option")
    options.first.wait_for()
    assert options.count() == 2
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == "goto-option-2"
    page.keyboard.press("Enter")
    page.wait_for_url("**/Main/BigEater")


def test_escape_closes_and_enter_opens_the_best_match(page, tropes):
    page.goto("/")
    box = page.get_by_role("combobox", name="Go to a page")
    box.focus()
    box.fill("sleepy")  # one request: no late answer reopens the list after Escape
    options = page.get_by_role("listbox", name="Pages").get_by_role("option")
    options.first.wait_for()
    page.keyboard.press("Escape")
    assert options.count() == 0
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url("**/Main/SleepySentinel")


def test_suggestions_arriving_after_escape_leave_the_list_closed(page, tropes):
    page.goto("/")
    box = page.get_by_role("combobox", name="Go to a page")
    box.focus()
    with page.expect_response("**/goto?*"):
        box.fill("sleepy")
        page.keyboard.press("Escape")  # before the suggestions are even asked for
    page.wait_for_timeout(200)  # past htmx's swap of the answer
    assert page.get_by_role("listbox", name="Pages").get_by_role("option").count() == 0
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Backspace")  # typing again asks again, and shows what comes
    page.get_by_role("listbox", name="Pages").get_by_role("option").first.wait_for()


def test_typing_key_by_key_shows_the_suggestions_for_all_that_was_typed(page, tropes):
    page.goto("/")
    box = page.get_by_role("combobox", name="Go to a page")
    box.focus()
    page.keyboard.type("sleepy", delay=150)  # each key may ask before the last answer came
    options = page.get_by_role("listbox", name="Pages").get_by_role("option")
    options.first.wait_for()
    page.wait_for_load_state("networkidle")
    assert options.count() == 1
    assert "Sleepy Sentinel" in options.first.inner_text()
