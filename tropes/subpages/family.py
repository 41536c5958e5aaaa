"""A work's family of pages and the tab bar they all show: Main (the work's page) first, then
its subpages in their kinds' order, each with its icon, and the kinds it has no page of yet
for editors to create.

The bar is read in one query whatever the number of tabs: every kind of subpage, each with
this work's page of it if there is one (a filtered join), and on a page other than the
work's, the work's address and laconic beside (scalar subqueries, run once). Whatever
changes the bar gives every page of the family a new stamp (tropes.subpages.signals).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Subquery

from tropes.models import Example, Installment, Subpage, SubpageKind, Trope, Work
from wiki import freshness
from wiki.models import Page, page_path

LACONIC_NAMESPACE = "Laconic"  # /Laconic/<Name>: tropes.views.subpages.laconic
TEMPLATE = "tropes/_tab_bar.html"
# Works by id: ids, or a queryset of them.
WorkIds = Collection[int] | QuerySet[Any]
KIND_FIELDS = ("pk", "name", "namespace", "icon", "order", "spoilers", "structure", "accepts")


def pages(work_ids: WorkIds) -> QuerySet[Page]:
    """Every page that shows the tab bar of one of the works (ids, or a queryset of them): the
    works' own, their subpages' and their installments' Recap pages. Their ids are read
    first: pages chosen by a list OR a subquery are found by reading every page."""
    # A queryset of values() gives rows of one field.
    works = [row if isinstance(row, int) else next(iter(row.values())) for row in work_ids]
    parts = (
        Subpage.objects.filter(work__in=works)
        .values_list("page_id", flat=True)
        .order_by()
        .union(
            Installment.objects.filter(work__in=works).values_list("page_id", flat=True).order_by()
        )
    )
    return Page.objects.filter(pk__in={*works, *parts})


def listing_examples(work_ids: WorkIds, trope_id: int | None = None) -> QuerySet[Page]:
    """The pages of the works' subpages that list examples (Example.objects.for_subpage):
    those whose kind accepts a kind of trope, or only the kind of the trope `trope_id`."""
    subpages = Subpage.objects.filter(work__in=work_ids).exclude(kind__accepts="")
    if trope_id is not None:
        kind = Trope.objects.filter(pk=trope_id).values("kind")
        subpages = subpages.filter(kind__accepts=Subquery(kind))
    return Page.objects.filter(pk__in=subpages.values("page_id"))


def showing_examples(examples: Iterable[Example]) -> QuerySet[Page]:
    """Every page showing one of `examples` (read with Example.SHOWN_ON at least): their
    tropes' and works' pages, the works' subpages listing their tropes' kinds, and the
    Characters subpage or recap page of those about a character or an installment."""
    examples = list(examples)
    if len(examples) == 1:
        listing = listing_examples([examples[0].work_id], examples[0].trope_id)
    else:
        listing = listing_examples({example.work_id for example in examples})
    shown = {pk for example in examples for pk in example.page_ids}
    shown |= {example.installment_id for example in examples if example.installment_id}
    about_characters = {example.work_id for example in examples if example.character_id}
    parts = [listing.values("pk").order_by()]
    if about_characters:
        characters = Subpage.objects.filter(
            work__in=about_characters, kind__structure=SubpageKind.Structure.CHARACTERS
        )
        parts.append(characters.values("page_id").order_by())
    # A union, not a list OR a subquery, which reads every page to find a few (20 ms a vote).
    chosen = Page.objects.filter(pk__in=shown).values("pk").order_by()
    return Page.objects.filter(pk__in=chosen.union(*parts))


def touch_listing_examples(work_ids: WorkIds) -> None:
    """Give the works' subpages that list examples new stamps (for aftercommit.once)."""
    freshness.touch(listing_examples(work_ids))


@dataclass(frozen=True, slots=True)
class KindShown:
    """A kind of subpage as the bar reads it: values, not a model (the bar reads all fifteen
    on every page of a family, and making a model of each cost more than the query)."""

    pk: int
    name: str
    namespace: str
    icon: str
    order: int
    spoilers: str
    structure: str
    accepts: str

    def as_model(self):
        """The kind as a SubpageKind, as read: for what a model answers (its labels)."""
        return SubpageKind(**{name: getattr(self, name) for name in KIND_FIELDS})


