"""Whole pages for anonymous readers, from the shared cache, and the HTTP caching headers.

Every anonymous reader of a page at one address sees the same HTML (their theme and spoiler
cookies aside), so it is rendered once and kept in the cache under the page's `shown_stamp`
(wiki.freshness): one small query finds the stamp, and a change anywhere that alters the
page gives it a new stamp, so no copy is ever served stale by this server. Browsers get an
ETag and Last-Modified to revalidate with (a 304 costs that one query); a CDN may keep the
page for PAGE_CDN_SECONDS, the only staleness allowed. Signed-in members always get a fresh,
private page.
"""

import hashlib
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from wiki.models import Page, page_key

# The reading preferences an anonymous reader keeps in cookies (accounts.context_processors).
PREFERENCE_COOKIES = ("theme", "show_spoilers")


def for_readers(view):
    """Serve `view(request, namespace, name, …)`, which shows that page, from the shared
    cache to anonymous readers."""

    @wraps(view)
    def wrapper(request, namespace, name, **more):
        if not _shareable(request):
            return _private(view(request, namespace, name, **more))
        page = (Page.objects.filter(key=page_key(namespace, name))
                .values("pk", "namespace", "name", "redirect_to_id", "shown_stamp",
                        "shown_changed", "protection_expires").first())
        if page is None or page["redirect_to_id"] or (namespace, name) != (
                page["namespace"], page["name"]):
            return view(request, namespace, name, **more)  # missing, or a redirect: not kept
        variant = _variant(request)
        etag = f'"{page["pk"]}-{page["shown_stamp"]:x}-{variant[:12]}"'
        last_modified = int(page["shown_changed"].timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _public(not_modified, etag, last_modified)
        key = f"page:{release()}:{page['pk']}:{page['shown_stamp']}:{variant}"
        kept = shared_cache.get(key)
        if kept is not None:
            response = HttpResponse(kept, content_type="text/html; charset=utf-8")
        else:
            response = view(request, namespace, name, **more)
            if not _keepable(request, response):
                return _private(response)
            shared_cache.set(key, response.content, _lifetime(page["protection_expires"]))
        return _public(response, etag, last_modified)

    return wrapper


def _shareable(request):
    """A request whose answer is the same for every anonymous reader of the address."""
    return (request.method in ("GET", "HEAD") and not request.user.is_authenticated
            and "messages" not in request.COOKIES)


def _keepable(request, response):
    # A page that asked for a CSRF token or set a cookie belongs to this reader alone.
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _variant(request):
    """The address and the preference cookies: all that varies what a reader is shown."""
    parts = [request.get_full_path(), *(request.COOKIES.get(c, "") for c in PREFERENCE_COOKIES)]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _lifetime(protection_expires):
    """Seconds to keep a copy: a page whose protection lapses is rendered again then."""
    seconds = settings.PAGE_CACHE_SECONDS
    if protection_expires is not None:
        left = (protection_expires - timezone.now()).total_seconds()
        if left > 0:
            seconds = min(seconds, int(left) + 1)
    return seconds


def _public(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers revalidate every time (cheap, with the ETag); a CDN may keep it a little.
    patch_cache_control(response, public=True, max_age=0,
                        s_maxage=settings.PAGE_CDN_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return response


def private_for_members(get_response):
    """Middleware: nothing a signed-in member is shown may be kept by a shared cache."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            _private(response)
        return response

    return middleware


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
    for folder in ("wiki", "tropes", "accounts", "templates", "static"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".css", ".js", ".toml", ".txt"):
                digest.update(path.read_bytes())
    return digest.hexdigest()
