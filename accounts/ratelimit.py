"""Fixed-window rate limits, kept in a cache of their own that page copies cannot evict."""

import time

from django.core.cache import caches
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

cache = ConnectionProxy(caches, "limits")


def allow(scope, ident, limit, period=60):
    """Count one action of `ident` in `scope`; False once it passes `limit` per `period` s."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def count(scope, ident, period):
    """How many actions `allow` has counted for `ident` in the current window."""
    window = int(time.time() // period)
    return cache.get(f"ratelimit:{scope}:{ident}:{window}", 0)


def client_ip(request):
    # REMOTE_ADDR is the proxy's address behind one; production sets the real one there.
    return request.META.get("REMOTE_ADDR", "")


def too_many_requests(request, what):
    return render(request, "429.html", {"what": what}, status=429)
