"""Saving an edit to a page without ever overwriting someone else's.

Every edit form carries the revision it started from. Saving locks the page row,
so two saves of one page run one after the other; the second sees the first's
revision as newer than its own starting point and is merged three-way against
it, or, where both changed the same lines, handed back as a conflict.
"""

from dataclasses import dataclass, field

from django.db import transaction

from wiki import freshness, kinds, merging
from wiki.models import Page
from wiki.moderation import trust
from wiki.revisions import UnknownRevision, credit

PAGE_FIELDS = ("title", "body", "quote", "quote_attribution", "image_caption", "image_alt")
MULTILINE_FIELDS = {"body", "quote"}


@dataclass
class EditResult:
    outcome: str  # "saved", "merged", "unchanged" or "conflict"
    page: Page
    values: dict = field(default_factory=dict)  # what was saved, or the editor's text on conflict
    conflicts: list = field(default_factory=list)
    theirs: object = None  # the newer revision the edit was merged with or conflicts with
    base: object = None  # the revision the edit started from

    @property
    def saved(self):
        return self.outcome in ("saved", "merged")


def latest_revision(page):
    return page.history.order_by("-history_id").first()


def revision_values(revision, names=PAGE_FIELDS):
    return {name: getattr(revision, name) for name in names}


def edit_page(page, values, base_revision_id, user, summary="", extra=None):
    """Apply `values` (page fields) and `extra` (the kind's own fields) as one revision.

    `extra` holds values for the fields of the kind's related object (see
    wiki.kinds) and their values when the editor started, as
    `{"values": {...}, "initial": {...}}`; they merge like single-line fields.
    """
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        current = latest_revision(page)
        result = EditResult("saved", page, values=dict(values))
        if current is not None and current.history_id != base_revision_id:
            base = page.history.filter(history_id=base_revision_id).first()
            if base is None:
                raise UnknownRevision(base_revision_id)
            merge = merging.merge_values(
                revision_values(base), revision_values(current), values, MULTILINE_FIELDS
            )
            result = EditResult("merged", page, merge.values, merge.conflicts, current, base)
        related = kinds.related_object(page)
        extra_values = _merge_extra(related, extra, result) if extra else {}
        if result.conflicts:
            result.outcome = "conflict"
            result.values = dict(values)
            return result
        if _unchanged(page, result.values) and _unchanged(related, extra_values):
            result.outcome = "unchanged"
            return result
        retitled = result.values.get("title", page.title) != page.title
        _save(page, result.values, user, summary)
        if retitled:  # the pages linking here, and those it links to, show its title
            freshness.page_renamed(page)
        if extra_values and not _unchanged(related, extra_values):
            _save(related, extra_values, user, summary)
        trust.promote_if_due(user)
        return result


def _merge_extra(related, extra, result):
    current = {name: getattr(related, name) for name in extra["values"]}
    merge = merging.merge_values(extra["initial"], current, extra["values"])
    result.conflicts.extend(merge.conflicts)
    return merge.values


def _unchanged(instance, values):
    return instance is None or all(getattr(instance, k) == v for k, v in values.items())


def _save(instance, values, user, summary):
    for name, value in values.items():
        setattr(instance, name, value)
    credit(instance, user, summary).save()
