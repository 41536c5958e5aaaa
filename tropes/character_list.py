"""What a work's Characters subpage shows: its characters in their folders, each with its
anchor, image, description and tropes, read in one query whatever their number."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

import wiki.kinds
from tropes import characters, held_characters
from tropes.listed_tropes import FIELDS as TROPE_FIELDS
from tropes.listed_tropes import ListedTrope
from tropes.models import Character, SubpageKind, title_or_deleted, with_page_titles
from tropes.subpages import presenting
from wiki import markup
from wiki.kinds import HistorySource
from wiki.markup.render_rules import hidden_text
from wiki.moderation import rollback

CHARACTER_FIELDS = (
    "pk",
    "anchor",
    "name",
    "name_is_spoiler",
    "folder",
    "image",
    "image_caption",
    "description_html",
)


def spoiler_name(name, is_spoiler) -> SafeString:
    """A character's name as lists and titles show it: hidden like any spoiler in the text."""
    return mark_safe(hidden_text(name) if is_spoiler else conditional_escape(name))


@dataclass(slots=True)
class ListedCharacter:
    pk: int
    anchor: str
    name: str
    name_is_spoiler: bool
    folder: str
    image: str
    image_caption: str
    description_html: str
    tropes: list[ListedTrope] = field(default_factory=list)

    @property
    def shown_name(self):
        return spoiler_name(self.name, self.name_is_spoiler)

    @property
    def image_url(self):
        return default_storage.url(self.image) if self.image else ""

    @property
    def image_alt(self):
        # The alternative text is read aloud and never hidden: it must not spell a spoiler.
        return "" if self.name_is_spoiler else self.name


@dataclass(slots=True)
class Folder:
    name: str
    characters: list[ListedCharacter] = field(default_factory=list)


def folders(work_id):
    """[Folder] of the work's characters, in their order; each folder where its first
    character is. One query: the characters joined with their examples, whose tropes are
    sorted by title."""
    rows = (
        Character.objects.filter(work=work_id)
        .order_by("order", "name", "pk", "examples__trope__page__title")
        .values_list(*CHARACTER_FIELDS, *(f"examples__{name}" for name in TROPE_FIELDS))
    )
    by_name: dict[str, Folder] = {}
    found: dict[int, ListedCharacter] = {}
    width = len(CHARACTER_FIELDS)
    for row in rows:
        character = found.get(row[0])
        if character is None:
            character = found[row[0]] = ListedCharacter(*row[:width])
            folder = by_name.setdefault(character.folder, Folder(character.folder))
            folder.characters.append(character)
        if row[width] is not None:  # a character without examples comes with none
            character.tropes.append(ListedTrope.from_row(row[width:]))
    return list(by_name.values())


def present(request, page, subpage):
    """A Characters subpage (registered with tropes.subpages.presenting for its structure)."""
    kind = subpage.kind
    return "tropes/characters.html", {
        "subpage": subpage,
        "subpage_kind": kind,
        "spoilers_shown": kind.spoilers == kind.Spoilers.SHOWN,
        "folders": folders(subpage.work_id),
    }


def register():
    """What characters add to the engine (called by tropes.kinds): how Characters subpages
    are shown, how their held changes are reviewed, and their revisions in recent changes."""
    presenting.register_structure(SubpageKind.Structure.CHARACTERS, present)
    held_characters.register_handler()
    wiki.kinds.register_changes(all_characters_source)
    # Before examples' (tropes.apps): a removed character comes back before its tropes do.
    rollback.register(characters.plan_rollback)


def character_source(records, page=None):
    """Revisions of characters, for a history or recent changes: a name that is a spoiler is
    not spelled out there. Each links to the character on `page` (their Characters
    subpage), or to their work's page in recent changes, which lists every work's."""

    def link(record):
        if page is not None:
            return f"{page.get_absolute_url()}#{record.anchor}"
        return record.work.get_absolute_url() if record.work else ""

    return HistorySource(
        with_page_titles(records, "work__page"),
        "description",
        lambda r: (
            f"character {'(a spoiler)' if r.name_is_spoiler else r.name} of "
            f"{title_or_deleted(r.work)}"
        ),
        link=link,
        namespace_field="work__page__namespace",
        page_fields=("work_id",),
    )


def all_characters_source():
    return character_source(Character.history.all())


def subpage_search_texts(pages):
    """What search reads of Characters subpages beyond their own text: their characters'
    names and descriptions as readers see them, a name that is a spoiler left out."""
    texts = {page.pk: [] for page in pages}
    rows = Character.objects.filter(
        work__subpages__page__in=list(texts),
        work__subpages__kind__structure=SubpageKind.Structure.CHARACTERS,
    ).values_list("work__subpages__page_id", "name", "name_is_spoiler", "description")
    for page_id, name, hidden, description in rows:
        texts[page_id] += [] if hidden else [name]
        texts[page_id].append(markup.plain_text(description))
    return {pk: ("", " ".join(text)) for pk, text in texts.items() if text}


def subpage_history(page):
    """The revisions of a Characters subpage's characters, for its history."""
    subpage = getattr(page, "subpage", None)
    if subpage is None or subpage.kind.structure != SubpageKind.Structure.CHARACTERS:
        return []
    return [character_source(Character.history.filter(work_id=subpage.work_id), page)]
