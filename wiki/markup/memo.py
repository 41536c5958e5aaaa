"""A cache of rendered markup bounded by the bytes it holds, not by its number of entries.

Keys are digests of the source, so a long source costs no more to keep as a key than a
short one, and a source too long to be worth keeping is rendered without being cached.
"""

import functools
import hashlib
import sys
import threading
from collections import OrderedDict


class ByteBoundedCache:
    """Least recently used values, evicted once their sizes add up to more than `max_bytes`."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._values = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share one cache between threads

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value):
        size = sys.getsizeof(value)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self.size += size
            while self.size > self.max_bytes:
                _, evicted = self._values.popitem(last=False)
                self.size -= sys.getsizeof(evicted)

    def clear(self):
        with self._lock:
            self._values.clear()
            self.size = 0


def memoize(max_bytes, longest_source):
    """Cache a function of a markup source (and small options) by the source's digest.

    Sources over `longest_source` characters are computed each time: they are the rare
    long page bodies, whose HTML is stored on save anyway.
    """

    def decorate(function):
        cache = ByteBoundedCache(max_bytes)

        @functools.wraps(function)
        def cached(source, *args, **kwargs):
            if len(source) > longest_source:
                return function(source, *args, **kwargs)
            digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()
            key = (digest, args, tuple(sorted(kwargs.items())))
            value = cache.get(key)
            if value is None:
                value = function(source, *args, **kwargs)
                cache.put(key, value)
            return value

        cached.cache = cache
        return cached

    return decorate
