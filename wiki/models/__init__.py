"""The engine's models, one module per part: pages, links, moderation, search, follows,
index entries, discussions."""

from wiki.models.discussion import Post, Thread, ThreadFollow
from wiki.models.follow import Follow
from wiki.models.history import Revisions
from wiki.models.index_entry import IndexEntry
from wiki.models.link import Link, link_keys
from wiki.models.moderation import PendingChange, Report, ReportCase
from wiki.models.page import (
    MAIN,
    Page,
    PageLink,
    cut_key,
    normalize_markup,
    page_key,
    page_path,
    validate_namespace,
    validate_wikiword,
)
from wiki.models.search import SearchEntry
from wiki.models.stamps import UnpublishedStamp

__all__ = [
    "MAIN",
    "Follow",
    "IndexEntry",
    "Link",
    "Page",
    "PageLink",
    "PendingChange",
    "Post",
    "Report",
    "ReportCase",
    "Revisions",
    "SearchEntry",
    "Thread",
    "ThreadFollow",
    "UnpublishedStamp",
    "link_keys",
    "normalize_markup",
    "cut_key",
    "page_key",
    "page_path",
    "validate_namespace",
    "validate_wikiword",
]
