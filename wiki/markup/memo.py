"""A cache of rendered markup bounded by the bytes it holds, not by its number of entries.

Keys are digests of the source, so a long source costs no more to keep as a key than a
short one, and a source too long to be worth keeping is rendered without being cached.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import Concatenate, Generic, ParamSpec, TypeVar

from wiki.memory import ByteBoundedCache

P = ParamSpec("P")
T = TypeVar("T")

# The source's digest, then the other arguments as given.
_Key = tuple[bytes, tuple[object, ...], tuple[tuple[str, object], ...]]


class Memoized(Generic[P, T]):
    """A function of a markup source (and small options), cached by the source's digest.

    Sources over `longest_source` characters are computed each time: they are the rare
    long page bodies, whose HTML is stored on save anyway.
    """

    def __init__(
        self, function: Callable[Concatenate[str, P], T], max_bytes: int, longest_source: int
    ) -> None:
        self.function, self.longest_source = function, longest_source
        self.cache: ByteBoundedCache[_Key, T] = ByteBoundedCache(max_bytes)
        functools.update_wrapper(self, function)

    def __call__(self, source: str, *args: P.args, **kwargs: P.kwargs) -> T:
        if len(source) > self.longest_source:
            return self.function(source, *args, **kwargs)
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()
        key = (digest, args, tuple(sorted(kwargs.items())))
        value = self.cache.get(key)
        if value is None:
            value = self.function(source, *args, **kwargs)
            self.cache.put(key, value)
        return value


def memoize(
    max_bytes: int, longest_source: int
) -> Callable[[Callable[Concatenate[str, P], T]], Memoized[P, T]]:
    """Cache a function of a markup source by the source's digest (see Memoized)."""

    def decorate(function: Callable[Concatenate[str, P], T]) -> Memoized[P, T]:
        return Memoized(function, max_bytes, longest_source)

    return decorate
