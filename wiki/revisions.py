"""Timelines of revisions: one page's history, or the recent changes of the whole wiki.

Revisions of different things (a page, the examples shown on it…) live in
different history tables; each is a `kinds.HistorySource`, and a timeline merges
their newest records by date. Timelines are read a screen at a time, by key: a screen
starts after a `Cursor` (the date, id and source of the last entry shown), so the
thousandth screen costs what the first does.

New revisions are written by simple-history on save; `credit` says whose they are and why.
"""

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import User
from wiki import kinds
from wiki.models import Page

CHANGE_LABELS = {"+": "created", "~": "edited", "-": "deleted"}
# Changes told apart by the summary the wiki writes for them.
SUMMARY_PREFIXES = {"reverted": "Reverted", "moved": "Moved from"}
CHANGE_KINDS = ("created", "edited", "deleted", "reverted", "moved")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Eighteen digits at most: every such number fits the databases' 64-bit integers.
CURSOR_RE = re.compile(r"^(\d{1,18})-(\d{1,18})-(\d{1,3})$")


class Revision(Protocol):
    """A simple-history record. Its model is made at run time, so what is known of it is
    what every history table has."""

    history_id: int
    history_date: datetime
    history_type: str  # "+", "~" or "-"
    history_change_reason: str | None
    history_user: User | None


Credited = TypeVar("Credited", bound=Model)


class BadCursor(ValueError):
    """A place in a timeline that no link of ours names."""


class UnknownRevision(Exception):
    """An edit claims to start from a revision its page or example never had."""


def credit(instance: Credited, user: User | None, reason: str) -> Credited:
    """Credit the revision that saving (or deleting) `instance` adds to `user`, with `reason`
    as its summary; returns `instance`."""
    # Read by simple-history as the revision is written; no model declares them.
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    return instance


@dataclass(frozen=True)
class Cursor:
    """An entry's place in a timeline: its date (microseconds since 1970), its history id and
    the position of its source, in the order timelines sort by (newest first)."""

    micros: int
    history_id: int
    position: int

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        match = CURSOR_RE.match(text)
        if not match:
            raise BadCursor(text)
        cursor = cls(*map(int, match.groups()))
        try:
            cursor.date  # noqa: B018 (a date past the year 9999 is no place in a timeline)
        except OverflowError:
            raise BadCursor(text) from None
        return cursor

    @classmethod
    def of(cls, record: Revision, position: int) -> "Cursor":
        return cls(
            (record.history_date - EPOCH) // timedelta(microseconds=1), record.history_id, position
        )

    def __str__(self) -> str:
        return f"{self.micros}-{self.history_id}-{self.position}"

    @property
    def date(self) -> datetime:
        return EPOCH + timedelta(microseconds=self.micros)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (-self.micros, -self.history_id, self.position)


@dataclass
class Screen:
    entries: list["Entry"]
    older: Cursor | None = None  # where the next, older screen starts; None at the end
    newer: Cursor | None = None  # where the previous, newer screen ends; None on the newest


def screen_position(query: Mapping[str, str]) -> dict[str, Cursor | None]:
    """{"before": …, "after": …}: the cursors of the Older or Newer link a request's query
    string came from; BadCursor if malformed. Timelines read no `page` number: an old
    `?page=` link shows the newest screen."""
    return {
        name: Cursor.parse(query[name]) if query.get(name) else None for name in ("before", "after")
    }


@dataclass
class Entry:
    record: Revision
    about: str  # "page", or what the record is about ("Big Eater in Metallic Rouge")
    size_change: int
    is_page: bool
    url: str = ""  # the page the change shows on
    revision_url: str = ""  # the revision itself, for what is not a page

    @property
    def change(self) -> str:
        summary = self.record.history_change_reason or ""
        for change, prefix in SUMMARY_PREFIXES.items():
            if summary.startswith(prefix):
                return change
        return CHANGE_LABELS[self.record.history_type]

    @property
    def diff_url(self) -> str:
        return self.revision_url or self.url

    @property
    def author(self) -> str:
        """Who made the change, in words ("" when nobody is known)."""
        return author_name(self.record, nobody="")

    @property
    def author_url(self) -> str:
        """Where the author's contributions are listed ("" for an anonymous change): a
        member's own list, or the changes imported under a name from another wiki."""
        user = self.record.history_user
        if user:
            return contributions_path(user.username)
        return imported_changes_path(imported_author(self.record))


