"""What the API reads of pages: one page with its kind's fields, lists of pages, works and
tropes, a work's subpages and its characters. Each costs a fixed number of queries."""

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from tropes.api import cursors, links, texts
from tropes.media import medium_label
from tropes.models import (
    PAGE_TEXTS,
    Character,
    Example,
    Subpage,
    SubpageKind,
    Trope,
    Work,
    with_page_titles,
)
from wiki import kinds
from wiki.models import Page, PageLink, page_key

# A page's kind's record, and the pages and kinds it names, in the page's own query: a
# subpage's work and kind, an installment's work (their pages' texts left out).
RELATED = (
    "work",
    "trope",
    "subpage__kind",
    "subpage__work__page",
    "installment__work__page",
)
RELATED_TEXTS = tuple(
    f"{related}__page__{field}"
    for related in ("subpage__work", "installment__work")
    for field in PAGE_TEXTS
)
PAGES = cursors.Keyset(("key",), (str,))
RECORDS = cursors.Keyset(("page__key",), (str,))
CHARACTERS = cursors.Keyset(("order", "name", "pk"), (int, str, int))


class Cut(APIException):
    status_code = 410
    default_detail = "This page was cut: it is no longer on the wiki."
    default_code = "cut"


class Moved(Exception):
    """The page asked for is a redirect, or another spelling of a page's name: the answer
    is at `target`'s address."""

    def __init__(self, target: Page) -> None:
        super().__init__(target.full_name)
        self.target = target


def lookup(namespace: str, name: str) -> Page:
    """The page at namespace/name with its kind's record: Moved where another address is
    its own, 410 where it was cut, 404 where there is none (or its redirects never reach a
    page)."""
    page = Page.objects.by_key(namespace, name).select_related(*RELATED).defer(*RELATED_TEXTS)
    found = page.first()
    if found is None:
        if Page.objects.cut_at(namespace, name) is not None:  # asked only where none answers
            raise Cut()
        raise Http404("No such page.")
    if found.redirect_to_id:
        from wiki import moving  # the one read a redirect costs more

        target = moving.resolve(found)
        if target is None:
            raise Http404("This redirect never reaches a page.")
        raise Moved(target)
    if (namespace, name) != (found.namespace, found.name):
        raise Moved(found)
    return found


def page(found: Page) -> dict[str, Any]:
    """A page as the API shows it: its texts, and its kind's fields where it has them."""
    image = None
    if found.image:
        image = {
            "url": links.site(found.image.url),
            "alt": found.image_alt,
            "caption": found.image_caption,
        }
    return {
        **links.ref_of(found),
        "kind_label": found.kind_hooks.label,
        "body": texts.of_markup(found.body, found.body_html),
        "quote": texts.of_markup(found.quote, found.quote_html) if found.quote else None,
        "quote_attribution": found.quote_attribution,
        "image": image,
        "created": found.created,
        "updated": found.updated,
        "history_url": links.page_api(found.namespace, found.name, "history"),
        "work": _work_fields(found),
        "trope": _trope_fields(found),
        "subpage": _subpage_fields(found),
        "recap": _recap_fields(found),
    }


def _record(found: Page, kind: str) -> Any:
    return kinds.related_object(found) if found.kind == kind else None


def _work_fields(found: Page) -> dict[str, Any] | None:
    work = _record(found, Work.KIND)
    if work is None:
        return None
    return {
        "medium": found.namespace,
        "medium_label": medium_label(found.namespace),
        "year": work.year,
        "laconic": work.laconic,
        "examples_url": _examples_url("work", found),
        "subpages_url": links.page_api(found.namespace, found.name, "subpages"),
        "characters_url": links.page_api(found.namespace, found.name, "characters"),
    }


def _trope_fields(found: Page) -> dict[str, Any] | None:
    trope = _record(found, Trope.KIND)
    if trope is None:
        return None
    return {
        "laconic": trope.laconic,
        "kind": trope.kind,
        "example_rule": trope.example_rule,
        "examples_url": _examples_url("trope", found),
    }


def _subpage_fields(found: Page) -> dict[str, Any] | None:
    subpage = _record(found, Subpage.KIND)
    if subpage is None:
        return None
    kind = subpage.kind
    characters = kind.structure == SubpageKind.Structure.CHARACTERS
    return {
        "work": links.ref_of(subpage.work.page),
        "kind": kind.name,
        "structure": kind.structure,
        "spoilers_shown": kind.spoilers == SubpageKind.Spoilers.SHOWN,
        "characters_url": (
            links.page_api(found.namespace, found.name, "characters") if characters else None
        ),
    }


def _recap_fields(found: Page) -> dict[str, Any] | None:
    installment = _record(found, "recap")
    if installment is None:
        return None
    return {
        "work": links.ref_of(installment.work.page),
        "number": installment.number,
        "label": installment.label,
    }


def _examples_url(side: str, found: Page) -> str:
    return f"{links.api('examples')}?{side}={found.namespace}/{found.name}"


