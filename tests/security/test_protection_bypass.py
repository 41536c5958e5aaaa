"""A locked page stays locked: a trusted editor cannot move it, retitle it, give it other names
or restore old examples on it live; moderators still can."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from tropes import examples
from tropes.models import Example
from wiki import moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

VANDALISED = {"namespace": "Main", "name": "BigEater", "title": "VANDALISED TITLE", "summary": ""}


@pytest.fixture
def trope():
    return TropeFactory(page__name="BigEater", page__title="Big Eater")


@pytest.fixture
def work():
    return WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )


def lock(page):
    page.protection = Page.Protection.LOCKED
    page.protection_reason = "Edit war"
    page.save()


@pytest.fixture
def cleaned_up(trope, work, editor, moderator):
    """An example a vandal defaced and a moderator put right: its defaced revision, and it."""
    example = ExampleFactory(trope=trope, work=work, text="Naomi eats three dinners.")
    defaced = examples.edit_example(
        example, "VANDALISM", example.history.get().history_id, editor
    ).example
    vandal_revision = defaced.history.order_by("-history_id").first()
    examples.edit_example(
        defaced, "Naomi eats three dinners.", vandal_revision.history_id, moderator
    )
    return vandal_revision, example


def test_a_trusted_editor_cannot_retitle_a_locked_page(client, editor, trope):
    lock(trope.page)
    client.force_login(editor)
    response = client.post("/Main/BigEater/move", VANDALISED)
    assert response.status_code == 403
    assert "only moderators can move or rename it" in response.content.decode()
    assert Page.objects.get(pk=trope.page.pk).title == "Big Eater"
    assert not PendingChange.objects.exists()


def test_a_trusted_editor_cannot_move_a_locked_page_away(client, editor, trope):
    lock(trope.page)
    client.force_login(editor)
    assert client.get("/Main/BigEater/move").status_code == 403
    response = client.post("/Main/BigEater/move", {**VANDALISED, "name": "Gone"})
    assert response.status_code == 403
    assert Page.objects.get(pk=trope.page.pk).full_name == "Main/BigEater"
    assert not Page.objects.filter(name="Gone").exists()


def test_a_moderator_still_moves_and_retitles_a_locked_page(client, moderator, trope):
    lock(trope.page)
    client.force_login(moderator)
    response = client.post("/Main/BigEater/move", {**VANDALISED, "title": "Big Eaters"})
    assert response.status_code == 302
    assert Page.objects.get(pk=trope.page.pk).title == "Big Eaters"


@pytest.mark.parametrize("locked", ["trope", "work"])
def test_restoring_vandalism_on_a_locked_page_waits_for_review(
    client, editor, moderator, cleaned_up, locked
):
    vandal_revision, example = cleaned_up
    lock(getattr(example, locked).page)
    client.force_login(editor)
    response = client.post(f"/examples/revisions/{vandal_revision.history_id}/restore")
    assert response.status_code == 302
    assert Example.objects.get(pk=example.pk).text == "Naomi eats three dinners."
    change = PendingChange.objects.get()
    assert change.author == editor and change.payload["action"] == "restore"
    assert moderation.review_texts(change) == ("Naomi eats three dinners.", "VANDALISM")


def test_a_held_restore_brings_the_revision_back_when_approved(
    client, editor, moderator, cleaned_up
):
    vandal_revision, example = cleaned_up
    lock(example.trope.page)
    client.force_login(editor)
    client.post(f"/examples/revisions/{vandal_revision.history_id}/restore")
    assert moderation.approve(PendingChange.objects.get(), moderator) == "saved"
    example = Example.objects.get(pk=example.pk)
    assert example.text == "VANDALISM"
    assert example.history.order_by("-history_id").first().history_user == editor


def test_restoring_a_removed_example_on_a_locked_page_waits_for_review(
    client, editor, moderator, trope, work
):
    example_id = ExampleFactory(trope=trope, work=work, text="Removed by a moderator.").pk
    examples.remove_example(Example.objects.get(pk=example_id), moderator, "Off topic")
    before_removal = Example.history.filter(id=example_id, history_type="+").get()
    lock(work.page)
    client.force_login(editor)
    client.post(f"/examples/revisions/{before_removal.history_id}/restore")
    assert not Example.objects.exists()
    moderation.approve(PendingChange.objects.get(), moderator)
    assert Example.objects.get().pk == example_id  # back under its old id


def test_a_moderator_restores_on_a_locked_page_directly(client, moderator, cleaned_up):
    vandal_revision, example = cleaned_up
    lock(example.work.page)
    client.force_login(moderator)
    client.post(f"/examples/revisions/{vandal_revision.history_id}/restore")
    assert Example.objects.get(pk=example.pk).text == "VANDALISM"
    assert not PendingChange.objects.exists()


def test_a_trusted_editor_cannot_give_a_locked_page_another_name(client, editor, trope):
    lock(trope.page)
    client.force_login(editor)
    response = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "Glutton"})
    assert response.status_code == 403
    assert "or give it other names" in response.content.decode()
    assert not Page.objects.filter(name="Glutton").exists()


def test_a_moderator_gives_a_locked_page_another_name(client, moderator, trope):
    lock(trope.page)
    client.force_login(moderator)
    response = client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "Glutton"})
    assert response.status_code == 302
    assert Page.objects.get(name="Glutton").redirect_to == trope.page
