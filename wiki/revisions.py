"""Timelines of revisions: one page's history, or the recent changes of the whole wiki.

Revisions of different things (a page, the examples shown on it…) live in
different history tables; each is a `kinds.HistorySource`, and a timeline merges
their newest records by date.
"""

import heapq
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from wiki import kinds
from wiki.models import Page

CHANGE_LABELS = {"+": "created", "~": "edited", "-": "deleted"}
# Changes told apart by the summary the wiki writes for them.
SUMMARY_PREFIXES = {"reverted": "Reverted", "moved": "Moved from"}
CHANGE_KINDS = ("created", "edited", "deleted", "reverted", "moved")


@dataclass
class Entry:
    record: object  # a simple-history record
    about: str  # "page", or what the record is about ("Big Eater in Metallic Rouge")
    size_change: int
    is_page: bool
    url: str = ""  # the page the change shows on
    revision_url: str = ""  # the revision itself, for what is not a page

    @property
    def change(self):
        summary = self.record.history_change_reason or ""
        for change, prefix in SUMMARY_PREFIXES.items():
            if summary.startswith(prefix):
                return change
        return CHANGE_LABELS[self.record.history_type]

    @property
    def diff_url(self):
        if not self.is_page:
            return self.revision_url or self.url
        compare = reverse("wiki:compare", args=[self.record.namespace, self.record.name])
        return f"{compare}?to={self.record.history_id}"


def revert_summary(record):
    """The summary of a revision that brings back `record`; it marks the change as a revert."""
    when = format_date(timezone.localtime(record.history_date), "j F Y, H:i")
    return f"Reverted to the revision of {when} by {record.history_user or 'an anonymous editor'}"


def page_source(records, describe=lambda record: "page"):
    return kinds.HistorySource(
        records, "body", describe, link=lambda r: f"/{r.namespace}/{r.name}", is_page=True
    )


def timeline(page, limit):
    """The newest `limit` revisions of the page and of everything shown on it."""
    return merge([page_source(page.history.all()), *kinds.history_sources(page)], limit)


def recent_changes(limit, namespace="", handle="", change=""):
    """The newest `limit` revisions across the wiki, optionally filtered."""
    pages = page_source(Page.history.all(), describe=lambda record: record.title)
    sources = [pages, *kinds.change_sources()]
    filtered = []
    for source in sources:
        records = source.records
        if namespace:
            if not source.namespace_field:
                continue
            records = records.filter(**{f"{source.namespace_field}__iexact": namespace})
        if handle:
            records = records.filter(history_user__username__iexact=handle)
        if change in SUMMARY_PREFIXES:
            records = records.filter(history_change_reason__startswith=SUMMARY_PREFIXES[change])
        elif change:
            code = {label: code for code, label in CHANGE_LABELS.items()}.get(change)
            records = records.filter(history_type=code)
            for prefix in SUMMARY_PREFIXES.values():
                records = records.exclude(history_change_reason__startswith=prefix)
        filtered.append(source.with_records(records))
    return merge(filtered, limit)


def changes_to(page_ids, limit):
    """The newest `limit` revisions of these pages and of everything shown on them."""
    sources = []
    for source in [page_source(Page.history.all()), *kinds.change_sources()]:
        shown_on = Q()
        for name in source.page_fields:
            shown_on |= Q(**{f"{name}__in": page_ids})
        sources.append(source.with_records(source.records.filter(shown_on)))
    return merge(sources, limit)


def edit_count(user):
    """How many revisions `user` made, across pages and everything shown on them."""
    sources = [page_source(Page.history.all()), *kinds.change_sources()]
    return sum(source.records.filter(history_user=user).count() for source in sources)


def merge(sources, limit):
    """The newest `limit` records of all sources, newest first, in a fixed number of queries:
    one for each source's newest records and one for their previous sizes."""
    streams = []
    for position, source in enumerate(sources):
        records = list(
            source.records.select_related("history_user").order_by("-history_id")[:limit]
        )
        sizes = _size_changes(source, records)
        streams.append([
            (
                -record.history_date.timestamp(),
                -record.history_id,
                position,
                Entry(
                    record,
                    source.describe(record),
                    sizes.get(record.history_id, 0),
                    is_page=source.is_page,
                    url=source.link(record) if source.link else "",
                    revision_url=source.revision_link(record) if source.revision_link else "",
                ),
            )
            for record in records
        ])
    merged = heapq.merge(*streams, key=lambda item: item[:3])
    return [item[3] for _, item in zip(range(limit), merged, strict=False)]


def _size_changes(source, records):
    """{history_id: characters added or removed since that object's previous revision}."""
    if source.text_field is None or not records:
        return {}
    object_id = source.records.model.instance_type._meta.pk.attname
    objects = {getattr(record, object_id) for record in records}
    # Each object's whole history, so the revision before the window is there too.
    rows = (
        source.records.model.objects.filter(**{f"{object_id}__in": objects})
        .annotate(size=Length(source.text_field))
        .order_by("history_id")
        .values_list("history_id", object_id, "size")
    )
    previous, changes = {}, {}
    for history_id, owner, size in rows:
        size = size or 0
        changes[history_id] = size - previous.get(owner, 0)
        previous[owner] = size
    return changes

