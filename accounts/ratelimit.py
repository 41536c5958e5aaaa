"""Fixed-window rate limits, kept in a cache of their own that page copies cannot evict."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

cache = ConnectionProxy(caches, "limits")


def allow(scope, ident, limit, period=60):
    """Count one action of `ident` in `scope`; False once it passes `limit` per `period` s."""
    return hit(scope, ident, period) <= limit


def hit(scope, ident, period):
    """Count one action of `ident` in `scope`; how many there have been in this window."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=period)
        return 1


def count(scope, ident, period):
    """How many actions `allow` has counted for `ident` in the current window."""
    window = int(time.time() // period)
    return cache.get(f"ratelimit:{scope}:{ident}:{window}", 0)


def client_ip(request):
    """The client's address, which every address-keyed limit counts by.

    Without proxies (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR. Behind N proxies, each of
    which appends the address it received the request from to X-Forwarded-For, the client's
    address is the Nth from the right: everything further left was sent by the client and may
    be forged. A header shorter than that, or not an address, did not come through the
    proxies, so REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


class Exceeded(Exception):
    """A write refused for passing a limit; `accounts.access.rate_limited` answers it with 429."""

    def __init__(self, what, why=""):
        super().__init__(what)
        self.what, self.why = what, why


def too_many_requests(request, what, why=""):
    return render(request, "429.html", {"what": what, "why": why}, status=429)
