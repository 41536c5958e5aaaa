"""Opening threads, replying, editing posts, and telling the people who follow them."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Notice, User, one_line
from wiki import freshness, revisions
from wiki.models import (
    Follow,
    Page,
    PendingChange,
    Post,
    Thread,
    ThreadFollow,
    normalize_markup,
)
from wiki.models.discussion import POST_MAX_LENGTH, TITLE_MAX_LENGTH

# What a thread may be about: a revision of its page (a record of Page.history), or a
# PendingChange waiting for review.
About = Any


def open_thread(page: Page, *, title: str, author: User, text: str, about: About = None) -> Thread:
    """Open a thread on `page`'s discussion with its first post, live (whatever the author's
    role: views decide first whether a post waits for review). Its author follows it, the
    page's followers are told, and the page's count of threads changes."""
    title = " ".join(title.split())
    check(text, title)
    with transaction.atomic():
        thread = Thread(page=page, title=title, author=author)
        if isinstance(about, PendingChange):
            thread.about_change = about
        elif about is not None:
            thread.about_revision = about
        thread.save()
        post = _add_post(thread, author, text, opening=True)
        ThreadFollow.objects.get_or_create(user=author, thread=thread)
        # The page's header shows its count of threads.
        freshness.touch([page.pk])
        followers = Follow.objects.filter(page=page).exclude(user=author).values_list("user_id")
        _tell(
            followers,
            f"{author} opened a thread on {page.title}: “{title}”",
            post,
        )
    return thread


def reply(thread: Thread, *, author: User, text: str) -> Post:
    """Add a post to `thread`; its author follows the thread, its followers are told."""
    check(text)
    with transaction.atomic():
        # Locked: replies at once each move the thread's last activity forward.
        thread = Thread.objects.select_for_update().select_related("page").get(pk=thread.pk)
        post = _add_post(thread, author, text)
        thread.last_posted = post.created
        thread.save(update_fields=["last_posted"])
        ThreadFollow.objects.get_or_create(user=author, thread=thread)
        followers = thread.followers.exclude(user=author).values_list("user_id")
        _tell(followers, f"{author} replied in “{thread.title}” on {thread.page.title}", post)
    return post


def edit_post(post: Post, *, editor: User, text: str) -> Post:
    """Change a post's text as a new revision of it; the post shows it was edited."""
    check(text)
    text = normalize_markup(text)
    if text == post.text:
        return post
    with transaction.atomic():
        post.text, post.edited = text, timezone.now()
        revisions.credit(post, editor, "Edited")
        post.save()
    return post


def follow_thread(user: User, thread: Thread) -> bool:
    """Follow `thread`, or stop following it; whether `user` follows it now."""
    following, created = ThreadFollow.objects.get_or_create(user=user, thread=thread)
    if not created:
        following.delete()
    return created


def _add_post(thread: Thread, author: User, text: str, opening: bool = False) -> Post:
    post = Post(thread=thread, author=author, text=normalize_markup(text), opening=opening)
    revisions.credit(post, author, "Opened the thread" if opening else "Posted")
    post.save()
    return post


def _tell(user_ids: Iterable[tuple[int]], text: str, post: Post) -> None:
    """Notices on the site, all in one statement: a thread may have many followers. No mail:
    a busy thread would send one for every reply."""
    url = post.get_absolute_url()
    text = one_line(text, 300)
    Notice.objects.bulk_create(
        Notice(user_id=user_id, text=text, url=url) for (user_id,) in user_ids
    )


def check(text: str, title: str | None = None) -> None:
    """The limits forms check, held again for callers that are not forms."""
    if not text.strip():
        raise ValidationError("A post needs some text.")
    if len(text) > POST_MAX_LENGTH:
        raise ValidationError(f"A post is at most {POST_MAX_LENGTH} characters.")
    if title is not None and not 0 < len(title) <= TITLE_MAX_LENGTH:
        raise ValidationError(f"A thread needs a title of at most {TITLE_MAX_LENGTH} characters.")
