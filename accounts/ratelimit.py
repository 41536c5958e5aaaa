"""Fixed-window rate limits, kept in a cache of their own that page copies cannot evict."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

# The cache of that name, looked up in each thread as django.core.cache.cache is; typed as
# the cache it stands for, as Django's type stubs type that one.
cache: BaseCache = ConnectionProxy(caches, "limits")  # type: ignore[assignment]


def allow(scope: str, ident: str, limit: int, period: int = 60) -> bool:
    """Count one action of `ident` in `scope`; False once it passes `limit` per `period` s."""
    return hit(scope, ident, period) <= limit


def hit(scope: str, ident: str, period: int) -> int:
    """Count one action of `ident` in `scope`; how many there have been in this window."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        return cache.incr(key)  # counted before in this window: one round trip
    except ValueError:
        if cache.add(key, 1, timeout=period):
            return 1
    try:
        return cache.incr(key)  # another request started the count meanwhile
    except ValueError:  # and it expired since
        cache.set(key, 1, timeout=period)
        return 1


def count(scope: str, ident: str, period: int) -> int:
    """How many actions `allow` has counted for `ident` in the current window."""
    window = int(time.time() // period)
    counted: int = cache.get(f"ratelimit:{scope}:{ident}:{window}", 0)
    return counted


def client_ip(request: HttpRequest) -> str:
    """The client's address, which every address-keyed limit counts by.

    Without proxies (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR. Behind N proxies, each of
    which appends the address it received the request from to X-Forwarded-For, the client's
    address is the Nth from the right: everything further left was sent by the client and may
    be forged. A header shorter than that, or not an address, did not come through the
    proxies, so REMOTE_ADDR is used.
    """
    remote: str = request.META.get("REMOTE_ADDR", "")
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

    def __init__(self, what: str, why: str = "") -> None:
        super().__init__(what)
        self.what, self.why = what, why


def too_many_requests(request: HttpRequest, what: str, why: str = "") -> HttpResponse:
    return render(request, "429.html", {"what": what, "why": why}, status=429)
