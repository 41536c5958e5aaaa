from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from wiki import kinds, paging, search

PER_PAGE = 20
MAX_PAGES = 50  # the best thousand results: past them, narrow the search (see wiki.paging)


def search_page(request):
    text = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kinds.is_registered(kind) else ""
    namespace = request.GET.get("namespace", "").strip()[:40]
    page_obj = paging.page_of(
        search.search(text, kind, namespace), PER_PAGE, request.GET.get("page"), MAX_PAGES
    )
    context = {
        "q": text,
        "kind": kind,
        "namespace": namespace,
        "kinds": kinds.choices(),
        "page_obj": page_obj,
        "results": search.results(page_obj, text),
    }
    return render(request, "wiki/search.html", context)


def go_to(request):
    """The Go To box: htmx asks for suggestions; pressing Enter opens the best match."""
    text = request.GET.get("q", "")
    matches = search.suggest(text)
    if request.htmx:
        return render(request, "wiki/_goto_suggestions.html", {"matches": matches, "q": text})
    if matches:
        return redirect(matches[0])
    search_url = reverse("wiki:search")
    return redirect(f"{search_url}?{urlencode({'q': text[:200]})}" if text.strip() else search_url)
