"""Search finds pages by title, other names, laconic, text and examples; spoilers stay hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from tests.helpers import form_data
from tropes import examples
from wiki import moving

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking lives in PostgreSQL (CI runs it)"
)


@pytest.fixture
def wiki():
    eater = TropeFactory(
        page__name="BigEater",
        page__title="Big Eater",
        page__body="A character who eats far more than seems possible.",
        laconic="Eats a lot, stays thin.",
    )
    sentinel = TropeFactory(
        page__name="SleepySentinel",
        page__title="Sleepy Sentinel",
        page__body="The guard dozes; the hero sneaks past. Nobody eats.",
    )
    rouge = WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android detective story.",
    )
    ExampleFactory(
        trope=eater,
        work=rouge,
        text="Naomi orders three bowls of ramen [[spoiler:before the final duel]].",
    )
    ExampleFactory(trope=sentinel, work=rouge, text="The night watchman snores through a heist.")
    return eater, sentinel, rouge


def titles(client, **params):
    return client.get("/search", params).content.decode()


def result_titles(client, **params):
    response = client.get("/search", params)
    return [result.page.title for result in response.context["results"]]


def test_a_trope_a_work_and_an_example_phrase_are_found(client, wiki):
    assert result_titles(client, q="Big Eater")[0] == "Big Eater"
    assert result_titles(client, q="metallic rouge")[0] == "Metallic Rouge"
    assert "Metallic Rouge" in result_titles(client, q="watchman snores")


def test_other_names_and_laconics_are_searched(client, wiki, editor):
    eater = wiki[0]
    moving.add_alias(eater.page, "Main", "Gourmand", editor)
    assert result_titles(client, q="gourmand") == ["Big Eater"]
    assert "Big Eater" in result_titles(client, q="stays thin")


def test_spoilers_are_neither_shown_nor_searchable(client, wiki):
    html = titles(client, q="ramen")
    assert "ramen" in html and "final duel" not in html
    assert result_titles(client, q="duel") == []


def test_filters_by_kind_and_namespace(client, wiki):
    assert result_titles(client, q="ramen", kind="work") == ["Metallic Rouge"]
    assert result_titles(client, q="ramen", kind="trope") == ["Big Eater"]
    assert result_titles(client, q="ramen", namespace="anime") == ["Metallic Rouge"]


def test_exclusion_and_an_exact_title_first(client, wiki):
    PageFactory(namespace="Main", name="Eaters", title="Eaters", body="About big eaters.")
    assert "Sleepy Sentinel" not in result_titles(client, q="eats -guard")
    assert result_titles(client, q="Big Eater")[0] == "Big Eater"


def test_snippets_highlight_and_escape(client, wiki):
    PageFactory(namespace="Main", name="Odd", title="Odd", body="Use <script>x</script> tags.")
    html = titles(client, q="tags")
    assert "<script>x</script>" not in html
    assert "<mark>" in html


def test_the_index_follows_edits_and_removals(client, wiki, editor):
    eater, _, rouge = wiki
    example = eater.examples.get()
    examples.edit_example(
        example,
        "Naomi devours a whole cake.",
        example.history.latest("history_id").history_id,
        editor,
    )
    assert "Metallic Rouge" in result_titles(client, q="cake")
    assert result_titles(client, q="bowls") == []


def test_an_empty_query_shows_the_form(client, wiki):
    response = client.get("/search")
    assert response.status_code == 200 and response.context["results"] == []


def test_results_are_paginated_with_the_query_kept(client):
    for n in range(25):
        PageFactory(namespace="Main", name=f"Heist{n}", title=f"Heist {n}", body="A heist.")
    html = client.get("/search", {"q": "heist"}).content.decode()
    assert "?q=heist&amp;page=2" in html


@on_postgres
def test_typos_in_titles_are_forgiven(client, wiki):
    assert result_titles(client, q="Big Eatr")[0] == "Big Eater"


@on_postgres
def test_title_outranks_body_and_body_outranks_examples(client, wiki):
    PageFactory(
        namespace="Main", name="DetectiveStory", title="Detective", body="Nothing relevant."
    )
    assert result_titles(client, q="detective")[:2] == ["Detective", "Metallic Rouge"]
    PageFactory(namespace="Main", name="Heists", title="Heists", body="A heist with a watchman.")
    ranked = result_titles(client, q="watchman")
    assert ranked.index("Heists") < ranked.index("Metallic Rouge")


@on_postgres
def test_phrases_and_or(client, wiki):
    assert result_titles(client, q='"hero sneaks"') == ["Sleepy Sentinel"]
    assert set(result_titles(client, q="android or dozes")) == {"Metallic Rouge", "Sleepy Sentinel"}


def test_go_to_suggests_and_opens_the_best_match(client, wiki):
    html = client.get("/goto", {"q": "big"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Big Eater" in html and 'role="option"' in html
    assert client.get("/goto", {"q": "big ea"})["Location"] == "/Main/BigEater"
    assert client.get("/goto", {"q": "zzzz"})["Location"] == "/search?q=zzzz"
    assert client.get("/goto", {"q": "tom & jerry"})["Location"] == "/search?q=tom+%26+jerry"


def goto_titles(client, text):
    response = client.get("/goto", {"q": text}, HTTP_HX_REQUEST="true")
    return [page.title for page in response.context["matches"]]


def test_go_to_finds_letters_inside_a_title_after_the_prefixes(client, wiki):
    PageFactory(namespace="Main", name="EaterOfWorlds", title="Eater of Worlds")
    assert goto_titles(client, "eater") == ["Eater of Worlds", "Big Eater"]
    assert goto_titles(client, "ea") == ["Eater of Worlds"]  # two letters: prefixes only


@on_postgres
def test_go_to_forgives_a_typo_after_the_first_letter(client, wiki):
    assert goto_titles(client, "Big Eatre") == ["Big Eater"]
    assert goto_titles(client, "Sleepy Sentinal")[0] == "Sleepy Sentinel"


def test_random_trope_and_work(client, wiki):
    assert client.get("/random/trope")["Location"] in ("/Main/BigEater", "/Main/SleepySentinel")
    assert client.get("/random/work")["Location"] == "/Anime/MetallicRouge"
    assert client.get("/random/index").status_code == 404


def test_an_edit_keeps_the_examples_found_without_reading_them_again(client, wiki, editor):
    rouge = wiki[2]
    client.force_login(editor)
    data = form_data(rouge.page, title="Metallic Rouge (2024)", body="A cyborg detective story.")
    with CaptureQueriesContext(connection) as saved:
        assert client.post("/Anime/MetallicRouge/edit", data).status_code == 302
    assert not any('"tropes_example"' in query["sql"] for query in saved.captured_queries)
    assert result_titles(client, q="cyborg") == ["Metallic Rouge (2024)"]
    assert result_titles(client, q="android") == []
    assert "Metallic Rouge (2024)" in result_titles(client, q="watchman snores")
