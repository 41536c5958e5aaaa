"""A cache of rendered markup bounded by the bytes it holds, not by its number of entries.

Keys are digests of the source, so a long source costs no more to keep as a key than a
short one, and a source too long to be worth keeping is rendered without being cached.
"""

import functools
import hashlib

from wiki.memory import ByteBoundedCache


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
