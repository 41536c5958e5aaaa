"""What the apps built on the engine add to it: kinds of page, and the words and links that
come with them.

The engine shows and edits every page the same way unless an app registers `KindHooks`
for its kind: how to present it, which one-to-one relation holds the kind's own fields,
the form that edits them, the Markdown a new page starts from, and what to create
alongside a new page. Apps also reserve the first path segments their own URLs use, add
their revisions to recent changes, and name the pages of theirs the engine's pages link
to. The engine imports none of the apps built on it: they register here, once ready.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from wiki.kept_pages import Accepted

if TYPE_CHECKING:
    from django import forms
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

    from wiki.models import Page

# The engine's own kinds: a plain page, and an index gathering the pages its text links to.
OTHER = "other"
INDEX = "index"


@dataclass(frozen=True)
class HistorySource:
    """Revisions of something shown on pages (pages, examples…), for histories and changes."""

    records: QuerySet[Any]  # simple-history records (of a model made at run time), any order
    text_field: str | None  # whose length gives the size of each revision, if any
    describe: Callable[[Any], str]  # what a revision is about: "Big Eater in Metallic Rouge"
    link: Callable[[Any], str] | None = None  # the page a revision shows on
    revision_link: Callable[[Any], str] | None = None  # the revision and what it changed
    namespace_field: str | None = "namespace"  # lookup filtering records by namespace
    page_fields: tuple[str, ...] = ("id",)  # fields holding the pk of a page it shows on
    is_page: bool = False

    def with_records(self, records: QuerySet[Any]) -> HistorySource:
        return replace(self, records=records)


@dataclass(frozen=True)
class KindHooks:
    label: str  # what readers call a page of this kind: "Index"
    # The template and the extra context a page of this kind is shown with.
    presenter: Callable[[HttpRequest, Page], tuple[str, dict[str, Any]]] | None = None
    related: str | None = None  # the one-to-one relation joined when a page is looked up
    # Edits the related object with the page; a wiki.forms.KindFieldsForm, told who edits.
    extra_form: type[forms.ModelForm[Any]] | None = None
    skeleton: str = ""  # the Markdown a new page of this kind starts from
    on_create: Callable[[Page], Model] | None = None  # the related object, made with the page
    history: Callable[[Page], list[HistorySource]] | None = None  # more of a page's history
    namespaces: tuple[str, ...] = ()  # where pages of this kind may live; empty: anywhere
    # What search reads of pages beyond their own text: {pk: (summary, extra)}.
    search_texts: Callable[[list[Page]], dict[int, tuple[str, str]]] | None = None
    query: Mapping[str, Accepted] | None = None  # the query parameters the presenter reads
    listed_on_indexes: bool = False  # index pages list the pages of this kind they link to
    # A mark beside the title of a page of this kind where pages are listed (an index, a
    # namespace), from the kind's own record: safe HTML, or "" for none.
    badge: Callable[[Model], str] | None = None
    moves_with: str = ""  # what a move takes along besides the history, for the move form
    # Whether search engines are sent to pages of this kind (the sitemap); False for pages
    # that are not the wiki's yet, such as drafts under review.
    crawled: bool = True
    # Any editor's changes go live, unless the page is locked: a workshop page (a launch-pad
    # draft) that readers never take for the wiki's content.
    open_to_editors: bool = False
    # Why a page of this kind can no longer be changed (an archived draft), or "".
    frozen: Callable[[Page], str] | None = None
    suggested: bool = True  # offered by Go To


@dataclass(frozen=True)
class SiteLink:
    """A link from the engine's pages to a page an app adds, by URL name."""

    label: str
    url_name: str
    args: tuple[str, ...] = ()

    def url(self, *more: str) -> str:
        return reverse(self.url_name, args=[*self.args, *more])


DEFAULT = KindHooks(label="Other")
_kinds: dict[str, KindHooks] = {OTHER: DEFAULT}
_change_sources: list[Callable[[], HistorySource]] = []
# First path segments of the engine's routes and of the project around it (admin, accounts,
# static files…); apps reserve their own.
_reserved = {
    "accounts",
    "admin",
    "changes",
    "dumps",
    "following",
    "goto",
    "help",
    "markdownx",
    "media",
    "moderation",
    "pending",
    "posts",
    "preferences",
    "search",
    "static",
    "user",
}
_browse_links: list[SiteLink] = []
_member_links: list[SiteLink] = []
_creation_url_name: str | None = None  # see register_creation


