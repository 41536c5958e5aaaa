"""A reply in a discussion, posted from the browser, hides its spoiler until revealed."""

import pytest

from tests.factories import TropeFactory, UserFactory
from wiki.discussions import open_thread

pytestmark = pytest.mark.django_db(transaction=True)

TRANSPARENT = "rgba(0, 0, 0, 0)"


def test_a_reply_with_a_spoiler_hides_it_until_revealed(page, sign_in):
    member = UserFactory(username="poster")
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    thread = open_thread(trope.page, title="Who eats most?", author=member, text="Any guesses?")
    sign_in(member)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Text").fill("It is [[spoiler:the butler, who eats everything]].")
    page.get_by_role("button", name="Post the reply").click()
    page.wait_for_url("**#post-*")
    spoiler = page.locator(".post .spoiler").last
    page.mouse.move(0, 0)
    assert spoiler.evaluate("el => getComputedStyle(el).color") == TRANSPARENT
    spoiler.click()
    assert spoiler.get_attribute("aria-pressed") == "true"
    page.mouse.move(0, 0)
    page.wait_for_function(
        f"el => getComputedStyle(el).color !== '{TRANSPARENT}'",
        arg=spoiler.element_handle(),
        timeout=3000,
    )
    assert "the butler, who eats everything" in spoiler.inner_text()
