"""What moderators do in discussions. Each action is written to the moderation log, in the
same transaction as the change."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.urls import reverse

from accounts.models import ModeratorAction, User
from wiki import freshness, search_answers
from wiki.models import Page, Post, Thread
from wiki.moderation import rollback

Kind = ModeratorAction.Kind

# Each switch of a thread: its field, and the log's kind when turned on and off.
SWITCHES = {
    "locked": (Kind.LOCK_THREAD, Kind.UNLOCK_THREAD),
    "pinned": (Kind.PIN_THREAD, Kind.UNPIN_THREAD),
    "resolved": (Kind.RESOLVE_THREAD, Kind.REOPEN_THREAD),
}


def hide_post(post: Post, moderator: User, reason: str) -> None:
    """Hide a post from everyone but moderators; it is never deleted."""
    with transaction.atomic():
        post.hidden, post.hidden_reason, post.hidden_by = True, reason, moderator
        post.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
        ModeratorAction.record(
            moderator, Kind.HIDE_POST, post, reason=reason, url=post.get_absolute_url()
        )


def show_post(post: Post, moderator: User, reason: str = "") -> None:
    with transaction.atomic():
        post.hidden, post.hidden_reason, post.hidden_by = False, "", None
        post.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
        ModeratorAction.record(
            moderator, Kind.SHOW_POST, post, reason=reason, url=post.get_absolute_url()
        )


def switch(thread: Thread, field: str, on: bool, moderator: User, reason: str = "") -> bool:
    """Lock, pin or resolve a thread (`field`), or undo it; False if it was so already."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().select_related("page").get(pk=thread.pk)
        if getattr(thread, field) == on:
            return False
        setattr(thread, field, on)
        thread.save(update_fields=[field])
        kind = SWITCHES[field][0 if on else 1]
        ModeratorAction.record(
            moderator, kind, _label(thread), reason=reason, url=thread.get_absolute_url()
        )
    return True


def move_thread(thread: Thread, to: Page, moderator: User, reason: str = "") -> bool:
    """Move a thread to another page's discussion; False if it is there already."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().select_related("page").get(pk=thread.pk)
        origin = thread.page
        if origin.pk == to.pk:
            return False
        thread.page = to
        thread.save(update_fields=["page"])
        # Both pages' headers count their threads; posts found by search name their page.
        freshness.touch([origin.pk, to.pk])
        search_answers.index_changed()
        ModeratorAction.record(
            moderator,
            Kind.MOVE_THREAD,
            f"“{thread.title}” from {origin.full_name} to {to.full_name}",
            reason=reason,
            url=thread.get_absolute_url(),
        )
    return True


ROLLBACK_POSTS = 200  # a member's posts hidden by one rollback at most, newest first


def plan_rollback(user: User, since: datetime) -> list[rollback.Step]:
    """A rollback of `user` hides their posts since `since` that are still shown: posts have
    no earlier version to go back to, and are never deleted (wiki.moderation.rollback)."""
    posts = (
        Post.objects.shown()
        .filter(author=user, created__gte=since)
        .select_related("thread__page")
        .order_by("-created")[:ROLLBACK_POSTS]
    )
    return [
        rollback.Step(
            f"Post in “{post.thread.title}” on {post.thread.page.title}",
            reverse("wiki:post", args=[post.pk]),
            "Hide the post",
            apply=_hiding(post, f"Rollback of {user}'s posts"),
        )
        for post in posts
    ]


def _hiding(post: Post, reason: str) -> Callable[[User], None]:
    def apply(moderator: User) -> None:
        hide_post(post, moderator, reason)

    return apply


def _label(thread: Thread) -> str:
    return f"“{thread.title}” on {thread.page.full_name}"
