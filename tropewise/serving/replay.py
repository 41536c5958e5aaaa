"""Kept pages answered before Django runs: a WSGI layer around the whole application.

With stamps published in the shared cache (tropewise.serving.stamps), an anonymous reader's
kept page (tropewise.serving.pagecache) needs nothing of Django but what it last answered:
status, headers and body are replayed from one cache read, with the security and caching
headers exactly as the middleware set them. So is a member's own copy of a page
(tropewise.serving.own_copies), with a fresh CSRF token. Anything else goes to Django, and
so does a request that one of the request rules (tropewise.serving.rules: host, scheme…)
answers, for Django to give that answer.
"""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import parse_cookie

from tropewise.serving import own_copies, requestid, rules, stamps
from tropewise.serving.pagecache import (
    PERSONAL_COOKIES,
    READ_BY_REPLAY,
    RENEWING,
    REPLAY_HEADER,
    KeptPage,
    KeptWhile,
    canonical_query,
    copy_key,
    index_key,
    kept_match,
    kept_while,
    variant_of,
    while_key,
)
from wiki import search_answers
from wiki.freshness import ShownPage
from wiki.memory import ByteBoundedCache
from wiki.models import page_key

if TYPE_CHECKING:
    from _typeshed import OptExcInfo


class _Keys(NamedTuple):
    stamp: str | None  # None for a page kept for a while, which carries no stamp
    copy: str
    of_index: bool = False  # the stamp is the search index's generation, not a page's


def replay_kept_pages(django: WSGIApplication) -> WSGIApplication:
    """WSGI middleware around Django. Conditional requests, everything but page views, and
    members' requests no own copy answers go to Django, whose answers marked REPLAY_HEADER
    (or own_copies.MARK_HEADER) are kept for next time."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        keys = _replay_keys(environ)
        replayed = _replayable(environ, keys)
        if replayed is not None:
            start_response("200 OK", replayed[0])
            return [b"" if environ["REQUEST_METHOD"] == "HEAD" else replayed[1]]
        status, headers = "", []  # Django's, once it starts answering

        def keep_headers(
            new_status: str, new_headers: list[tuple[str, str]], *exc_info: "OptExcInfo | None"
        ) -> Callable[[bytes], object]:
            nonlocal status, headers
            status, headers = new_status, new_headers
            return start_response(
                new_status, [h for h in new_headers if h[0] not in _MARKS], *exc_info
            )

        result = django(environ, keep_headers)
        marks = {k: v for k, v in headers if k in _MARKS}
        mark = marks.get(REPLAY_HEADER)
        # Only a GET's body is the page: a HEAD's may have been left out on the way.
        if not marks or environ["REQUEST_METHOD"] != "GET" or not status.startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if own_copies.MARK_HEADER in marks:
            own_copies.keep(environ, headers, body, marks[own_copies.MARK_HEADER])
            return [body]
        # A cookie set on the way out (by any middleware) makes the answer this reader's own.
        if keys is None or mark is None or any(k.lower() == "set-cookie" for k, _ in headers):
            return [body]
        # Each answer's request id is its own (requestid.wsgi adds it to a replayed one).
        kept_headers = [h for h in headers if h[0] not in (REPLAY_HEADER, requestid.HEADER)]
        if mark.startswith("until "):
            _, fresh_until, seconds = mark.split()
            shared_cache.set(
                keys.copy, KeptWhile(float(fresh_until), body, kept_headers), int(seconds)
            )
        else:
            stamp, seconds = mark.split()
            page = KeptPage(int(stamp), body, kept_headers)
            shared_cache.set(keys.copy, page, int(seconds))
            _recent.put(keys.copy, page)
        return [body]

    return application


def _replayable(
    environ: WSGIEnvironment, keys: "_Keys | None"
) -> tuple[list[tuple[str, str]], bytes] | None:
    """The headers and body to replay: an anonymous reader's kept page, or a member's own
    copy (tropewise.serving.own_copies); None when Django is to answer."""
    if keys is not None:
        kept = _kept_answer(keys, environ)
        return None if kept is None or kept.headers is None else (kept.headers, kept.body)
    if _SESSION in environ.get("HTTP_COOKIE", ""):
        return own_copies.answer(environ)
    return None


# What Django's answer may carry for this layer alone, never sent on.
_MARKS = (REPLAY_HEADER, own_copies.MARK_HEADER)
# A request carrying this may be a member's.
_SESSION = f"{settings.SESSION_COOKIE_NAME}="

# The answers this process replayed last, each with its stamp: the shared cache then only
# has to say which stamp is current, not send the whole page again.
_recent: ByteBoundedCache[str, KeptPage] = ByteBoundedCache(
    settings.REPLAY_MEMORY_BYTES, sizeof=lambda kept: len(kept.body)
)


def _kept_answer(keys: _Keys, environ: WSGIEnvironment) -> KeptPage | KeptWhile | None:
    """The whole answer kept for `keys`, if it may be replayed now. What it read is left in
    `environ` for Django, which then need not read it again (pagecache.READ_BY_REPLAY)."""
    if keys.stamp is None:  # kept for a while: replayed fresh, or due while one renews it
        kept_for_a_while, renew = kept_while(keys.copy)
        if renew:
            environ[RENEWING] = True
            return None
        return kept_for_a_while
    shown: ShownPage | None
    kept = _recent.get(keys.copy)
    if kept is not None:  # only the stamp need come from the shared cache
        shown = shared_cache.get(keys.stamp)
    else:
        found = shared_cache.get_many(keys)
        shown, kept = found.get(keys.stamp), found.get(keys.copy)
        if kept is not None and kept.headers is not None:
            _recent.put(keys.copy, kept)
    environ[READ_BY_REPLAY] = (keys.copy, shown, kept)
    current = shown if keys.of_index or shown is None else shown.shown_stamp
    fresh = current is not None and kept is not None and kept.stamp == current
    return kept if fresh else None


def _replay_keys(environ: WSGIEnvironment) -> _Keys | None:
    """The stamp and copy keys of a request replay_kept_pages may answer, or None."""
    if not settings.PAGE_STAMPS_SHARED or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return None  # Django answers those, with a 304 when it can
    path = environ.get("PATH_INFO", "")
    match = kept_match(path)  # first: static files and the rest need no cookie parsed
    if match is None:
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if PERSONAL_COOKIES & cookies.keys():
        return None
    query = canonical_query(match.route, environ.get("QUERY_STRING", ""))
    if query is None or rules.first_answer(environ) is not None:
        return None
    if match.route.seconds is not None:
        return _Keys(None, while_key(variant_of(path, query, cookies)))
    if match.route.until_index_changes:
        if not search_answers.trusted():
            return None  # this process has a new generation it could not say
        # An htmx request is answered a fragment, a page view the whole page.
        asked = f"{query}\n{'htmx' if 'HTTP_HX_REQUEST' in environ else 'page'}"
        copy = index_key(variant_of(path, asked, cookies))
        return _Keys(search_answers.GENERATION_KEY, copy, of_index=True)
    key = page_key(match.kwargs["namespace"], match.kwargs["name"])
    if not stamps.published(key):
        return None  # its stamp in the shared cache may be old: Django reads the database's
    return _Keys(stamps.cache_key(key), copy_key(key, variant_of(path, query, cookies)))
