"""What the API reads of search and Go To: wiki.search's answers, kept as the site keeps its
own until the index changes (wiki.search_answers). The index holds the text readers see
without spoilers, so snippets spell none."""

import html
import re
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from tropes.api import cursors, links, texts
from wiki import kinds, search, search_answers

SEARCH_LIMIT = 20
SEARCH_MOST = 50  # results a screen: each has a snippet cut by the database
ANSWER_FORMAT = 1  # in the keys of kept answers: changed with their shape
_MARKS = re.compile(r"</?mark>")


def results(request: Request) -> dict[str, Any]:
    """A screen of the pages matching ?q=, best first, within the best COUNT_LIMIT."""
    query = request.query_params
    text, kind, namespace = (
        query.get("q", "").strip(),
        query.get("kind", ""),
        query.get("namespace", "").strip(),
    )
    if len(text) > 200 or len(namespace) > 40:
        raise ValidationError({"q": "At most 200 characters, and a namespace of at most 40."})
    if kind and not kinds.is_registered(kind):
        raise ValidationError({"kind": "No kind of page is called that."})
    size = cursors.limit(request, SEARCH_LIMIT, SEARCH_MOST)
    start = cursors.offset(request, search.COUNT_LIMIT)
    count, more, found = search_answers.remembered(
        ("api search", ANSWER_FORMAT, text, kind, namespace, start, size),
        lambda: _screen(text, kind, namespace, start, size),
    )
    after = start + size
    return {
        "count": count,
        "more": more,
        "next": cursors.next_url(request, cursors.encode([after]) if after < count else None),
        "results": [_result(result) for result in found],
    }


def _screen(
    text: str, kind: str, namespace: str, start: int, size: int
) -> tuple[int, bool, list[search.Result]]:
    matches = search.search(text, kind, namespace)
    count = len(matches) if isinstance(matches, list) else matches.count()
    shown = search.results(matches[start : start + size], text) if start < count else []
    return min(count, search.COUNT_LIMIT), bool(getattr(matches, "more", False)), shown


def _result(result: search.Result) -> dict[str, Any]:
    snippet = str(result.snippet)
    return {
        **_found(result.page),
        # The index's own text, escaped with the words found marked: <mark> is all it holds.
        "snippet": texts.Text(snippet, html.unescape(_MARKS.sub("", snippet))),
    }


def suggestions(request: Request) -> list[dict[str, Any]]:
    """Go To: the pages whose titles start with, contain or resemble ?q=, eight at most."""
    key = request.query_params.get("q", "").strip()
    if len(key) > 100:
        raise ValidationError({"q": "At most 100 characters."})
    found = search_answers.remembered(
        ("api go to", ANSWER_FORMAT, key), lambda: search.suggest(key)
    )
    return [_found(page) for page in found]


def _found(page: search.Found) -> dict[str, Any]:
    name = page.url.rsplit("/", 1)[-1]
    return {
        "namespace": page.namespace,
        "name": name,
        "title": page.title,
        "kind_label": page.kind,
        "summary": page.summary,
        "url": links.site(page.url),
        "api_url": links.page_api(page.namespace, name),
    }
