"""Django's Redis cache, with one Redis client per connection pool.

Django builds a new redis.Redis for every command, and building one (it copies a table of
some 170 response callbacks) costs more than a small GET from a local Redis. The client is
thread-safe and holds no connection of its own, so one per pool serves every command.
"""

from typing import TYPE_CHECKING, Any

from django.core.cache.backends import redis
from redis import ConnectionPool, Redis


class _Client(redis.RedisCacheClient):
    if TYPE_CHECKING:  # Django's own members used here, which its type stubs leave out
        _client: type[Redis]

        def _get_connection_pool_index(self, write: bool) -> int: ...
        def _get_connection_pool(self, write: bool) -> ConnectionPool: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

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


class RedisCache(redis.RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _Client
