"""Every answer carries a strict Content-Security-Policy and a Permissions-Policy: a script
that slipped into a page could neither run inline nor load from elsewhere, and the site's
pages may use no camera, microphone, location or payment."""

import pytest
import redis
from django.core.handlers.wsgi import WSGIHandler

from tests.factories import TropeFactory, WorkFactory
from tests.helpers import wsgi_get

pytestmark = pytest.mark.django_db(transaction=True)

STRICT_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
REDIS_DB = 12  # these tests' own: the kept-page tests use 13 and 14, the scale-out tests 15


@pytest.fixture
def rouge():
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    return WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android story.",
    )


def assert_guarded(headers):
    """The policies are there, and the CSP is the strict one: no inline code, no eval."""
    directives = {part.strip() for part in headers["Content-Security-Policy"].split(";")}
    assert directives == STRICT_POLICY
    features = headers["Permissions-Policy"]
    for feature in (
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "browsing-topics=()",
    ):
        assert feature in features


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/Main/BigEater",
        "/Anime/MetallicRouge/history",
        "/search?q=eater",
        "/accounts/login",
        "/changes",
    ],
)
def test_pages_forbid_inline_scripts_and_other_sites_code(client, rouge, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_guarded(response.headers)


@pytest.mark.parametrize("stamps_shared", [False, True])
def test_a_kept_page_served_from_its_copy_keeps_the_policies(
    client, rouge, settings, stamps_shared
):
    settings.PAGE_STAMPS_SHARED = stamps_shared
    first = client.get("/Anime/MetallicRouge")
    kept = client.get("/Anime/MetallicRouge")  # answered by serve_readers, before the view
    assert kept.content == first.content
    assert_guarded(kept.headers)


def test_the_home_page_kept_a_while_keeps_the_policies(client, rouge):
    client.get("/")
    assert_guarded(client.get("/").headers)


def replay_twice_before_django(monkeypatch):
    """The second GET of a page, replayed whole by the replay layer with Django never called."""
    first = wsgi_get("/Anime/MetallicRouge")
    django_calls = []
    original = WSGIHandler.__call__
    monkeypatch.setattr(
        WSGIHandler, "__call__", lambda self, *args: django_calls.append(1) or original(self, *args)
    )
    replayed = wsgi_get("/Anime/MetallicRouge")
    assert replayed == first and not django_calls
    return replayed[1]


def test_a_page_replayed_before_django_keeps_the_policies(rouge, settings, monkeypatch):
    settings.PAGE_STAMPS_SHARED = True  # the process's memory stands in for Redis
    assert_guarded(replay_twice_before_django(monkeypatch))


def test_a_page_replayed_from_redis_keeps_the_policies(rouge, settings, monkeypatch):
    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "tropewise.serving.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "headers-test",
        },
    }
    settings.PAGE_STAMPS_SHARED = True
    try:
        assert_guarded(replay_twice_before_django(monkeypatch))
    finally:
        redis.Redis.from_url(url).flushdb()


def test_a_missing_page_keeps_the_policies(client, db):
    response = client.get("/no/such/thing/here")
    assert response.status_code == 404
    assert_guarded(response.headers)


def test_a_refused_host_keeps_the_policies(client, db):
    response = client.get("/Main/BigEater", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_guarded(response.headers)


def test_an_htmx_partial_keeps_the_policies(client, rouge):
    response = client.get("/goto", {"q": "big"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Big Eater" in response.content
    assert_guarded(response.headers)


def test_the_admin_keeps_the_policies(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_guarded(response.headers)


def test_the_favicon_is_there_and_keeps_the_policies(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert_guarded(response.headers)
