"""Kinds of page are what apps register with the engine: the engine names none of its own
beyond plain pages and indexes."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PageFactory
from wiki import kinds
from wiki.models import Page

pytestmark = pytest.mark.django_db


def test_a_page_of_a_kind_nobody_registered_is_refused():
    page = Page(namespace="Main", name="Odd", title="Odd", kind="poem")
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "kind" in refused.value.message_dict


def test_apps_registered_their_kinds_and_the_plain_page_comes_last():
    names = [name for name, label in kinds.choices()]
    assert {"index", "trope", "work"} <= set(names) and names[-1] == kinds.OTHER


def test_words_reserved_by_an_app_cannot_name_a_namespace():
    for word in ("Browse", "Examples", "Search"):
        page = Page(namespace=word, name="Anything", title="Anything")
        with pytest.raises(ValidationError) as refused:
            page.full_clean()
        assert "namespace" in refused.value.message_dict


def test_search_reads_only_registered_kinds(client):
    PageFactory(name="BigEater", title="Big Eater", body="Eats a lot.")
    html = client.get("/search", {"q": "eats", "kind": "poem"}).content.decode()
    assert '<option value="poem"' not in html and "Big Eater" in html


def test_a_missing_page_offers_the_registered_creation_form_and_places_to_look(client, editor):
    client.force_login(editor)
    html = client.get("/Main/NoSuchPage").content.decode()
    assert 'href="/new?page=Main/NoSuchPage"' in html
    assert 'href="/Main/">the tropes</a>' in html and 'href="/browse">the media</a>' in html


def test_a_moderator_sees_the_member_actions_apps_register(client, moderator, editor):
    client.force_login(moderator)
    html = client.get(f"/user/{editor.username}").content.decode()
    assert f'href="/user/{editor.username}/votes/purge"' in html


def test_the_admin_offers_the_registered_kinds(client, admin_user):
    page = PageFactory(name="Plain")
    client.force_login(admin_user)
    html = client.get(f"/admin/wiki/page/{page.pk}/change/").content.decode()
    for name in ("other", "index", "trope", "work"):
        assert f'<option value="{name}"' in html
