"""The balancer's checks: /healthz says the process answers and touches nothing else; /readyz
says whether the database and Redis answer too, naming what fails without telling secrets.
Both answer a balancer however it asks: plain HTTP, an address for a host, as often as it
likes, and neither is ever a kept copy."""

import json
import socket

import pytest
import redis
from django.db import OperationalError, connections

from tests.helpers import wsgi_get
from tests.security import kept_pages
from tropewise import health
from tropewise.serving import replay

LOCAL_REDIS = "redis://127.0.0.1:6379/10"  # these tests' own database; only PINGed
django_calls = kept_pages.django_calls  # a fixture


@pytest.fixture(autouse=True)
def fresh_answers():
    """Each test asks afresh: no readiness answer of an earlier test stands."""
    health._last.clear()


@pytest.fixture
def balancer_setting(settings):
    """Production's rules: one allowed host, HTTPS required behind a TLS proxy."""
    settings.ALLOWED_HOSTS = ["tropewise.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def take_database_down(monkeypatch):
    """Every new connection to the database fails from now on, as when PostgreSQL is
    stopped; the error's message holds what a real one may: an address and a password."""

    def refuse(self, params):
        raise OperationalError(
            'connection to server at "db.internal" (10.0.0.9), port 5432 failed: '
            "password authentication failed for password=hunter2"
        )

    monkeypatch.setattr(type(connections["default"]), "get_new_connection", refuse)


@pytest.fixture
def database_down(monkeypatch):
    take_database_down(monkeypatch)


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(location):
    return {"BACKEND": "tropewise.serving.redis.RedisCache", "LOCATION": location}


def test_healthz_answers_ok_without_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_COOKIE="sessionid=someones-session")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_while_the_database_and_redis_are_down(client, db, settings, database_down):
    settings.CACHES = {
        "default": redis_cache(f"redis://127.0.0.1:{closed_port()}/10"),
        "limits": redis_cache(f"redis://127.0.0.1:{closed_port()}/10"),
    }
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_checks_answer_get_and_head_only(client, db, path):
    assert client.head(path).status_code == 200
    for method in (client.post, client.put, client.delete):
        refused = method(path)
        assert refused.status_code == 405
        assert refused["Allow"] == "GET, HEAD"


def test_readyz_says_the_database_answers_and_how_fast(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    answer = response.json()
    assert answer["status"] == "ok"
    database = answer["checks"]["database:default"]
    assert database["ok"] is True and database["ms"] >= 0
    assert not any(name.startswith("cache:") for name in answer["checks"])  # none in Redis


def test_readyz_is_503_naming_the_database_when_it_is_unreachable(client, db, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "unavailable"
    assert answer["checks"]["database:default"]["ok"] is False
    assert answer["checks"]["database:default"]["error"] == "OperationalError"
    body = response.content.decode()
    assert "hunter2" not in body and "10.0.0.9" not in body and "db.internal" not in body


def test_readyz_pings_each_redis_cache(client, db, settings):
    try:
        redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"this test needs Redis at {LOCAL_REDIS}: {error}")
    settings.CACHES = {"default": redis_cache(LOCAL_REDIS), "limits": redis_cache(LOCAL_REDIS)}
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["cache:default"]["ok"] is True and checks["cache:limits"]["ok"] is True


def test_readyz_is_503_naming_the_cache_whose_redis_is_unreachable(client, db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "limits": redis_cache(f"redis://:hunter2@127.0.0.1:{closed_port()}/10"),
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache:limits"]["ok"] is False
    assert checks["cache:limits"]["error"] == "ConnectionError"
    assert checks["database:default"]["ok"] is True
    assert "cache:default" not in checks  # kept in this process: nothing to ask
    assert "hunter2" not in response.content.decode()


def test_readyz_gives_up_on_a_redis_that_does_not_answer_within_a_second(client, db, settings):
    with socket.socket() as silent:  # takes connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings.CACHES = {
            "default": redis_cache(f"redis://127.0.0.1:{port}/10"),
            "limits": redis_cache(f"redis://127.0.0.1:{port}/10"),
        }
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache:default"]["error"] == checks["cache:limits"]["error"] == "TimeoutError"
    assert checks["cache:default"]["ms"] >= 1000


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_checks_answer_a_balancer_over_plain_http_at_an_address(client, db, balancer_setting, path):
    response = client.get(path, HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    # Where any other address is refused, or sent to HTTPS.
    assert client.get("/changes", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/changes", HTTP_HOST="tropewise.example").status_code == 301


def test_checks_are_never_rate_limited(client, db):
    for _ in range(200):  # a balancer of several nodes, checking every second
        assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_checks_are_never_kept_copies_in_the_application_production_serves(
    settings, monkeypatch, balancer_setting, django_calls
):
    settings.PAGE_STAMPS_SHARED = True  # kept pages replayed before Django runs
    replay._recent.clear()
    for _ in range(2):
        status, headers, _ = wsgi_get("/readyz", HTTP_HOST="10.0.0.5")
        assert status == "200 OK" and "no-store" in headers["Cache-Control"]
        assert wsgi_get("/healthz", HTTP_HOST="10.0.0.5")[0] == "200 OK"
    take_database_down(monkeypatch)
    health._last.clear()  # a second later: the answer found before no longer stands
    status, _, body = wsgi_get("/readyz", HTTP_HOST="10.0.0.5")
    assert status.startswith("503")
    assert json.loads(body)["checks"]["database:default"]["error"] == "OperationalError"
    assert len(django_calls) == 5  # each answered afresh, none replayed


def test_readyz_asked_again_at_once_gives_the_answer_it_found(client, db, monkeypatch):
    opened = []
    select_one = health._select_one
    monkeypatch.setattr(
        health, "_select_one", lambda alias: opened.append(alias) or select_one(alias)
    )
    for _ in range(20):
        assert client.get("/readyz").status_code == 200
    assert len(opened) == 1  # a flood of checks opens no flood of connections
