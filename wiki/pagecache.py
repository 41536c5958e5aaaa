"""Whole pages for anonymous readers, from the shared cache, and the HTTP caching headers.

Every anonymous reader of a page at one address sees the same HTML (their theme and spoiler
cookies aside), so it is rendered once and kept in the cache with the page's `shown_stamp`
(wiki.freshness). A change anywhere that alters the page gives it a new stamp, and a copy
is only served while its stamp is the page's: from the database, or from the shared cache
where stamps are published (a copy may then outlive its page by PAGE_STAMP_SECONDS at most,
if two changes to it commit at the same instant). Browsers get an ETag and Last-Modified to
revalidate with; a CDN may keep the page for PAGE_CDN_SECONDS. Signed-in members always get
a fresh, private page.

A copy is kept for an address's path, the query parameters its view declares it reads (others
are dropped before the view runs, so `?utm=1` and `?utm=2` share one copy) and the reading
preferences as the templates understand them (a junk theme is the default theme): nothing a
client makes up can make a new copy.
"""

import hashlib
from functools import cache, lru_cache, wraps
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from accounts.context_processors import cookie_preferences
from wiki import freshness
from wiki.models import Page, page_key

# A reader with these may be signed in or have a message waiting: their pages are their own.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# Set on a kept page's answer for wiki.replay, which removes it: "<stamp> <seconds>".
REPLAY_HEADER = "X-Keep-For-Replay"
# The accepted values of a query parameter no value of which is kept: it can be anything (the
# page a reader was redirected from), so each request carrying it is rendered for itself.
NEVER_KEPT = frozenset()
# Pages of a long list kept, each for its own address; pages further on are rendered each time.
KEPT_PAGE_NUMBERS = 50


def page_number(value):
    """The accepted values of a `page` parameter: the first KEPT_PAGE_NUMBERS, as numbers."""
    if value.isascii() and value.isdigit() and 1 <= int(value) <= KEPT_PAGE_NUMBERS:
        return str(int(value))
    return None


def for_readers(view=None, *, params=None):
    """Serve `view(request, namespace, name, …)`, which shows that page, from the shared
    cache to anonymous readers, keeping what it renders for them.

    `params` names the query parameters the view reads, each with its accepted values: a
    collection, or a function giving a value's normal form or None (a mapping, or a function
    returning one, read when first needed). A request with a value not accepted is rendered
    for itself, never kept; any other parameter is dropped before the view sees the request.
    """
    if view is None:
        return lambda view: for_readers(view, params=params)

    @wraps(view)
    def wrapper(request, namespace, name, **more):
        query = _shared_query(request, wrapper)
        if query is None:
            return _private(view(request, namespace, name, **more))
        copy = (getattr(request, "kept_copy", None)
                or _Copy.look_up(request, query, namespace, name))
        if copy.shown is None:
            return view(request, namespace, name, **more)  # missing, or a redirect: not kept
        response = copy.answer(request)
        if response is None:
            response = view(request, namespace, name, **more)
            if not _keepable(request, response):
                return _private(response)
            copy.keep(response.content)
        return copy.headers(response)

    wrapper.for_readers = True
    wrapper.params = params or {}
    return wrapper


def for_a_while(seconds):
    """Serve a view whose answer changes with every edit anywhere (the home page's lists) to
    anonymous readers from a copy up to `seconds` old, rather than work it out each time."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            query = _shared_query(request, wrapper)
            if query is None:
                return _private(view(request, *args, **kwargs))
            response = _kept_for_a_while(request, query, seconds)
            if response is None:
                response = view(request, *args, **kwargs)
                if not _keepable(request, response):
                    return _private(response)
                shared_cache.set(_while_key(request, query), response.content, seconds)
                _public(response, seconds)
            return response

        wrapper.kept_for = seconds
        wrapper.params = {}  # such a view reads no query parameter
        return wrapper

    return decorator


def _kept_for_a_while(request, query, seconds):
    html = shared_cache.get(_while_key(request, query))
    return None if html is None else _public(_html(html), seconds)


def _while_key(request, query):
    return f"while:{release()}:{_variant(request, query)}"


def serve_readers(get_response):
    """Middleware, before sessions and authentication: a kept page answers an anonymous
    reader (one without a session) at once, for one cache read when the page's stamp is
    published (wiki.freshness), one query and one cache read otherwise."""

    def middleware(request):
        if request.method in ("GET", "HEAD") and not PERSONAL_COOKIES & request.COOKIES.keys():
            match = kept_route(request.path_info)
            query = None if match is None else canonical_query(
                match.func, request.META.get("QUERY_STRING", ""))
            if query is None:
                pass  # not a kept page, or one rendered for this request alone
            elif getattr(match.func, "kept_for", None):
                response = _kept_for_a_while(request, query, match.func.kept_for)
                if response:
                    return response
            else:
                copy = _Copy.look_up(request, query, match.kwargs["namespace"],
                                     match.kwargs["name"])
                response = copy.shown and copy.answer(request)
                if response:
                    return response
                request.kept_copy = copy  # not kept yet: the view need not look again
        return get_response(request)

    return middleware


@lru_cache(maxsize=4096)
def kept_route(path):
    """The route of `path` if its view keeps pages for readers. Remembered: routing is a
    sixth of what answering a kept page costs, and routes do not change while serving."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kept = getattr(match.func, "for_readers", False) or getattr(match.func, "kept_for", None)
    return match if kept else None


