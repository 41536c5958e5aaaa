"""Whole pages for anonymous readers, from the shared cache, and the HTTP caching headers.

Every anonymous reader of a page at one address sees the same HTML (their theme and spoiler
cookies aside), so it is rendered once and kept in the cache with the page's `shown_stamp`
(wiki.freshness). A change anywhere that alters the page gives it a new stamp, and a copy
is only served while its stamp is the page's: from the database, or from the shared cache
where stamps are published (tropewise.serving.stamps). Browsers get an ETag and
Last-Modified to revalidate with; a CDN may keep the page for PAGE_CDN_SECONDS. Signed-in
members always get a private page (what they share is kept by tropewise.serving.members).

Views declare what is kept of them (wiki.kept_pages); this module does the keeping. A copy
is kept for an address's path, the query parameters its view declares it reads (others are
dropped before the view runs) and the reading preferences as the templates understand them
(a junk theme is the default theme): nothing a client makes up can make a new copy.
"""

import hashlib
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard, TypeVar
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from accounts.context_processors import cookie_preferences
from tropewise.serving import GetResponse, ViewMiddleware, stamps
from wiki import search_answers
from wiki.freshness import ShownPage
from wiki.kept_pages import KeptRoute, declared
from wiki.models import page_key

# A reader with these may be signed in or have a message waiting: their pages are their own.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# Set on a kept page's answer for tropewise.serving.replay, which removes it:
# "<stamp> <seconds>", or "until <fresh until> <seconds>" for a page kept for a while.
REPLAY_HEADER = "X-Keep-For-Replay"
# Left in the request's environ by the replay layer, which found no page to replay: the key
# of the copy it looked for, and the stamp and copy it read. Django's lookup reads them
# instead of asking the shared cache again, and leaves the keeping to the replay layer.
READ_BY_REPLAY = "tropewise.read_by_replay"
# Left in the request's environ by the replay layer when kept_while() said this request is
# to render a page kept for a while: Django renders it without looking again.
RENEWING = "tropewise.renewing"

Response = TypeVar("Response", bound=HttpResponseBase)


class KeptPage(NamedTuple):
    """A page kept for anonymous readers: the stamp it was rendered at and its body.

    `headers` are those of the whole answer when the replay layer kept it, which replays
    it as it is. A page this module kept has none (None): Django answers from it, adding
    the headers each time, and the replay layer leaves it to Django.
    """

    stamp: int
    body: bytes
    headers: list[tuple[str, str]] | None = None


class KeptMatch(NamedTuple):
    """How a path's view is kept, and the arguments its URL gives the view."""

    route: KeptRoute
    kwargs: dict[str, Any]  # as Django's URL resolver gives them


