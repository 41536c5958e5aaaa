"""The sitemap search engines read: an index, and a section for each namespace's pages.

A section lists at most LIMIT addresses a file (the sitemaps protocol's limit); a bigger
namespace is paged (`?p=2`), and the index names every page of every section. Each address
carries the moment what readers see there last changed (the page's stamp, wiki.freshness).
Addresses are the site's own (SITE_URL), whatever host the request came by. The index costs
one query, a section's page two (its count and its addresses).
"""

from dataclasses import dataclass
from datetime import datetime
from math import ceil
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse

from wiki.models import Page, page_path

LIMIT = 50_000  # addresses in one sitemap file, at most (sitemaps.org)


class NamespaceSitemap(Sitemap):
    """The pages of one namespace that search engines are sent to, by address."""

    limit = LIMIT

    def __init__(self, namespace):
        self.namespace = namespace
        self.protocol = urlsplit(settings.SITE_URL).scheme

    def items(self):
        # Values, not pages: a section lists tens of thousands. Ordered by the unique key, so
        # its pages never overlap.
        return (
            Page.objects.for_crawlers()
            .filter(namespace=self.namespace)
            .order_by("key")
            .values_list("namespace", "name", "shown_changed")
        )

    @property
    def paginator(self):
        # No empty first page: a namespace with no page has no section (404).
        return Paginator(self.items(), self.limit, allow_empty_first_page=False)

    def location(self, item):
        namespace, name, _ = item
        return page_path(namespace, name)

    def lastmod(self, item):
        return item[2]

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


@dataclass(frozen=True)
class IndexEntry:
    """One page of one section, as the index names it (Django's sitemap_index.xml reads it)."""

    location: str
    last_mod: datetime


def index_entries():
    """Every page of every section, namespaces in order: one query."""
    sections = (
        Page.objects.for_crawlers()
        .order_by()
        .values("namespace")
        .annotate(count=Count("pk"), latest=Max("shown_changed"))
        .order_by("namespace")
    )
    entries = []
    for section in sections:
        url = settings.SITE_URL + reverse("wiki:sitemap_section", args=[section["namespace"]])
        for number in range(1, ceil(section["count"] / NamespaceSitemap.limit) + 1):
            location = url if number == 1 else f"{url}?p={number}"
            entries.append(IndexEntry(location, section["latest"]))
    return entries
