"""Moving pages and giving them other names: nothing is lost, no link breaks."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from wiki import editing
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    return WorkFactory(
        page__name="SteelHeart", page__title="Steel Heart", page__body="A show about a robot."
    )


@pytest.fixture
def example(work):
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    return ExampleFactory(work=work, trope=trope, text="The robot eats scrap metal.")


def move(client, url, **data):
    return client.post(url, {"summary": "", **data})


def test_anonymous_mover_is_sent_to_sign_in(client, work):
    assert client.get("/Anime/SteelHeart/move")["Location"].startswith("/accounts/login")
    response = move(client, "/Anime/SteelHeart/move", namespace="Anime", name="X", title="X")
    assert response.status_code == 302
    assert Page.objects.filter(name="SteelHeart", redirect_to=None).exists()


def test_move_form_starts_from_the_current_name(client, editor, work):
    client.force_login(editor)
    html = client.get("/Anime/SteelHeart/move").content.decode()
    assert 'value="SteelHeart"' in html
    assert 'value="Steel Heart"' in html


def test_moved_page_keeps_history_and_examples_and_old_name_redirects(client, editor, example):
    client.force_login(editor)
    response = move(
        client,
        "/Anime/SteelHeart/move",
        namespace="Manga",
        name="SteelHeartSaga",
        title="Steel Heart Saga",
        summary="The manga came first",
    )
    assert response["Location"] == "/Manga/SteelHeartSaga"

    page = client.get("/Manga/SteelHeartSaga").content.decode()
    assert "Steel Heart Saga" in page
    assert "The robot eats scrap metal." in page
    trope_page = client.get("/Main/BigEater").content.decode()
    assert 'href="/Manga/SteelHeartSaga"' in trope_page

    old = client.get("/Anime/SteelHeart")
    assert old["Location"] == "/Manga/SteelHeartSaga?from=Anime/SteelHeart"

    history = client.get("/Manga/SteelHeartSaga/history").content.decode()
    assert "Moved from Anime/SteelHeart to Manga/SteelHeartSaga: The manga came first" in history
    assert "Created" in history or "created" in history


def test_links_to_the_old_name_keep_working_and_count_as_links_here(client, editor, work):
    PageFactory(namespace="Main", name="Robots", title="Robots", body="See [[Anime/SteelHeart]].")
    client.force_login(editor)
    move(
        client,
        "/Anime/SteelHeart/move",
        namespace="Anime",
        name="SteelHeartTwo",
        title="Steel Heart",
    )

    robots = client.get("/Main/Robots").content.decode()
    assert "redlink" not in robots
    links_here = client.get("/Anime/SteelHeartTwo/links").content.decode()
    assert "Robots" in links_here


def test_moving_onto_an_existing_page_is_refused_and_changes_nothing(client, editor, work):
    WorkFactory(page__name="IronHeart", page__namespace="Anime", page__title="Iron Heart")
    client.force_login(editor)
    response = move(
        client, "/Anime/SteelHeart/move", namespace="Anime", name="IronHeart", title="Iron Heart"
    )
    assert response.status_code == 400
    assert "A page called Anime/IronHeart already exists." in response.content.decode()
    assert client.get("/Anime/SteelHeart").status_code == 200


def test_a_page_can_move_back_over_its_own_redirect(client, editor, work):
    client.force_login(editor)
    move(
        client,
        "/Anime/SteelHeart/move",
        namespace="Anime",
        name="SteelHeartTwo",
        title="Steel Heart",
    )
    response = move(
        client,
        "/Anime/SteelHeartTwo/move",
        namespace="Anime",
        name="SteelHeart",
        title="Steel Heart",
    )
    assert response["Location"] == "/Anime/SteelHeart"
    assert client.get("/Anime/SteelHeart").status_code == 200
    assert client.get("/Anime/SteelHeartTwo")["Location"].startswith("/Anime/SteelHeart?")


def test_a_trope_stays_in_main_and_names_must_be_wikiwords(client, editor):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    client.force_login(editor)
    response = move(
        client, "/Main/BigEater/move", namespace="Anime", name="BigEater2", title="Big Eater"
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = move(
        client, "/Main/BigEater/move", namespace="Main", name="big eater!", title="Big Eater"
    )
    assert response.status_code == 400
    assert "A page name is a WikiWord" in response.content.decode()


def test_changing_only_capitals_leaves_no_redirect(client, editor):
    PageFactory(namespace="Main", name="Aitrope", title="AI Trope")
    client.force_login(editor)
    response = move(
        client, "/Main/Aitrope/move", namespace="Main", name="AITrope", title="AI Trope"
    )
    assert response["Location"] == "/Main/AITrope"
    assert Page.objects.filter(key="main/aitrope").count() == 1


def test_an_edit_started_before_a_move_still_saves(client, editor, work):
    client.force_login(editor)
    started = editing.latest_revision(work.page).history_id
    move(
        client,
        "/Anime/SteelHeart/move",
        namespace="Anime",
        name="SteelHeartTwo",
        title="Steel Heart",
    )
    data = {
        "title": "Steel Heart",
        "body": "A show about a kind robot.",
        "quote": "",
        "quote_attribution": "",
        "image_caption": "",
        "image_alt": "",
        "summary": "",
        "base_revision": started,
        "year": 2024,
        "initial-year": 2024,
    }
    response = client.post("/Anime/SteelHeart/edit", data, follow=True)
    assert response.redirect_chain[0] == ("/Anime/SteelHeartTwo/edit", 307)
    work.page.refresh_from_db()
    assert work.page.body == "A show about a kind robot."


def test_move_is_post_only_for_changes(client, editor, work):
    client.force_login(editor)
    client.get("/Anime/SteelHeart/move")
    assert Page.objects.count() == 1


def test_aliases_lead_to_the_page(client, editor):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    client.force_login(editor)
    response = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "BigEaters"})
    assert response["Location"] == "/Main/BigEater/aliases"
    assert "Main/BigEaters" in client.get("/Main/BigEater/aliases").content.decode()
    assert client.get("/Main/BigEaters")["Location"] == "/Main/BigEater?from=Main/BigEaters"
    alias = Page.objects.get(name="BigEaters")
    assert alias.history.get().history_user == editor


def test_alias_names_are_checked(client, editor):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    PageFactory(namespace="Main", name="Glutton")
    client.force_login(editor)
    taken = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "GLUTTON"})
    assert taken.status_code == 400
    assert "already exists" in taken.content.decode()
    bad = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "big eaters"})
    assert bad.status_code == 400
    reserved = client.post("/Main/BigEater/aliases", {"namespace": "Admin", "name": "BigEater"})
    assert "reserved" in reserved.content.decode()


def test_anonymous_readers_see_aliases_but_cannot_add_them(client):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    assert client.get("/Main/BigEater/aliases").status_code == 200
    response = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "BigEaters"})
    assert response["Location"].startswith("/accounts/login")
    assert not Page.objects.filter(name="BigEaters").exists()


def test_an_alias_of_an_alias_points_at_the_real_page(client, editor):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    client.force_login(editor)
    client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "BigEaters"})
    response = client.post(
        "/Main/BigEaters/aliases", {"namespace": "Main", "name": "Gourmand"}, follow=True
    )
    assert "itself another name for the page below" in response.content.decode()
    assert Page.objects.get(name="Gourmand").redirect_to.name == "BigEater"


def test_a_redirect_that_would_loop_is_refused():
    one = PageFactory(namespace="Main", name="One")
    two = PageFactory(namespace="Main", name="Two", redirect_to=one)
    one.redirect_to = two
    with pytest.raises(ValidationError, match="loop"):
        one.full_clean()


def test_moving_an_old_name_moves_the_page_it_leads_to(client, editor, work):
    client.force_login(editor)
    move(client, "/Anime/SteelHeart/move", namespace="Anime", name="IronHeart", title="Iron Heart")
    response = client.get("/Anime/SteelHeart/move")
    assert (response.status_code, response["Location"]) == (307, "/Anime/IronHeart/move")
    form = client.get(response["Location"]).content.decode()
    assert 'value="IronHeart"' in form


def test_an_old_name_in_a_loop_leads_nowhere_to_move(client, editor):
    one = PageFactory(namespace="Main", name="One")
    two = PageFactory(namespace="Main", name="Two", redirect_to=one)
    one.redirect_to = two
    one.save()
    client.force_login(editor)
    assert client.get("/Main/One/move").status_code == 404
