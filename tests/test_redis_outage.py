"""With Redis cut off, the site only gets slower: every page answers, members sign in, edit and
vote, rate limits still count; when Redis returns it is used again, and no page is ever
served from a copy older than its last change.

Redis is reached through a TCP proxy the tests cut and mend: a network cut, after which
Redis still holds the stamps and copies it held before, not a restart that empties it.
"""

import logging
import time

import pytest
import redis

from bench.tcpproxy import TcpProxy
from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from tests.helpers import edit, form_data
from tests.security import kept_pages
from tests.security.kept_pages import wsgi
from tropewise.serving import redis as redis_cache
from tropewise.serving import replay, stamps
from wiki.freshness import stamps_changed
from wiki.models import UnpublishedStamp

# Committed for real: stamps are published once their change commits.
pytestmark = pytest.mark.django_db(transaction=True)
django_calls = kept_pages.django_calls  # a fixture

REDIS_DB = 9  # these tests' own (10: health, 11: integrity, 12: headers, 13-15: kept pages)
PAGE = "/Anime/MetallicRouge"


@pytest.fixture
def line(settings):
    """Pages and limits in Redis through a line the test can cut, as in production."""
    direct = redis.Redis(db=REDIS_DB)
    try:
        direct.ping()
    except redis.RedisError as error:
        pytest.skip(f"these tests need Redis at 127.0.0.1:6379: {error}")
    direct.flushdb()
    with TcpProxy("127.0.0.1", 6379) as proxy:
        use_redis(settings, f"redis://{proxy.address}/{REDIS_DB}")
        settings.ALLOWED_HOSTS = ["tropewise.example", "testserver"]
        yield proxy
    direct.flushdb()


def use_redis(settings, url):
    """Point this process at the Redis at `url`: a new process's view of it, which knows
    nothing of what an earlier one saw fail."""
    # A cut line times out however long it is given; a Redis that answers, through a proxy
    # in this busy process, must never be taken for cut.
    patient = {"socket_timeout": 2.0}
    settings.CACHES = {
        "default": {
            "BACKEND": "tropewise.serving.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": patient,
        },
        "limits": {
            "BACKEND": "tropewise.serving.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "limits",
            "OPTIONS": {"FALLBACK": True, **patient},
        },
    }
    settings.PAGE_STAMPS_SHARED = True
    redis_cache.Health._all.clear()
    replay._recent.clear()
    stamps.unpublished.forget_all()


def mend(proxy):
    proxy.restore()
    time.sleep(redis_cache.RETRY_SECONDS + 0.1)  # the cache leaves a failed Redis alone so long


@pytest.fixture
def rouge():
    work = WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    ExampleFactory(trope=trope, work=work, text="Naomi eats three bowls of ramen.")
    return work


def page_text(path=PAGE):
    status, _, body = wsgi(path)
    assert status == 200
    return body.decode()


def test_every_page_answers_while_redis_is_cut_with_one_warning(line, rouge, caplog, monkeypatch):
    for path in (PAGE, "/Main/BigEater"):
        page_text(path)  # kept in Redis
    line.cut()
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 600)  # however slow this machine is
    failures = []
    failed = redis_cache.Health.failed
    monkeypatch.setattr(
        redis_cache.Health,
        "failed",
        lambda self, error: failures.append(error) or failed(self, error),
    )
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert "Naomi eats three bowls" in page_text(PAGE)
            assert "Metallic Rouge" in page_text("/Main/BigEater")
            for path, query in (("/", ""), ("/search", "q=ramen"), ("/changes", "")):
                assert wsgi(path, query=query)[0] == 200
    # A dead Redis costs one timeout, then is left alone: not one a request.
    assert len(failures) == 1
    warnings = [r for r in caplog.records if r.name == "tropewise.serving.redis"]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_members_sign_in_edit_and_vote_while_redis_is_cut(line, rouge, client, editor):
    line.cut(reset=True)
    signed_in = client.post(
        "/accounts/login", {"username": editor.username, "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    answer = client.post(PAGE + "/edit", form_data(rouge.page, body="Written in the dark."))
    assert answer.status_code == 302
    example = rouge.examples.get()
    assert client.post(f"/examples/{example.pk}/vote", {"value": "4"}).status_code == 302
    example.refresh_from_db()
    assert example.rating_count == 1
    assert "Written in the dark." in client.get(PAGE).content.decode()


def test_rate_limits_count_in_each_process_while_redis_is_cut(
    line, rouge, client, reader, settings
):
    settings.VOTE_RATE_LIMIT = 2
    client.force_login(reader)
    example = rouge.examples.get()
    line.cut(reset=True)
    answers = [
        client.post(f"/examples/{example.pk}/vote", {"value": value}).status_code
        for value in ("3", "4", "5")
    ]
    assert answers == [302, 302, 429]


def test_redis_is_used_again_once_it_answers(line, rouge, django_calls):
    page_text()
    line.cut(reset=True)
    page_text()
    mend(line)
    page_text()  # kept again
    calls = len(django_calls)
    page_text()
    assert len(django_calls) == calls  # replayed from Redis, Django never ran


def test_a_page_edited_during_a_cut_is_never_served_from_its_old_copy(line, rouge, editor):
    assert "Written in the dark." not in page_text()  # kept, its stamp published
    line.cut()
    edit(rouge.page, editor, body="Written in the dark.")
    mend(line)  # Redis still holds the old stamp and the old copy
    for _ in range(3):
        assert "Written in the dark." in page_text()


def test_another_server_never_serves_a_page_edited_where_redis_was_cut(
    line, rouge, editor, settings, monkeypatch
):
    page_text()
    line.cut()
    edit(rouge.page, editor, body="Written in the dark.")
    # Another app server, whose own line to Redis was never cut.
    use_redis(settings, f"redis://127.0.0.1:6379/{REDIS_DB}")
    assert "Written in the dark." in page_text()
    # Once the change has waited long enough, the first server to reach Redis repairs it:
    # the old stamp goes, and the page is kept and replayed again.
    monkeypatch.setattr(stamps, "REPAIR_AFTER_SECONDS", 0)
    stamps.unpublished.forget_all()
    assert "Written in the dark." in page_text()
    assert not UnpublishedStamp.objects.exists()
    assert "Written in the dark." in page_text()


@pytest.fixture
def unpublished():
    """Changes commit but are never published, as by a worker killed in between."""
    stamps_changed.disconnect(dispatch_uid="tropewise.serving.stamps.publish")
    yield
    stamps.connect()


def test_a_change_whose_publication_never_ran_is_not_served_old(line, rouge, editor, unpublished):
    page_text()
    edit(rouge.page, editor, body="Saved by a worker that died.")
    time.sleep(stamps.CHECK_SECONDS)  # how long other processes take to learn of it
    assert "Saved by a worker that died." in page_text()
    assert UnpublishedStamp.objects.filter(key=rouge.page.key).exists()


def test_a_published_change_leaves_nothing_listed(line, rouge, editor):
    page_text()
    edit(rouge.page, editor, body="Published at once.")
    assert not UnpublishedStamp.objects.exists()
    assert "Published at once." in page_text()
