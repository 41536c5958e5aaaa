"""Saving an edit to a page without ever overwriting someone else's.

Every edit form carries the revision it started from. Saving locks the page row,
so two saves of one page run one after the other; the second sees the first's
revision as newer than its own starting point and is merged three-way against
it, or, where both changed the same lines, handed back as a conflict.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import Model

from accounts.models import User
from wiki import freshness, kinds, merging
from wiki.merging import FieldValues
from wiki.models import Page
from wiki.models.page import DERIVED_FIELDS
from wiki.moderation import trust
from wiki.moderation.holding import Outcome
from wiki.revisions import Revision, UnknownRevision, credit

PAGE_FIELDS = ("title", "body", "quote", "quote_attribution", "image_caption", "image_alt")
MULTILINE_FIELDS = {"body", "quote"}


class RelatedValues(TypedDict):
    """The fields of a kind's related object as edited, and as they were when editing began."""

    values: FieldValues
    initial: FieldValues


@dataclass
class EditResult:
    outcome: Outcome
    page: Page
    # What was saved, or the editor's text on conflict.
    values: dict[str, Any] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    theirs: Revision | None = None  # the newer revision the edit was merged with or conflicts with
    base: Revision | None = None  # the revision the edit started from

    @property
    def saved(self) -> bool:
        return self.outcome in ("saved", "merged")


def latest_revision(page: Page) -> Revision | None:
    latest: Revision | None = page.history.order_by("-history_id").first()
    return latest


def latest_revision_id(page: Page) -> int | None:
    latest: int | None = (
        page.history.order_by("-history_id").values_list("history_id", flat=True).first()
    )
    return latest


def revision_values(revision: Revision, names: Iterable[str] = PAGE_FIELDS) -> dict[str, Any]:
    return {name: getattr(revision, name) for name in names}


def edit_page(
    page: Page,
    values: FieldValues,
    base_revision_id: int,
    user: User,
    summary: str = "",
    extra: RelatedValues | None = None,
) -> EditResult:
    """Apply `values` (page fields) and `extra` (the kind's own fields) as one revision.

    `extra` holds values for the fields of the kind's related object (see
    wiki.kinds) and their values when the editor started, as
    `{"values": {...}, "initial": {...}}`; they merge like single-line fields.
    """
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        # The latest revision is read whole only when the edit started from another one.
        latest_id = latest_revision_id(page)
        result = EditResult("saved", page, values=dict(values))
        if latest_id is not None and latest_id != base_revision_id:
            base = page.history.filter(history_id=base_revision_id).first()
            if base is None:
                raise UnknownRevision(base_revision_id)
            current = page.history.get(history_id=latest_id)
            merge = merging.merge_values(
                revision_values(base), revision_values(current), values, MULTILINE_FIELDS
            )
            result = EditResult("merged", page, merge.values, merge.conflicts, current, base)
        # The kind's own record is read only when the editor changed one of its fields: those
        # left as they were merge to what is saved now, which needs no saving.
        changed = extra if extra and extra["values"] != extra["initial"] else None
        related = kinds.related_object(page) if changed else None
        extra_values = _merge_extra(related, changed, result) if changed else {}
        if result.conflicts:
            result.outcome = "conflict"
            result.values = dict(values)
            return result
        if _unchanged(page, result.values) and _unchanged(related, extra_values):
            result.outcome = "unchanged"
            return result
        retitled = result.values.get("title", page.title) != page.title
        # Only the fields an edit changes are written (and what follows from them), which
        # tells the page's receivers that its kind and redirect are as they were
        # (wiki.search.index).
        _save(page, result.values, user, summary, [*PAGE_FIELDS, *DERIVED_FIELDS])
        if retitled:  # the pages linking here, and those it links to, show its title
            freshness.page_renamed(page)
        if related is not None and extra_values and not _unchanged(related, extra_values):
            _save(related, extra_values, user, summary)
        trust.promote_if_due(user)
        return result


def _merge_extra(related: Model | None, extra: RelatedValues, result: EditResult) -> dict[str, Any]:
    current = {name: getattr(related, name) for name in extra["values"]}
    merge = merging.merge_values(extra["initial"], current, extra["values"])
    result.conflicts.extend(merge.conflicts)
    return merge.values


def _unchanged(instance: Model | None, values: FieldValues) -> bool:
    return instance is None or all(getattr(instance, k) == v for k, v in values.items())


def _save(
    instance: Model,
    values: FieldValues,
    user: User,
    summary: str,
    update_fields: list[str] | None = None,
) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    credit(instance, user, summary).save(update_fields=update_fields)