def listing(request: Request, namespace: str) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of pages (not redirects) by address, of one namespace or of all."""
    rows = Page.objects.articles().only(*PageLink.FIELDS, "key")
    if namespace:
        rows = rows.filter(namespace=namespace)
    shown, after = PAGES.screen(request, rows, cursors.limit(request))
    return [links.ref_of(row) for row in shown], after


def works(request: Request, medium: str) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of works by address, of one medium or of all."""
    rows = _records(Work, "year", "laconic")
    if medium:
        rows = rows.filter(page__namespace=medium)
    shown, after = RECORDS.screen(request, rows, cursors.limit(request))
    return [
        {
            **links.ref_of(work.page),
            "medium": work.page.namespace,
            "year": work.year,
            "laconic": work.laconic,
        }
        for work in shown
    ], after


def tropes(request: Request, kind: str) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of tropes by address, of one kind (trope, ymmv, trivia) or of all."""
    rows = _records(Trope, "laconic", "kind", "example_rule")
    if kind:
        rows = rows.filter(kind=kind)
    shown, after = RECORDS.screen(request, rows, cursors.limit(request))
    return [
        {
            **links.ref_of(trope.page),
            "laconic": trope.laconic,
            "trope_kind": trope.kind,
            "example_rule": trope.example_rule,
        }
        for trope in shown
    ], after


def _records(model: type[Work] | type[Trope], *fields: str) -> QuerySet[Any]:
    """The works or tropes whose pages are on the wiki (not cut), with their pages' names."""
    page_fields = (f"page__{name}" for name in (*PageLink.FIELDS, "key"))
    rows = model.objects.filter(page__cut=False).select_related("page")
    return rows.only(*fields, *page_fields)


def work_of(found: Page) -> int:
    """The id of the work whose subpages and characters `found` shows: its own, or its
    subpage's work's; 404 for a page of any other kind."""
    if found.kind == Work.KIND and _record(found, Work.KIND) is not None:
        return found.pk
    subpage = _record(found, Subpage.KIND)
    if subpage is not None:
        return int(subpage.work_id)
    raise Http404("Only a work and its subpages have subpages and characters.")


def subpages(work_id: int) -> list[dict[str, Any]]:
    """The work's subpages in their kinds' order: a dozen at most, one for each kind."""
    rows = (
        with_page_titles(Subpage.objects.filter(work=work_id, page__cut=False), "page")
        .select_related("kind")
        .order_by("kind__order", "kind__name")
    )
    return [
        {
            "kind": subpage.kind.name,
            "icon": subpage.kind.icon,
            "structure": subpage.kind.structure,
            "spoilers_shown": subpage.kind.spoilers == SubpageKind.Spoilers.SHOWN,
            "page": links.ref_of(subpage.page),
        }
        for subpage in rows
    ]


def characters(request: Request, work_id: int) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of the work's characters in their order, each with its examples' tropes:
    three queries (the Characters subpage's address, the characters, their examples)."""
    where = (
        Subpage.objects.filter(
            work=work_id, kind__structure=SubpageKind.Structure.CHARACTERS, page__cut=False
        )
        .values_list("page__namespace", "page__name")
        .first()
    )
    rows = Character.objects.filter(work=work_id)
    shown, after = CHARACTERS.screen(request, rows, cursors.limit(request))
    tropes_of: dict[int, list[dict[str, Any]]] = {character.pk: [] for character in shown}
    examples = (
        Example.objects.filter(character__in=list(tropes_of))
        .order_by("trope__page__title", "pk")
        .values_list("character_id", "pk", *(f"trope__page__{f}" for f in PageLink.FIELDS))
    )
    for character_id, pk, *page in examples:
        tropes_of[character_id].append(
            {"id": pk, "api_url": links.api(f"examples/{pk}"), "trope": links.page_ref(*page)}
        )
    return [_character(character, where, tropes_of[character.pk]) for character in shown], after


def _character(
    character: Character, where: tuple[str, str] | None, examples: list[dict[str, Any]]
) -> dict[str, Any]:
    image = None
    if character.image:
        image = {
            "url": links.site(default_storage.url(character.image.name)),
            # Read aloud and never hidden: it must not spell a name that is a spoiler.
            "alt": "" if character.name_is_spoiler else character.name,
            "caption": character.image_caption,
        }
    return {
        "id": character.pk,
        "anchor": character.anchor,
        "folder": character.folder,
        "name": texts.of_name(character.name, character.name_is_spoiler),
        "name_is_spoiler": character.name_is_spoiler,
        "url": links.site(f"/{where[0]}/{where[1]}#{character.anchor}") if where else None,
        "image": image,
        "description": texts.of_markup(character.description, character.description_html),
        "examples": examples,
    }


def known(namespace: str, name: str, kind: str) -> int:
    """The id of the page of `kind` at namespace/name (a work or trope named in a filter),
    or 404."""
    pk = (
        Page.objects.filter(key=page_key(namespace, name), kind=kind)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404(f"No {kind} is called {namespace}/{name}.")
    return int(pk)
