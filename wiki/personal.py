"""What a signed-in member's page shows of them alone, apart from what every member like them
is shown.

Most of a page a member reads is the same for every member of their role with their reading
preferences: the text, the examples, the tabs, the backlinks, the edit links. The serving
layer renders that once per page stamp and keeps it (tropewise.serving.members). While it
renders, the templates are given `MemberShape` for the user: it answers what is shared (the
role, the preferences) and gives a mark for what belongs to the member (their id and handle),
and so do the CSRF token and each `{% personal "name" arg %}…{% endpersonal %}` block (the
`personal` template tags), which render their contents in any other render. A template that
reads anything else of the member fails loudly (`NotShared`) rather than keep it for others.

`fill` then puts each member's own values in the marks, per request, from the fillers
registered here by name: the engine's (token, handle, notices, messages, follow button, held
changes), and those apps register (tropes: their votes). A filler gives HTML, escaped.
"""

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts import roles
from wiki.models import Follow, PendingChange

# The context name under which a render for sharing carries its marks, for the template tags.
CONTEXT_NAME = "personal_marks"
# What a mark's argument may be: an id, mostly.
ARGUMENT = re.compile(r"^[\w-]*\Z")


class NotShared(Exception):
    """A render for every member like this one read something of this member alone."""


class PageShown(NamedTuple):
    """The page a member's parts are filled in on: its id, and its name as its address
    gives it."""

    pk: int
    namespace: str
    name: str


class MemberShape:
    """A member as every member of their role, with their reading preferences, is shown.

    Templates rendering a page for all such members read this as `user`: what is shared is
    here, the member's own id and handle are marks, and anything else raises NotShared.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True  # only active accounts sign in
    # What a page may show differently by, besides the role: all of it is in `variant`.
    SHARED = ("is_staff", "is_superuser", "theme", "show_spoilers", "folders_open", "example_sort")
    # What is the member's own, by the mark that stands for it.
    OWN = {"pk": "user_pk", "id": "user_pk", "username": "username", "handle": "handle"}

    def __init__(self, user: Any) -> None:
        self.role = roles.role_of(user)  # one query (their groups), unless a superuser
        # roles.role_of reads a role it worked out before from here: roles.has(shape, …) works.
        self._role = self.role
        for name in self.SHARED:
            setattr(self, name, getattr(user, name))
        self.marks: Marks | None = None

    @property
    def variant(self) -> tuple[str, ...]:
        """All that decides what this shape is shown of a page, as text."""
        return (str(int(self.role)), *(str(getattr(self, name)) for name in self.SHARED))

    def __getattr__(self, name: str) -> Any:
        # Only for names not set above: the member's own, or not to be read at all.
        if name in self.OWN and self.marks is not None:
            return self.marks.mark(self.OWN[name])
        raise NotShared(f"user.{name} is not the same for every member shown this page")

    def __str__(self) -> str:
        return str(self.handle)


class Marks:
    """The marks of one render for sharing: where each member's own values go."""

    def __init__(self, shape: MemberShape) -> None:
        # Unguessable, so no text a page shows (written by anyone) can pass for a mark.
        self.nonce = secrets.token_hex(8)
        self.pattern = re.compile(rf"@@{self.nonce}:([a-z_]+):([\w-]*)@@")
        self.shape = shape
        self.page: Any = None  # the page rendered, once the view says it shares its render

    def mark(self, name: str, argument: object = "") -> SafeString:
        """Where the member's own `name` (for `argument`) goes: no character in it is
        escaped in HTML, in a URL or in JSON."""
        text = str(argument)
        if name not in _fillers or not ARGUMENT.match(text):
            raise ValueError(f"No personal part {name!r} for {text!r}")
        return mark_safe(f"@@{self.nonce}:{name}:{text}@@")

    def split(self, html: str) -> list[str]:
        """The rendered page as pieces: text, then each mark's name and argument, then text…"""
        return self.pattern.split(html)


def sharing(request: HttpRequest) -> Marks | None:
    """The marks of the render for sharing `request` is used for, or None: a render for the
    member alone."""
    return getattr(request, "personal_marks", None)


@contextmanager
def rendering_shared(request: HttpRequest, shape: MemberShape) -> Iterator[Marks]:
    """Within: what views render for `request` is for every member of `shape`, if the view
    takes it (`shared_context`)."""
    marks = Marks(shape)
    shape.marks = marks
    # HttpRequest declares no such attribute: `sharing` reads it.
    request.personal_marks = marks  # type: ignore[attr-defined]
    try:
        yield marks
    finally:
        del request.personal_marks  # type: ignore[attr-defined]


