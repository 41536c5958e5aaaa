"""What the API reads of examples: a screen of them (all, a work's, a trope's or one trope's
in one work) or one, each with its rating, how it plays its trope, and what it is about."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from rest_framework.request import Request

from tropes.api import cursors, links, pages, texts
from tropes.models import PAGE_TEXTS, Example, PlayedAs, Trope, Work, example_path

EXAMPLES = cursors.Keyset(("pk",), (int,))
PLAYED_LABELS = dict(PlayedAs.choices)


def _read() -> QuerySet[Example]:
    """Examples with their trope's and work's pages and what they are about, in one query,
    the pages' texts and the characters' descriptions left out. A cut trope's examples go
    with it; a cut work's stay, unshown, for its restoring."""
    return (
        Example.objects.filter(trope__page__cut=False, work__page__cut=False)
        .with_pages()
        .select_related("character", "installment__page")
        .defer(
            "hints",
            "character__description",
            "character__description_html",
            *(f"installment__page__{field}" for field in PAGE_TEXTS),
        )
    )


def screen(
    request: Request, work: tuple[str, str] | None, trope: tuple[str, str] | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of examples by id: of the work and trope named (Namespace/Name), where
    named, which must exist (404 otherwise)."""
    rows = _read()
    if work is not None:
        rows = rows.filter(work=pages.known(*work, Work.KIND))
    if trope is not None:
        rows = rows.filter(trope=pages.known(*trope, Trope.KIND))
    shown, after = EXAMPLES.screen(request, rows, cursors.limit(request))
    return [example(row) for row in shown], after


def one(pk: int) -> dict[str, Any]:
    found = _read().filter(pk=pk).first()
    if found is None:
        raise Http404("No such example.")
    return example(found)


def example(row: Example) -> dict[str, Any]:
    character = row.character
    installment = row.installment
    return {
        "id": row.pk,
        "url": links.site(example_path(row.pk)),
        "api_url": links.api(f"examples/{row.pk}"),
        "trope": links.ref_of(row.trope.page),
        "work": links.ref_of(row.work.page),
        "character": None
        if character is None
        else {
            "id": character.pk,
            "anchor": character.anchor,
            "name": texts.of_name(character.name, character.name_is_spoiler),
            "name_is_spoiler": character.name_is_spoiler,
        },
        "installment": None
        if installment is None
        else {"label": installment.label, "page": links.ref_of(installment.page)},
        "played": row.played,
        "played_label": PLAYED_LABELS.get(row.played, row.played),
        "rating": {"average": round(row.rating_average, 2), "count": row.rating_count},
        "text": texts.of_markup(row.text, row.text_html, row.search_text),
        "created": row.created,
        "updated": row.updated,
    }
