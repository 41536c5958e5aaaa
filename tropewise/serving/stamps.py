"""Pages' stamps in the shared cache, so that kept pages are answered without a query.

wiki.freshness gives a page a new stamp whenever anything it shows changes, and says so
once the change commits (`stamps_changed`, and `pages_forgotten` for keys no page answers
at any more): the new stamps are published here, in the cache every app server shares
(PAGE_STAMPS_SHARED: Redis). Until the commit every server keeps the old ones, which is
right: it is what they read in the database. A stamp is kept at most PAGE_STAMP_SECONDS,
the longest a copy can outlive its page when two changes to it commit at the same instant.

A publication can fail (Redis unreachable, the process killed after the commit), and Redis
may then come back holding the old stamp. So each change is also listed in the database
(wiki.models.UnpublishedStamp) in its own transaction, and struck out once published; every
process reads that list once every CHECK_SECONDS and trusts no published stamp of a key on
it. A change left listed for REPAIR_AFTER_SECONDS, or that this process failed to publish,
is repaired by whichever process next reaches Redis: it deletes the published stamp, so that
readers take the database's. docs/design.md tells the whole of it.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError
from django.utils import timezone
from redis import RedisError

from tropewise.serving import after_answer
from wiki.freshness import ShownPage, Stamped, pages_forgotten, stamps_changed
from wiki.models import Page, UnpublishedStamp

logger = logging.getLogger(__name__)

# The keys and stamps of one publication: one touch gives many pages one stamp.
Publication = tuple[list[str], list[int | None]]

CHECK_SECONDS = 1.0  # how often each process reads the list of unpublished changes
# A change listed this long was not published by the process that made it: it died, or
# could not reach Redis. Far longer than a publication takes.
REPAIR_AFTER_SECONDS = 5.0


def cache_key(page_key: str) -> str:
    return f"stamp:{page_key}"


def from_database(page_key: str) -> ShownPage | None:
    """The page's stamp and what a reader's headers need; None for a redirect."""
    row = (
        Page.objects.filter(key=page_key, redirect_to=None).values_list(*ShownPage._fields).first()
    )
    return None if row is None else ShownPage._make(row)


def published(page_key: str) -> bool:
    """Whether the stamp the shared cache holds for `page_key`, if any, may be trusted."""
    return page_key not in unpublished.distrusted()


def read_with(page_key: str, copy_key: str) -> tuple[ShownPage | None, Any]:
    """The page's stamp, where the shared cache may be trusted with it, and what is kept at
    `copy_key`: one cache read."""
    if settings.PAGE_STAMPS_SHARED and published(page_key):
        found = cache.get_many([cache_key(page_key), copy_key])
        return found.get(cache_key(page_key)), found.get(copy_key)
    return None, cache.get(copy_key)


def current(page_key: str, shared: ShownPage | None) -> ShownPage | None:
    """What the page shows now: the stamp found in the shared cache, or else the database's,
    published for the next reader; None for a page that is missing or redirects."""
    if shared is not None:
        return shared
    shown = from_database(page_key)
    if shown and settings.PAGE_STAMPS_SHARED:
        share(shown)
    return shown


def share(shown: Stamped) -> None:
    """Publish a stamp read from the database: added, not set, for a newer one published
    meanwhile must win."""
    cache.add(cache_key(shown.key), shown, settings.PAGE_STAMP_SECONDS)


def connect() -> None:
    after_answer.connect()
    stamps_changed.connect(_publish, dispatch_uid="tropewise.serving.stamps.publish")
    pages_forgotten.connect(_forget, dispatch_uid="tropewise.serving.stamps.forget")


def _publish(sender: object, shown: list[Stamped], **kwargs: object) -> None:
    if settings.PAGE_STAMPS_SHARED and shown:
        stamps = {cache_key(page.key): page for page in shown}
        if _reached(lambda: _raising().set_many(stamps, settings.PAGE_STAMP_SECONDS), shown):
            published: Publication = (
                [page.key for page in shown],
                [page.shown_stamp for page in shown],
            )
            after_answer.later(_strike_out, published)


def _forget(sender: object, keys: list[str], **kwargs: object) -> None:
    if settings.PAGE_STAMPS_SHARED and keys:
        stamps = [cache_key(key) for key in keys]
        if _reached(lambda: _raising().delete_many(stamps), keys):
            forgotten: Publication = (keys, [None])
            after_answer.later(_strike_out, forgotten)


def _strike_out(publications: list[Publication]) -> None:
    """Strike out what reached the shared cache, once the answer has gone: a commit nobody
    waits for, in one statement for the whole request. Until then the changes stay listed,
    which only makes readers of other processes read a stamp from the database meanwhile."""
    # Left listed if the database fails now, the change is repaired later: harmless.
    with contextlib.suppress(DatabaseError):
        UnpublishedStamp.objects.published(publications)


def _reached(command: Callable[[], object], pages: Iterable[Stamped | str]) -> bool:
    """Run a command on the shared cache; when it fails, this process trusts none of the
    pages' published stamps until the change is repaired (the other processes read that
    in the list of unpublished changes)."""
    try:
        command()
    except (RedisError, OSError):
        unpublished.failed(page if isinstance(page, str) else page.key for page in pages)
        return False
    return True


def _raising() -> Any:
    """The shared cache with its errors raised (tropewise.serving.redis), or a cache that
    raises none of its own."""
    return getattr(cache, "raising", cache)


class Unpublished:
    """The keys whose published stamp this process does not trust, read from the database's
    list once every CHECK_SECONDS."""

    def __init__(self) -> None:
        self._listed: frozenset[str] = frozenset()
        self._failed: set[str] = set()  # publications this process saw fail
        self._distrusted: frozenset[str] = frozenset()
        self._checked_at = -CHECK_SECONDS
        self._lock = threading.Lock()

    def distrusted(self) -> frozenset[str]:
        now = time.monotonic()
        if now - self._checked_at >= CHECK_SECONDS:
            with self._lock:
                if now - self._checked_at < CHECK_SECONDS:
                    return self._distrusted  # another thread has just read it
                self._checked_at = now
            self._check()
        return self._distrusted

    def failed(self, keys: Iterable[str]) -> None:
        with self._lock:
            self._failed.update(keys)
            self._distrusted = self._distrusted | self._failed

    def forget_all(self) -> None:
        """For tests: a new process's view."""
        with self._lock:
            self._listed, self._failed, self._distrusted = frozenset(), set(), frozenset()
            self._checked_at = -CHECK_SECONDS

    def _check(self) -> None:
        try:
            rows = list(UnpublishedStamp.objects.values_list("pk", "key", "created"))
        except DatabaseError:
            # The database is down: no change can commit meanwhile, and the list read last
            # still holds. The broken connection must not wait for a request to be closed.
            connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
            return
        overdue = timezone.now().timestamp() - REPAIR_AFTER_SECONDS
        with self._lock:
            self._listed = frozenset(key for _, key, _ in rows)
            self._failed &= self._listed  # repaired meanwhile, by this process or another
            due = [
                (pk, key)
                for pk, key, created in rows
                if key in self._failed or created.timestamp() < overdue
            ]
            self._distrusted = self._listed | self._failed
        if due:
            self._repair(due)

    def _repair(self, due: list[tuple[int, str]]) -> None:
        """Delete the published stamps of changes that were not published: readers then
        take the database's, and publish it for the others."""
        keys = {key for _, key in due}
        try:
            _raising().delete_many([cache_key(key) for key in keys])
            UnpublishedStamp.objects.filter(pk__in=[pk for pk, _ in due]).delete()
        except (RedisError, OSError, DatabaseError):
            return  # tried again at the next check
        logger.warning(
            "Repaired %d page stamp(s) whose publication had failed: %s",
            len(keys),
            ", ".join(sorted(keys)[:10]),
        )
        with self._lock:
            self._failed -= keys
            self._listed -= keys
            self._distrusted = self._listed | self._failed


unpublished = Unpublished()
