"""What the API reads of revisions: a page's history, one revision of a page, and the wiki's
recent changes. Timelines are wiki.revisions', read a screen at a time by their own cursors,
one query a source of revisions whatever their length."""

from typing import Any

from django.http import Http404
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from tropes.api import cursors, links, texts
from wiki import revisions
from wiki.models import Page

HISTORY_LIMIT = 50
MOST = 100  # entries a screen: each reads its revision's size and its predecessor's


def history(request: Request, page: Page) -> tuple[list[dict[str, Any]], str | None]:
    size = cursors.limit(request, HISTORY_LIMIT, MOST)
    screen = revisions.timeline(page, size, before=cursors.timeline_cursor(request))
    return [_entry(entry, page) for entry in screen.entries], _older(screen)


def changes(request: Request) -> tuple[list[dict[str, Any]], str | None]:
    """A screen of the wiki's recent changes, filtered by ?namespace=, ?user= and ?kind=."""
    query = request.query_params
    change = query.get("kind", "")
    if change and change not in revisions.CHANGE_KINDS:
        raise ValidationError({"kind": f"One of {', '.join(revisions.CHANGE_KINDS)}."})
    namespace, handle = query.get("namespace", ""), query.get("user", "")
    imported = query.get("imported", "")
    if len(namespace) > 40 or len(handle) > 150 or len(imported) > 255:
        raise ValidationError({"detail": "No namespace or author has so long a name."})
    screen = revisions.recent_changes(
        cursors.limit(request, HISTORY_LIMIT, MOST),
        namespace=namespace.strip(),
        handle=handle.strip(),
        change=change,
        before=cursors.timeline_cursor(request),
        imported=imported.strip(),
    )
    return [_entry(entry) for entry in screen.entries], _older(screen)


def _older(screen: revisions.Screen) -> str | None:
    return None if screen.older is None else str(screen.older)


def _entry(entry: revisions.Entry, page: Page | None = None) -> dict[str, Any]:
    """An entry of a timeline. What a revision is about names its trope and work, and never a
    character's name that is a spoiler (wiki.kinds' sources say so)."""
    record: Any = entry.record
    revision_url = None
    if entry.is_page:
        # A page's revisions are found under its address now; in recent changes, under the
        # address it had then, which redirects to where it has moved since.
        where = page if page is not None else record
        revision_url = links.page_api(where.namespace, where.name, f"revisions/{record.history_id}")
    return {
        "id": record.history_id,
        "date": record.history_date,
        "change": entry.change,
        "about": entry.about,
        "summary": record.history_change_reason or "",
        "author": _author(record),
        "imported_author": revisions.imported_author(record),
        "size_change": entry.size_change,
        "is_page": entry.is_page,
        "url": links.site(entry.url),
        "revision_url": revision_url,
    }


def _author(record: Any) -> str | None:
    """A member by their handle alone; None for a change no member of ours made."""
    user = record.history_user
    return user.username if user is not None else None


def revision(page: Page, revision_id: int) -> dict[str, Any]:
    """One revision of the page: its texts then, and its neighbours' ids. Three queries."""
    record: Any = page.history.select_related("history_user").filter(history_id=revision_id).first()
    if record is None:
        raise Http404("This page has no such revision.")
    neighbours = page.history.order_by("history_id").values_list("history_id", flat=True)
    previous = neighbours.filter(history_id__lt=revision_id).last()
    following = neighbours.filter(history_id__gt=revision_id).first()
    return {
        "id": record.history_id,
        "date": record.history_date,
        "change": revisions.Entry(record, "page", 0, is_page=True).change,
        "summary": record.history_change_reason or "",
        "author": _author(record),
        "imported_author": revisions.imported_author(record),
        "namespace": record.namespace,
        "name": record.name,
        "title": record.title,
        "body": texts.of_markup(record.body),
        "quote": texts.of_markup(record.quote) if record.quote else None,
        "quote_attribution": record.quote_attribution,
        "previous_id": previous,
        "next_id": following,
    }