def canonical_query(view, query_string):
    """The query string of `view`'s copy for an address with `query_string`: the parameters
    the view reads, in their normal form and in order; None when the view reads a value it
    keeps no copy for."""
    if not query_string:
        return ""
    params = _declared_params(view)
    kept = []
    for name, value in dict(parse_qsl(query_string, keep_blank_values=True)).items():
        if name in params:  # the last value of a repeated name, as request.GET.get gives
            accepted = params[name]
            value = accepted(value) if callable(accepted) else (
                value if value in accepted else None)
            if value is None:
                return None
            kept.append((name, value))
    return urlencode(sorted(kept))


def _declared_params(view):
    return view.params() if callable(view.params) else view.params


def copy_key(key, variant):
    return f"page:{release()}:{key}:{variant}"


class _Copy:
    """The kept copy of one page at one address, for one set of reading preferences."""

    def __init__(self, request, query, key):
        self.variant = _variant(request, query)
        self.key = copy_key(key, self.variant)
        self.shown = self.kept = None

    @classmethod
    def look_up(cls, request, query, namespace, name):
        """What the page shows now (its stamp) and the copy kept of it, if any."""
        key = page_key(namespace, name)
        copy = cls(request, query, key)
        if settings.PAGE_STAMPS_SHARED:
            found = shared_cache.get_many([freshness.cache_key(key), copy.key])
            copy.shown, copy.kept = found.get(freshness.cache_key(key)), found.get(copy.key)
        if copy.shown is None:
            copy.shown = _shown(key)
            if copy.shown and settings.PAGE_STAMPS_SHARED:
                # add, not set: a newer stamp published meanwhile must win.
                shared_cache.add(freshness.cache_key(key), copy.shown,
                                 settings.PAGE_STAMP_SECONDS)
        if copy.shown and (copy.shown["namespace"], copy.shown["name"]) != (namespace, name):
            copy.shown = None  # the page's own address is another spelling: it redirects
        return copy

    @property
    def etag(self):
        return f'"{self.shown["shown_stamp"]:x}-{self.variant[:12]}"'

    @property
    def last_modified(self):
        return int(self.shown["shown_changed"].timestamp())

    def answer(self, request):
        """A 304, or the kept page, or None when it must be rendered."""
        not_modified = get_conditional_response(request, etag=self.etag,
                                                last_modified=self.last_modified)
        if not_modified is not None:
            return self.headers(not_modified)
        if self.kept is None and not settings.PAGE_STAMPS_SHARED:
            self.kept = shared_cache.get(self.key)
        if self.kept is None or self.kept[0] != self.shown["shown_stamp"]:
            return None
        return self.headers(_html(self.kept[1]))

    @property
    def lifetime(self):
        return _lifetime(self.shown["protection_expires"])

    def keep(self, html):
        shared_cache.set(self.key, (self.shown["shown_stamp"], html), self.lifetime)

    def headers(self, response):
        if settings.PAGE_STAMPS_SHARED and response.status_code == 200:
            # For wiki.replay: keep this answer whole, headers and all.
            response[REPLAY_HEADER] = f"{self.shown['shown_stamp']} {self.lifetime}"
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        return _public(response, settings.PAGE_CDN_SECONDS)


def _shown(key):
    """The page's stamp and what the headers need, from the database; None for a redirect."""
    return (Page.objects.filter(key=key, redirect_to=None)
            .values(*freshness.SHOWN_FIELDS).first())


def _shareable(request):
    """A request whose answer is the same for every anonymous reader of the address."""
    return (request.method in ("GET", "HEAD") and not request.user.is_authenticated
            and "messages" not in request.COOKIES)


def _shared_query(request, view):
    """The canonical query of a request `view` may answer from a copy, which from now on is
    all the request says (its pages show their own address: every copy must show the same);
    None when the request is answered for itself."""
    if not _shareable(request):
        return None
    query = canonical_query(view, request.META.get("QUERY_STRING", ""))
    if query is not None:
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    return query


def _keepable(request, response):
    # A page that asked for a CSRF token or set a cookie belongs to this reader alone.
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _variant(request, query):
    return variant_of(request.path_info, query, request.COOKIES)


def variant_of(path, query, cookies):
    """The path, the canonical query and the reading preferences as the templates read the
    cookies: all that varies what a reader is shown."""
    preferences = cookie_preferences(cookies)
    parts = [path, query, preferences["theme"], "1" if preferences["show_spoilers"] else "0"]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _lifetime(protection_expires):
    """Seconds to keep a copy: a page whose protection lapses is rendered again then."""
    seconds = settings.PAGE_CACHE_SECONDS
    if protection_expires is not None:
        left = (protection_expires - timezone.now()).total_seconds()
        if left > 0:
            seconds = min(seconds, int(left) + 1)
    return seconds


def private_for_members(get_response):
    """Middleware: nothing a signed-in member is shown may be kept by a shared cache."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            _private(response)
        return response

    return middleware


def _html(content):
    return HttpResponse(content, content_type="text/html; charset=utf-8")


def _public(response, cdn_seconds):
    """The same for every anonymous reader: browsers revalidate every time (cheap, with an
    ETag or a short-lived copy), a CDN may keep it `cdn_seconds`."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=cdn_seconds)
    patch_vary_headers(response, ["Cookie"])
    # Often answered before the middleware that would say so: never in another site's frame.
    response.setdefault("X-Frame-Options", "DENY")
    return response


def _private(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@cache
def release():
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
