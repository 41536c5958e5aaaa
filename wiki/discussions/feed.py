"""Discussions in a member's private feed: new threads on the pages they follow, and replies
in the threads they follow."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import User
from wiki.models import Post


def followed_posts(user: User, page_ids: Collection[int], limit: int) -> QuerySet[Post]:
    """The newest `limit` posts of others that `user` follows, by their thread or page."""
    followed = Q(thread__in=user.thread_follows.values("thread_id"))
    if page_ids:
        followed |= Q(opening=True, thread__page_id__in=page_ids)
    posts: QuerySet[Post] = (
        Post.objects.shown()
        .filter(followed)
        .exclude(author=user)
        .select_related("thread__page", "author")
        .order_by("-created", "-pk")[:limit]
    )
    return posts


def title(post: Post) -> str:
    thread = post.thread
    if post.opening:
        return f"{thread.page.title}: new thread “{thread.title}”"
    return f"{thread.page.title}: reply in “{thread.title}”"


def date(entry: Any) -> datetime:
    """When a post was made, or a revision (a changes entry) saved."""
    when: datetime = entry.created if isinstance(entry, Post) else entry.record.history_date
    return when
