"""A small wiki for the read API's tests, spoilers in every kind of text it shows, and a way
to read every string of an answer."""

from html.parser import HTMLParser

import pytest

from tests.factories import CharacterFactory, ExampleFactory, PageFactory, TropeFactory, WorkFactory
from tests.helpers import edit
from tropes import votes
from tropes.models import PlayedAs, Subpage, SubpageKind
from wiki import moderation

# Each spoiler is a word of its own, so that a test can say which text let it out.
SECRETS = {
    "trope body": "Marzipanic",
    "trope quote": "Quokkalyptic",
    "work body": "Zeppelinth",
    "example": "Wolframite",
    "character name": "Obsidianne",
    "character description": "Tamarindus",
    "old revision": "Vermiculite",
    "subpage": "Gorgonzolan",
}
HELD = "Heldbackword"


@pytest.fixture
def wiki(editor, new_editor, reader):
    """Big Eater in Metallic Rouge, its cast and a Characters subpage, an old revision, a
    vote and a held change, each text with a spoiler of its own."""
    trope = TropeFactory(
        page__name="BigEater",
        page__title="Big Eater",
        page__body=f"Eats a lot. [[spoiler:{SECRETS['trope body']} ends it]]",
        page__quote=f"Seconds? [[spoiler:{SECRETS['trope quote']}]]",
        page__quote_attribution="A cook",
        laconic="Eats a lot.",
    )
    work = WorkFactory(
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body=f"An android story. [[spoiler:{SECRETS['work body']} dies]]",
        year=2024,
        laconic="Androids hunt.",
    )
    kind = SubpageKind.objects.get(structure=SubpageKind.Structure.CHARACTERS)
    cast_page = PageFactory(
        namespace=kind.namespace,
        name="MetallicRouge",
        title="Characters / Metallic Rouge",
        kind=Subpage.KIND,
        body=f"The cast. [[spoiler:{SECRETS['subpage']}]]",
    )
    Subpage.objects.create(page=cast_page, work=work, kind=kind)
    rouge = CharacterFactory(work=work, folder="Heroes", name="Rouge Redstar", order=1)
    hidden = CharacterFactory(
        work=work,
        folder="Villains",
        name=SECRETS["character name"],
        name_is_spoiler=True,
        description=f"Hides. [[spoiler:{SECRETS['character description']}]]",
        order=2,
    )
    example = ExampleFactory(
        trope=trope,
        work=work,
        text=f"Rouge eats ten bowls. [[spoiler:{SECRETS['example']} was a decoy]]",
        played=PlayedAs.SUBVERTED,
    )
    about_hidden = ExampleFactory(
        trope=TropeFactory(page__name="TheMole", page__title="The Mole"),
        work=work,
        character=hidden,
        text="Works for the enemy.",
    )
    votes.cast_vote(reader, example, 4)
    edit(
        trope.page,
        editor,
        "Longer",
        body=f"Eats a lot. [[spoiler:{SECRETS['old revision']}]] Then more.",
    )
    edit(
        trope.page,
        editor,
        "Back",
        body=f"Eats a lot. [[spoiler:{SECRETS['trope body']} ends it]]",
    )
    moderation.hold(
        "page_edit",
        "Edit of Big Eater",
        {"values": {"body": f"{HELD} text."}, "extra": None},
        new_editor,
        page=trope.page,
        base_revision=trope.page.history.latest("history_id").history_id,
    )
    return {
        "trope": trope,
        "work": work,
        "cast": cast_page,
        "rouge": rouge,
        "hidden": hidden,
        "example": example,
        "about_hidden": about_hidden,
    }


def strings(value, key=""):
    """(key, string) of every string in a JSON answer, the key being the name it is under."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from strings(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner, key)
    elif isinstance(value, str):
        yield key, value


class ShownText(HTMLParser):
    """The text of HTML outside its spoilers: what a client shows that hides them."""

    def __init__(self):
        super().__init__()
        self.open = []  # for each open span, whether it is a spoiler
        self.shown = []

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self.open.append("spoiler" in (dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag):
        if tag == "span" and self.open:
            self.open.pop()

    def handle_data(self, data):
        if not any(self.open):
            self.shown.append(data)


def shown_text(html):
    parser = ShownText()
    parser.feed(html)
    parser.close()
    return "".join(parser.shown)
