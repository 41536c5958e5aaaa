"""Cutting a page: a soft deletion that a moderator can undo.

A cut page keeps its row, its history and whatever apps attach to it by its id; it only gives
up its name (Page.prepare gives it a key no link spells), so links to it turn red, search
forgets it and a new page may be written under the name. Both the cut and its undoing are
revisions of the page, credited to the moderator, and entries in the moderation log.

Apps remove and bring back what they show on the page through hooks: tropes removes a
trope's examples, as revisions, and restores those the cut removed.
"""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import ModeratorAction, User
from wiki import freshness, index_entries
from wiki.models import Page, page_key
from wiki.revisions import credit

CUT_PREFIX = "Cut: "
RESTORED = "Restored after a cut"

# (page, moderator, reason), once the page is cut: what apps show on it goes with it.
CutHook = Callable[[Page, User, str], None]
# (page, moderator, when it was cut), after it is restored: apps bring back what went.
RestoreHook = Callable[[Page, User, datetime], None]
_on_cut: list[CutHook] = []
_on_restore: list[RestoreHook] = []


def register(on_cut: CutHook, on_restore: RestoreHook) -> None:
    _on_cut.append(on_cut)
    _on_restore.append(on_restore)


def cut_page(page: Page, user: User, reason: str) -> Page:
    """Cut `page`; raises ValidationError if it is a redirect or already cut."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if page.cut:
            raise ValidationError(f"{page} is cut already.")
        if page.redirect_to_id:
            raise ValidationError(f"{page} is another name for a page: cut that page instead.")
        # Off its indexes; their bars close the gap.
        freshness.touch(index_entries.page_deleting(page))
        old_key = page.key
        page.cut = True
        credit(page, user, f"{CUT_PREFIX}{reason}").save()
        freshness.page_renamed(page, old_key)
        for hook in _on_cut:  # after the cut's revision: restoring finds what went since
            hook(page, user, reason)
        ModeratorAction.record(
            user, ModeratorAction.Kind.CUT, page, reason=reason, url=page.get_absolute_url()
        )
    return page


def restore_page(page: Page, user: User) -> Page:
    """Undo `page`'s cut: it answers at its name again, and what the cut removed comes back.
    Raises ValidationError if another page has taken the name meanwhile."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if not page.cut:
            raise ValidationError(f"{page} is not cut.")
        if Page.objects.filter(key=page_key(page.namespace, page.name)).exists():
            raise ValidationError(
                f"A new page called {page} has been written since the cut: move it away first."
            )
        cut_when = cut_date(page)
        cut_key = page.key
        page.cut = False
        credit(page, user, RESTORED).save()
        freshness.page_renamed(page, cut_key)
        for hook in _on_restore:
            hook(page, user, cut_when)
        ModeratorAction.record(user, ModeratorAction.Kind.RESTORE_CUT, page)
    return page


def cut_revision(page: Page):  # type: ignore[no-untyped-def]
    """The revision that cut `page` last, its moderator joined."""
    return (
        page.history.filter(cut=True, history_change_reason__startswith=CUT_PREFIX)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )


def cut_date(page: Page) -> datetime:
    revision = cut_revision(page)
    return revision.history_date if revision is not None else page.updated
