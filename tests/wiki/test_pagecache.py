"""Anonymous readers get whole pages from the cache, and never a stale one."""

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from tests.helpers import wsgi_get
from tests.security import kept_pages
from tropes import examples, votes
from tropewise.serving import pagecache, stamps
from wiki import editing, moving
from wiki.discussions import moderating, open_thread
from wiki.models import Page

# Committed for real: a stamp is published to the cache only once its change commits.
pytestmark = pytest.mark.django_db(transaction=True)
django_calls = kept_pages.django_calls  # a fixture


@pytest.fixture(
    autouse=True, params=[False, True], ids=["stamps-in-database", "stamps-in-shared-cache"]
)
def stamps_shared(request, settings):
    # Every test holds both ways: stamps read from the database, or published to the cache
    # (in production, Redis; here the one process's memory, which it shares with itself).
    settings.PAGE_STAMPS_SHARED = request.param
    return request.param


@pytest.fixture
def rouge():
    work = WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android story. [[Main/Mole]]",
    )
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    ExampleFactory(trope=trope, work=work, text="Naomi eats three bowls of ramen.")
    return work


def read(client, url="/Anime/MetallicRouge", **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304)
    return response


def test_a_second_anonymous_read_costs_one_query_at_most(
    client, rouge, stamps_shared, django_assert_num_queries
):
    first = read(client).content
    # The page's stamp, unless it is published in the cache; the HTML comes from the cache.
    with django_assert_num_queries(0 if stamps_shared else 1):
        assert read(client).content == first


def test_an_edit_shows_at_once(client, rouge, editor):
    read(client)
    page = rouge.page
    editing.edit_page(
        page, {"body": "A detective story now."}, editing.latest_revision(page).history_id, editor
    )
    assert "A detective story now." in read(client).content.decode()


def test_a_new_or_moved_thread_shows_in_the_pages_count_at_once(client, rouge, editor, moderator):
    read(client), read(client, "/Main/BigEater")
    thread = open_thread(rouge.page, title="A question", author=editor, text="Why?")
    assert "Discussion (1)" in read(client).content.decode()
    moderating.move_thread(thread, Page.objects.get(key="main/bigeater"), moderator)
    assert "Discussion (0)" in read(client).content.decode()
    assert "Discussion (1)" in read(client, "/Main/BigEater").content.decode()


def test_examples_and_votes_show_on_both_pages(client, rouge, editor, reader):
    read(client), read(client, "/Main/BigEater")
    example = rouge.examples.get()
    examples.edit_example(
        example, "Naomi eats a whole cake.", example.history.latest("history_id").history_id, editor
    )
    assert "a whole cake" in read(client).content.decode()
    assert "a whole cake" in read(client, "/Main/BigEater").content.decode()
    votes.cast_vote(reader, example, 5)
    assert "(1 vote)" in read(client).content.decode()
    assert "(1 vote)" in read(client, "/Main/BigEater").content.decode()
    examples.remove_example(example, editor)
    assert "a whole cake" not in read(client, "/Main/BigEater").content.decode()


def test_a_linked_page_appearing_turns_its_link_blue(client, rouge):
    assert "redlink" in read(client).content.decode()
    PageFactory(namespace="Main", name="Mole", title="Mole")
    assert "redlink" not in read(client).content.decode()


def test_a_renamed_trope_shows_its_new_title_on_the_work(client, rouge, editor):
    read(client)
    trope = Page.objects.get(name="BigEater")
    moving.move_page(trope, "Main", "GreatEater", editor, title="Great Eater")
    assert "Great Eater" in read(client).content.decode()


def test_a_page_linking_here_appears_among_backlinks(client, rouge):
    read(client)
    PageFactory(
        namespace="Main",
        name="AndroidStories",
        title="Android Stories",
        body="See [[Anime/MetallicRouge]].",
    )
    assert "Android Stories" in read(client).content.decode()


def test_each_reading_preference_gets_its_own_copy(client, rouge):
    read(client)
    dark = Client()
    dark.cookies["theme"] = "dark"
    assert 'data-theme="dark"' in read(dark).content.decode()
    assert 'data-theme="system"' in read(client).content.decode()


