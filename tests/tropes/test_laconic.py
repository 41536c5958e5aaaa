"""A work's or trope's one-line summary (its laconic): one field, edited with its page, shown at
/Laconic/<Name>, as a tab of the work's bar, and under each page found by search and Go To."""

import pytest
from django.test import Client

from tests.factories import PageFactory, TropeFactory, WorkFactory
from tests.helpers import form_data
from wiki.models import Page

pytestmark = pytest.mark.django_db

LINE = "An android hunts the last of her own kind on Mars."


@pytest.fixture
def rouge():
    return WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        laconic=LINE,
    )


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def work_form(work, **changes):
    """The work's edit form as posted, with `changes` to its own fields."""
    data = form_data(work.page)
    for name in ("year", "laconic"):
        value = getattr(work, name)
        data[name] = data[f"initial-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_a_works_laconic_page_shows_its_line_and_leads_back(client, rouge):
    html = html_of(client, "/Laconic/MetallicRouge")
    assert "<h1>Laconic / MetallicRouge</h1>" in html
    assert f'<p class="laconic">{LINE}</p>' in html
    assert '<a href="/Anime/MetallicRouge">Metallic Rouge</a> <small>Anime</small>' in html
    assert "The work's own summary, in one line" in html
    assert "/edit" not in html  # no edit link for anonymous readers


def test_an_editor_is_led_to_the_owners_form_where_the_field_is(client, editor, rouge):
    client.force_login(editor)
    html = html_of(client, "/Laconic/MetallicRouge")
    assert '<a href="/Anime/MetallicRouge/edit#id_laconic">edit it</a>' in html
    form = html_of(client, "/Anime/MetallicRouge/edit")
    assert 'id="id_laconic"' in form and f'value="{LINE}"' in form


def test_editing_the_works_laconic_shows_everywhere_at_once(client, editor, rouge):
    for url in ("/Laconic/MetallicRouge", "/Anime/MetallicRouge", "/search?q=Mars"):
        html_of(client, url)  # kept where pages are kept
    writer = Client()
    writer.force_login(editor)
    new_line = "A rogue android's hunt for the Immortal Nine."
    response = writer.post(
        "/Anime/MetallicRouge/edit", work_form(rouge, laconic=new_line, **{"initial-laconic": LINE})
    )
    assert response.status_code == 302
    assert new_line.replace("'", "&#x27;") in html_of(client, "/Laconic/MetallicRouge")
    assert "Immortal" in html_of(client, "/search?q=Immortal")
    assert "Mars" not in html_of(client, "/search?q=Mars").split("results")[-1]


def test_a_trope_and_works_of_one_name_are_all_listed(client):
    TropeFactory(page__name="Oldboy", page__title="Oldboy", laconic="A trope named for a film.")
    WorkFactory(
        page__namespace="Film", page__name="Oldboy", page__title="Oldboy", laconic="Revenge, 2003."
    )
    WorkFactory(
        page__namespace="Manga", page__name="Oldboy", page__title="Old Boy", laconic="The manga."
    )
    html = html_of(client, "/Laconic/Oldboy")
    trope, film, manga = (
        html.index("A trope named for a film."),
        html.index("Revenge, 2003."),
        html.index("The manga."),
    )
    assert trope < film < manga
    assert '<a href="/Main/Oldboy">Oldboy</a> <small>Trope</small>' in html
    assert '<a href="/Manga/Oldboy">Old Boy</a> <small>Manga</small>' in html
    assert "work-tabs" not in html  # several owners: no one work's tab bar


def test_an_owner_without_a_laconic_says_so(client, editor):
    WorkFactory(page__namespace="Film", page__name="Heat", laconic="")
    html = html_of(client, "/Laconic/Heat")
    assert "No one-line summary yet." in html
    client.force_login(editor)
    assert '<a href="/Film/Heat/edit#id_laconic">write it</a>' in html_of(client, "/Laconic/Heat")


def test_another_spelling_redirects_and_an_unknown_name_is_a_404(client, rouge):
    response = client.get("/Laconic/metallicrouge")
    assert (response.status_code, response["Location"]) == (301, "/Laconic/MetallicRouge")
    assert "No work or trope is called" in html_of(client, "/Laconic/NoSuchThing", status=404)
    PageFactory(namespace="Main", name="PlainPage")
    html_of(client, "/Laconic/PlainPage", status=404)  # a page with no laconic field


def test_no_page_can_live_in_the_laconic_namespace(client, editor, rouge):
    PageFactory(namespace="Main", name="MetallicRouge", title="Metallic Rouge")
    client.force_login(editor)
    response = client.post(
        "/Main/MetallicRouge/move",
        {"namespace": "Laconic", "name": "MetallicRouge", "title": "Metallic Rouge"},
    )
    assert response.status_code == 400
    assert "reserved" in response.content.decode()
    assert not Page.objects.filter(namespace="Laconic").exists()


def test_the_work_shows_a_laconic_tab_only_when_it_has_a_laconic(client, rouge):
    WorkFactory(page__namespace="Film", page__name="Heat", laconic="")
    tab = '<a href="/Laconic/MetallicRouge"><span class="tab-icon" aria-hidden="true">📝</span>'
    assert tab in html_of(client, "/Anime/MetallicRouge")
    assert "/Laconic/Heat" not in html_of(client, "/Film/Heat")
    laconic = html_of(client, "/Laconic/MetallicRouge")
    assert 'href="/Laconic/MetallicRouge" aria-current="page"' in laconic
    assert '<a href="/Anime/MetallicRouge">Main</a>' in laconic


def test_search_results_show_each_pages_laconic(client, rouge):
    TropeFactory(page__name="RobotGirl", page__title="Robot Girl", laconic="An android, female.")
    html = html_of(client, "/search?q=android")
    assert f'<p class="found-summary">{LINE}</p>' in html
    assert '<p class="found-summary">An android, female.</p>' in html


def test_go_to_suggestions_show_each_pages_laconic(client, rouge):
    response = client.get("/goto", {"q": "Metallic"}, HTTP_HX_REQUEST="true")
    assert f'<span class="found-summary">{LINE}</span>' in response.content.decode()
