"""Django's Redis cache, made to degrade: a Redis that fails makes the site slower, not broken.

A command that fails (Redis stopped, the network cut, a timeout) answers as a cache that
holds nothing: a read misses, a write is dropped. The cache then leaves Redis alone for
RETRY_SECONDS, so that a dead Redis costs no request a timeout, and tries it again after:
when it answers, it is used again with no restart. One warning a minute says Redis is
unreachable, instead of a traceback a request. A cache whose counters must go on counting
(the rate limits', `"FALLBACK": True` in OPTIONS) counts in this process meanwhile.

`cache.raising` is the same cache with errors raised, for the few callers that must know
whether a write reached Redis (published stamps, tropewise.serving.stamps).

One Redis client is kept per connection pool: Django builds a new redis.Redis for every
command, and building one (it copies a table of some 170 response callbacks) costs more than
a small GET from a local Redis. The client is thread-safe and holds no connection of its
own, so one per pool serves every command.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache.backends import redis
from django.core.cache.backends.locmem import LocMemCache
from redis import ConnectionPool, Redis, RedisError
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as ConnectionClosed
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0  # how long a failed Redis is left alone before it is tried again
WARN_EVERY_SECONDS = 60.0
# A local Redis answers in well under a millisecond; one that takes this long is as good
# as gone, and a request must not wait on it.
TIMEOUT_SECONDS = 0.5

# The commands of Django's cache API, and what each answers when Redis does not.
_MISSED: dict[str, Callable[..., Any]] = {
    "add": lambda *args, **kwargs: False,
    "get": lambda key, default=None, version=None: default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "set_many": lambda data, *args, **kwargs: list(data),  # the keys not set: all
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: False,
}


# Django's incr: a missing key is an error, not a count started at zero.
_INCR_EXISTING = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end
return false
"""


class _Client(redis.RedisCacheClient):
    if TYPE_CHECKING:  # Django's own members used here, which its type stubs leave out
        _client: type[Redis]

        def _get_connection_pool_index(self, write: bool) -> int: ...
        def _get_connection_pool(self, write: bool) -> ConnectionPool: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

    def incr(self, key: str | bytes | memoryview, delta: int) -> int:
        # One round trip where Django's client takes two (EXISTS, then INCRBY): rate limits
        # count every write.
        counted = self.get_client(key, write=True).eval(_INCR_EXISTING, 1, key, delta)
        if counted is None:
            raise ValueError(f"Key {key!r} not found.")
        return int(counted)

    def get_client(
        self, key: str | bytes | memoryview | None = None, *, write: bool = False
    ) -> Redis:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class Health:
    """Whether one Redis answers, shared by every thread of the process (Django gives each
    thread its own cache object)."""

    _all: dict[str, "Health"] = {}
    _all_lock = threading.Lock()

    def __init__(self, location: str) -> None:
        self.location = location
        self.failed_at = 0.0  # when the last command failed; 0 while Redis answers
        self.warned_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def of(cls, location: str) -> "Health":
        with cls._all_lock:
            return cls._all.setdefault(location, cls(location))

    def may_try(self) -> bool:
        """False while a failed Redis is left alone. Once that is over, one caller tries it
        again and the others wait for what that finds."""
        if not self.failed_at:
            return True
        with self._lock:
            now = time.monotonic()
            if now - self.failed_at < RETRY_SECONDS:
                return False
            self.failed_at = now
            return True

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self.failed_at = now
            warn = now - self.warned_at >= WARN_EVERY_SECONDS
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "Redis at %s is unreachable (%s: %s): serving without it, and trying it "
                "again every %g s. This warning is repeated once a minute at most.",
                _without_password(self.location),
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )

    def answered(self) -> None:
        if self.failed_at:
            with self._lock:
                self.failed_at, self.warned_at = 0.0, 0.0
            logger.warning("Redis at %s answers again.", _without_password(self.location))


class RedisCache(redis.RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        fallback = options.pop("FALLBACK", False)
        # Fail fast: the cache tries again itself, after RETRY_SECONDS. A connection found
        # closed is tried once more on a new one, at once (one the pool kept from before
        # Redis came back); a timeout never is.
        options.setdefault("socket_connect_timeout", TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", TIMEOUT_SECONDS)
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(ConnectionClosed,)))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _Client
        location = server if isinstance(server, str) else server[0]
        self.health = Health.of(location)
        self._fallback = (
            LocMemCache(f"fallback:{location}", {"TIMEOUT": params.get("TIMEOUT", 300)})
            if fallback
            else None
        )

    @property
    def raising(self) -> "_Raising":
        return _Raising(self)


class _Raising:
    """A RedisCache's commands as Django's backend has them: errors raised. While a failed
    Redis is left alone, they fail at once, as the cache's other commands do."""

    def __init__(self, cache: RedisCache) -> None:
        self._cache = cache

    def __getattr__(self, name: str) -> Callable[..., Any]:
        command = getattr(redis.RedisCache, name)
        health = self._cache.health

        def raising(*args: Any, **kwargs: Any) -> Any:
            if not health.may_try():
                raise ConnectionClosed(f"Redis at {health.location} is left alone for now")
            try:
                result = command(self._cache, *args, **kwargs)
            except (RedisError, OSError) as error:
                health.failed(error)
                raise
            health.answered()
            return result

        return raising


def _degrading(name: str) -> Callable[..., Any]:
    command = getattr(redis.RedisCache, name)
    missed = _MISSED.get(name)

    def degrading(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        if self.health.may_try():
            try:
                result = command(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self.health.failed(error)
            else:
                self.health.answered()
                return result
        if self._fallback is not None:
            return getattr(self._fallback, name)(*args, **kwargs)
        if missed is None:  # incr: no answer stands in for a count
            raise ConnectionError(f"Redis at {self.health.location} is unreachable")
        return missed(*args, **kwargs)

    degrading.__name__ = degrading.__qualname__ = name
    degrading.__doc__ = command.__doc__
    return degrading


for _name in [*_MISSED, "incr"]:
    setattr(RedisCache, _name, _degrading(_name))


def _without_password(location: str) -> str:
    scheme, _, rest = location.rpartition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if scheme else location.rpartition("@")[2]