def serve_readers(get_response: GetResponse) -> GetResponse:
    """Middleware, before sessions and authentication: a kept page answers an anonymous
    reader (one without a session) at once, for one cache read when the page's stamp is
    published (tropewise.serving.stamps), one query and one cache read otherwise."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and not PERSONAL_COOKIES & request.COOKIES.keys():
            match = kept_match(request.path_info)
            query = (
                None
                if match is None
                else canonical_query(match.route, request.META.get("QUERY_STRING", ""))
            )
            if match is None or query is None:
                pass  # not a kept page, or one rendered for this request alone
            elif match.route.seconds is not None:
                response = (
                    None
                    if RENEWING in request.META
                    else _kept_for_a_while(request, query, match.route.seconds)
                )
                if response:
                    return response
                request.kept_copy = None  # type: ignore[attr-defined]  # KeptViews renders
            elif match.route.until_index_changes:
                pass  # replayed before Django runs, or rendered
            else:
                copy = _Copy.look_up(
                    request, query, match.kwargs["namespace"], match.kwargs["name"]
                )
                kept_response = None if copy is None else copy.answer(request)
                if kept_response:
                    return kept_response
                # Not kept yet, or nothing is kept of the page: KeptViews need not look
                # again. HttpRequest declares no such attribute; KeptViews asks hasattr.
                request.kept_copy = copy  # type: ignore[attr-defined]
        return get_response(request)

    return middleware


class KeptViews(ViewMiddleware):
    """Middleware, last of all, so that every other middleware has seen the request: runs
    a view declared in wiki.kept_pages only when no copy answers for it, and keeps what it
    renders for anonymous readers."""

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        route = declared(view)
        if route is None:
            return None
        render = partial(view, request, *args, **kwargs)
        query = _shared_query(request, route)
        if query is None:
            return _private(render())
        if route.seconds is not None:
            return _for_a_while(request, query, route.seconds, render)
        if route.until_index_changes:
            return _until_index_changes(request, render)
        copy: _Copy | None = (
            request.kept_copy
            if hasattr(request, "kept_copy")  # serve_readers looked it up
            else _Copy.look_up(request, query, kwargs["namespace"], kwargs["name"])
        )
        if copy is None:
            return render()  # missing, or a redirect: not kept
        response = copy.answer(request)
        if response is not None:
            return copy.headers(response)
        rendered = render()
        if _keepable(rendered, request):
            copy.keep(request, rendered.content)
            return copy.headers(rendered)
        return _private(rendered)


class KeptWhile(NamedTuple):
    """A page kept for a while (the home page): its body, and until when it is fresh.

    `headers`, as for KeptPage: those of the whole answer when the replay layer kept it."""

    fresh_until: float
    body: bytes
    headers: list[tuple[str, str]] | None = None


# A page kept for a while is kept this much longer than it is fresh: once it is due, one
# request renders it anew while every other one is still answered the copy it replaces,
# rather than all of them rendering it at once.
STALE_SECONDS = 60
# How long the one request renewing a page has before another may try (it failed, or died).
RENEWAL_SECONDS = 10


def _for_a_while(
    request: HttpRequest, query: str, seconds: int, render: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    response = None if hasattr(request, "kept_copy") else _kept_for_a_while(request, query, seconds)
    if response is not None:
        return response
    rendered = render()
    if _keepable(rendered, request):
        key = _while_key(request, query)
        fresh_until = time.time() + seconds
        shared_cache.set(key, KeptWhile(fresh_until, rendered.content), seconds + STALE_SECONDS)
        shared_cache.delete(renewal_key(key))
        return _replayable_while(_public(rendered, seconds), fresh_until, seconds)
    return _private(rendered)


def _until_index_changes(
    request: HttpRequest, render: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """The view's answer, marked for the replay layer to keep with the index's generation
    read before it was rendered: a change to the index meanwhile leaves it never replayed."""
    generation = search_answers.generation()
    rendered = render()
    if generation is not None and _keepable(rendered, request):
        rendered[REPLAY_HEADER] = f"{generation} {search_answers.ANSWER_SECONDS}"
    return rendered


def index_key(variant: str) -> str:
    return f"index:{release()}:{variant}"


def _kept_for_a_while(request: HttpRequest, query: str, seconds: int) -> HttpResponse | None:
    """The kept page, or None when this request is to render it (kept_while)."""
    kept, renew = kept_while(_while_key(request, query))
    if kept is None or renew:
        return None
    response = _public(html_response(kept.body), seconds)
    if kept.fresh_until > time.time():
        return _replayable_while(response, kept.fresh_until, seconds)
    # Another reader is renewing it: this one gets the copy it replaces, never kept again.
    return response


def kept_while(key: str) -> tuple[KeptWhile | None, bool]:
    """The page kept for a while under `key`, and whether this request is to render it anew:
    none is kept, or it is due and no other request is renewing it (this one now is, for
    RENEWAL_SECONDS at most). Django and the replay layer both ask here."""
    kept: KeptWhile | None = shared_cache.get(key)
    if kept is None:
        return None, True
    due = kept.fresh_until <= time.time()
    return kept, due and bool(shared_cache.add(renewal_key(key), 1, RENEWAL_SECONDS))


def renewal_key(key: str) -> str:
    """What the request renewing the page kept for a while under `key` holds."""
    return f"{key}:renewing"


def _replayable_while(response: Response, fresh_until: float, seconds: int) -> Response:
    """For the replay layer: keep this answer whole, headers and all, while it is fresh."""
    if settings.PAGE_STAMPS_SHARED:
        response[REPLAY_HEADER] = f"until {fresh_until!r} {seconds + STALE_SECONDS}"
    return response


def _while_key(request: HttpRequest, query: str) -> str:
    return while_key(_variant(request, query))


def while_key(variant: str) -> str:
    return f"while:{release()}:{variant}"


@lru_cache(maxsize=4096)
def kept_match(path: str) -> KeptMatch | None:
    """The route of `path` if its view is declared kept. Remembered: routing is a sixth of
    what answering a kept page costs, and routes do not change while serving."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = declared(match.func)
    return None if route is None else KeptMatch(route, match.kwargs)


def canonical_query(route: KeptRoute, query_string: str) -> str | None:
    """The query string of the copy for an address with `query_string`: the parameters
    the route's view reads, in their normal form and in order; None when the view reads a
    value it keeps no copy for."""
    if not query_string:
        return ""
    params = route.accepted_params()
    kept = []
    for name, value in dict(parse_qsl(query_string, keep_blank_values=True)).items():
        if name in params:  # the last value of a repeated name, as request.GET.get gives
            accepted = params[name]
            normal = (
                accepted(value) if callable(accepted) else (value if value in accepted else None)
            )
            if normal is None:
                return None
            kept.append((name, normal))
    return urlencode(sorted(kept))


def copy_key(key: str, variant: str) -> str:
    return f"page:{release()}:{key}:{variant}"


