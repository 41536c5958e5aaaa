"""What the API reads of examples: a screen of them (all, a work's, a trope's or one trope's
in one work) or one, each with its rating, how it plays its trope, and what it is about.

Read as values in one query, their pages and parts joined: a screen lists two hundred, and
making five models of each row cost more than the rest of the answer."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from rest_framework.request import Request

from tropes.api import cursors, links, pages, texts
from tropes.models import Example, PlayedAs, Trope, Work, example_path
from wiki.models import PageLink

EXAMPLES = cursors.Keyset(("pk",), (int,))
PLAYED_LABELS = dict(PlayedAs.choices)
OWN = ("pk", "played", "rating_average", "rating_count", "text_html", "search_text")
OWN += ("created", "updated")
SIDES = tuple(f"{side}__page__{field}" for side in ("trope", "work") for field in PageLink.FIELDS)
CHARACTER = ("character_id", "character__anchor", "character__name", "character__name_is_spoiler")
INSTALLMENT = ("installment__label", *(f"installment__page__{f}" for f in PageLink.FIELDS))
FIELDS = (*OWN, *SIDES, *CHARACTER, *INSTALLMENT)


def _read() -> QuerySet[Example]:
    """Examples whose trope and work are on the wiki: a cut trope's examples go with it; a cut
    work's stay, unshown, for its restoring."""
    return Example.objects.filter(trope__page__cut=False, work__page__cut=False)


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
    shown, after = EXAMPLES.screen(request, rows.values(*FIELDS), cursors.limit(request))
    return [example(row) for row in shown], after


def one(pk: int) -> dict[str, Any]:
    found = _read().filter(pk=pk).values(*FIELDS).first()
    if found is None:
        raise Http404("No such example.")
    return example(found)


def _page(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    return links.page_ref(*(row[f"{prefix}__{field}"] for field in PageLink.FIELDS))


def example(row: dict[str, Any]) -> dict[str, Any]:
    """An example as the API shows it, from a row of FIELDS."""
    pk = row["pk"]
    character = None
    if row["character_id"] is not None:
        hidden = row["character__name_is_spoiler"]
        character = {
            "id": row["character_id"],
            "anchor": row["character__anchor"],
            "name": texts.of_name(row["character__name"], hidden),
            "name_is_spoiler": hidden,
        }
    installment = None
    if row["installment__page__name"] is not None:
        installment = {
            "label": row["installment__label"],
            "page": _page(row, "installment__page"),
        }
    return {
        "id": pk,
        "url": links.site(example_path(pk)),
        "api_url": links.api(f"examples/{pk}"),
        "trope": _page(row, "trope__page"),
        "work": _page(row, "work__page"),
        "character": character,
        "installment": installment,
        "played": row["played"],
        "played_label": PLAYED_LABELS.get(row["played"], row["played"]),
        "rating": {"average": round(row["rating_average"], 2), "count": row["rating_count"]},
        # Both stored with the example: its rendering, and its text without spoilers.
        "text": texts.Text(row["text_html"], row["search_text"]),
        "created": row["created"],
        "updated": row["updated"],
    }
