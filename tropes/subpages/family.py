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

from django.db.models import F, FilteredRelation, Q, QuerySet, Subquery
from django.urls import reverse

from tropes.models import Example, Installment, Subpage, SubpageKind, Trope, Work
from wiki import freshness
from wiki.models import Page, page_path

LACONIC_NAMESPACE = "Laconic"  # /Laconic/<Name>: tropes.views.subpages.laconic
TEMPLATE = "tropes/_tab_bar.html"
# Works by id: ids, or a queryset of them.
WorkIds = Collection[int] | QuerySet[Any]
# What the bar reads of the work, on a page other than the work's.
WORK_FIELDS = ["work_namespace", "work_name", "work_laconic"]
KIND_FIELDS = ("pk", "name", "namespace", "icon", "order", "spoilers", "structure", "accepts")


def pages(work_ids: WorkIds) -> QuerySet[Page]:
    """Every page that shows the tab bar of one of the works (ids, or a queryset of them): the
    works' own, their subpages' and their installments' Recap pages."""
    return Page.objects.filter(
        Q(pk__in=work_ids)
        | Q(pk__in=Subpage.objects.filter(work__in=work_ids).values("page_id"))
        | Q(pk__in=Installment.objects.filter(work__in=work_ids).values("page_id"))
    )


def listing_examples(work_ids: WorkIds, trope_id: int | None = None) -> QuerySet[Page]:
    """The pages of the works' subpages that list examples (Example.objects.for_subpage):
    those whose kind accepts a kind of trope, or only the kind of the trope `trope_id`."""
    subpages = Subpage.objects.filter(work__in=work_ids).exclude(kind__accepts="")
    if trope_id is not None:
        kind = Trope.objects.filter(pk=trope_id).values("kind")
        subpages = subpages.filter(kind__accepts=Subquery(kind))
    return Page.objects.filter(pk__in=subpages.values("page_id"))


def showing_examples(examples: Iterable[Example]) -> QuerySet[Page]:
    """Every page showing one of `examples` (with trope_id and work_id at least): their
    tropes' and works' pages, and the works' subpages listing their tropes' kinds."""
    examples = list(examples)
    pages = Page.objects.filter(pk__in={pk for example in examples for pk in example.page_ids})
    if len(examples) == 1:
        return pages | listing_examples([examples[0].work_id], examples[0].trope_id)
    return pages | listing_examples({example.work_id for example in examples})


def touch_listing_examples(work_ids: WorkIds) -> None:
    """Give the works' subpages that list examples new stamps (for aftercommit.once)."""
    freshness.touch(listing_examples(work_ids))


@dataclass(frozen=True)
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
    # Kinds the work has no page of yet (SubpageKind, as read with the bar), for editors.
    creatable: list[SubpageKind]
    create_url: str
    # Where the work's laconic is written, when it has none yet.
    laconic_missing: SubpageKind | None = None
    kinds: dict[int, SubpageKind] = field(default_factory=dict)  # every kind, by id

    def context(self):
        """What a presenter adds to its page's context to show the bar instead of the
        engine's tabs of the same name in other namespaces."""
        return {"tab_bar": self, "tabs_template": TEMPLATE}


def tab_bar(work_id, current_page_id, work=None, within="", laconic_current=False):
    """The tab bar of the work `work_id` (its Work record, if the caller has it read), as the
    page `current_page_id` shows it. `within`: the structure of the subpage whose tab is marked
    as the section the page belongs to (an installment's page is within Recap)."""
    rows = list(_rows(work_id, known=work is not None))
    if work is not None:
        namespace, name, laconic = work.page.namespace, work.page.name, work.laconic
    elif rows:
        namespace, name, laconic = (rows[0][key] for key in WORK_FIELDS)
    else:  # no kinds of subpage at all: the work's page alone
        namespace, name, laconic = Work.objects.filter(pk=work_id).values_list(
            "page__namespace", "page__name", "laconic"
        )[0]
    main = page_path(namespace, name)
    tabs = [Tab("Main", "", main, "page" if current_page_id == work_id else "")]
    creatable, laconic_missing, kinds = [], None, {}
    for row in rows:
        kind = SubpageKind(**{key: row[key] for key in KIND_FIELDS})
        kinds[kind.pk] = kind
        if kind.structure == SubpageKind.Structure.LACONIC:
            if laconic:
                url = page_path(LACONIC_NAMESPACE, name)
                tabs.append(Tab(kind.name, kind.icon, url, "page" if laconic_current else ""))
            else:
                laconic_missing = kind
        elif row["page_id"] is None:
            creatable.append(kind)
        else:
            current = "page" if row["page_id"] == current_page_id else ""
            if not current and within and kind.structure == within:
                current = "true"
            url = page_path(row["page_namespace"], row["page_name"])
            tabs.append(Tab(kind.name, kind.icon, url, current))
    return TabBar(
        work_name=f"{namespace}/{name}",
        work_url=main,
        work_edit_url=reverse("wiki:edit", args=[namespace, name]),
        tabs=tabs,
        creatable=creatable,
        create_url=reverse("tropes:new_subpage", args=[namespace, name]),
        laconic_missing=laconic_missing,
        kinds=kinds,
    )


def _rows(work_id, known):
    mine = FilteredRelation("subpages", condition=Q(subpages__work_id=work_id))
    rows = SubpageKind.objects.alias(mine=mine).annotate(
        page_id=F("mine__page_id"),
        page_namespace=F("mine__page__namespace"),
        page_name=F("mine__page__name"),
    )
    fields = [*KIND_FIELDS, "page_id", "page_namespace", "page_name"]
    if not known:
        work_page = Page.objects.filter(pk=work_id)
        rows = rows.annotate(
            work_namespace=Subquery(work_page.values("namespace")),
            work_name=Subquery(work_page.values("name")),
            work_laconic=Subquery(Work.objects.filter(pk=work_id).values("laconic")),
        )
        fields += WORK_FIELDS
    return rows.order_by("order", "name").values(*fields)
