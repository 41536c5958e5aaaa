"""What readers browse: the home page, the media, random pages, a trope's examples in one
medium."""

import random

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from tropes import played, presenters
from tropes.media import medium_label
from tropes.models import Example, Trope, Work, with_page_titles
from wiki import paging, personal
from wiki.kept_pages import kept_for, kept_until_changed, page_number
from wiki.models import MAIN, Page, page_key
from wiki.red_links import RedLinks

MEDIUM_MAX_PAGES = 50  # 5,000 examples of one trope in one medium (see wiki.paging)


@kept_for(settings.HOME_CACHE_SECONDS)
def home(request):
    return render(
        request,
        "tropes/home.html",
        {
            "recent_pages": Page.objects.recently_changed().only(
                "namespace", "name", "title", "kind", "updated"
            )[:12],
            "random_trope": _random_trope(),
            "best_examples": Example.objects.best_rated(min_votes=2)[:6],
            "counts": _counts(),
        },
    )


def browse(request):
    namespaces = (
        Page.objects.articles()
        .values("namespace")
        .annotate(pages=Count("id"))
        .order_by("namespace")
    )
    media = [
        {"namespace": row["namespace"], "label": medium_label(row["namespace"]), **row}
        for row in namespaces
        if row["namespace"] != MAIN
    ]
    tropes = next((row["pages"] for row in namespaces if row["namespace"] == MAIN), 0)
    return render(request, "tropes/browse.html", {"media": media, "trope_count": tropes})


@kept_until_changed(
    params={"sort": presenters.SORTS, "played": played.FILTERS, "page": page_number}
)
def trope_medium(request, namespace, name, medium):
    """All of a trope's examples in one medium, a page at a time: a big trope's folder."""
    trope = get_object_or_404(
        Trope.objects.select_related("page").exclude(example_rule=Trope.ExampleRule.NONE),
        page__key=page_key(namespace, name),
    )
    sort = presenters.example_sort(request)
    examples = Example.objects.sorted_for_trope(trope, sort).filter(work__page__namespace=medium)
    way = presenters.played_filter(request)
    if way:  # as the trope page's filter chose
        examples = examples.filter(played=way)
    # A page number is read with OFFSET, so the folder shows no more than MEDIUM_MAX_PAGES.
    listing = paging.page_of(
        examples, presenters.MEDIUM_PAGE, request.GET.get("page"), MEDIUM_MAX_PAGES
    )
    if not listing.paginator.count:
        raise Http404("This trope has no examples in that medium.")
    rows = listing.object_list.listed("work")
    presenters.attach_votes_for(request, rows)
    return render(
        request,
        "tropes/trope_medium.html",
        {
            "page": trope.page,
            "label": medium_label(medium),
            "examples": listing,
            "rows": rows,
            "sort": sort,
            "sorts": presenters.SORTS,
            "played": way,
            "missing": RedLinks(trope.page),
            # Kept for every member like this one, when rendered for that (wiki.personal).
            **personal.shared_context(request, trope.page),
        },
    )


def random_page(request, kind):
    if kind not in ("trope", "work"):
        raise Http404("Random pages are tropes or works.")
    chosen = _random_trope() if kind == "trope" else _random(Work.objects)
    if chosen is None:
        raise Http404("There are no pages of that kind yet.")
    return redirect(chosen.page)


def _random_trope():
    return _random(Trope.objects)


def _random(records):
    # The first row from a random key on: two index lookups, unlike ORDER BY random() or an
    # OFFSET, which read every row before the one chosen.
    span = records.aggregate(low=Min("pk"), high=Max("pk"))
    if span["low"] is None:
        return None
    start = random.randint(span["low"], span["high"])
    # The key first, then its row: joined to its page in one query, PostgreSQL would read
    # the pages' index from its start up to that key.
    chosen = records.filter(pk__gte=start).order_by("pk").values_list("pk", flat=True).first()
    # Its page's title and address, not its texts: a big trope's run to hundreds of KB.
    return with_page_titles(records, "page").filter(pk=chosen).first()  # None if just deleted


def _counts():
    # Counting every row of big tables is slow on PostgreSQL; a minute-old count will do.
    return cache.get_or_set(
        "home:counts",
        lambda: {
            "works": Work.objects.count(),
            "tropes": Trope.objects.count(),
            "examples": Example.objects.count(),
        },
        60,
    )
