"""Django's Redis cache, with one Redis client per connection pool.

Django builds a new redis.Redis for every command, and building one (it copies a table of
some 170 response callbacks) costs more than a small GET from a local Redis. The client is
thread-safe and holds no connection of its own, so one per pool serves every command.
"""

from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