def register(name: str, hooks: KindHooks) -> None:
    _kinds[name] = hooks


def get(name: str) -> KindHooks:
    return _kinds.get(name, DEFAULT)


def is_registered(name: str) -> bool:
    return name in _kinds


def choices() -> list[tuple[str, str]]:
    """(name, label) of every kind, the plain page last."""
    return sorted(
        ((name, hooks.label) for name, hooks in _kinds.items()),
        key=lambda choice: choice[0] == OTHER,
    )


def related() -> list[str]:
    """The relations to join on every page lookup, so presenters need no extra query."""
    return [hooks.related for hooks in _kinds.values() if hooks.related]


def query_params() -> dict[str, Accepted]:
    """The query parameters some presenter reads, each with its accepted values."""
    return {
        name: accepted
        for hooks in _kinds.values()
        for name, accepted in (hooks.query or {}).items()
    }


def not_crawled() -> list[str]:
    """The kinds whose pages the sitemap leaves out."""
    return [name for name, hooks in _kinds.items() if not hooks.crawled]


def listed_on_indexes() -> list[str]:
    return [name for name, hooks in _kinds.items() if hooks.listed_on_indexes]


def with_badges(pages: QuerySet[Page]) -> QuerySet[Page]:
    """`pages` read as lists show them (title and address), with the records of the kinds
    that mark their pages in lists, joined: `badge(page)` then reads no more."""
    related = [hooks.related for hooks in _kinds.values() if hooks.badge and hooks.related]
    return pages.select_related(*related).only("namespace", "name", "title", "kind", *related)


def frozen(page: Page) -> str:
    """Why `page` can no longer be edited, moved or given other names, or "" if it can."""
    check = get(page.kind).frozen
    return check(page) if check else ""


def unsuggested() -> list[str]:
    """The kinds whose pages Go To never offers."""
    return [name for name, hooks in _kinds.items() if not hooks.suggested]


def badge(page: Page) -> str:
    """The mark its kind puts beside `page`'s title in a list, if any (read with_badges)."""
    hooks = get(page.kind)
    record = getattr(page, hooks.related, None) if hooks.badge and hooks.related else None
    return hooks.badge(record) if hooks.badge and record is not None else ""


def present(request: HttpRequest, page: Page) -> tuple[str, dict[str, Any]]:
    presenter = get(page.kind).presenter
    if presenter is None:
        return "wiki/page.html", {}
    return presenter(request, page)


def register_changes(source_factory: Callable[[], HistorySource]) -> None:
    """Add revisions to the wiki's recent changes."""
    _change_sources.append(source_factory)


def change_sources() -> list[HistorySource]:
    return [factory() for factory in _change_sources]


def history_sources(page: Page) -> list[HistorySource]:
    history = get(page.kind).history
    return history(page) if history else []


def search_texts(pages: list[Page]) -> dict[int, tuple[str, str]]:
    """What search reads of each page beyond its own text: {pk: (summary, extra)}."""
    found = {}
    for kind in {page.kind for page in pages}:
        texts = get(kind).search_texts
        if texts:
            found.update(texts([page for page in pages if page.kind == kind]))
    return found


def related_object(page: Page) -> Model | None:
    """The kind's own record for `page`, or None."""
    name = get(page.kind).related
    return getattr(page, name, None) if name else None


def reserve(*words: str) -> None:
    """Keep first path segments the site's URLs use from ever naming a namespace."""
    _reserved.update(word.lower() for word in words)


def is_reserved(namespace: str) -> bool:
    return namespace.lower() in _reserved


def register_browse_link(link: SiteLink) -> None:
    """A place to look for a page, offered where a page is missing."""
    _browse_links.append(link)


def browse_links() -> list[SiteLink]:
    return list(_browse_links)


def register_member_link(link: SiteLink) -> None:
    """A moderator's action on a member, offered on their profile; the URL takes the
    member's handle after `args`."""
    _member_links.append(link)


def member_links() -> list[SiteLink]:
    return list(_member_links)


def register_creation(url_name: str) -> None:
    """The form that creates pages, offered where a page is missing; it reads the name to
    give from ?page=Namespace/Name."""
    global _creation_url_name
    _creation_url_name = url_name


def creation_url() -> str | None:
    return reverse(_creation_url_name) if _creation_url_name else None
