"""What each kind of page adds to the engine.

The engine shows and edits every page the same way unless an app registers a
`Kind` for it: how to present it, which one-to-one relation holds the kind's own
fields, the form that edits them, the Markdown a new page starts from, and what
to create alongside a new page. This keeps the engine ignorant of the apps built on it.
"""

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Kind:
    presenter: Any = None  # (request, page) -> (template name, extra context)
    related: str | None = None  # one-to-one joined when a page is looked up
    extra_form: Any = None  # ModelForm over the related object, edited with the page
    skeleton: str = ""  # the Markdown a new page of this kind starts from
    on_create: Any = None  # (page) -> the related object, created with the page
    history: Any = None  # (page) -> [HistorySource]: revisions shown in the page's history
    namespaces: tuple = ()  # where pages of this kind may live; empty: anywhere
    search_texts: Any = None  # ([pages]) -> {pk: (summary, extra)}: text search reads
    query: Any = None  # {parameter: accepted values} the presenter reads (wiki.pagecache)


@dataclass(frozen=True)
class HistorySource:
    """Revisions of something shown on pages (pages, examples…), for histories and changes."""

    records: Any  # a queryset of simple-history records, any order
    text_field: str | None  # whose length gives the size of each revision, if any
    describe: Any  # (record) -> what the revision is about, e.g. "Big Eater in Metallic Rouge"
    link: Any = None  # (record) -> URL of the page the revision shows on
    revision_link: Any = None  # (record) -> URL showing the revision and what it changed
    namespace_field: str | None = "namespace"  # lookup filtering records by namespace
    page_fields: tuple = ("id",)  # fields holding the pk of a page the revision shows on
    is_page: bool = False

    def with_records(self, records):
        return replace(self, records=records)


DEFAULT = Kind()
_kinds = {}
_change_sources = []


def register(name, kind):
    _kinds[name] = kind


def get(name):
    return _kinds.get(name, DEFAULT)


def related():
    """The relations to join on every page lookup, so presenters need no extra query."""
    return [kind.related for kind in _kinds.values() if kind.related]


def query_params():
    """The query parameters some presenter reads, each with its accepted values."""
    return {name: accepted for kind in _kinds.values() for name, accepted in
            (kind.query or {}).items()}


def present(request, page):
    presenter = get(page.kind).presenter
    if presenter is None:
        return "wiki/page.html", {}
    return presenter(request, page)


def register_changes(source_factory):
    """Add revisions to the wiki's recent changes: `source_factory()` -> HistorySource."""
    _change_sources.append(source_factory)


def change_sources():
    return [factory() for factory in _change_sources]


def history_sources(page):
    history = get(page.kind).history
    return history(page) if history else []


def search_texts(pages):
    """What search reads of each page beyond its own text: {pk: (summary, extra)}."""
    found = {}
    for kind in {page.kind for page in pages}:
        texts = get(kind).search_texts
        if texts:
            found.update(texts([page for page in pages if page.kind == kind]))
    return found


def related_object(page):
    """The kind's own record for `page` (its Work, its Trope…), or None."""
    name = get(page.kind).related
    return getattr(page, name, None) if name else None