def imported_author(record: Revision) -> str:
    """The name a revision brought from another wiki was made under there ("" for a revision
    made here, and for the records of sources that keep no such name)."""
    return getattr(record, "imported_author", "")


def author_name(record: Revision, nobody: str = "an anonymous editor") -> str:
    """Who made a revision, in words: a member's handle, "Imported: Name", or `nobody`."""
    if record.history_user:
        return str(record.history_user)
    name = imported_author(record)
    return f"Imported: {name}" if name else nobody


def imported_changes_path(name: str) -> str:
    """The changes imported under `name` ("" for no name)."""
    return f"{_changes_path()}?{urlencode({'imported': name})}" if name else ""


@lru_cache(maxsize=1)
def _changes_path() -> str:
    return reverse("wiki:changes")


def revert_summary(record: Revision) -> str:
    """The summary of a revision that brings back `record`; it marks the change as a revert."""
    when = format_date(timezone.localtime(record.history_date), "j F Y, H:i")
    return f"Reverted to the revision of {when} by {author_name(record)}"


def page_source(
    records: QuerySet[Any], describe: Callable[[Any], str] = lambda record: "page"
) -> kinds.HistorySource:
    return kinds.HistorySource(
        records,
        "body",
        describe,
        link=lambda r: f"/{r.namespace}/{r.name}",
        revision_link=_compared_with_previous,
        is_page=True,
    )


def _compared_with_previous(record: Any) -> str:
    """What a revision of a page changed: the page compared with it."""
    return f"{_compare_path(record.namespace, record.name)}?to={record.history_id}"


@lru_cache(maxsize=1024)
def _compare_path(namespace: str, name: str) -> str:
    # Reversed once for a page's fifty revisions, not once for each.
    return reverse("wiki:compare", args=[namespace, name])


@lru_cache(maxsize=1024)
def contributions_path(handle: str) -> str:
    """A member's contributions: reversed once for each of the few members a timeline
    shows, not for each of its fifty entries."""
    return reverse("wiki:contributions", args=[handle])


def timeline(
    page: Page, limit: int, before: Cursor | None = None, after: Cursor | None = None
) -> Screen:
    """A screen of the page's revisions and of everything shown on it (see `merge`)."""
    sources = [page_source(page.history.all()), *kinds.history_sources(page)]
    return merge(sources, limit, before, after)


def recent_changes(
    limit: int,
    namespace: str = "",
    handle: str = "",
    change: str = "",
    before: Cursor | None = None,
    after: Cursor | None = None,
    imported: str = "",
) -> Screen:
    """A screen of revisions across the wiki, optionally filtered (see `merge`); `imported`
    keeps the revisions brought from another wiki under that author's name."""
    pages = page_source(Page.history.all(), describe=lambda record: record.title)
    sources = [pages, *kinds.change_sources()]
    filtered = []
    for source in sources:
        records = source.records
        if namespace:
            if not source.namespace_field:
                # Kept as an empty source (no query), so cursors keep naming sources alike.
                filtered.append(source.with_records(records.none()))
                continue
            records = records.filter(**{f"{source.namespace_field}__iexact": namespace})
        if handle:
            records = records.filter(history_user__username__iexact=handle)
        if imported:
            if not _keeps_imported_authors(records):
                filtered.append(source.with_records(records.none()))
                continue
            records = records.filter(imported_author=imported)
        if change in SUMMARY_PREFIXES:
            records = records.filter(history_change_reason__startswith=SUMMARY_PREFIXES[change])
        elif change:
            code = {label: code for code, label in CHANGE_LABELS.items()}.get(change)
            records = records.filter(history_type=code)
            for prefix in SUMMARY_PREFIXES.values():
                records = records.exclude(history_change_reason__startswith=prefix)
        filtered.append(source.with_records(records))
    return merge(filtered, limit, before, after)


def _keeps_imported_authors(records: QuerySet[Any]) -> bool:
    return any(field.name == "imported_author" for field in records.model._meta.fields)


def changes_to(page_ids: Collection[int] | QuerySet[Any, Any], limit: int) -> list[Entry]:
    """The newest `limit` revisions of these pages and of everything shown on them."""
    sources = []
    for source in [page_source(Page.history.all()), *kinds.change_sources()]:
        shown_on = Q()
        for name in source.page_fields:
            shown_on |= Q(**{f"{name}__in": page_ids})
        sources.append(source.with_records(source.records.filter(shown_on)))
    return merge(sources, limit).entries


