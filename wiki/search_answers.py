"""Answers of search and Go To, kept until the search index changes.

The index has a generation: a random number in the shared cache, replaced once any change
that writes search entries commits (`index_changed()`: wiki.search calls it for the entries
it writes, wiki.signals for an entry deleted with its page).
An answer is kept under a key holding the generation it was read at, in this process's
memory and in the shared cache, so a repeat query costs one cache read and no query, and no
answer is read again once the index has changed. A generation that goes missing (evicted, a
Redis emptied) is replaced by a new one, which is only ever a needless miss.

Answers are kept only where the cache is shared by every app server (PAGE_STAMPS_SHARED):
a generation in one worker's private memory would not hear of another worker's changes.
A new generation that cannot be said (Redis unreachable from this process) leaves this
process reading the database until it can be; any other process trusts the old one for at
most ANSWER_SECONDS, the longest any answer is kept. docs/design.md, "Search and Go To
answers".
"""

import hashlib
import pickle
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from redis import RedisError

from wiki import aftercommit
from wiki.memory import ByteBoundedCache
from wiki.models import SearchEntry
from wiki.stamps import new_stamp

GENERATION_KEY = "search:generation"
# The backstop for a new generation that was never said (a worker killed after its commit,
# a Redis it could not reach): as long as a page's published stamp is trusted.
ANSWER_SECONDS = 60
MEMORY_BYTES = 4 * 1024 * 1024  # answers kept in each process besides the shared cache

T = TypeVar("T")

# {key: (when it expires, on time.monotonic(); the answer; its size pickled)}
_memory: ByteBoundedCache[str, tuple[float, Any, int]] = ByteBoundedCache(
    MEMORY_BYTES, sizeof=lambda kept: kept[2]
)


class _Unsaid:
    """Whether this process made a change whose new generation it could not say."""

    pending = False


def index_changed() -> None:
    """Once the change being made commits, start a new generation: no answer kept so far is
    read again. Called by the code that writes search entries, as often as it likes: the
    generation changes once a transaction."""
    aftercommit.once(_changes_committed, ["search index"])  # type: ignore[no-untyped-call]


def remembered(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """The answer kept for `key` in this generation of the index, or `compute()`'s, kept."""
    generation = _generation()
    if generation is None:
        return planned_for_itself(compute)
    name = f"search:{generation}:{_digest(key)}"
    kept = _kept(name)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    # The threads of this process asking the same question at once wait for the first to
    # answer it, rather than each asking the database.
    with _asking(name):
        kept = _kept(name)
        if kept is not None:
            return kept  # type: ignore[no-any-return]
        answer = cache.get(name)
        if answer is None:
            answer = planned_for_itself(compute)
            cache.set(name, answer, ANSWER_SECONDS)
        _memory.put(name, (time.monotonic() + ANSWER_SECONDS, answer, len(pickle.dumps(answer))))
    return answer  # type: ignore[no-any-return]


def planned_for_itself(compute: Callable[[], T]) -> T:
    """compute()'s answer, its queries planned for their own values, never by a plan a
    connection prepared for any (tropewise.settings, DATABASE_PREPARED_STATEMENTS): how many
    pages a search's words or a title's letters match decides whether an index helps at all.
    Prepared for any words, the count of a search for "your -incredible" read 92,000 entries
    of the full-text index in 220 ms; planned for them, 1,001 rows of the table in 4."""
    database = router.db_for_read(SearchEntry)
    if connections[database].vendor != "postgresql":
        return compute()
    # Within a transaction already, that one holds the setting: no savepoint of its own.
    with transaction.atomic(using=database, savepoint=False):
        with connections[database].cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        return compute()


def _kept(name: str) -> Any:
    kept = _memory.get(name)
    return kept[1] if kept is not None and kept[0] > time.monotonic() else None


# {question: (its lock, how many threads hold or wait for it)}
_asked: dict[str, tuple[threading.Lock, int]] = {}
_asked_lock = threading.Lock()


@contextmanager
def _asking(name: str) -> Iterator[None]:
    """Held by one thread of this process at a time for each question; dropped with its
    last user, so that questions asked once leave nothing behind."""
    with _asked_lock:
        lock, users = _asked.get(name, (threading.Lock(), 0))
        _asked[name] = (lock, users + 1)
    try:
        with lock:
            yield
    finally:
        with _asked_lock:
            lock, users = _asked[name]
            if users == 1:
                del _asked[name]
            else:
                _asked[name] = (lock, users - 1)


def forget_all() -> None:
    """For tests: a new process's memory."""
    _memory.clear()
    _Unsaid.pending = False


def generation() -> int | None:
    """The index's generation, or None when answers must not be kept now: what an answer
    kept until the index changes is kept with."""
    return _generation()


def trusted() -> bool:
    """Whether this process may answer from what was kept under the index's generation: it
    has said every new generation of its own changes."""
    return settings.PAGE_STAMPS_SHARED and not _Unsaid.pending


def _generation() -> int | None:
    """The index's generation, or None when answers must not be kept now."""
    if not settings.PAGE_STAMPS_SHARED:
        return None
    if _Unsaid.pending:
        _say_new_generation()  # tried again: until it is said, answers here come fresh
        if _Unsaid.pending:
            return None
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Added, not set: of the processes finding it missing at once, the first wins.
        cache.add(GENERATION_KEY, new_stamp(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # None while Redis does not answer
    return generation  # type: ignore[no-any-return]


def _changes_committed(changes: set[str]) -> None:
    _say_new_generation()


def _say_new_generation() -> None:
    if not settings.PAGE_STAMPS_SHARED:
        return
    try:  # a Redis known to be down refuses at once (tropewise.serving.redis)
        _raising().set(GENERATION_KEY, new_stamp(), timeout=None)
    except (RedisError, OSError):
        _Unsaid.pending = True
    else:
        _Unsaid.pending = False


def _raising() -> Any:
    """The shared cache with its errors raised (tropewise.serving.redis), or a cache that
    raises none of its own."""
    return getattr(cache, "raising", cache)


def _digest(key: tuple[Hashable, ...]) -> str:
    return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
