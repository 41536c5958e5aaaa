"""Tropewise markup: CommonMark plus wiki links, WikiWords, spoilers, notes and folders.

Pure functions of the source text; nothing here touches the database. `docs/markup.md` is
the editors' guide to the syntax.
"""

import re
from collections.abc import Container

from . import sanitize, text
from .memo import memoize
from .names import split_wikiword, to_wikiword
from .parser import parser

__all__ = [
    "links",
    "list_depth",
    "listed_links",
    "mark_missing",
    "plain_text",
    "render",
    "split_wikiword",
    "to_wikiword",
]

_WIKILINK_TAG = re.compile(r'<a href="/([A-Za-z]+/[A-Za-z0-9]+)" class="wikilink">')
_REDLINK_TAG = '<a href="/{}" class="wikilink redlink" title="This page does not exist yet">'
# What each worker process keeps of rendered markup (previews, pending changes, revisions):
# bounded in bytes, so many long distinct sources cannot grow a worker without limit.
_RENDER_CACHE_BYTES = 32 * 1024 * 1024
_PLAIN_TEXT_CACHE_BYTES = 8 * 1024 * 1024
_LONGEST_CACHED_SOURCE = 50_000


@memoize(_RENDER_CACHE_BYTES, _LONGEST_CACHED_SOURCE)
def render(source: str) -> str:
    """Markdown and wiki syntax as sanitized HTML, safe to mark_safe."""
    return sanitize.clean(parser.render(source))


def links(source: str) -> list[str]:
    """Every page the source links to, as "Namespace/Name", in order, once each."""
    return text.link_targets(parser.parse(source))


def listed_links(source: str) -> list[str]:
    """The page each list item links to first, as "Namespace/Name", in order, once each:
    what an index page lists."""
    return text.listed_link_targets(parser.parse(source))


def mark_missing(html: str, missing: Container[str]) -> str:
    """Mark the wiki links whose lower-cased "namespace/name" is in `missing` as red links.
    `missing` is asked only about the links met, so it may be read lazily (wiki.red_links)."""
    if isinstance(missing, (set, frozenset, tuple)) and not missing:
        return html

    def mark(match: re.Match[str]) -> str:
        target = match.group(1)
        return _REDLINK_TAG.format(target) if target.lower() in missing else match.group(0)

    return _WIKILINK_TAG.sub(mark, html)


@memoize(_PLAIN_TEXT_CACHE_BYTES, _LONGEST_CACHED_SOURCE)
def plain_text(source: str, limit: int | None = None, spoiler_mark: str = "") -> str:
    """The text readers see, minus spoilers and notes, for titles, descriptions and snippets.

    With `limit`, cut on a word boundary to at most that many characters, ending in '…'.
    With `spoiler_mark` (say "[spoiler]"), each spoiler is replaced by it instead of dropped.
    """
    readable = text.plain_text(parser.parse(source), spoiler_mark)
    return readable if limit is None else text.truncate(readable, limit)


def list_depth(source: str) -> int:
    """How deep lists nest: 0 without a list, 1 for a flat list, 2 for a list in a list..."""
    return text.list_depth(parser.parse(source))
