"""The balancer's checks: /healthz, the process answers; /readyz, what it needs answers too.

Both are answered by `answer_checks`, a middleware second only to the request ids, before
anything else runs: no host or HTTPS rule (a balancer checks over plain HTTP, often with an
address for a host), no session, no rate limit, no page cache. They show no page and no
setting, only whether the parts answer, and are never kept by any cache. They are routed in
the root URLconf too, so that the addresses are the site's own.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.db.utils import load_backend
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis import Redis

# Each part must answer within this, so that the check stays well under a balancer's usual
# timeout of 5 s. libpq counts less than 2 s as 2 s.
DATABASE_TIMEOUT_SECONDS = 2
REDIS_TIMEOUT_SECONDS = 1.0
ANSWER_SECONDS = 1.0  # how long one readiness check's answer stands


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering: nothing else is touched."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Each database, and each cache kept in Redis, answers now: 200, or 503 naming what
    failed and how (the error's class: never its message, which may hold an address).
    Asked again within ANSWER_SECONDS, the process gives the answer it found: the check
    skips rate limits, and must not let anyone open database connections at will."""
    now = time.monotonic()
    with _last_lock:
        if _last and now - _last[0] < ANSWER_SECONDS:
            return _answer(_last[1])
    checks = _check_parts()
    with _last_lock:
        _last[:] = [now, checks]
    return _answer(checks)


_last: list[Any] = []  # [when, checks] of the last readiness check in this process
_last_lock = threading.Lock()


def _answer(checks: dict[str, dict[str, object]]) -> JsonResponse:
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check_parts() -> dict[str, dict[str, object]]:
    parts: dict[str, Callable[[], None]] = {
        f"database:{alias}": partial(_select_one, alias) for alias in connections
    }
    for alias in settings.CACHES:
        if isinstance(caches[alias], RedisCache):
            servers = _servers(settings.CACHES[alias]["LOCATION"])
            parts[f"cache:{alias}"] = partial(_ping, servers)
    # All at once, so that the answer takes as long as the slowest part, not their sum.
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        running = {name: pool.submit(_timed, check) for name, check in parts.items()}
    return {name: future.result() for name, future in running.items()}


def _select_one(alias: str) -> None:
    """SELECT 1 on a connection of its own, made with a short timeout: a request's own
    connection may be one kept open from before an outage, which waits as long as the
    system lets it for a server that is gone."""
    settings_dict = connections[alias].settings_dict
    options = dict(settings_dict.get("OPTIONS", {}))
    options.pop("pool", None)  # one connection, closed after: no pool of its own
    if settings_dict["ENGINE"].endswith("postgresql"):
        options["connect_timeout"] = DATABASE_TIMEOUT_SECONDS
    backend = load_backend(settings_dict["ENGINE"])
    database = backend.DatabaseWrapper({**settings_dict, "OPTIONS": options}, alias)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        database.close()


def _ping(servers: list[str]) -> None:
    """PING every server of a cache, each on a connection of its own with a short timeout
    (the cache's own, made to fail quietly, would hide the error)."""
    for server in servers:
        with Redis.from_url(
            server,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        ) as client:
            client.ping()


def _servers(location: str | list[str]) -> list[str]:
    """The servers of a cache's LOCATION, as Django's Redis cache reads it."""
    return location.split(",") if isinstance(location, str) else list(location)


def _timed(check: Callable[[], None]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # noqa: BLE001 (whatever fails, the part is not ready)
        outcome: dict[str, object] = {"ok": False, "error": type(error).__name__}
    else:
        outcome = {"ok": True}
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


CHECKS: dict[str, Callable[[HttpRequest], HttpResponseBase]] = {
    "/healthz": healthz,
    "/readyz": readyz,
}


def answer_checks(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Middleware, right after the request ids: the checks, before any other middleware."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        check = CHECKS.get(request.path_info)
        return get_response(request) if check is None else check(request)

    return middleware