class _Copy:
    """The kept copy of one page at one address, for one set of reading preferences, and
    what the page shows now (its stamp)."""

    def __init__(self, key: str, variant: str, shown: ShownPage, kept: KeptPage | None) -> None:
        self.key, self.variant, self.shown, self.kept = key, variant, shown, kept

    @classmethod
    def look_up(cls, request: HttpRequest, query: str, namespace: str, name: str) -> "_Copy | None":
        """What the page shows now (its stamp) and the copy kept of it, if any; None when
        nothing is kept of the page: it is missing, or it redirects."""
        key = page_key(namespace, name)
        variant = _variant(request, query)
        kept_key = copy_key(key, variant)
        read = request.META.get(READ_BY_REPLAY)
        if read is not None and read[0] == kept_key:
            found, kept = read[1:]
        elif settings.PAGE_STAMPS_SHARED:
            found, kept = stamps.read_with(key, kept_key)
        else:  # the copy is read only when no 304 answers (answer())
            found, kept = None, None
        shown = stamps.current(key, found)
        if shown is None or (shown.namespace, shown.name) != (namespace, name):
            return None  # missing, or the page's own address is another spelling
        return cls(kept_key, variant, shown, kept)

    @property
    def etag(self) -> str:
        return f'"{self.shown.shown_stamp:x}-{self.variant[:12]}"'

    @property
    def last_modified(self) -> int:
        return int(self.shown.shown_changed.timestamp())

    def answer(self, request: HttpRequest) -> HttpResponseBase | None:
        """A 304, or the kept page, or None when it must be rendered."""
        not_modified = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        if not_modified is not None:
            return self.headers(not_modified)
        if self.kept is None and not settings.PAGE_STAMPS_SHARED:
            self.kept = shared_cache.get(self.key)
        if self.kept is None or self.kept.stamp != self.shown.shown_stamp:
            return None
        return self.headers(html_response(self.kept.body))

    @property
    def lifetime(self) -> int:
        return lifetime(self.shown.protection_expires)

    def keep(self, request: HttpRequest, html: bytes) -> None:
        if request.method == "GET" and READ_BY_REPLAY in request.META:
            return  # the replay layer keeps it, headers and all
        shared_cache.set(self.key, KeptPage(self.shown.shown_stamp, html), self.lifetime)

    def headers(self, response: Response) -> Response:
        if settings.PAGE_STAMPS_SHARED and response.status_code == 200:
            # For the replay layer: keep this answer whole, headers and all.
            response[REPLAY_HEADER] = f"{self.shown.shown_stamp} {self.lifetime}"
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        return _public(response, settings.PAGE_CDN_SECONDS)


def _shareable(request: HttpRequest) -> bool:
    """A request whose answer is the same for every anonymous reader of the address."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def _shared_query(request: HttpRequest, route: KeptRoute) -> str | None:
    """The canonical query of a request the route's view may answer from a copy, which
    from now on is all the request says (its pages show their own address: every copy
    must show the same); None when the request is answered for itself."""
    return shared_query(request, route) if _shareable(request) else None


def shared_query(request: HttpRequest, route: KeptRoute) -> str | None:
    """The canonical query of a request for a copy of the route's view, which from now on
    is all the request says; None when the request is answered for itself."""
    query = canonical_query(route, request.META.get("QUERY_STRING", ""))
    if query is not None:
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    return query


def _keepable(response: HttpResponseBase, request: HttpRequest) -> TypeGuard[HttpResponse]:
    # A whole page, not streamed. One that asked for a CSRF token or set a cookie belongs to
    # this reader alone.
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _variant(request: HttpRequest, query: str) -> str:
    return variant_of(request.path_info, query, request.COOKIES)


def variant_of(path: str, query: str, cookies: Mapping[str, str]) -> str:
    """The path, the canonical query and the reading preferences as the templates read the
    cookies: all that varies what a reader is shown."""
    preferences = cookie_preferences(cookies)
    parts = [path, query, preferences["theme"], "1" if preferences["show_spoilers"] else "0"]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def lifetime(protection_expires: datetime | None) -> int:
    """Seconds to keep a copy: a page whose protection lapses is rendered again then."""
    seconds: int = settings.PAGE_CACHE_SECONDS
    if protection_expires is not None:
        left = (protection_expires - timezone.now()).total_seconds()
        if left > 0:
            seconds = min(seconds, int(left) + 1)
    return seconds


def private_for_members(get_response: GetResponse) -> GetResponse:
    """Middleware: nothing a signed-in member is shown may be kept by a shared cache."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if request.user.is_authenticated:
            _private(response)
        return response

    return middleware


def html_response(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type="text/html; charset=utf-8")


def _public(response: Response, cdn_seconds: int) -> Response:
    """The same for every anonymous reader: browsers revalidate every time (cheap, with an
    ETag or a short-lived copy), a CDN may keep it `cdn_seconds`."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=cdn_seconds)
    patch_vary_headers(response, ["Cookie"])
    # Often answered before the middleware that would say so: never in another site's frame.
    response.setdefault("X-Frame-Options", "DENY")
    return response


def _private(response: Response) -> Response:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@cache
def release() -> str:
    """A fingerprint of the code, templates and static files, so a deploy never serves HTML
    rendered by the release before it (set RELEASE to name releases yourself)."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in ("tropewise", "wiki", "tropes", "accounts", "templates", "static"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".css", ".js", ".toml", ".txt"):
                digest.update(path.read_bytes())
    return digest.hexdigest()
