"""Changes held for review, and what moderators do with them.

A change that cannot go live at once (its author is a new editor, or the page
is locked) is stored as a PendingChange instead of being saved. Readers keep
seeing the live page and other editors keep editing it. Approving applies the
change then, credited to its author, through the same three-way merge as any
edit; rejecting tells the author why.

Each kind of change (a page edit, a new page, an example…) has a Handler,
registered by the app that owns it, so the engine knows nothing of tropes.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import ratelimit, roles
from accounts.models import ModeratorAction, Notice
from wiki.models import Page, PendingChange


@dataclass(frozen=True)
class Handler:
    texts: Any  # (change) -> (live text, proposed text), for the review diff
    apply: Any  # (change) -> "saved", "merged", "unchanged" or "conflict"


class NotPending(Exception):
    """The change was reviewed already."""


class Conflict(Exception):
    """The change overlaps edits made since it was proposed; someone must merge by hand."""


_handlers = {}


def register(kind, handler):
    _handlers[kind] = handler


def handler(kind):
    return _handlers[kind]


def goes_live(user, page=None):
    """Whether `user`'s change to `page` (None: a new page) is saved without review."""
    if page is not None and page.protection_now() == Page.Protection.LOCKED:
        return roles.has(user, roles.EDIT_LOCKED)
    return roles.has(user, roles.EDIT_LIVE)


def hold(kind, description, payload, author, page=None, base_revision=None, summary="",
         size_change=0):
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
        kind=kind, description=description, payload=payload, author=author, page=page,
        base_revision=base_revision, summary=summary, size_change=size_change,
    )


def approve(change, moderator, comment=""):
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


def resolving(change_id, user, page):
    """The held edit of `page` that `user` may merge by hand in the editor, or None."""
    if not roles.has(user, roles.REVIEW):
        return None
    return PendingChange.objects.waiting().filter(
        pk=change_id, page=page, kind="page_edit"
    ).select_related("author").first()


def mark_merged(change, moderator):
    """Close a held edit that a moderator merged by hand and saved as its author's."""
    with transaction.atomic():
        _approved(_lock(change), moderator, "Merged by hand with later edits.")


def _approved(change, moderator, comment):
    _close(change, PendingChange.Status.APPROVED, moderator, comment)
    ModeratorAction.record(moderator, ModeratorAction.Kind.APPROVE, change,
                           reason=comment, url=_url(change))
    text = f"Your change “{change.description}” was approved."
    Notice.send(change.author, f"{text} {comment}".strip(), url=_url(change))


def reject(change, moderator, reason):
    with transaction.atomic():
        change = _lock(change)
        _close(change, PendingChange.Status.REJECTED, moderator, reason)
        ModeratorAction.record(moderator, ModeratorAction.Kind.REJECT, change,
                               reason=reason, url=change.get_absolute_url())
        Notice.send(change.author,
                    f"Your change “{change.description}” was not accepted. Reason: {reason}",
                    url=change.get_absolute_url())


def review_texts(change):
    return handler(change.kind).texts(change)


def _lock(change):
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PendingChange.Status.PENDING:
        raise NotPending(change)
    return change


def _close(change, status, moderator, comment):
    change.status = status
    change.reviewer = moderator
    change.review_comment = comment
    change.reviewed = timezone.now()
    change.save()


def _url(change):
    if change.page_id:
        return Page.objects.get(pk=change.page_id).get_absolute_url()
    return change.get_absolute_url()
