"""Views declare here which of their answers every anonymous reader may share.

A declared view's answer to an anonymous reader is kept and served again to the next one, by
the project's serving layer (tropewise.serving.pagecache); the declaration is all a view does.
`kept_until_changed` is for a view showing one page, `view(request, namespace, name, …)`:
its copy is served until anything shown on the page changes (wiki.freshness). `kept_for`
is for a view whose answer changes with every edit anywhere (the home page's lists): a copy
is served for a number of seconds. `kept_until_index_changes` is for a view whose answer reads
nothing but the search index (search, Go To): a copy is served until the index changes
(wiki.search_answers), and an htmx request's copy is kept apart from a page's.

A copy is kept per address, and the address's query parameters count only as far as the view
declares it reads them, each with its accepted values: a collection of strings, or a function
giving a value's normal form or None. A request with a value not accepted is rendered for
itself, never kept; any other parameter is dropped before the view sees the request, so
`?utm=1` and `?utm=2` share one copy.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

Accepted = Collection[str] | Callable[[str], str | None]
Params = Mapping[str, Accepted]
View = TypeVar("View", bound=Callable[..., object])

# The accepted values of a query parameter no value of which is kept: it can be anything (the
# page a reader was redirected from), so each request carrying it is rendered for itself.
NEVER_KEPT: Collection[str] = frozenset()
# Pages of a long list kept, each for its own address; pages further on are rendered each time.
KEPT_PAGE_NUMBERS = 50


@dataclass(frozen=True)
class KeptRoute:
    """How a view's answers are kept for anonymous readers."""

    # The query parameters the view reads, or a function giving them (read when first
    # needed: kinds register theirs once apps are ready).
    params: Params | Callable[[], Params] = field(default_factory=dict)
    # None: kept until the page the view shows changes; otherwise for this many seconds.
    seconds: int | None = None
    # Kept until the search index changes instead (and `seconds` is None).
    until_index_changes: bool = False

    @property
    def shows_page(self) -> bool:
        """Whether the view shows one page, `view(request, namespace, name, …)`, and its
        copies are kept until that page changes."""
        return self.seconds is None and not self.until_index_changes

    def accepted_params(self) -> Params:
        return self.params() if callable(self.params) else self.params


def kept_until_changed(
    *, params: Params | Callable[[], Params] | None = None
) -> Callable[[View], View]:
    """Keep what `view(request, namespace, name, …)` shows anonymous readers until anything
    shown on that page changes."""
    return _declaring(KeptRoute(params=params or {}))


def kept_for(seconds: int) -> Callable[[View], View]:
    """Keep what the view shows anonymous readers for `seconds`; it reads no parameter."""
    return _declaring(KeptRoute(seconds=seconds))


def kept_until_index_changes(*, params: Params) -> Callable[[View], View]:
    """Keep what the view shows anonymous readers until the search index changes: it must
    read nothing else (and nothing of the reader's but their reading preferences)."""
    return _declaring(KeptRoute(params=params, until_index_changes=True))


def declared(view: Callable[..., object]) -> KeptRoute | None:
    """How `view` declared its answers are kept, or None."""
    return getattr(view, "kept_route", None)


def page_number(value: str) -> str | None:
    """The accepted values of a `page` parameter: the first KEPT_PAGE_NUMBERS, as numbers."""
    if value.isascii() and value.isdigit() and 1 <= int(value) <= KEPT_PAGE_NUMBERS:
        return str(int(value))
    return None


def _declaring(route: KeptRoute) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        # An attribute of the function, so that decorators outside this one (functools.wraps)
        # carry it too; a type checker knows no function attributes.
        view.kept_route = route  # type: ignore[attr-defined]
        return view

    return decorator
