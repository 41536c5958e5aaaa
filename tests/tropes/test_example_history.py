"""Every example revision can be looked at, and a removed example can be brought back."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from tropes import examples
from tropes.models import Example
from wiki.models import Link

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(editor):
    work = WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    example = examples.add_example(trope, work, "Naomi eats three dinners.", editor)
    return examples.edit_example(
        example,
        "Naomi eats three dinners and a cake.",
        example.history.get().history_id,
        editor,
        "More cake",
    ).example


def latest(example_id):
    return Example.history.filter(id=example_id).order_by("-history_id").first()


def test_page_history_links_each_example_change_to_its_revision(client, example):
    html = client.get("/Anime/MetallicRouge/history").content.decode()
    assert f'href="/examples/revisions/{latest(example.pk).history_id}"' in html


def test_a_revision_shows_its_text_author_and_what_it_changed(client, example, editor):
    html = client.get(f"/examples/revisions/{latest(example.pk).history_id}").content.decode()
    assert "Big Eater in Metallic Rouge" in html
    assert "by eddie" in html and "More cake" in html
    assert "and a cake" in html
    assert '<span class="sr-only">Added: </span>' in html


def test_an_unknown_revision_is_a_404(client, db):
    assert client.get("/examples/revisions/999999").status_code == 404
    assert client.get("/examples/revisions/abc").status_code == 404


def test_a_removed_example_is_restored_on_both_pages_with_its_links(client, editor, example):
    example_id = example.pk
    examples.remove_example(example, editor, "Off topic")
    assert "and a cake" not in client.get("/Main/BigEater").content.decode()
    before_removal = Example.history.filter(id=example_id, history_type="~").get()
    client.force_login(editor)
    html = client.get(f"/examples/revisions/{latest(example_id).history_id}").content.decode()
    assert "It removed the example" in html

    response = client.post(f"/examples/revisions/{before_removal.history_id}/restore")
    assert response["Location"] == f"/Anime/MetallicRouge#example-{example_id}"
    assert "and a cake" in client.get("/Anime/MetallicRouge").content.decode()
    assert "and a cake" in client.get("/Main/BigEater").content.decode()
    assert Link.objects.filter(origin=f"example:{example_id}").count() == 2
    restored = latest(example_id)
    assert restored.history_user == editor
    assert restored.history_change_reason.startswith("Reverted to the revision of")


def test_restoring_old_text_adds_a_revision(client, editor, example):
    first = Example.history.filter(id=example.pk).order_by("history_id").first()
    client.force_login(editor)
    client.post(f"/examples/revisions/{first.history_id}/restore")
    example.refresh_from_db()
    assert example.text == "Naomi eats three dinners."
    assert example.history.count() == 3


def test_restoring_what_is_already_there_changes_nothing(client, editor, example):
    client.force_login(editor)
    response = client.post(
        f"/examples/revisions/{latest(example.pk).history_id}/restore", follow=True
    )
    assert "nothing changed" in response.content.decode()
    assert example.history.count() == 2


def test_a_removed_example_whose_pair_was_added_again_is_not_duplicated(client, editor, example):
    record = latest(example.pk)
    examples.remove_example(example, editor)
    ExampleFactory(trope=example.trope, work=example.work, text="Written anew.")
    client.force_login(editor)
    response = client.post(f"/examples/revisions/{record.history_id}/restore", follow=True)
    assert "cannot be restored" in response.content.decode()
    assert Example.objects.get().text == "Written anew."


def test_an_example_whose_work_is_gone_cannot_be_restored(client, editor, example):
    record = latest(example.pk)
    example.work.page.delete()
    client.force_login(editor)
    response = client.post(f"/examples/revisions/{record.history_id}/restore", follow=True)
    assert response.status_code == 200
    assert "has been deleted since" in response.content.decode()
    assert not Example.objects.exists()


def test_restoring_needs_a_signed_in_post(client, example):
    url = f"/examples/revisions/{latest(example.pk).history_id}/restore"
    assert client.post(url)["Location"].startswith("/accounts/login")
    assert client.get(url).status_code == 405
