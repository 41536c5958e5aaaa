"""Approving and rejecting held changes.

Approving applies the change then, credited to its author, through the same three-way merge
as any edit; rejecting tells the author why. Both are logged as moderator actions.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts.models import ModeratorAction, Notice, User
from wiki.models import Page, PendingChange
from wiki.moderation.holding import Held, Outcome, handler

if TYPE_CHECKING:  # wiki.editing imports this package
    from wiki.editing import EditResult


class NotPending(Exception):
    """The change was reviewed already."""


class Conflict(Exception):
    """The change overlaps edits made since it was proposed; someone must merge by hand."""


def approve(change: PendingChange, moderator: User, comment: str = "") -> Outcome:
    """Apply a pending change as its author's revision; return how it went in.

    Raises Conflict (and changes nothing) when it overlaps later edits.
    """
    with transaction.atomic():
        change = _lock(change)
        outcome = handler(change.kind).apply(change)
        if outcome == "conflict":
            raise Conflict(change)
        _approved(change, moderator, comment)
    return outcome


def merge_by_hand(
    change: PendingChange, moderator: User, save: "Callable[[], EditResult | Held]"
) -> "EditResult | Held":
    """Save a held edit that a moderator merged by hand and close it as approved, both or
    neither. `save` saves the merged text as its author's and returns what it did; the change
    stays open if that conflicts again or waits for review. Raises NotPending, saving nothing,
    if the change was reviewed meanwhile."""
    with transaction.atomic():
        change = _lock(change)  # first: a second moderator's merge waits here, then stops
        result = save()
        if not isinstance(result, Held) and result.outcome != "conflict":
            _approved(change, moderator, "Merged by hand with later edits.")
    return result


def _approved(change: PendingChange, moderator: User, comment: str) -> None:
    _close(change, PendingChange.Status.APPROVED, moderator, comment)
    url = _url(change)
    ModeratorAction.record(moderator, ModeratorAction.Kind.APPROVE, change, reason=comment, url=url)
    text = f"Your change “{change.description}” was approved."
    Notice.send(change.author, f"{text} {comment}".strip(), url=url)


def reject(change: PendingChange, moderator: User, reason: str) -> None:
    with transaction.atomic():
        change = _lock(change)
        _close(change, PendingChange.Status.REJECTED, moderator, reason)
        ModeratorAction.record(
            moderator,
            ModeratorAction.Kind.REJECT,
            change,
            reason=reason,
            url=change.get_absolute_url(),
        )
        Notice.send(
            change.author,
            f"Your change “{change.description}” was not accepted. Reason: {reason}",
            url=change.get_absolute_url(),
        )


def review_texts(change: PendingChange) -> tuple[str, str]:
    """The live text and the proposed one, for the review diff."""
    return handler(change.kind).texts(change)


def _lock(change: PendingChange) -> PendingChange:
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PendingChange.Status.PENDING:
        raise NotPending(change)
    return change


def _close(change: PendingChange, status: str, moderator: User, comment: str) -> None:
    change.status = status
    change.reviewer = moderator
    change.review_comment = comment
    change.reviewed = timezone.now()
    change.save()


def _url(change: PendingChange) -> str:
    if change.page_id:
        url: str = Page.objects.get(pk=change.page_id).get_absolute_url()
    else:
        url = change.get_absolute_url()
    return url
