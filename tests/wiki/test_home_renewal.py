"""The home page, kept for HOME_CACHE_SECONDS, is renewed by one request when it is due while
every other reader is still answered the copy it replaces: no stampede of renders."""

import time

import pytest
from django.core.cache import cache

from tests.factories import WorkFactory
from tests.security import kept_pages
from tests.security.kept_pages import wsgi
from tropewise.serving import pagecache

shared_redis, django_calls = kept_pages.shared_redis, kept_pages.django_calls  # fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(monkeypatch, settings):
    """Move the clock past the kept home page's freshness."""

    def later():
        now = time.time() + settings.HOME_CACHE_SECONDS + 1
        monkeypatch.setattr(pagecache.time, "time", lambda: now)

    return later


def test_a_due_home_page_is_rendered_again_by_one_reader_only(
    client, later, django_assert_num_queries
):
    WorkFactory(page__title="Metallic Rouge")
    answer = client.get("/")
    first, renewing = answer.content.decode(), renewal_key(answer.wsgi_request)
    WorkFactory(page__title="Blue Giant")
    assert "Blue Giant" not in client.get("/").content.decode()  # kept a while
    later()
    # Another reader is renewing it already: this one gets the copy it replaces, at once.
    cache.add(renewing, 1, pagecache.RENEWAL_SECONDS)
    with django_assert_num_queries(0):
        assert client.get("/").content.decode() == first
    cache.delete(renewing)  # that reader failed, or its RENEWAL_SECONDS are over
    # The first reader to find it due renders it anew, and the others get that.
    assert "Blue Giant" in client.get("/").content.decode()
    with django_assert_num_queries(0):
        assert "Blue Giant" in client.get("/").content.decode()


def test_a_home_page_nobody_asked_for_in_a_long_while_is_rendered_afresh(client, settings):
    WorkFactory(page__title="Metallic Rouge")
    client.get("/")
    cache.clear()  # expired for good, STALE_SECONDS after it was due
    WorkFactory(page__title="Blue Giant")
    assert "Blue Giant" in client.get("/").content.decode()


def renewal_key(request):
    """What the reader renewing the home page holds, for these reading preferences."""
    return pagecache.renewal_key(pagecache._while_key(request, ""))


@pytest.mark.django_db(transaction=True)
def test_the_home_page_is_replayed_before_django_runs_while_it_is_fresh(
    shared_redis, django_calls, settings, monkeypatch
):
    settings.ALLOWED_HOSTS = ["tropewise.example"]
    WorkFactory(page__title="Metallic Rouge")
    status, headers, body = wsgi("/")
    assert status == 200 and pagecache.REPLAY_HEADER not in headers
    calls = len(django_calls)
    # The same answer, but for its request id: each answer's own (tropewise.wsgi adds it).
    headers.pop("X-Request-ID")
    assert wsgi("/") == (status, headers, body)
    assert len(django_calls) == calls  # replayed whole, headers and all
    WorkFactory(page__title="Blue Giant")
    now = time.time() + settings.HOME_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: now)
    assert b"Blue Giant" in wsgi("/")[2]  # due: Django renews it
    assert len(django_calls) == calls + 1
    assert b"Blue Giant" in wsgi("/")[2]
    assert len(django_calls) == calls + 1  # and the new copy is replayed


@pytest.mark.django_db(transaction=True)
def test_a_due_home_page_is_replayed_before_django_runs_while_another_reader_renews_it(
    shared_redis, django_calls, settings, monkeypatch
):
    settings.ALLOWED_HOSTS = ["tropewise.example"]
    WorkFactory(page__title="Metallic Rouge")
    first = wsgi("/")[2]
    calls = len(django_calls)
    WorkFactory(page__title="Blue Giant")
    now = time.time() + settings.HOME_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: now)
    renewing = pagecache.renewal_key(pagecache.while_key(pagecache.variant_of("/", "", {})))
    cache.add(renewing, 1, pagecache.RENEWAL_SECONDS)  # another reader's
    assert wsgi("/")[2] == first  # the copy it replaces, with no wait on Django
    assert len(django_calls) == calls
    cache.delete(renewing)  # that reader is done, or its time is over
    assert b"Blue Giant" in wsgi("/")[2]
    assert len(django_calls) == calls + 1
