"""The moderators' desk: what waits for someone, queue by queue, on the admin's first page.

Each part of the site that leaves work for moderators registers a `Queue` when its app is
ready: the engine registers its pending changes and open reports here, the apps built on it
theirs. A queue is read with one query (how many wait, and since when the oldest has), so the
desk costs one query a queue whatever waits in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.urls import reverse

from accounts import roles
from accounts.models import User
from wiki.models import PendingChange, ReportCase
from wiki.models.discussion import HELD_POST_KINDS


@dataclass(frozen=True)
class Queue:
    """Something that waits for a moderator."""

    name: str  # unique: registering a name again replaces the queue
    label: str  # what the desk calls it: "Pending changes"
    waiting: Callable[[], QuerySet[Any]]  # the items waiting now
    since: str  # the field (or lookup) saying since when an item has waited
    link: str  # the URL name of the page where moderators act on them
    permission: str  # what a moderator needs to act on them (`accounts.roles`)
    query: str = ""  # added to the link: "?status__exact=pending"


@dataclass(frozen=True)
class Waiting:
    """A queue as the desk shows it now."""

    queue: Queue
    count: int
    oldest: datetime | None  # when the oldest item began waiting; None if none waits
    url: str


_queues: dict[str, Queue] = {}


def register(queue: Queue) -> None:
    _queues[queue.name] = queue


def registered() -> list[Queue]:
    """Every queue, the engine's first, in the order they were registered."""
    return list(_queues.values())


def waiting_for(user: User) -> list[Waiting]:
    """The queues `user` may act on, each with its count and oldest item: a query a queue."""
    shown = []
    for queue in _queues.values():
        if roles.refusal(user, queue.permission):
            continue
        found = queue.waiting().order_by().aggregate(count=Count("pk"), oldest=Min(queue.since))
        url = reverse(queue.link) + queue.query
        shown.append(Waiting(queue, found["count"], found["oldest"], url))
    return shown


def register_engine_queues() -> None:
    register(
        Queue(
            name="pending_changes",
            label="Pending changes",
            # Held posts are a queue of their own (wiki.discussions.held).
            waiting=lambda: PendingChange.objects.waiting().exclude(kind__in=HELD_POST_KINDS),
            since="created",
            link="admin:wiki_pendingchange_changelist",
            permission=roles.REVIEW,
            query="?status__exact=pending",
        )
    )
    register(
        Queue(
            name="open_reports",
            label="Open reports",
            waiting=lambda: ReportCase.objects.filter(status=ReportCase.Status.OPEN),
            since="created",
            link="admin:wiki_reportcase_changelist",
            permission=roles.RESOLVE_REPORTS,
            query="?status__exact=open",
        )
    )
