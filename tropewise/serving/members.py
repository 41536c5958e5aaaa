"""Pages for signed-in members: what they share is kept like anonymous readers' pages.

Most of a page a member reads is what every member of their role with their reading
preferences reads (wiki.personal says what is not). That part is rendered once and kept in
the shared cache under the page's `shown_stamp`, for the address, its canonical query and
that role and those preferences (`MemberShape.variant`); the member's own parts (their CSRF
token, handle, notices, messages, follow button, held changes and votes) are filled in for
each request, a query or two for each kind. The copy is served only while its stamp is the
page's, read as for anonymous readers (tropewise.serving.pagecache): from the shared cache
where stamps are published, from the database otherwise. The answer is private, like every
page a member is shown.

A view takes part by saying so in its context (`personal.shared_context`); any other answer
of a route kept until changed (a redirect, a missing page) is given to the member as it is.
"""

import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from tropewise.serving import ViewMiddleware, own_copies, stamps
from tropewise.serving.pagecache import html_response, lifetime, release, shared_query
from wiki import personal
from wiki.kept_pages import declared
from wiki.models import page_key


class KeptForMembers(NamedTuple):
    """What members like one another are shown of a page: the stamp it was rendered at, the
    page's id, and the page cut at its marks (personal.Marks.split)."""

    stamp: int
    page_id: int
    pieces: list[str]


class MembersPages(ViewMiddleware):
    """Middleware, just before KeptViews: answers a member's request for a view declared
    kept until changed (wiki.kept_pages) from the members' copy, rendering it first if it
    is not kept or is out of date."""

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        route = declared(view)
        if (
            route is None
            or not route.shows_page  # lists, search: the same for every member
            or request.method not in ("GET", "HEAD")
            or not request.user.is_authenticated
        ):
            return None
        if shared_query(request, route) is None:
            return None  # a parameter no copy is kept for: rendered for this request alone
        copy = _MembersCopy(request, kwargs["namespace"], kwargs["name"])
        response = copy.answer() or copy.render(lambda: view(request, *args, **kwargs))
        if copy.kept_at is not None and isinstance(response, HttpResponse):
            own_copies.offer(request, response, copy.kept_at, copy.member.token_given)
        return response


class _MembersCopy:
    """The members' copy of one page at one address, for one shape of member."""

    def __init__(self, request: HttpRequest, namespace: str, name: str) -> None:
        self.request, self.namespace, self.name = request, namespace, name
        self.shape = personal.MemberShape(request.user)
        self.page_key = page_key(namespace, name)
        variant = "\n".join(
            [request.path_info, request.META.get("QUERY_STRING", ""), *self.shape.variant]
        )
        digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
        self.key = f"members:{release()}:{self.page_key}:{digest}"
        # Once filled in: the page's key, its stamp and how long its copies are kept.
        self.kept_at: tuple[str, int, int] | None = None
        self.member: personal.Member

    def answer(self) -> HttpResponse | None:
        """The kept copy filled in for this member, if it shows the page as it is now."""
        found, kept = stamps.read_with(self.page_key, self.key)
        if kept is None:
            return None
        shown = stamps.current(self.page_key, found)
        if (
            shown is None
            or (shown.namespace, shown.name) != (self.namespace, self.name)
            or shown.shown_stamp != kept.stamp
        ):
            return None
        self.kept_at = (self.page_key, kept.stamp, lifetime(shown.protection_expires))
        return html_response(self._filled(kept.page_id, kept.pieces).encode())

    def render(self, view: Callable[[], HttpResponseBase]) -> HttpResponseBase:
        """The view's answer: rendered for every member of this shape, kept, and filled in
        for this one, when the view shares its render; as it is otherwise."""
        token_asked = self.request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        with personal.rendering_shared(self.request, self.shape) as marks:
            response = view()
        page = marks.page
        if page is None or not isinstance(response, HttpResponse):
            return response
        pieces = marks.split(response.content.decode(response.charset))
        if (
            response.status_code == 200
            and not response.cookies
            # A token asked for in a render for everyone would be everyone's: never kept.
            and self.request.META.get("CSRF_COOKIE_NEEDS_UPDATE") == token_asked
        ):
            seconds = lifetime(page.protection_expires)
            shared_cache.set(self.key, KeptForMembers(page.shown_stamp, page.pk, pieces), seconds)
            self.kept_at = (self.page_key, page.shown_stamp, seconds)
        response.content = self._filled(page.pk, pieces).encode(response.charset)
        return response

    def _filled(self, page_id: int, pieces: list[str]) -> str:
        page = personal.PageShown(page_id, self.namespace, self.name)
        self.member = personal.Member(self.request, page)
        return personal.fill(pieces, self.member)
