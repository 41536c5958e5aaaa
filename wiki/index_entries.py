"""Index pages as ordered lists, and the "Previous · Index · Next" bar of each page on one.

An index page's list items define its members: the page each item's own line links to first
(`wiki.markup.listed_links`), in the order of the text; a link to a redirect counts for the
page it leads to. They are kept as `IndexEntry` rows, positions 0, 1, 2… with no gap, rebuilt
in the transaction of every save that may change them (`page_saved`, called by
wiki.signals): the index's own save, and a page appearing at (or moving to) a name an index
lists. A page deleted leaves its indexes renumbered (`page_deleting`). Each returns the pages
whose bar changed (added, removed, new neighbours), for the caller to give new stamps; a
page renamed or retitled is one its neighbours show, and `wiki.freshness.touch_neighbours`
finds them (`neighbours`).

A page's bars are read with the pages linking to it, since every index it is on links to
it (`with_places`): no query more for the page view.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat

from wiki import kinds, markup
from wiki.models import IndexEntry, Page, PageLink

# What `with_places` adds to each page linking to the page shown: for an index listing it,
# its place there and the pages before and after it ("Namespace/Name/Title").
PLACE_FIELDS = ("index_place", "index_previous", "index_next")


@dataclass(frozen=True, slots=True)
class IndexBar:
    """Where a page stands on one index: the index, and the pages before and after it."""

    index: PageLink
    previous: PageLink | None
    next: PageLink | None


def listed_keys(index: Page) -> list[str]:
    """The keys of the pages `index`'s list items link to, in order, once each."""
    if index.kind != kinds.INDEX or index.redirect_to_id:
        return []
    return [target.lower() for target in markup.listed_links(index.body)]


def rebuild(index: Page) -> set[int]:
    """Make `index`'s entries the pages its list items link to (a redirect counting for the
    page it leads to), in order; return the ids of the pages whose bar on it changed."""
    keys = listed_keys(index)
    # The pages listed, and those it listed until now with their places, in one query.
    none = Value(None, output_field=IntegerField())
    listed = Page.objects.filter(key__in=keys).order_by()
    was = IndexEntry.objects.filter(index=index).order_by()
    rows = listed.values_list("key", "pk", "redirect_to_id", none).union(
        was.values_list("page__key", "page", none, "position"), all=True
    )
    found, places = {}, []
    for key, pk, redirect_to, position in rows:
        found[key] = redirect_to or pk
        if position is not None:
            places.append((position, pk))
    before = [pk for _, pk in sorted(places)]
    listed = dict.fromkeys(found[key] for key in keys if key in found)
    listed.pop(index.pk, None)  # an index listing itself has no place on itself
    after = list(listed)
    if after == before:
        return set()
    if before:
        IndexEntry.objects.filter(index=index).delete()
    IndexEntry.objects.bulk_create(
        IndexEntry(index=index, page_id=page, position=position)
        for position, page in enumerate(after)
    )
    return _bars_changed(before, after)


def page_saved(page: Page, created: bool, update_fields: Iterable[str] | None) -> set[int]:
    """After `page` is written: its own entries, if it is an index whose list may have
    changed, or a page that may have stopped being an index (a whole save, as the admin and
    moves make); and, if it is new or may have moved, those of the indexes listing its name,
    which now lead to it. Returns the pages whose bars changed."""
    changed = set()
    whole = update_fields is None
    if page.kind == kinds.INDEX:
        if created or whole or _list_may_differ(page):
            changed |= rebuild(page)
    elif whole and not created:
        changed |= rebuild(page)
    if created or whole:
        listing = Page.objects.filter(
            kind=kinds.INDEX, outgoing_links__to_key=page.key, outgoing_links__origin=""
        ).exclude(pk=page.pk)
        for index in listing.only("pk", "kind", "body", "redirect_to_id"):
            changed |= rebuild(index)
    return changed


def _list_may_differ(index: Page) -> bool:
    """Whether the pages `index` lists may differ from those it listed when it was read: an
    edit that leaves its list alone costs no query here."""
    if index.loaded_body is None:
        return True
    was = Page(kind=index.kind, body=index.loaded_body)
    return listed_keys(was) != listed_keys(index)


