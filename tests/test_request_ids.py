"""Every answer carries a request id in X-Request-ID, whoever gives it (a view, a refusal, a
static file, a kept page replayed before Django runs), and with LOG_FORMAT=json every log line
is a JSON object carrying the same id: an operator goes from a reader's report, or the
balancer's log, to the lines of that request."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler

from tests.factories import TropeFactory
from tests.helpers import wsgi_get
from tropewise.serving import replay

BASE_DIR = Path(__file__).resolve().parents[1]
MADE_HERE = re.compile(r"[0-9a-f]{32}")


def test_every_answer_gets_an_id_of_its_own(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert MADE_HERE.fullmatch(first["X-Request-ID"])
    assert MADE_HERE.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_id_a_balancer_sends_is_sent_back(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42_B"})
    assert response["X-Request-ID"] == "lb-7f3a.42_B"


@pytest.mark.parametrize(
    "sent",
    ["", "two words", "<script>alert(1)</script>", "id;rm -rf", "é", "a" * 129],
    ids=["empty", "space", "markup", "punctuation", "not ascii", "too long"],
)
def test_an_id_that_could_garble_the_logs_is_replaced(client, db, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert MADE_HERE.fullmatch(response["X-Request-ID"])


def test_refusals_errors_and_static_files_carry_an_id(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    answers = {
        "host not allowed": client.get("/changes", HTTP_HOST="evil.example"),
        "NUL in the address": client.get("/search", {"q": "a\x00"}),
        "too large": client.generic(
            "POST", "/changes", b"", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1)
        ),
        "missing": client.get("/Main/NoSuchPageAnywhere/history"),
        "wrong method": client.post("/healthz"),
        "static file": client.get("/favicon.ico"),
    }
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "host not allowed": 400,
        "NUL in the address": 400,
        "too large": 413,
        "missing": 404,
        "wrong method": 405,
        "static file": 200,
    }
    for answer in answers.values():
        assert MADE_HERE.fullmatch(answer["X-Request-ID"])


@pytest.mark.django_db(transaction=True)  # a stamp is published once its change commits
def test_a_replayed_kept_page_carries_an_id_of_its_own(settings, monkeypatch):
    settings.PAGE_STAMPS_SHARED = True  # kept pages replayed before Django runs
    replay._recent.clear()
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    _, rendered, _ = wsgi_get("/Main/BigEater", HTTP_X_REQUEST_ID="first-reader")
    django_calls = []
    original = WSGIHandler.__call__
    monkeypatch.setattr(
        WSGIHandler, "__call__", lambda self, *args: django_calls.append(1) or original(self, *args)
    )
    status, replayed, body = wsgi_get("/Main/BigEater", HTTP_X_REQUEST_ID="second-reader")
    assert status == "200 OK" and b"Big Eater" in body and not django_calls
    assert (rendered["X-Request-ID"], replayed["X-Request-ID"]) == ("first-reader", "second-reader")
    unsure = wsgi_get("/Main/BigEater", HTTP_X_REQUEST_ID="not an id")[1]["X-Request-ID"]
    assert MADE_HERE.fullmatch(unsure)
    replay._recent.clear()


def test_the_application_production_serves_sends_one_id_per_answer(db):
    from tropewise.wsgi import application

    sent = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/healthz",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "HTTP_X_REQUEST_ID": "from-the-balancer",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    b"".join(application(environ, lambda status, headers, exc_info=None: sent.extend(headers)))
    assert [value for name, value in sent if name.lower() == "x-request-id"] == [
        "from-the-balancer"
    ]


def django_process(code, **environment):
    """Run `code` in a process of its own that loads the settings from `environment` as a
    server would: its standard output, and its logs on its standard error."""
    return subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
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


# A request refused by its method (logged as a warning), then one whose view fails (logged
# as an error, with its traceback); neither touches the database.
TWO_REQUESTS = """
from django.test import Client
from tropewise import health

def failing(request):
    raise RuntimeError("the check broke")

client = Client(raise_request_exception=False)
print(client.post("/healthz", headers={"X-Request-ID": "refused-1"})["X-Request-ID"])
health.CHECKS["/healthz"] = failing
print(client.get("/healthz", headers={"X-Request-ID": "failed-2"}).status_code)
"""


def test_json_log_lines_carry_the_id_sent_back_in_the_answer():
    finished = django_process(TWO_REQUESTS, LOG_FORMAT="json")
    assert finished.stdout.split() == ["refused-1", "500"], finished.stderr
    lines = [json.loads(line) for line in finished.stderr.splitlines()]  # each one object
    refused = [line for line in lines if line["request_id"] == "refused-1"]
    assert refused and refused[0]["level"] == "WARNING"
    assert refused[0]["logger"] == "django.request"
    assert refused[0]["message"] == "Method Not Allowed (POST): /healthz"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", refused[0]["time"])
    assert "exc_info" not in refused[0]
    failed = [line for line in lines if line["request_id"] == "failed-2"]
    assert failed and failed[0]["level"] == "ERROR"
    assert failed[0]["message"] == "Internal Server Error: /healthz"
    assert failed[0]["exc_info"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the check broke" in failed[0]["exc_info"]


def test_logs_are_plain_text_unless_json_is_asked_for():
    logged = django_process(TWO_REQUESTS).stderr
    assert "Method Not Allowed (POST): /healthz" in logged
    assert not logged.lstrip().startswith("{")


def test_an_unknown_log_format_stops_the_server_naming_it():
    finished = django_process("", LOG_FORMAT="yaml")
    assert finished.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'yaml'." in finished.stderr
