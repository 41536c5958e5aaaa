"""Search and Go To answers for anonymous readers are replayed before Django runs until the
search index changes: the next reader after a change finds what it changed."""

import pytest
from django.test import Client

from tests.factories import TropeFactory
from tests.security import kept_pages
from tests.security.kept_pages import wsgi
from wiki import search_answers

pytestmark = pytest.mark.django_db
shared_redis, django_calls = kept_pages.shared_redis, kept_pages.django_calls  # fixtures

HOST = "tropewise.example"


@pytest.fixture
def eater(shared_redis, settings, django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = [HOST]
    search_answers.forget_all()
    with django_capture_on_commit_callbacks(execute=True):
        TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Eats a lot.")
    yield
    search_answers.forget_all()


def replayed(django_calls, path, query, **extra):
    """The answer, asked twice: the second must not have reached Django."""
    first = wsgi(path, query=query, **extra)
    calls = len(django_calls)
    again = wsgi(path, query=query, **extra)
    assert len(django_calls) == calls, "not replayed"
    assert (again[0], again[2]) == (first[0], first[2])
    return again


def test_a_repeat_search_is_replayed_without_django_or_a_query(
    eater, django_calls, django_assert_num_queries
):
    wsgi("/search", query="q=eats")
    with django_assert_num_queries(0):
        status, _, body = replayed(django_calls, "/search", "q=eats")
    assert status == 200 and b"Big Eater" in body


def test_a_search_after_a_change_to_the_index_finds_what_it_changed(
    eater, django_calls, django_capture_on_commit_callbacks
):
    assert b"Bottomless Pit" not in replayed(django_calls, "/search", "q=eats")[2]
    with django_capture_on_commit_callbacks(execute=True):
        TropeFactory(page__name="Bottomless", page__title="Bottomless Pit", page__body="Eats.")
    assert b"Bottomless Pit" in wsgi("/search", query="q=eats")[2]


def test_go_to_suggestions_and_go_to_itself_are_kept_apart(eater, django_calls):
    status, _, fragment = replayed(django_calls, "/goto", "q=big", HTTP_HX_REQUEST="true")
    assert status == 200 and b'role="option"' in fragment and b"<html" not in fragment
    status, headers, _ = wsgi("/goto", query="q=big")
    assert status == 302 and headers["Location"] == "/Main/BigEater"


def test_each_reading_preference_has_its_own_copy(eater, django_calls):
    dark = replayed(django_calls, "/search", "q=eats", HTTP_COOKIE="theme=dark")[2]
    light = replayed(django_calls, "/search", "q=eats")[2]
    assert b'data-theme="dark"' in dark and b'data-theme="dark"' not in light


def test_a_members_search_is_their_own(eater, django_calls, reader):
    replayed(django_calls, "/search", "q=eats")
    client = Client(HTTP_HOST=HOST)
    client.force_login(reader)
    session = client.cookies["sessionid"].value
    status, _, body = wsgi("/search", query="q=eats", HTTP_COOKIE=f"sessionid={session}")
    assert status == 200 and b'href="/user/rhea">rhea</a>' in body


def test_a_process_that_could_not_say_a_new_generation_answers_afresh(
    eater, django_calls, monkeypatch
):
    replayed(django_calls, "/search", "q=eats")
    monkeypatch.setattr(search_answers._Unsaid, "pending", True)
    calls = len(django_calls)
    wsgi("/search", query="q=eats")
    assert len(django_calls) == calls + 1


def test_a_query_longer_than_the_search_reads_is_answered_for_itself(eater, django_calls):
    long = "q=" + "eats+" * 60
    wsgi("/search", query=long)
    calls = len(django_calls)
    assert wsgi("/search", query=long)[0] == 200
    assert len(django_calls) == calls + 1
