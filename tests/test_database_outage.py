"""While PostgreSQL restarts or fails over, kept pages are still served, other requests get a
short 503 with Retry-After (never a 500 with a traceback), and the site recovers by itself;
one slow query cannot hold a worker."""

import logging
import os
import subprocess
import sys
import time

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import TropeFactory
from tests.security import kept_pages
from tests.security.kept_pages import wsgi
from tests.test_settings import BASE_DIR, values
from wiki import search

pytestmark = pytest.mark.django_db
shared_redis = kept_pages.shared_redis  # a fixture


class Database:
    """Takes the database down as PostgreSQL restarting does: every query fails."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def down(self, error=None):
        def refuse(*args, **kwargs):
            raise error or OperationalError("server closed the connection unexpectedly")

        for method in ("execute", "executemany"):
            self.monkeypatch.setattr(CursorWrapper, method, refuse)

    def up(self):
        self.monkeypatch.undo()


@pytest.fixture
def database(monkeypatch):
    return Database(monkeypatch)


@pytest.fixture
def database_down(database):
    database.down()
    return database


@pytest.fixture
def visitor():
    client = Client()
    client.raise_request_exception = False  # as a real server: the error becomes an answer
    return client


@pytest.fixture
def trope():
    return TropeFactory(page__name="BigEater", page__title="Big Eater")


def test_a_page_asks_readers_to_come_back_shortly_while_the_database_is_down(
    visitor, trope, database_down
):
    for path in ("/Main/BigEater", "/search?q=eater", "/changes"):
        response = visitor.get(path)
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "no-store" in response["Cache-Control"]
        assert "Back in a moment" in response.content.decode()
        assert "Traceback" not in response.content.decode()


def test_an_edit_sent_while_the_database_is_down_is_told_to_come_back(
    visitor, trope, editor, database
):
    visitor.force_login(editor)  # a member mid-session
    database.down()
    response = visitor.post("/Main/BigEater/edit", {"body": "Lost?"})
    assert response.status_code == 503 and response["Retry-After"]


def test_the_site_answers_again_as_soon_as_the_database_is_back(visitor, trope, database_down):
    assert visitor.get("/Main/BigEater").status_code == 503
    database_down.up()
    assert visitor.get("/Main/BigEater").status_code == 200


def test_an_outage_is_logged_once_a_minute_not_once_a_request(
    visitor, trope, database_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        for _ in range(5):
            assert visitor.get("/search?q=eater").status_code == 503
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert len(logged) <= 1  # none when an earlier test already said it this minute
    for record in logged:
        assert record.levelno == logging.WARNING and not record.exc_info
        assert "database is unreachable" in record.getMessage()


def test_other_errors_still_answer_the_plain_500_page(visitor, trope, database):
    database.down(ZeroDivisionError("a bug"))
    response = visitor.get("/Main/BigEater")
    assert response.status_code == 500 and "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_kept_pages_are_still_served_while_the_database_is_down(
    shared_redis, trope, database, settings
):
    settings.ALLOWED_HOSTS = ["tropewise.example"]
    kept = wsgi("/Main/BigEater")
    assert kept[0] == 200
    database.down()
    assert wsgi("/Main/BigEater")[2] == kept[2]
    assert wsgi("/search", query="q=eater")[0] == 503


def test_the_web_s_connections_have_a_statement_timeout_and_commands_none():
    postgres = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tropewise"}
    web = values("DATABASES", **postgres, STATEMENT_TIMEOUT_MS="1500")["DATABASES"]
    assert web["default"]["OPTIONS"]["options"] == "-c statement_timeout=1500"
    command = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_OPTIONS],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], **postgres, "STATEMENT_TIMEOUT_MS": "1500"},
    )
    assert command.stdout.strip() == "-c statement_timeout=0", command.stderr


PRINT_OPTIONS = (
    "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a statement timeout is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_one_slow_query_cannot_hold_a_worker(visitor, trope, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")  # as configured, only shorter

    def slow_search(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")

    monkeypatch.setattr(search, "search", slow_search)
    started = time.monotonic()
    try:
        response = visitor.get("/search?q=eater")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert response.status_code == 503 and response["Retry-After"]
    assert time.monotonic() - started < 5
