"""Search and Go To answers are kept until the index changes, and every query is bounded:
counts stop at a limit, snippets read a bounded prefix, typos are looked up by title."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis import RedisError

from tests.factories import PageFactory, TropeFactory
from tests.helpers import form_data
from wiki import search, search_answers
from wiki.models import Page

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity lives in PostgreSQL (CI runs it)"
)


@pytest.fixture(autouse=True)
def shared_cache(settings):
    """The test process is the only one: its local-memory cache is shared by all it runs."""
    settings.PAGE_STAMPS_SHARED = True
    search_answers.forget_all()
    yield
    search_answers.forget_all()


@pytest.fixture
def eater():
    return TropeFactory(
        page__name="BigEater",
        page__title="Big Eater",
        page__body="A character who eats far more than seems possible.",
    )


def found(client, **params):
    response = client.get("/search", params)
    assert response.status_code == 200
    return [result.page.title for result in response.context["results"]]


def suggested(client, text):
    response = client.get("/goto", {"q": text}, HTTP_HX_REQUEST="true")
    return [page.title for page in response.context["matches"]]


def test_a_repeat_search_costs_no_query(client, eater, django_assert_num_queries):
    first = client.get("/search", {"q": "eats", "page": "1"}).content
    with django_assert_num_queries(0):
        again = client.get("/search", {"q": "eats", "page": "1"}).content
    assert again == first and b"Big Eater" in again


def test_a_repeat_go_to_costs_no_query(client, eater, django_assert_num_queries):
    assert suggested(client, "big") == ["Big Eater"]
    with django_assert_num_queries(0):
        assert suggested(client, "big") == ["Big Eater"]
        assert client.get("/goto", {"q": "big"})["Location"] == "/Main/BigEater"


def test_a_new_page_is_found_at_once(client, eater, moderator, django_capture_on_commit_callbacks):
    assert found(client, q="gourmand") == []
    assert suggested(client, "gourm") == []
    client.force_login(moderator)  # who makes tropes directly, not through the launch pad
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/new", {"kind": "trope", "title": "Gourmand"})
    assert response.status_code == 302
    client.logout()
    assert found(client, q="gourmand") == ["Gourmand"]
    assert suggested(client, "gourm") == ["Gourmand"]


def test_an_edited_page_shows_its_new_title_and_text_at_once(
    client, eater, editor, django_capture_on_commit_callbacks
):
    assert found(client, q="eats") == ["Big Eater"]
    assert found(client, q="devours") == []
    client.force_login(editor)
    data = form_data(eater.page, title="Big Eaters", body="A character who devours cakes.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/Main/BigEater/edit", data).status_code == 302
    client.logout()
    assert found(client, q="devours") == ["Big Eaters"]
    assert found(client, q="eats") == []
    assert suggested(client, "big") == ["Big Eaters"]


def test_a_deleted_page_leaves_the_answers_at_once(
    client, eater, django_capture_on_commit_callbacks
):
    PageFactory(namespace="Main", name="Glutton", title="Glutton", body="He eats too.")
    assert set(found(client, q="eats")) == {"Big Eater", "Glutton"}
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(name="Glutton").delete()
    assert found(client, q="eats") == ["Big Eater"]


def test_a_change_whose_new_generation_cannot_be_said_is_never_answered_from_before(
    client, eater, editor, django_capture_on_commit_callbacks, monkeypatch
):
    assert found(client, q="devours") == []

    class Unreachable:
        def set(self, *args, **kwargs):
            raise RedisError("connection refused")

    monkeypatch.setattr(search_answers, "_raising", Unreachable)
    client.force_login(editor)
    data = form_data(eater.page, body="A character who devours cakes.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/Main/BigEater/edit", data).status_code == 302
    client.logout()
    # The shared cache still holds the old generation: this process reads the database.
    assert found(client, q="devours") == ["Big Eater"]
    monkeypatch.undo()
    assert found(client, q="devours") == ["Big Eater"]  # said now, and kept from here on


def test_without_a_shared_cache_nothing_is_kept(client, eater, settings):
    settings.PAGE_STAMPS_SHARED = False  # each worker's own memory: it hears of no change
    found(client, q="eats")
    with CaptureQueriesContext(connection) as queries:
        assert found(client, q="eats") == ["Big Eater"]
    assert len(queries) > 0


@on_postgres
def test_typos_are_still_forgiven_and_their_answers_kept(client, eater, django_assert_num_queries):
    assert found(client, q="Big Eatr")[0] == "Big Eater"
    with django_assert_num_queries(0):
        assert found(client, q="Big Eatr")[0] == "Big Eater"


def test_past_the_count_limit_the_count_says_more_than(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 5)
    for n in range(30):
        PageFactory(namespace="Main", name=f"Heist{n}", title=f"Heist {n}", body="A heist.")
    response = client.get("/search", {"q": "heist"})
    assert "More than 5 pages found." in response.content.decode()
    assert len(response.context["results"]) == 5


def test_the_snippet_of_the_biggest_page_reads_only_its_opening(client):
    far = " ".join(["filler"] * 40_000) + " needle"
    PageFactory(namespace="Main", name="Huge", title="Huge", body="It opens here. " + far)
    PageFactory(namespace="Main", name="Small", title="Small", body="A needle in a haystack.")
    response = client.get("/search", {"q": "needle"})
    snippets = {r.page.title: r.snippet for r in response.context["results"]}
    assert set(snippets) == {"Huge", "Small"}  # the word is indexed wherever it is
    # Past the prefix snippets are cut from, the word is not looked for: the page's opening
    # is shown, as long as any other snippet.
    assert snippets["Huge"].startswith("It opens here.") and "<mark>" not in snippets["Huge"]
    assert "<mark>needle</mark>" in snippets["Small"]
    assert len(snippets["Huge"]) <= search.SNIPPET_SOURCE_CHARS
    assert len(snippets["Huge"].split()) <= search.SNIPPET_WORDS + 1


@on_postgres
@pytest.mark.django_db(transaction=True)  # as in a request: no transaction around the answer
def test_each_answer_is_planned_for_its_own_words():
    # A plan prepared for any words reads the whole full-text index for "your -incredible";
    # planned for them, a search never does.
    def plan_mode():
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return cursor.fetchone()[0]

    assert search_answers.remembered(("plan",), plan_mode) == "force_custom_plan"
    assert plan_mode() == "auto"  # and only while the answer is computed
