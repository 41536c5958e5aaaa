from dataclasses import dataclass

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from wiki import kinds, paging, search, search_answers
from wiki.discussions import search as discussion_search
from wiki.kept_pages import kept_until_index_changes, page_number

PER_PAGE = 20
MAX_PAGES = 50  # the best thousand results: past them, narrow the search (see wiki.paging)
# In the keys of kept answers: changed with the shape of Screen, search.Result or search.Found,
# so that a new release never reads an answer an older one kept.
ANSWER_FORMAT = 2  # 2: each page found carries its summary


def _at_most(length):
    """The accepted values of a parameter kept as it is, up to `length` characters (what the
    view reads of it); a longer one is rendered for its own request."""
    return lambda value: value if len(value) <= length else None


SEARCH_PARAMS = {
    "q": _at_most(200),
    "kind": _at_most(40),
    "namespace": _at_most(40),
    "in": {"pages", "posts"},
}


@dataclass(frozen=True)
class Screen:
    """One page of search results, as kept until the index changes: the results, and their
    list rendered once (it reads nothing but them)."""

    count: int  # pages listed, at most search.COUNT_LIMIT
    more: bool  # whether more than that were found
    number: int
    results: list[search.Result]
    html: SafeString


@kept_until_index_changes(params={**SEARCH_PARAMS, "page": page_number})
def search_page(request):
    text = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kinds.is_registered(kind) else ""
    namespace = request.GET.get("namespace", "").strip()[:40]
    number = _page_number(request.GET.get("page"))
    in_posts = request.GET.get("in") == "posts"
    if in_posts:  # the discussions' posts, newest first
        screen = search_answers.remembered(
            ("posts", ANSWER_FORMAT, text, number), lambda: _posts_screen(text, number)
        )
    else:
        screen = search_answers.remembered(
            ("search", ANSWER_FORMAT, text, kind, namespace, number),
            lambda: _screen(text, kind, namespace, number),
        )
    context = {
        "q": text,
        "in_posts": in_posts,
        "kind": kind,
        "namespace": namespace,
        "kinds": kinds.choices(),
        # The numbers a page of `count` items has: the pagination links, with no query.
        "page_obj": paging.page_of(range(screen.count), PER_PAGE, screen.number, MAX_PAGES),
        "count": screen.count,
        "more_than": screen.count if screen.more else None,
        "results": screen.results,
        "results_html": screen.html,
    }
    return render(request, "wiki/search.html", context)


@kept_until_index_changes(params={"q": _at_most(200)})
def go_to(request):
    """The Go To box: htmx asks for suggestions; pressing Enter opens the best match."""
    text = request.GET.get("q", "")
    key = text.strip()[:100]
    matches = search_answers.remembered(("go to", ANSWER_FORMAT, key), lambda: search.suggest(key))
    if request.htmx:
        return render(request, "wiki/_goto_suggestions.html", {"matches": matches, "q": text})
    if matches:
        return redirect(matches[0].url)
    search_url = reverse("wiki:search")
    return redirect(f"{search_url}?{urlencode({'q': text[:200]})}" if text.strip() else search_url)


def _screen(text, kind, namespace, number):
    found = search.search(text, kind, namespace)
    page_obj = paging.page_of(found, PER_PAGE, number, MAX_PAGES)
    more = getattr(found, "more", False)  # only a count that stopped at its limit says so
    results = search.results(page_obj, text)
    html = render_to_string("wiki/_search_results.html", {"results": results})
    return Screen(page_obj.paginator.count, more, page_obj.number, results, html)


def _posts_screen(text, number):
    found = discussion_search.find(text)
    page_obj = paging.page_of(found, PER_PAGE, number, MAX_PAGES)
    posts = [(post, discussion_search.snippet(post)) for post in page_obj]
    html = render_to_string("wiki/_post_results.html", {"posts": posts})
    return Screen(page_obj.paginator.count, found.more, page_obj.number, [], html)


def _page_number(raw):
    """The page asked for, as the paginator reads it: a number past the last page, or below
    the first, means the last; anything else the first. Kept answers are keyed by it."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGES else MAX_PAGES