@dataclass(frozen=True, slots=True)
class Tab:
    label: str
    icon: str
    url: str
    # "page" on the page itself, "true" on a page within it (an installment in Recap).
    current: str = ""


@dataclass
class TabBar:
    work_name: str  # Namespace/Name, as forms take it (?work=Anime/MetallicRouge)
    work_url: str
    work_edit_url: str
    tabs: list[Tab]
    # Kinds the work has no page of yet, for editors.
    creatable: list[KindShown]
    create_url: str
    # Where the work's laconic is written, when it has none yet.
    laconic_missing: KindShown | None = None
    kinds: dict[int, KindShown] = field(default_factory=dict)  # every kind, by id

    def context(self):
        """What a presenter adds to its page's context to show the bar instead of the
        engine's tabs of the same name in other namespaces."""
        return {"tab_bar": self, "tabs_template": TEMPLATE}


def tab_bar(work_id, current_page_id, work=None, within="", laconic_current=False):
    """The tab bar of the work `work_id` (its Work record, if the caller has it read), as the
    page `current_page_id` shows it. `within`: the structure of the subpage whose tab is marked
    as the section the page belongs to (an installment's page is within Recap)."""
    rows = _rows(work_id, known=work is not None)
    if work is not None:
        namespace, name, laconic = work.page.namespace, work.page.name, work.laconic
    elif rows:
        namespace, name, laconic = rows[0][len(KIND_FIELDS) + 3 :]
    else:  # no kinds of subpage at all: the work's page alone
        namespace, name, laconic = Work.objects.filter(pk=work_id).values_list(
            "page__namespace", "page__name", "laconic"
        )[0]
    main = page_path(namespace, name)
    tabs = [Tab("Main", "", main, "page" if current_page_id == work_id else "")]
    creatable, laconic_missing, kinds = [], None, {}
    for row in rows:
        kind = KindShown(*row[: len(KIND_FIELDS)])
        page_id, page_namespace, page_name = row[len(KIND_FIELDS) : len(KIND_FIELDS) + 3]
        kinds[kind.pk] = kind
        if kind.structure == SubpageKind.Structure.LACONIC:
            if laconic:
                url = page_path(LACONIC_NAMESPACE, name)
                tabs.append(Tab(kind.name, kind.icon, url, "page" if laconic_current else ""))
            else:
                laconic_missing = kind
        elif page_id is None:
            creatable.append(kind)
        else:
            current = "page" if page_id == current_page_id else ""
            if not current and within and kind.structure == within:
                current = "true"
            tabs.append(Tab(kind.name, kind.icon, page_path(page_namespace, page_name), current))
    return TabBar(
        work_name=f"{namespace}/{name}",
        work_url=main,
        # As reverse("wiki:edit") and reverse("tropes:new_subpage") give them (a test holds
        # them equal), without the URL resolver on every page of every family.
        work_edit_url=f"{main}/edit",
        tabs=tabs,
        creatable=creatable,
        create_url=f"{main}/subpages/new",
        laconic_missing=laconic_missing,
        kinds=kinds,
    )


# The bar's one query, written out: the ORM took longer to build it (a join filtered by the
# work) than the database takes to answer it, on the first render of every page of a family.
# Every kind, with this work's page of it if any; on a page other than the work's, the
# work's address and laconic beside, in scalar subqueries run once.
_ROWS = """
SELECT kind.id, kind.name, kind.namespace, kind.icon, kind."order", kind.spoilers,
       kind.structure, kind.accepts, page.id, page.namespace, page.name{work}
FROM {kinds} kind
LEFT JOIN {subpages} subpage ON subpage.kind_id = kind.id AND subpage.work_id = %s
LEFT JOIN {pages} page ON page.id = subpage.page_id
ORDER BY kind."order", kind.name
"""
_WORK = """,
       (SELECT namespace FROM {pages} WHERE id = %s),
       (SELECT name FROM {pages} WHERE id = %s),
       (SELECT laconic FROM {works} WHERE page_id = %s)"""


def _rows(work_id, known):
    tables = {
        "kinds": SubpageKind._meta.db_table,
        "subpages": Subpage._meta.db_table,
        "pages": Page._meta.db_table,
        "works": Work._meta.db_table,
    }
    sql = _ROWS.format(work="" if known else _WORK.format(**tables), **tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, [work_id] * sql.count("%s"))  # each is the work's id
        return cursor.fetchall()
