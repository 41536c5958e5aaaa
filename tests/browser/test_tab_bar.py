"""A work's tab bar, walked with the keyboard alone: Main, then its subpages in their kinds'
order, each page of the family marking its own tab, and the Create menu opening from the
keyboard for an editor."""

import pytest

from accounts.roles import Role
from tests.factories import PageFactory, UserFactory, WorkFactory
from tests.helpers import with_role
from tropes.models import Subpage, SubpageKind

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


@pytest.fixture
def rouge(db):
    work = WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )
    # Seeded by a migration, which a test of whole transactions empties the tables of.
    for order, name in enumerate(["YMMV", "Trivia", "Characters"]):
        kind, _ = SubpageKind.objects.get_or_create(
            namespace=name, defaults={"name": name, "order": order}
        )
        if name != "Characters":
            page = PageFactory(namespace=name, name="MetallicRouge", kind=Subpage.KIND)
            Subpage.objects.create(page=page, work=work, kind=kind)
    return work


def tab_to(page, name, limit=60):
    """Press Tab until the focused element's text is `name`; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused.endswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_tab_bar_is_walked_with_the_keyboard(page, rouge):
    page.goto("/Anime/MetallicRouge")
    tabs = page.locator(".work-tabs a")
    assert [text.split()[-1] for text in tabs.all_inner_texts()] == ["Main", "YMMV", "Trivia"]
    assert tabs.first.get_attribute("aria-current") == "page"
    tab_to(page, "Main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()").endswith("YMMV")
    page.keyboard.press("Enter")
    page.wait_for_url("**/YMMV/MetallicRouge")
    current = page.locator('.work-tabs a[aria-current="page"]')
    assert current.inner_text().endswith("YMMV")
    tab_to(page, "Trivia")
    page.keyboard.press("Enter")
    page.wait_for_url("**/Trivia/MetallicRouge")
    tab_to(page, "Main")
    page.keyboard.press("Enter")
    page.wait_for_url("**/Anime/MetallicRouge")


def test_an_editor_opens_the_create_menu_from_the_keyboard(page, rouge, sign_in):
    editor = with_role(UserFactory(username="edna"), Role.TRUSTED)
    editor.set_password(PASSWORD)
    editor.save()
    sign_in(editor)
    page.goto("/Anime/MetallicRouge")
    menu = page.locator(".create-subpage details")
    assert not menu.evaluate("el => el.open")
    tab_to(page, "Create")
    page.keyboard.press("Enter")
    assert menu.evaluate("el => el.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()").endswith("Characters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/Characters/MetallicRouge**")
    assert Subpage.objects.filter(work=rouge, kind__namespace="Characters").exists()
