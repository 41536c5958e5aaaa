"""Page edits and new pages that wait for review.

`hold_edit` and `hold_new_page` take the same arguments as `editing.edit_page` and
`creation.create_page`, whose held twins they are (see `holding.save_or_hold`).
"""

from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from wiki import creation, editing, kinds, revisions
from wiki.editing import RelatedValues
from wiki.merging import FieldValues
from wiki.models import Page, PendingChange, page_key
from wiki.moderation import holding

EDIT, NEW_PAGE = "page_edit", "new_page"


@dataclass(frozen=True)
class HeldEdit:
    """What a held page edit stores, as JSON in PendingChange.payload."""

    values: dict[str, Any]  # the page's fields, as editing.edit_page takes them
    extra: RelatedValues | None = None  # the kind's own fields


@dataclass(frozen=True)
class HeldNewPage:
    """What a held new page stores, as JSON in PendingChange.payload."""

    namespace: str
    name: str
    title: str
    kind: str


def hold_edit(
    page: Page,
    values: FieldValues,
    base_revision_id: int,
    user: User,
    summary: str = "",
    extra: RelatedValues | None = None,
) -> PendingChange:
    """Keep an edit of `page` for review instead of saving it."""
    if not page.history.filter(history_id=base_revision_id).exists():
        raise revisions.UnknownRevision(base_revision_id)
    extra = {"values": extra["values"], "initial": extra["initial"]} if extra else None
    return holding.hold(
        EDIT,
        f"Edit of {page.title}",
        asdict(HeldEdit(dict(values), extra)),
        user,
        page=page,
        base_revision=base_revision_id,
        summary=summary,
        size_change=len(values.get("body", "")) - len(page.body),
    )


def hold_new_page(namespace: str, name: str, title: str, kind: str, user: User) -> PendingChange:
    """Keep a new page for review instead of creating it."""
    skeleton = kinds.get(kind).skeleton
    held = HeldNewPage(namespace, name, title, kind)
    return holding.hold(
        NEW_PAGE,
        f"New page {namespace}/{name} ({title})",
        asdict(held),
        user,
        summary=creation.SUMMARY,
        size_change=len(skeleton),
    )


def register_handlers() -> None:
    """Called once the apps are ready (wiki.apps)."""
    holding.register(EDIT, holding.Handler(texts=_edit_texts, apply=_apply_edit))
    holding.register(NEW_PAGE, holding.Handler(texts=_new_page_texts, apply=_apply_new_page))


def _edit_texts(change: PendingChange) -> tuple[str, str]:
    page, _ = _edited(change)
    return page.body, HeldEdit(**change.payload).values.get("body", "")


def _apply_edit(change: PendingChange) -> holding.Outcome:
    held = HeldEdit(**change.payload)
    page, base_revision = _edited(change)
    result = editing.edit_page(
        page, held.values, base_revision, change.author, change.summary, extra=held.extra
    )
    return result.outcome


def _edited(change: PendingChange) -> tuple[Page, int]:
    """The page a held edit changes and the revision it started from: hold_edit stores both,
    and a page's held changes are deleted with it."""
    if change.page is None or change.base_revision is None:
        raise ValueError(f"The held edit {change.pk} names no page or revision.")
    return change.page, change.base_revision


def _new_page_texts(change: PendingChange) -> tuple[str, str]:
    return "", kinds.get(HeldNewPage(**change.payload).kind).skeleton


def _apply_new_page(change: PendingChange) -> holding.Outcome:
    held = HeldNewPage(**change.payload)
    if Page.objects.filter(key=page_key(held.namespace, held.name)).exists():
        return "conflict"  # someone created it meanwhile
    try:
        page = creation.create_page(held.namespace, held.name, held.title, held.kind, change.author)
    except (ValidationError, IntegrityError):
        return "conflict"
    change.page = page
    return "saved"
