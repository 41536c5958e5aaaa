"""The home page, kept for HOME_CACHE_SECONDS, is renewed by one request when it is due while
every other reader is still answered the copy it replaces: no stampede of renders."""

import time

import pytest
from django.core.cache import cache

from tests.factories import WorkFactory
from tropewise.serving import pagecache

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
    return f"{pagecache._while_key(request, '')}:renewing"
