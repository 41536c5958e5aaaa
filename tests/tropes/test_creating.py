"""Creating work and trope pages."""

import pytest

from tests.factories import PageFactory, TropeFactory
from tropes.models import Trope, Work
from wiki.models import Page

pytestmark = pytest.mark.django_db


def test_red_link_page_offers_to_create_it(client, editor):
    assert "Sign in</a> to create it" in client.get("/Main/NewTrope").content.decode()
    client.force_login(editor)
    html = client.get("/Main/NewTrope").content.decode()
    assert 'href="/new?page=Main/NewTrope"' in html
    # New tropes come through the launch pad, unless a moderator makes them.
    form = client.get("/new?page=Main/NewTrope", follow=True).content.decode()
    assert "Propose a trope" in form
    assert 'value="NewTrope"' in form and 'value="New Trope"' in form


def test_a_moderator_creates_a_trope_from_a_red_link(client, moderator):
    client.force_login(moderator)
    form = client.get("/new?page=Main/NewTrope").content.decode()
    assert 'value="NewTrope"' in form and 'value="New Trope"' in form


def test_creating_a_trope_starts_from_the_skeleton_and_is_a_revision(client, moderator):
    editor = moderator
    client.force_login(editor)
    response = client.post("/new", {"kind": "trope", "title": "Heroic Sacrifice"})
    assert response["Location"] == "/Main/HeroicSacrifice/edit"
    trope = Trope.objects.get(page__key="main/heroicsacrifice")
    assert "explanation of the trope" in trope.page.body
    for record in (trope.page.history.get(), trope.history.get()):
        assert (record.history_user, record.history_change_reason) == (editor, "Created the page")


def test_creating_a_work_needs_its_medium(client, editor):
    client.force_login(editor)
    response = client.post("/new", {"kind": "work", "title": "Heat"})
    assert response.status_code == 400
    assert "Choose the work&#x27;s medium." in response.content.decode()
    client.post("/new", {"kind": "work", "title": "Heat", "medium": "Film"})
    assert Work.objects.get().page.full_name == "Film/Heat"


def test_creating_a_page_turns_red_links_blue(client, moderator):
    PageFactory(name="Linker", body="See [[Main/NewTrope]].")
    assert "redlink" in client.get("/Main/Linker").content.decode()
    client.force_login(moderator)
    client.post("/new", {"kind": "trope", "title": "New Trope"})
    assert "redlink" not in client.get("/Main/Linker").content.decode()


@pytest.mark.parametrize(
    "name, error",
    [
        ("bad name", "A page name is a WikiWord"),
        ("BigEater", "Main/BigEater already exists."),
        ("bigeater", "A page name is a WikiWord"),
    ],
)
def test_bad_names_are_refused_with_the_input_kept(client, moderator, name, error):
    TropeFactory(page__name="BigEater")
    client.force_login(moderator)
    response = client.post("/new", {"kind": "trope", "title": "Kept Title", "name": name})
    assert response.status_code == 400
    assert error in response.content.decode() and 'value="Kept Title"' in response.content.decode()
    assert Page.objects.count() == 1


def test_anonymous_cannot_create(client):
    assert client.post("/new", {"kind": "trope", "title": "X"})["Location"].startswith(
        "/accounts/login"
    )
