"""Made-up query strings and preference cookies neither fill the page cache nor miss it."""

import pytest

from tests.factories import TropeFactory
from tests.security import kept_pages
from tests.security.kept_pages import LIMITS_REDIS, wsgi
from wiki.views import pages

pytestmark = pytest.mark.django_db
shared_redis = kept_pages.shared_redis  # a fixture

PAGE = "/Main/BigEater"
FLOOD = 100


@pytest.fixture(autouse=True)
def big_eater(settings):
    settings.ALLOWED_HOSTS = ["tropewise.example", "testserver"]
    TropeFactory(page__name="BigEater", page__title="Big Eater")


@pytest.fixture
def renders(monkeypatch):
    """How many times a page was rendered, for any reader."""
    counted = []
    original = pages.kinds.present
    monkeypatch.setattr(pages.kinds, "present", lambda *args: counted.append(1) or original(*args))
    return counted


def test_made_up_parameters_and_cookies_make_no_copies_and_no_renders(
    shared_redis, renders, django_assert_num_queries
):
    assert wsgi(PAGE)[0] == wsgi(PAGE, query="sort=title")[0] == 200
    keys = shared_redis.dbsize()
    with django_assert_num_queries(0):
        for number in range(FLOOD):
            status, _, body = wsgi(
                PAGE,
                query=f"utm={number}&sort=title&utm_source=x{number}",
                HTTP_COOKIE=f"theme=junk{number}; show_spoilers=x{number}",
            )
            assert status == 200 and b"Big Eater" in body
    assert shared_redis.dbsize() == keys
    assert len(renders) == 2  # the page, and its sort=title variant: once each


def test_the_copy_shows_no_made_up_parameter(shared_redis):
    body = wsgi(PAGE, query="utm=made-up-by-a-stranger")[2]
    assert b"made-up-by-a-stranger" not in body
    assert b"made-up-by-a-stranger" not in wsgi(PAGE)[2]


def test_values_a_view_does_not_keep_are_rendered_but_never_kept(shared_redis, renders):
    assert wsgi(PAGE)[0] == 200
    keys = shared_redis.dbsize()
    for number in range(10):
        assert wsgi(PAGE, query=f"sort=junk{number}")[0] == 200
        assert wsgi(PAGE, query=f"from=Main/Alias{number}")[0] == 200
    assert shared_redis.dbsize() == keys


def test_page_copies_leave_rate_limits_alone(shared_redis):
    import redis

    limits = redis.Redis.from_url(LIMITS_REDIS)
    for number in range(FLOOD):
        wsgi(PAGE, query=f"utm={number}")
    assert limits.dbsize() == 0


def test_without_redis_made_up_parameters_cost_no_render(
    client, renders, django_assert_max_num_queries
):
    assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(FLOOD):  # the page's stamp, one query each
        for number in range(FLOOD):
            client.cookies["theme"] = f"junk{number}"
            assert client.get(PAGE, {"utm": number}).status_code == 200
    assert len(renders) == 1
