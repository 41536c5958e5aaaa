"""Examples by new editors wait for review like page edits, and go live on approval."""

import pytest

from tests.factories import ExampleFactory
from tropes.models import Example
from wiki import moderation
from wiki.models import PendingChange

pytestmark = pytest.mark.django_db

TEXT = "Naomi orders three dinners and finishes all of them."


def test_a_new_example_waits_then_shows_on_both_pages(
    client, new_editor, moderator, rouge, big_eater
):
    client.force_login(new_editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": "Big Eater", "text": TEXT, "summary": "New"},
    )
    assert response["Location"] == "/Anime/MetallicRouge"
    assert not Example.objects.exists()
    change = PendingChange.objects.get()
    assert change.description == "New example Big Eater in Metallic Rouge"

    moderation.approve(change, moderator)
    assert TEXT in client.get("/Main/BigEater").content.decode()
    assert Example.objects.get().history.get().history_user == new_editor


def test_an_example_edit_and_a_removal_wait_too(client, new_editor, moderator, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text="Old text.")
    base = example.history.get().history_id
    client.force_login(new_editor)
    client.post(f"/examples/{example.pk}/edit", {"text": TEXT, "base_revision": base})
    client.post(f"/examples/{example.pk}/delete", {"summary": "Off topic"})
    edit, removal = PendingChange.objects.all()
    assert Example.objects.get().text == "Old text."

    moderation.approve(edit, moderator)
    assert Example.objects.get().text == TEXT
    moderation.approve(removal, moderator)
    assert not Example.objects.exists()


def test_a_held_example_is_checked_like_a_saved_one(client, new_editor, rouge, big_eater):
    client.force_login(new_editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": "Big Eater", "text": "* a\n  * b\n    * c\n      * d"},
    )
    assert response.status_code == 400
    assert "at most three levels deep" in response.content.decode()
    assert not PendingChange.objects.exists()


def test_review_screen_shows_the_example_diff(client, new_editor, moderator, rouge, big_eater):
    client.force_login(new_editor)
    client.post("/examples/new?work=Anime/MetallicRouge", {"subject": "Big Eater", "text": TEXT})
    change = PendingChange.objects.get()
    client.force_login(moderator)
    html = client.get(f"/admin/wiki/pendingchange/{change.pk}/change/").content.decode()
    assert "New example Big Eater in Metallic Rouge" in html
    assert "Naomi orders three dinners" in html