def test_etag_and_last_modified_answer_304(client, rouge, editor):
    response = read(client)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert read(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert read(client, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    page = rouge.page
    editing.edit_page(page, {"body": "Changed."}, editing.latest_revision(page).history_id, editor)
    assert read(client, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_anonymous_pages_are_public_and_members_pages_private(client, rouge, reader):
    response = read(client)
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    client.force_login(reader)
    cache_control = read(client)["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_anonymous_pages_carry_no_csrf_token_and_set_no_cookie(client, rouge):
    response = read(client)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_an_anonymous_reader_switches_theme_without_a_token(rouge, reader):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/preferences/theme",
        {"theme": "dark", "next": "/Anime/MetallicRouge"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302 and response.cookies["theme"].value == "dark"
    strict.force_login(reader)
    assert strict.post("/accounts/preferences/theme", {"theme": "dark"}).status_code == 403


def test_a_reader_with_a_message_waiting_gets_a_fresh_page(client, rouge, editor):
    read(client)
    client.force_login(editor)
    client.post("/accounts/logout")
    assert read(client).status_code == 200  # whatever was said at sign-out is shown once


def test_the_home_page_is_kept_a_little_while_for_readers_only(
    client, rouge, reader, django_assert_num_queries
):
    first = read(client, "/").content
    with django_assert_num_queries(0):  # its lists may be HOME_CACHE_SECONDS old
        assert read(client, "/").content == first
    client.force_login(reader)
    assert "rhea" in read(client, "/").content.decode()


def test_a_kept_page_is_replayed_whole_before_django_runs(
    rouge, editor, stamps_shared, monkeypatch
):
    if not stamps_shared:
        pytest.skip("replay needs the stamps published in a shared cache")
    status, headers, body = wsgi_get("/Anime/MetallicRouge")
    assert status == "200 OK" and pagecache.REPLAY_HEADER not in headers
    django_calls = []
    original = WSGIHandler.__call__
    monkeypatch.setattr(
        WSGIHandler, "__call__", lambda self, *args: django_calls.append(1) or original(self, *args)
    )
    assert wsgi_get("/Anime/MetallicRouge") == (status, headers, body)
    assert not django_calls
    assert headers["X-Frame-Options"] == "DENY" and headers["ETag"]
    # A conditional request, a reader with a session: Django answers.
    assert wsgi_get("/Anime/MetallicRouge", HTTP_IF_NONE_MATCH=headers["ETag"])[0].startswith("304")
    wsgi_get("/Anime/MetallicRouge", HTTP_COOKIE="sessionid=x")
    assert len(django_calls) == 2
    page = rouge.page
    editing.edit_page(
        page, {"body": "Replayed no more."}, editing.latest_revision(page).history_id, editor
    )
    assert b"Replayed no more." in wsgi_get("/Anime/MetallicRouge")[2]


def test_a_deleted_work_leaves_its_tropes_pages(client, rouge):
    assert "Metallic Rouge" in read(client, "/Main/BigEater").content.decode()
    rouge.page.delete()  # the work and its examples with it
    assert "Metallic Rouge" not in read(client, "/Main/BigEater").content.decode()


def test_a_page_kept_without_the_replay_layer_is_answered_by_django_then_replayed(
    client, rouge, stamps_shared, django_calls
):
    if not stamps_shared:
        pytest.skip("replay needs the stamps published in a shared cache")
    read(client)  # kept by the page cache alone, without the answer's headers
    status, headers, body = wsgi_get("/Anime/MetallicRouge")
    assert status == "200 OK" and b"Naomi eats three bowls" in body and len(django_calls) == 1
    assert wsgi_get("/Anime/MetallicRouge") == (status, headers, body)
    assert len(django_calls) == 1  # kept whole the first time, replayed the second


def test_a_change_outside_any_request_publishes_the_new_stamps(rouge, reader, stamps_shared):
    if not stamps_shared:
        pytest.skip("stamps are published only to a shared cache")
    votes.cast_vote(reader, rouge.examples.get(), 5)  # both the work's and the trope's pages
    for page in Page.objects.filter(name__in=["MetallicRouge", "BigEater"]):
        assert cache.get(stamps.cache_key(page.key)).shown_stamp == page.shown_stamp


def test_a_deleted_page_s_stamp_is_withdrawn(client, rouge, stamps_shared):
    if not stamps_shared:
        pytest.skip("stamps are published only to a shared cache")
    read(client)
    key = stamps.cache_key(rouge.page.key)
    assert cache.get(key) is not None
    rouge.page.delete()
    assert cache.get(key) is None
