"""Whether a change goes live or waits for review, and keeping it while it waits.

A change that cannot go live at once (its author is a new editor, or the page is locked) is
stored as a PendingChange instead of being saved. Readers keep seeing the live page and other
editors keep editing it.

Each kind of held change (a page edit, a new page, an example…) has a Handler, registered by
the app that owns it when apps are ready, so the engine knows nothing of tropes.
"""

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

from django.conf import settings

from accounts import ratelimit, roles
from accounts.models import User
from wiki import kinds
from wiki.models import Page, PendingChange

P = ParamSpec("P")
T = TypeVar("T")

# How an approved change went in; "conflict" changes nothing.
Outcome = Literal["saved", "merged", "unchanged", "conflict"]

WAITING = (
    "Thank you! Your change is waiting for review by a moderator; readers see it once "
    "it is approved."
)


@dataclass(frozen=True)
class Handler:
    """How one kind of held change is shown to a reviewer and applied once approved."""

    texts: Callable[[PendingChange], tuple[str, str]]  # the live text and the proposed one
    apply: Callable[[PendingChange], Outcome]


_handlers: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    _handlers[kind] = handler


def handler(kind: str) -> Handler:
    return _handlers[kind]


class Held(enum.Enum):
    HELD = "held"


HELD = Held.HELD  # what save_or_hold returns for a change it kept for review


def goes_live(user: User, page: Page | None = None) -> bool:
    """Whether `user`'s change to `page` (None: a new page) is saved without review."""
    locked = page is not None and page.protection_now() == Page.Protection.LOCKED
    if page is not None and not locked and kinds.get(page.kind).open_to_editors:
        permission = roles.EDIT
    else:
        permission = roles.EDIT_LOCKED if locked else roles.EDIT_LIVE
    live: bool = roles.has(user, permission)
    return live


def save_or_hold(
    user: User,
    pages: Iterable[Page | None],
    save: Callable[P, T],
    hold: Callable[P, PendingChange],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T | Literal[Held.HELD]:
    """Save a change, or keep it for review unless `user` may change each of `pages` live.

    `pages` are those the change shows on (None for a page it creates). `save` and `hold`
    take the same arguments: a service and its held twin, such as `editing.edit_page` and
    `page_changes.hold_edit`. Returns what `save` returned, or HELD.
    """
    if all(goes_live(user, page) for page in pages):
        return save(*args, **kwargs)
    hold(*args, **kwargs)
    return HELD


def hold(
    kind: str,
    description: str,
    payload: dict[str, Any],
    author: User,
    page: Page | None = None,
    base_revision: int | None = None,
    summary: str = "",
    size_change: int = 0,
) -> PendingChange:
    """Store a change for review; raise ratelimit.Exceeded if its author has too many waiting."""
    limit = settings.MAX_PENDING_PER_AUTHOR
    if PendingChange.objects.waiting().filter(author=author).count() >= limit:
        raise ratelimit.Exceeded(
            "changes waiting for review",
            f"You have {limit} changes waiting for review. Once a moderator has looked at "
            "some of them, you can propose more.",
        )
    # One line: the description is shown in lists and notices and sent as an email subject.
    description = " ".join(description.split())[:300]
    return PendingChange.objects.create(
        kind=kind,
        description=description,
        payload=payload,
        author=author,
        page=page,
        base_revision=base_revision,
        summary=summary,
        size_change=size_change,
    )
