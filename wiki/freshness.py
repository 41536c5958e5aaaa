"""Knowing when what readers see of a page has changed.

Each page carries `shown_stamp`, a random number replaced whenever anything shown on it
changes: its own text, its examples and their ratings, the pages it links to appearing,
disappearing or being renamed, the pages linking to it. Cached copies of a page carry the
stamp they were rendered at, so replacing the stamp is the whole of invalidation: it
happens in the same transaction as the change, in the database every app server reads.

Once the change commits, `stamps_changed` says so (and `pages_forgotten` for keys no page
answers at any more): the project's serving layer publishes the new stamps in a shared cache
(Redis), so that readers' pages are answered without asking the database at all.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from wiki import index_entries
from wiki.models import Link, Page, UnpublishedStamp
from wiki.stamps import new_stamp


class ShownPage(NamedTuple):
    """What a reader's page needs to know of the page it shows, as published and as queried:
    its stamp, when that last changed, and when its protection lapses."""

    key: str
    namespace: str
    name: str
    shown_stamp: int
    shown_changed: datetime
    protection_expires: datetime | None


SHOWN_FIELDS = ShownPage._fields[1:]  # the Page fields beside the key

# Sent once a change to pages' stamps commits, with shown=[ShownPage, …]. touch() lists the
# pages only where stamps are shared beyond the database (PAGE_STAMPS_SHARED): it costs a query.
stamps_changed = Signal()
# Sent once a change commits after which no page answers at some keys, with keys=[…].
pages_forgotten = Signal()


def touch(pages: QuerySet[Page] | Iterable[int]) -> None:
    """Mark `pages` (a queryset or page ids) as showing something new."""
    if not isinstance(pages, QuerySet):
        ids = list(pages)
        if not ids:  # nothing to touch, and no statement to make of it
            return
        pages = Page.objects.filter(pk__in=ids)
    stamp, now = new_stamp(), timezone.now()
    if settings.PAGE_STAMPS_SHARED and connection.vendor == "postgresql":
        shown = _touch_and_list(pages, stamp, now)
        if shown:
            transaction.on_commit(lambda: stamps_changed.send(sender=ShownPage, shown=shown))
        return
    published = (
        list(pages.filter(redirect_to=None).values("key", *SHOWN_FIELDS))
        if settings.PAGE_STAMPS_SHARED
        else []
    )
    # A queryset update on a history-tracked model, safely: both fields are excluded from
    # Page's history, so a new stamp is not an edit and skipping history skips nothing.
    pages.update(shown_stamp=stamp, shown_changed=now)
    publish([{**row, "shown_stamp": stamp, "shown_changed": now} for row in published])


# touch() where stamps are shared, on PostgreSQL: the new stamp, what is published of the
# pages and their listing as unpublished, in one statement where the ORM takes three (a
# vote's whole transaction is a dozen). A history-tracked model updated without its history,
# safely: both fields are excluded from Page's history, so a new stamp is not an edit.
_TOUCH_AND_LIST = """
WITH touched AS (
    UPDATE {page} SET shown_stamp = %s, shown_changed = %s WHERE id IN ({pages})
    RETURNING key, namespace, name, protection_expires, redirect_to_id
), listed AS (
    INSERT INTO {unpublished} (key, stamp, created)
    SELECT key, %s, %s FROM touched WHERE redirect_to_id IS NULL
)
SELECT key, namespace, name, protection_expires FROM touched WHERE redirect_to_id IS NULL
"""


def _touch_and_list(pages: QuerySet[Page], stamp: int, now: datetime) -> list[ShownPage]:
    chosen, params = pages.order_by().values("pk").query.sql_with_params()
    sql = _TOUCH_AND_LIST.format(
        page=Page._meta.db_table, pages=chosen, unpublished=UnpublishedStamp._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, now, *params, stamp, now])
        rows = cursor.fetchall()
    return [
        ShownPage(key, namespace, name, stamp, now, expires)
        for key, namespace, name, expires in rows
    ]


def publish(rows: list[dict[str, Any]]) -> None:
    """After the commit, say the pages' new stamps (rows of SHOWN_FIELDS and "key"). Until
    then readers are shown the old ones, which is right: it is what the database holds."""
    if rows:
        publish_stamps(
            [ShownPage(**{name: row[name] for name in ShownPage._fields}) for row in rows]
        )


class Stamped(Protocol):
    """Anything published with a stamp under a key: a page (ShownPage), a member's own
    parts (wiki.own_stamps.OwnStamp)."""

    @property
    def key(self) -> str: ...

    @property
    def shown_stamp(self) -> int: ...


def publish_stamps(shown: Sequence[Stamped]) -> None:
    """After the commit, say the new stamps of `shown`, listed meanwhile as unpublished."""
    _list_unpublished((item.key, item.shown_stamp) for item in shown)
    publish_listed(shown)


def publish_listed(shown: Sequence[Stamped]) -> None:
    """After the commit, say the new stamps of `shown`, which the caller listed."""
    transaction.on_commit(lambda: stamps_changed.send(sender=ShownPage, shown=shown))


def forget(key: str) -> None:
    """After the commit, say that no page answers at `key` any more."""
    _list_unpublished([(key, None)])
    transaction.on_commit(lambda: pages_forgotten.send(sender=ShownPage, keys=[key]))


def _list_unpublished(changes: Iterable[tuple[str, int | None]]) -> None:
    """Where stamps are shared, list the changes in this transaction until whoever
    publishes them strikes them out: if that never happens, the list outlives the
    process that should have done it (docs/design.md, "No stale page after an outage")."""
    if settings.PAGE_STAMPS_SHARED:
        UnpublishedStamp.objects.bulk_create(
            UnpublishedStamp(key=key, stamp=stamp) for key, stamp in changes
        )


def touch_linking_to(keys: Iterable[str]) -> None:
    """Pages linking to any of `keys`, which have just appeared: their red links turn blue."""
    touch(
        Page.objects.filter(
            pk__in=Page.objects.filter(outgoing_links__to_key__in=set(keys)).values("pk")
        )
    )


def touch_neighbours(page: Page, keys: set[str]) -> None:
    """Everything that shows `page`'s name, title or existence, known by its `keys` (old and
    new, when it moves): pages linking to it, pages it links to (their backlinks show it),
    the pages of the same name in other namespaces (their tabs) and the pages next to it on
    an index (their bars)."""
    linked = Link.objects.filter(from_page=page.pk).values("to_key") if page.pk else []
    beside = index_entries.neighbours(page.pk) if page.pk else []
    names = {key.partition("/")[2] for key in keys}
    touch(
        Page.objects.filter(
            Q(pk__in=Page.objects.filter(outgoing_links__to_key__in=set(keys)).values("pk"))
            | Q(key__in=linked)
            | Q(name_lower__in=names)
            | Q(pk__in=beside)
        ).exclude(pk=page.pk)
    )


def touch_keys(keys: Iterable[str], also: Iterable[int] = ()) -> None:
    """Mark the pages at `keys`, and the pages `also` (ids), as showing something new, in one
    statement."""
    keys, also = set(keys), set(also)
    if keys or also:
        touch(Page.objects.filter(Q(key__in=keys) | Q(pk__in=also)))


# A page's own changes, told by wiki.signals and by the services that rename pages.


def restamp(page: Page) -> None:
    """Give `page`, about to be saved, a new stamp: whatever changed, readers see it."""
    page.shown_stamp, page.shown_changed = new_stamp(), timezone.now()


def page_saved(page: Page, created: bool) -> None:
    """After `page` is written: a new page changes what its neighbours show (red links turn
    blue, backlinks, tabs); then its own stamp is said, or its key forgotten if it redirects."""
    if created:
        touch_neighbours(page, {page.key})
    if page.redirect_to_id:
        forget(page.key)
    else:
        publish([{"key": page.key, **{name: getattr(page, name) for name in SHOWN_FIELDS}}])


def page_renamed(page: Page, old_key: str | None = None) -> None:
    """What other pages show of `page` has changed: its name (it was at `old_key`), its title,
    its kind or where it redirects. Called by the code that changes them, after saving."""
    touch_neighbours(page, {page.key} if old_key is None else {page.key, old_key})
    if old_key is not None and old_key != page.key:
        forget(old_key)


def page_deleted(page: Page) -> None:
    """Before `page` is deleted, while its links still say what shows it."""
    touch_neighbours(page, {page.key})
    forget(page.key)
