"""What only a browser can show of a Characters subpage: the folder an address names opens,
and a spoiler name in a folder's title is hidden until revealed, before the folder opens."""

import pytest

from tests.factories import CharacterFactory, PageFactory, WorkFactory
from tropes.models import Subpage, SubpageKind

pytestmark = pytest.mark.django_db(transaction=True)

TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture
def cast(db):
    work = WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )
    # Seeded by a migration, which a test of whole transactions empties the tables of.
    kind, _ = SubpageKind.objects.get_or_create(
        namespace="Characters",
        defaults={"name": "Characters", "structure": SubpageKind.Structure.CHARACTERS},
    )
    page = PageFactory(namespace="Characters", name="MetallicRouge", kind=Subpage.KIND)
    Subpage.objects.create(page=page, work=work, kind=kind)
    CharacterFactory(work=work, folder="Protagonists", name="Rouge Redstar", description="Hunter.")
    return CharacterFactory(
        work=work, folder="The Immortal Nine", name="Jean Jaures", name_is_spoiler=True
    )


def test_the_folder_an_address_names_is_open(page, cast):
    page.goto("/Characters/MetallicRouge#RougeRedstar")
    assert page.locator("#RougeRedstar").evaluate("el => el.open")
    assert not page.locator(f"#{cast.anchor}").evaluate("el => el.open")
    link = page.locator(f'.characters-contents a[href="#{cast.anchor}"]')
    link.click()  # reveals the name it hides, as a spoiler's first click does
    link.click()
    folder = page.locator(f"#{cast.anchor}").element_handle()
    page.wait_for_function("el => el.open", arg=folder, timeout=3000)


def test_a_spoiler_name_is_revealed_before_its_folder_opens(page, cast):
    page.goto("/Characters/MetallicRouge")
    page.mouse.move(0, 0)
    name = page.locator(f"#{cast.anchor} > summary .spoiler")
    assert name.evaluate("el => getComputedStyle(el).color") == TRANSPARENT
    name.focus()
    page.keyboard.press("Enter")
    assert name.get_attribute("aria-pressed") == "true"
    assert not page.locator(f"#{cast.anchor}").evaluate("el => el.open")
    page.locator(f"#{cast.anchor} > summary").click()
    assert page.locator(f"#{cast.anchor}").evaluate("el => el.open")
