"""What the kept-page tests share: production's WSGI application (replay layer included) on a
Redis database of their own, and a way to send it requests."""

import io

import pytest
import redis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tropewise.serving import replay, stamps

PAGES_REDIS = "redis://127.0.0.1:6379/13"
LIMITS_REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def shared_redis(settings, monkeypatch):
    """Page copies and stamps in Redis, rate limits in another database, as in production;
    the Redis client of the pages' database. Skips where no Redis answers.

    The list of unpublished stamps is read at the first request and not again: a slow
    machine must not turn its once-a-second read into a query a test counts (how that list
    is read is tests/test_redis_outage.py's)."""
    monkeypatch.setattr(stamps, "CHECK_SECONDS", 3600)
    pages, limits = redis.Redis.from_url(PAGES_REDIS), redis.Redis.from_url(LIMITS_REDIS)
    try:
        pages.ping()
    except redis.RedisError as error:
        pytest.skip(f"these tests need Redis at {PAGES_REDIS}: {error}")
    settings.CACHES = {
        "default": {"BACKEND": "tropewise.serving.redis.RedisCache", "LOCATION": PAGES_REDIS},
        "limits": {"BACKEND": "tropewise.serving.redis.RedisCache", "LOCATION": LIMITS_REDIS},
    }
    settings.PAGE_STAMPS_SHARED = True
    for database in (pages, limits):
        database.flushdb()
    replay._recent.clear()  # no page this process replayed for an earlier test
    stamps.unpublished.forget_all()
    yield pages
    for database in (pages, limits):
        database.flushdb()
    replay._recent.clear()


@pytest.fixture
def django_calls(monkeypatch):
    """How many requests reached Django's handler rather than being replayed."""
    calls = []
    original = WSGIHandler.__call__
    monkeypatch.setattr(
        WSGIHandler, "__call__", lambda self, *args: calls.append(1) or original(self, *args)
    )
    return calls


def wsgi(path, method="GET", query="", host="tropewise.example", https=True, **extra):
    """A request through the application production serves: (status, headers, body).
    Built afresh, as middleware reads some settings (SECURE_SSL_REDIRECT) when it is made."""
    application = replay.replay_kept_pages(WSGIHandler())
    answer = {}
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **({"HTTP_X_FORWARDED_PROTO": "https"} if https else {}),
        **extra,
    }
    # As the test client does: the test's connection holds its transaction, so no request
    # may close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(
            environ,
            lambda status, headers, exc_info=None: answer.update(
                status=status, headers=dict(headers)
            ),
        )
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(answer["status"].split()[0]), answer["headers"], body
