"""A wick check labelled with the keyboard alone: each link's verdict chosen in its radio
group, a note typed, and the labels saved, with no mouse."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, UserFactory
from tropes.models import WickLabel
from tropes.repair import wicks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def check(db):
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    for text in ("Jean eats for three.", "A glutton for [[spoiler:secrets]].", "Naomi snacks."):
        ExampleFactory(trope=trope, text=text)
    return wicks.start(trope.page, UserFactory())


def focused(page, script):
    return page.evaluate(f"(() => {{ const e = document.activeElement; return {script}; }})()")


def tab_to_group(page, item, limit=40):
    """Press Tab until a radio button of `item`'s group has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, "e.name") == f"verdict-{item.pk}":
            return
    raise AssertionError(f"Tab never reached the labels of {item}")


def test_three_links_are_labelled_with_the_keyboard_only(page, sign_in, check):
    checker = UserFactory(username="kim")
    sign_in(checker)
    page.goto("/Main/BigEater/wickcheck")
    # The spoiler in a link's context stays hidden until asked for.
    spoiler = page.locator(".wick-context .spoiler").first
    assert spoiler.evaluate("e => getComputedStyle(e).color") == "rgba(0, 0, 0, 0)"
    first, second, third = check.items.order_by("position")
    tab_to_group(page, first)
    page.keyboard.press("Space")  # the first choice: correct use
    page.keyboard.press("Tab")
    assert focused(page, "e.name") == f"note-{first.pk}"
    page.keyboard.type("Eats, plainly.")
    tab_to_group(page, second)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # misuse
    tab_to_group(page, third)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # unclear
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page, "e.textContent.trim()") == "Save my labels":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Saved your labels of 3 links")
    labels = dict(WickLabel.objects.filter(checker=checker).values_list("item_id", "verdict"))
    assert labels == {first.pk: "correct", second.pk: "misuse", third.pk: "unclear"}
    assert WickLabel.objects.get(item=first).note == "Eats, plainly."
    # Shown back as chosen.
    assert page.locator(f'input[name="verdict-{second.pk}"][value="misuse"]').is_checked()
