"""The settings come from the environment and refuse what they cannot mean: a server given a
mistyped or missing setting stops at start, naming it, instead of running on a default."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "tropewise.example"}


def start(*names, **environment):
    """Load the settings as a server would, with only `environment` set; the process, and the
    values of `names` it printed."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "tropewise.settings",
            **environment,
        },
    )


def values(*names, **environment):
    started = start(*names, **environment)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout)


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"DEBUG": "yes"}, "DEBUG must be true or false (or 1/0, on/off), not 'yes'."),
        ({"SECURE_SSL_REDIRECT": "maybe"}, "SECURE_SSL_REDIRECT must be true or false"),
        ({"CONN_MAX_AGE": "a minute"}, "CONN_MAX_AGE must be a whole number, not 'a minute'."),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3, not 'ftp'."),
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME is required when MEDIA_STORAGE=s3."),
        (
            {"DEBUG": "false", "ALLOWED_HOSTS": "tropewise.example"},
            "SECRET_KEY is required when DEBUG is false.",
        ),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 50},
            "ALLOWED_HOSTS is required when DEBUG is false.",
        ),
    ],
    ids=["debug", "boolean", "number", "storage", "bucket", "secret key", "hosts"],
)
def test_a_setting_it_cannot_mean_stops_the_server_naming_it(environment, message):
    started = start(**environment)
    assert started.returncode != 0
    assert message in started.stderr


def test_production_is_strict_about_transport_and_cookies_and_local_runs_are_not():
    strict = {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    assert values(*strict, **PRODUCTION) == strict
    assert values(*strict) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }
    behind_a_tls_proxy = values(
        *strict, **PRODUCTION, SECURE_SSL_REDIRECT="off", SECURE_HSTS_SECONDS="0"
    )
    assert behind_a_tls_proxy == {**strict, "SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0}


def test_redis_keeps_page_copies_and_rate_limits_apart():
    one = values("CACHES", "PAGE_STAMPS_SHARED", REDIS_URL="redis://cache:6379/0")
    assert one["PAGE_STAMPS_SHARED"] is True
    assert {alias: one["CACHES"][alias]["LOCATION"] for alias in ("default", "limits")} == {
        "default": "redis://cache:6379/0",
        "limits": "redis://cache:6379/0",
    }
    assert one["CACHES"]["default"]["KEY_PREFIX"] != one["CACHES"]["limits"]["KEY_PREFIX"]
    two = values(
        "CACHES", REDIS_URL="redis://cache:6379/0", LIMITS_REDIS_URL="redis://limits:6379/0"
    )
    assert two["CACHES"]["limits"]["LOCATION"] == "redis://limits:6379/0"
    local = values("CACHES", "PAGE_STAMPS_SHARED")
    assert local["PAGE_STAMPS_SHARED"] is False
    assert {cache["BACKEND"] for cache in local["CACHES"].values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }


def test_a_replica_takes_reads_before_the_session_is_read():
    found = values(
        "DATABASES",
        "DATABASE_ROUTERS",
        "MIDDLEWARE",
        DATABASE_URL="postgres://app@primary/tropewise",
        DATABASE_REPLICA_URL="postgres://app@replica/tropewise",
    )
    assert found["DATABASES"]["replica"]["HOST"] == "replica"
    assert found["DATABASE_ROUTERS"] == ["tropewise.serving.replicas.ReplicaRouter"]
    middleware = found["MIDDLEWARE"]
    assert middleware.index("tropewise.serving.replicas.replica_reads") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert "replica" not in values("DATABASES")["DATABASES"]


def test_postgresql_prepares_repeated_queries_unless_a_pooler_forbids_it():
    url = "postgres://app@primary/tropewise"
    for environment, prepared in [({}, True), ({"DATABASE_PREPARED_STATEMENTS": "false"}, False)]:
        found = values("DATABASES", DATABASE_URL=url, DATABASE_REPLICA_URL=url, **environment)
        for database in found["DATABASES"].values():
            options = database["OPTIONS"]
            assert options.get("server_side_binding", False) is prepared
            assert ("prepare_threshold" in options) is prepared