def shared_context(request: HttpRequest, page: Any) -> dict[str, Any]:
    """What a view showing `page` adds to its context so that its render is for sharing, when
    it is rendered for that (nothing otherwise): the shape for the user, marks for the CSRF
    token, and what context processors give of the member refused."""
    marks = sharing(request)
    if marks is None:
        return {}
    marks.page = page
    return {
        CONTEXT_NAME: marks,
        "user": marks.shape,
        "csrf_token": marks.mark("csrf"),
        "is_trusted": roles.has(marks.shape, roles.EDIT_LIVE),
        "notices": _refused("notices"),
        "messages": _refused("messages"),
        "perms": _refused("perms"),
    }


def _refused(name: str) -> Callable[[], None]:
    def read() -> None:  # templates call what they find callable
        raise NotShared(f"{name} belong to one member: read them in a {{% personal %}} block")

    return read


class Member:
    """The member a kept page is filled in for, and what the fillers load once for them."""

    def __init__(self, request: HttpRequest, page: PageShown) -> None:
        self.request, self.page = request, page
        self.user: Any = request.user  # signed in: accounts.models.User
        self._loaded: dict[str, Any] = {}

    def once(self, key: str, load: Callable[[], Any]) -> Any:
        """`load()`, the first time `key` is asked for in this request."""
        if key not in self._loaded:
            self._loaded[key] = load()
        return self._loaded[key]

    @property
    def csrf_token(self) -> str:
        return str(self.once("csrf_token", lambda: get_token(self.request)))

    @property
    def token_given(self) -> str | None:
        """The CSRF token the page was filled in with, if it asked for one."""
        return self._loaded.get("csrf_token")


Filler = Callable[[Member, str], str]
_fillers: dict[str, Filler] = {}


def register(name: str, filler: Filler) -> None:
    """`filler(member, argument)` gives the HTML of the member's own `name` for a mark."""
    _fillers[name] = filler


def fill(pieces: list[str], member: Member) -> str:
    """The page of `pieces` (Marks.split) with the marks filled in for `member`."""
    filled = [pieces[0]]
    for index in range(1, len(pieces), 3):
        name, argument, text = pieces[index : index + 3]
        filled += (_fillers[name](member, argument), text)
    return "".join(filled)


def render_block(template_name: str, name: str, values: dict[str, Any]) -> str:
    """The contents of the template's `{% personal name %}` block, rendered from `values`:
    what a filler gives is the very markup of the block, however the page was rendered."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    context = Context(values, autoescape=template.engine.autoescape)
    with context.render_context.push_state(template), context.bind_template(template):
        return str(_blocks(template)[name].nodelist.render(context))


@lru_cache(maxsize=64)
def _blocks(template: Any) -> dict[str, Any]:
    """The template's `{% personal %}` blocks by name (a template loaded again is another)."""
    from wiki.templatetags.personal import PersonalNode  # the tags import this module

    return {node.name: node for node in template.nodelist.get_nodes_by_type(PersonalNode)}


# The engine's own parts.


def _notices(member: Member, argument: str) -> str:
    values = {
        "notices": list(member.user.notices.unread()[:5]),
        "request": member.request,
        "csrf_token": member.csrf_token,
    }
    return render_block("base.html", "notices", values)


def _messages(member: Member, argument: str) -> str:
    return render_block("base.html", "messages", {"messages": get_messages(member.request)})


def _follow(member: Member, argument: str) -> str:
    following = Follow.objects.filter(user=member.user, page_id=member.page.pk).exists()
    values = {"page": member.page, "following": following, "csrf_token": member.csrf_token}
    return render_block("wiki/_page_header.html", "follow", values)


def _held_changes(member: Member, argument: str) -> str:
    waiting = PendingChange.objects.waiting().by(member.user).for_page(member.page.pk)
    return render_block("wiki/_page_header.html", "held_changes", {"my_pending": list(waiting)})


register("csrf", lambda member, argument: member.csrf_token)
register("user_pk", lambda member, argument: str(member.user.pk))
register("username", lambda member, argument: escape(member.user.username))
register("handle", lambda member, argument: escape(member.user.handle))
register("notices", _notices)
register("messages", _messages)
register("follow", _follow)
register("held_changes", _held_changes)
