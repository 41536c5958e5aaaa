import re

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, When, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render

from wiki import index_entries, kinds, markup, moving, paging, personal
from wiki.help import MARKUP_SAMPLES
from wiki.kept_pages import NEVER_KEPT, kept_until_changed
from wiki.models import Follow, Page, PageLink, PendingChange, Thread
from wiki.red_links import RedLinks
from wiki.views import cuts

BACKLINKS_SHOWN = 30
LISTED_PER_PAGE = 100
# Page numbers are read with OFFSET (see wiki.paging): an index lists 30,000 pages at most,
# more than any namespace of the full data set holds; pages linking here, 10,000.
INDEX_MAX_PAGES = 300
LINKS_HERE_MAX_PAGES = 100
FULL_NAME_RE = re.compile(r"^[A-Za-z]{1,40}/[A-Za-z0-9]{1,100}$")


# Kinds register what their presenters read; registered once apps are ready, so read late.
@kept_until_changed(params=lambda: {"from": NEVER_KEPT, "via": NEVER_KEPT, **kinds.query_params()})
def page(request, namespace, name):
    lookup = Page.objects.by_key(namespace, name)
    # Not joined with the page it redirects to: a redirect, rarely met, reads it (one query
    # more), where the join cost every page view a second page's columns.
    page = lookup.select_related(*kinds.related()).annotate(thread_count=_thread_count()).first()
    if page is None:
        return _missing(request, namespace, name)
    if page.redirect_to_id:
        return _follow_redirect(request, page)
    if (namespace, name) != (page.namespace, page.name):
        return redirect(_with_query(request, page.get_absolute_url()), permanent=True)

    template, context = kinds.present(request, page)
    # Indexes first, so the few a page belongs to are always among those fetched, each with
    # the page's place on it (its bars: wiki.index_entries), and all of them counted in the
    # same query: a count of its own cost pages with many backlinks a query more.
    index_first = Case(When(kind=kinds.INDEX, then=0), default=1)
    linking = Page.objects.linking_to(page).order_by(index_first, "namespace", "title")
    rows = list(
        index_entries.with_places(linking, page)
        .annotate(total=Window(Count("pk")))
        .values_list(*PageLink.FIELDS, *index_entries.PLACE_FIELDS, "total")[: BACKLINKS_SHOWN + 1]
    )
    backlinks, index_bars = index_entries.split_places(rows)
    backlink_count = rows[0][-1] if rows else 0
    if "description" not in context:
        # Spoilers and notes left out: search engines and link previews show it whole. A
        # page opening on a spoiler with nothing else says its title.
        context["description"] = markup.plain_text(page.body, limit=160) or page.title
    context.update(
        page=page,
        missing=RedLinks(page),
        backlinks=backlinks[:BACKLINKS_SHOWN],
        index_bars=index_bars,
        # Indexes linking here without listing the page in a list item: no bar, a link.
        indexes=[
            link
            for link in backlinks
            if link.kind == kinds.INDEX and all(bar.index != link for bar in index_bars)
        ],
        backlink_count=backlink_count,
        redirected_from=_redirected_from(request),
    )
    # A kind may show tabs of its own instead (its presenter names their template, and
    # gives what it reads): then the pages of the same name in other namespaces are not read.
    if "tabs_template" not in context:
        context["tabs"] = Page.objects.same_name(page).as_links()
    # Rendered once for every member like this one (tropewise.serving.members), the member's
    # own parts are filled in afterwards; otherwise they are read here.
    shared = personal.shared_context(request, page)
    context.update(shared or _own_parts(request, page))
    return render(request, template, context)


def _thread_count():
    """The page's count of threads, read with the page: its header links to its discussion."""
    counted = (
        Thread.objects.filter(page=OuterRef("pk")).order_by().values("page").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _own_parts(request, page):
    if not request.user.is_authenticated:
        return {"my_pending": [], "following": False}
    return {
        "my_pending": list(PendingChange.objects.waiting().by(request.user).for_page(page)),
        "following": Follow.objects.filter(user=request.user, page=page).exists(),
    }


def links_here(request, namespace, name):
    page = Page.objects.by_key(namespace, name).first()
    if page is None:
        raise Http404("No such page.")
    linking = Page.objects.linking_to(page).order_by("namespace", "title")
    pages = paging.page_of(linking, LISTED_PER_PAGE, request.GET.get("page"), LINKS_HERE_MAX_PAGES)
    return render(request, "wiki/links_here.html", {"page": page, "pages": pages})


def namespace_index(request, namespace):
    # The namespace as spelled first, which the (namespace, title) index serves; another
    # spelling ("/main/") only when that finds nothing, to redirect to the right one.
    page_obj = _listed(request, Page.objects.filter(namespace=namespace))
    if not page_obj.paginator.count:
        page_obj = _listed(request, Page.objects.in_namespace(namespace))
    if not page_obj.paginator.count:
        raise Http404("This namespace has no pages.")
    canonical = page_obj[0].namespace
    if canonical != namespace:
        return redirect(_with_query(request, f"/{canonical}/"), permanent=True)
    return render(request, "wiki/namespace.html", {"namespace": canonical, "pages": page_obj})


def _listed(request, pages):
    return paging.page_of(
        kinds.with_badges(pages.articles().order_by("title")),
        LISTED_PER_PAGE,
        request.GET.get("page"),
        INDEX_MAX_PAGES,
    )


def markup_help(request):
    samples = [(source, markup.render(source)) for source in MARKUP_SAMPLES]
    return render(request, "wiki/markup_help.html", {"samples": samples})


def _missing(request, namespace, name):
    cut = Page.objects.cut_at(namespace, name)  # asked only where no page answers
    if cut is not None:
        return cuts.cut_notice(request, cut)
    context = {
        "namespace": namespace,
        "name": name,
        "title": markup.split_wikiword(name),
        "creation_url": kinds.creation_url(),
        "browse_links": kinds.browse_links(),
    }
    return render(request, "wiki/missing.html", context, status=404)


def _follow_redirect(request, page):
    target = page.redirect_to
    if target.redirect_to_id:  # a redirect to a redirect: follow it to the end, and say so
        target = moving.resolve(page)
        if target is None:  # a loop, or a chain that ends nowhere: never bounce forever
            return render(request, "wiki/redirect_loop.html", {"page": page})
        via = page.redirect_to.full_name
        return redirect(f"{target.get_absolute_url()}?from={page.full_name}&via={via}")
    return redirect(f"{target.get_absolute_url()}?from={page.full_name}")


def _redirected_from(request):
    """Where a redirect came from ("Main/BigEaters"), and the redirect it passed through."""
    origin, via = request.GET.get("from", ""), request.GET.get("via", "")
    if not FULL_NAME_RE.match(origin):
        return None
    return {"origin": origin, "via": via if FULL_NAME_RE.match(via) else ""}


def _with_query(request, url):
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url