def page_deleting(page: Page) -> set[int]:
    """Before `page` is deleted: take it off the indexes it is on, renumbering them so their
    positions keep no gap. Returns the pages whose bars changed."""
    indexes = IndexEntry.objects.filter(page=page).values("index")
    entries = IndexEntry.objects.filter(index__in=indexes).order_by("index", "position")
    lists: dict[int, list[int]] = {}
    for index, member in entries.values_list("index_id", "page_id"):
        lists.setdefault(index, []).append(member)
    if not lists:
        return set()
    changed = set()
    IndexEntry.objects.filter(index__in=list(lists)).delete()
    for index, before in lists.items():
        after = [member for member in before if member != page.pk]
        IndexEntry.objects.bulk_create(
            IndexEntry(index_id=index, page_id=member, position=position)
            for position, member in enumerate(after)
        )
        changed |= _bars_changed(before, after)
    changed.discard(page.pk)
    return changed


def neighbours(page_id: int) -> QuerySet[IndexEntry, dict[str, Any]]:
    """The ids (as a subquery) of the pages just before and after `page_id` on each index it
    is on: their bars name it."""
    mine = IndexEntry.objects.filter(page=page_id, index=OuterRef("index"))
    return IndexEntry.objects.filter(
        Exists(mine.filter(position=OuterRef("position") - 1))
        | Exists(mine.filter(position=OuterRef("position") + 1))
    ).values("page")


def with_places(linking: QuerySet[Page], page: Page) -> QuerySet[Page]:
    """`linking`, pages linking to `page`, each index among them that lists it with its place
    there and the pages before and after it (PLACE_FIELDS; None for any other page)."""
    # Unordered: one entry at most matches, and the model's ordering would join the index.
    entries = IndexEntry.objects.order_by()
    place = entries.filter(index=OuterRef("pk"), page=page.pk).values("position")[:1]
    # Asked of indexes alone: most pages linking here are not.
    index = Q(kind=kinds.INDEX)
    return linking.annotate(
        index_place=Case(When(index, then=Subquery(place)), output_field=IntegerField()),
        index_previous=Case(When(index, then=_neighbour(page, -1)), output_field=CharField()),
        index_next=Case(When(index, then=_neighbour(page, 1)), output_field=CharField()),
    )


def _neighbour(page: Page, step: int) -> Subquery:
    """The page `step` places from `page` on the index of the row, "Namespace/Name/Title":
    found by the index's (index, position) index at the page's own place and `step`."""
    place = IndexEntry.objects.order_by().filter(index=OuterRef(OuterRef("pk")), page=page.pk)
    entry = IndexEntry.objects.order_by().filter(
        index=OuterRef("pk"), position=Subquery(place.values("position")[:1]) + step
    )
    link = Concat(
        "page__namespace",
        Value("/"),
        "page__name",
        Value("/"),
        "page__title",
        output_field=CharField(),
    )
    return Subquery(entry.values(link=link)[:1])


def split_places(rows: Sequence[tuple[Any, ...]]) -> tuple[list[PageLink], list[IndexBar]]:
    """Rows of PageLink.FIELDS then PLACE_FIELDS (and anything after): the pages as links,
    and the bars of the indexes among them that list the page."""
    width = len(PageLink.FIELDS)
    links, bars = [], []
    for row in rows:
        link = PageLink(*row[:width])
        links.append(link)
        place, previous, following = row[width : width + 3]
        if place is not None:
            bars.append(IndexBar(link, _link(previous), _link(following)))
    return links, bars


def _link(value: str | None) -> PageLink | None:
    # Namespaces and names hold no "/", so the title is whatever follows the second.
    return PageLink(*value.split("/", 2)) if value else None


def _bars_changed(before: list[int], after: list[int]) -> set[int]:
    """The pages of either list whose place differs between them: gone, new, or with
    another page before or after them."""
    was, now = _surroundings(before), _surroundings(after)
    return {page for page in was.keys() | now.keys() if was.get(page) != now.get(page)}


def _surroundings(pages: list[int]) -> dict[int, tuple[int | None, int | None]]:
    padded = [None, *pages, None]
    return {page: (padded[n], padded[n + 2]) for n, page in enumerate(pages)}
