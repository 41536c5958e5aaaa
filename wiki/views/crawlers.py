"""What search engines' crawlers read first: robots.txt and the sitemap (wiki.sitemaps).

Both are the same for every visitor and read no session: robots.txt reads nothing at all, and
the sitemap's files are kept in the cache for SITEMAP_CACHE_SECONDS. Like every address they
meet the request rules first (tropewise.serving.rules).
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from wiki import sitemaps

# What crawlers are kept out of: forms and actions, diffs and old revisions, searches, feeds,
# accounts and moderation, and the read API (for programs, with its own limits). Patterns as
# the major engines read them (`*`: any characters); page names start with a capital, so
# `/*/edit` never matches a page.
KEPT_OUT = [
    "/admin/",
    "/api/",
    "/accounts/",
    "/moderation/",
    "/markdownx/",
    "/pending/",
    "/search",
    "/goto",
    "/following",
    "/changes/feed",
    "/new",
    "/repair/new",
    "/repair/*/",
    "/launch/",  # the launch pad's forms and actions; /launch itself lists drafts
    "/random/",
    "/examples/new",
    "/examples/lookup",
    "/examples/revisions/",
    "/posts/",
    "/user/*/rollback",
    "/user/*/votes/",
    "/*/edit",
    "/*/move",
    "/*/report",
    "/*/aliases",
    "/*/follow",
    "/*/compare",
    "/*/history/",
    "/*/revert/",
    "/*/context",
    "/*/vote",
    "/*/subpages/new",
    "/*/characters/",
    "/*/relations",
    "/*/recaps/new",
    "/*/cut",
    "/*/merge-into",
    "/*/wickcheck/",
    "/*/discussion/new",
    "/*/discussion/*/",
]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in KEPT_OUT), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('wiki:sitemap')}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=settings.SITEMAP_CACHE_SECONDS)
    return response


@require_safe
@cache_page(settings.SITEMAP_CACHE_SECONDS)
@sitemap_views.x_robots_tag
def sitemap_index(request):
    entries = sitemaps.index_entries()
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
@cache_page(settings.SITEMAP_CACHE_SECONDS)
def sitemap_section(request, namespace):
    """A page (`?p=`) of a namespace's section: 404 past its last page or for a namespace
    with no page to list."""
    return sitemap_views.sitemap(
        request, {namespace: sitemaps.NamespaceSitemap(namespace)}, section=namespace
    )
