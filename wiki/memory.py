"""What a process keeps in its own memory, bounded by bytes rather than by entries: a few
large values must not grow a worker as much as many small ones would be allowed to."""

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteBoundedCache(Generic[K, V]):
    """Least recently used values, evicted once their sizes add up to more than `max_bytes`.

    `sizeof(value)` measures a value; a value larger than the whole bound is not kept.
    """

    def __init__(self, max_bytes: int, sizeof: Callable[[V], int] = sys.getsizeof) -> None:
        self.max_bytes, self.sizeof = max_bytes, sizeof
        self.size = 0
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share one cache between threads

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        size = self.sizeof(value)
        with self._lock:
            replaced = self._values.pop(key, None)
            if replaced is not None:
                self.size -= self.sizeof(replaced)
            if size > self.max_bytes:
                return
            self._values[key] = value
            self.size += size
            while self.size > self.max_bytes:
                _, evicted = self._values.popitem(last=False)
                self.size -= self.sizeof(evicted)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.size = 0