def edit_count(user: User) -> int:
    """How many revisions `user` made, across pages and everything shown on them."""
    sources = [page_source(Page.history.all()), *kinds.change_sources()]
    return sum(source.records.filter(history_user=user).count() for source in sources)


def merge(
    sources: list[kinds.HistorySource],
    limit: int,
    before: Cursor | None = None,
    after: Cursor | None = None,
) -> Screen:
    """A screen of at most `limit` records of all sources, newest first: the newest ones, those
    just older than `before`, or those just newer than `after`. Each source is read from the
    cursor on by key, `limit + 1` rows at most with their sizes (`_with_sizes`), so a screen
    costs one query a source however deep it lies."""
    if after is not None:
        found = _nearest(sources, limit + 1, after, older=False)
        if len(found) <= limit:  # not a whole screen newer than `after`: show the newest
            return merge(sources, limit)
        shown = found[:limit][::-1]
        return Screen(_entries(sources, shown), older=shown[-1][0], newer=shown[0][0])
    found = _nearest(sources, limit + 1, before, older=True)
    shown = found[:limit]
    return Screen(
        _entries(sources, shown),
        older=shown[-1][0] if len(found) > limit else None,
        newer=shown[0][0] if before is not None and shown else None,
    )


def _nearest(
    sources: list[kinds.HistorySource], limit: int, cursor: Cursor | None, older: bool
) -> list[tuple[Cursor, Revision]]:
    """[(Cursor, record)]: the `limit` records of all sources nearest `cursor` on its older
    (or newer) side, nearest first."""
    found: list[tuple[Cursor, Revision]] = []
    order = ("-history_date", "-history_id") if older else ("history_date", "history_id")
    for position, source in enumerate(sources):
        records = source.records
        if cursor is not None:
            records = records.filter(_beyond(cursor, position, older))
        # The nearest revisions are found in their own table first, then read with their
        # author and pages: joined for `limit` rows, not for every revision of a work's
        # hundreds of examples before sorting them (12 ms on the benchmark's work page).
        nearest = records.order_by(*order).values("history_id")[:limit]
        shown = records.filter(history_id__in=nearest).select_related("history_user")
        found += [
            (Cursor.of(record, position), record)
            for record in _with_sizes(source, shown).order_by(*order)
        ]
    found.sort(key=lambda item: item[0].sort_key, reverse=not older)
    return found[:limit]


def _beyond(cursor: Cursor, position: int, older: bool) -> Q:
    """The records of the source at `position` beyond `cursor`, going older or newer."""
    # At the cursor's very date and id, the sources listed after the cursor's come later.
    if older:
        same_id = "history_id__lte" if position > cursor.position else "history_id__lt"
        return Q(history_date__lt=cursor.date) | Q(
            history_date=cursor.date, **{same_id: cursor.history_id}
        )
    same_id = "history_id__gte" if position < cursor.position else "history_id__gt"
    return Q(history_date__gt=cursor.date) | Q(
        history_date=cursor.date, **{same_id: cursor.history_id}
    )


def _entries(
    sources: list[kinds.HistorySource], shown: list[tuple[Cursor, Revision]]
) -> list[Entry]:
    """The entries for the (Cursor, record) pairs shown."""
    entries = []
    for cursor, record in shown:
        source = sources[cursor.position]
        entries.append(
            Entry(
                record,
                source.describe(record),
                _size_change(record) if source.text_field else 0,
                is_page=source.is_page,
                url=source.link(record) if source.link else "",
                revision_url=source.revision_link(record) if source.revision_link else "",
            )
        )
    return entries


def _with_sizes(source: kinds.HistorySource, records: QuerySet[Any]) -> QuerySet[Any]:
    """The records with the size of their text and of their object's previous revision's,
    measured by the database in the same query (the text itself is not read): each looks up
    its own predecessor, so the cost follows the screen, never the length of a history."""
    if source.text_field is None:
        return records
    model = records.model
    object_id = model.instance_type._meta.pk.attname
    predecessor = (
        model.objects.filter(
            **{object_id: OuterRef(object_id)}, history_id__lt=OuterRef("history_id")
        )
        .order_by("-history_id")
        .annotate(size=Length(source.text_field))
        .values("size")[:1]
    )
    sized: QuerySet[Any] = records.defer(source.text_field).annotate(
        revision_size=Length(source.text_field), previous_size=Subquery(predecessor)
    )
    return sized


def _size_change(record: Any) -> int:
    """Characters added or removed since that object's previous revision."""
    return (record.revision_size or 0) - (record.previous_size or 0)
