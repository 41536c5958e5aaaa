"""The rule a trope's examples follow (Trope.ExampleRule), set by moderators and shown to
editors before they write: examples welcome; none at all (a definition only); each new one
held for a moderator; or shown on the trope's page alone (tropes.placement).

A trope that takes no examples refuses a new one on every path that makes one (added, held,
approved, restored), from Example.clean(); one whose examples need approval holds every new
example but a moderator's, through `save_or_hold_new`.
"""

from collections.abc import Callable
from typing import Any, Literal

from accounts import roles
from accounts.models import User
from tropes import held_examples
from tropes.models import Trope, Work
from wiki import moderation
from wiki.models import PendingChange
from wiki.moderation.holding import Held

Rule = Trope.ExampleRule

NOTES = {
    Rule.NONE: "This trope is a definition only: it takes no examples.",
    Rule.APPROVAL: (
        "New examples of this trope are shown once a moderator has approved them, whoever "
        "writes them."
    ),
    Rule.TROPE_PAGE_ONLY: (
        "Examples of this trope are listed on this page only, not on the pages of the works."
    ),
}

WAITING_FOR_APPROVAL = (
    "Thank you! Examples of this trope need a moderator's approval: yours is shown once a "
    "moderator has approved it."
)


def note(rule: str) -> str:
    """What editors are told of a rule before they write; nothing for examples welcome."""
    return NOTES.get(rule, "")  # type: ignore[call-overload]


def needs_approval(trope: Trope, user: User) -> bool:
    """Whether `user`'s new example of `trope` waits for a moderator whatever their role."""
    return trope.example_rule == Rule.APPROVAL and not roles.has(user, roles.REVIEW)


def waiting(trope: Trope, user: User) -> str:
    """What `user` is told of their change to an example of `trope` kept for review."""
    return WAITING_FOR_APPROVAL if needs_approval(trope, user) else moderation.WAITING


def save_or_hold_new(
    user: User,
    trope: Trope,
    work: Work,
    save: Callable[..., Any],
    hold: Callable[..., PendingChange],
    *args: Any,
    **kwargs: Any,
) -> Any | Literal[Held.HELD]:
    """moderation.save_or_hold for a change that makes an example of `trope` in `work` (an
    addition, a removed one's restore): held for review where the trope's examples need a
    moderator's approval and `user` is not one, as any change is where its pages are."""
    if needs_approval(trope, user):
        hold(*args, **kwargs)
        return moderation.HELD
    pages = held_examples.pages(trope, work)
    return moderation.save_or_hold(user, pages, save, hold, *args, **kwargs)
