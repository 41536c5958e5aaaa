"""Kept pages are answered under the same rules as every other page: allowed hosts, HTTPS,
and any rule added later. Through the replay layer (Redis) and through serve_readers."""

import pytest
from django.conf import settings

from tests.factories import TropeFactory
from tests.security import kept_pages
from tests.security.kept_pages import wsgi
from tropewise.serving import rules

pytestmark = pytest.mark.django_db
shared_redis, django_calls = kept_pages.shared_redis, kept_pages.django_calls  # fixtures

PAGE = "/Main/BigEater"


@pytest.fixture(autouse=True)
def production_rules(settings):
    settings.ALLOWED_HOSTS = ["tropewise.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    TropeFactory(page__name="BigEater", page__title="Big Eater")


def kept(path=PAGE):
    """Read twice by an ordinary reader: the page is kept, and replayed the second time."""
    for _ in range(2):
        assert wsgi(path)[0] == 200


def test_a_kept_page_is_refused_to_a_host_not_allowed_as_before_it_was_kept(
    shared_redis, django_calls
):
    assert wsgi(PAGE, host="evil.example")[0] == 400
    kept()
    status, _, body = wsgi(PAGE, host="evil.example")
    assert status == 400 and b"Big Eater" not in body
    assert wsgi(PAGE, method="HEAD", host="evil.example")[0] == 400
    assert wsgi(PAGE, host="evil.example", HTTP_X_FORWARDED_HOST="tropewise.example")[0] == 400


def test_a_kept_page_asked_for_over_plain_http_is_redirected_to_https(shared_redis):
    kept()
    status, headers, _ = wsgi(PAGE, query="sort=rating", https=False)
    assert status == 301
    assert headers["Location"] == "https://tropewise.example/Main/BigEater?sort=rating"
    assert wsgi("/changes", https=False)[0] == 301  # as every other page


def test_a_kept_page_is_replayed_for_head_without_a_body(shared_redis, django_calls):
    kept()
    calls = len(django_calls)
    status, headers, body = wsgi(PAGE, method="HEAD")
    assert (status, body) == (200, b"") and int(headers["Content-Length"]) > 0
    assert len(django_calls) == calls  # replayed: Django never ran


def test_a_kept_page_is_still_replayed_without_django(
    shared_redis, django_calls, django_assert_num_queries
):
    kept()
    calls = len(django_calls)
    with django_assert_num_queries(0):
        status, _, body = wsgi(PAGE)
    assert status == 200 and b"Big Eater" in body and len(django_calls) == calls


def test_a_rule_added_later_holds_for_kept_pages_too(shared_redis, monkeypatch):
    kept()

    def maintenance(environ):
        return rules.Refusal(503, "Back in a few minutes.")

    monkeypatch.setattr(rules, "RULES", [*rules.RULES, maintenance])
    status, _, body = wsgi(PAGE)
    assert status == 503 and b"Back in a few minutes." in body


@pytest.mark.parametrize("path", [PAGE, "/"])
def test_pages_kept_without_redis_are_refused_to_a_host_not_allowed(client, path):
    # serve_readers answers kept pages before sessions; the home page is kept a while.
    secure = {"HTTP_X_FORWARDED_PROTO": "https"}
    for _ in range(2):
        assert client.get(path, HTTP_HOST="tropewise.example", **secure).status_code == 200
    refused = client.get(path, HTTP_HOST="evil.example", **secure)
    assert refused.status_code == 400
    assert "This site does not answer to that address." in refused.content.decode()
    assert client.head(path, HTTP_HOST="evil.example", **secure).status_code == 400
    plain = client.get(path, HTTP_HOST="tropewise.example")
    assert plain.status_code == 301 and plain["Location"].startswith("https://tropewise.example/")


def test_the_rules_run_before_any_middleware_that_answers():
    order = settings.MIDDLEWARE
    applied = order.index("tropewise.serving.rules.apply_rules")
    assert applied < order.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert applied < order.index("tropewise.serving.pagecache.serve_readers")
