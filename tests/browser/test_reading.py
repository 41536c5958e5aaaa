"""What only a browser can show: hidden spoilers and votes swapped in place."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)

TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture
def twist(db):
    work = WorkFactory(
        page__namespace="Film",
        page__name="TwistFilm",
        page__title="Twist Film",
        page__body="First [[spoiler:the butler did it]] and then [[spoiler:it was all a dream]].",
    )
    ExampleFactory(work=work, trope=TropeFactory(page__title="The Reveal"), text="Everyone gasps.")
    return work


def text_colour(page, index):
    return page.locator(".spoiler").nth(index).evaluate("el => getComputedStyle(el).color")


def wait_until_shown(page, index):
    """The reveal fades in over a fraction of a second; wait for its colour to arrive."""
    spoiler = page.locator(".spoiler").nth(index).element_handle()
    page.wait_for_function(
        f"el => getComputedStyle(el).color !== '{TRANSPARENT}'", arg=spoiler, timeout=3000
    )


def test_spoiler_is_hidden_until_clicked(page, twist):
    page.goto("/Film/TwistFilm")
    page.mouse.move(0, 0)
    assert text_colour(page, 0) == TRANSPARENT
    page.locator(".spoiler").first.click()
    assert page.locator(".spoiler").first.get_attribute("aria-pressed") == "true"
    page.mouse.move(0, 0)
    wait_until_shown(page, 0)
    assert text_colour(page, 1) == TRANSPARENT


def test_spoiler_is_revealed_from_the_keyboard(page, twist):
    page.goto("/Film/TwistFilm")
    page.mouse.move(0, 0)
    page.locator(".spoiler").first.focus()
    page.keyboard.press("Enter")
    page.locator(".spoiler").nth(1).focus()
    page.keyboard.press(" ")
    wait_until_shown(page, 0)
    wait_until_shown(page, 1)


def test_spoiler_is_revealed_on_hover(page, twist):
    page.goto("/Film/TwistFilm")
    page.locator(".spoiler").first.hover()
    wait_until_shown(page, 0)


def test_show_all_spoilers_reveals_every_one(page, twist):
    page.goto("/Film/TwistFilm")
    page.get_by_role("button", name="Show all spoilers").click()
    page.wait_for_selector("html.spoilers-shown")
    page.mouse.move(0, 0)
    wait_until_shown(page, 0)
    wait_until_shown(page, 1)
    page.goto("/Film/TwistFilm")  # remembered across pages
    assert page.locator("html.spoilers-shown").count() == 1


def test_vote_updates_in_place(page, twist, reader, sign_in):
    sign_in(reader)
    page.goto("/Film/TwistFilm")
    page.evaluate("window.notReloaded = true")
    page.get_by_text("Rate this example").click()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_text("Vote saved.").wait_for()
    widget = page.locator(".vote").first
    assert "4 (1 vote)" in widget.inner_text()
    assert widget.locator('button[aria-pressed="true"]').inner_text() == "4"
    assert page.evaluate("window.notReloaded") is True
