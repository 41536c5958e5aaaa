"""One-line fields refuse line breaks and control characters, and a pending change whose
description holds one can still be approved and rejected."""

import pytest

from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import form_data
from wiki.models import Page, PendingChange

INJECTED = "Spam\nBcc: victim@example.org"


@pytest.fixture
def page(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater").page


def test_a_new_editor_cannot_propose_a_page_titled_with_a_line_break(client, new_editor):
    client.force_login(new_editor)
    response = client.post("/new", {"kind": "trope", "title": INJECTED, "name": "SpamPage"})
    assert response.status_code == 400
    assert "single line" in response.content.decode()
    assert not PendingChange.objects.exists() and not Page.objects.exists()


@pytest.mark.parametrize(
    "field",
    [
        "title",
        "quote_attribution",
        "image_caption",
        "image_alt",
        "summary",
        "laconic",
    ],
)
@pytest.mark.parametrize(
    "value",
    [INJECTED, "Carriage\rreturn", "Tab\tbed", "Bell\x07", "Line\u2028separator", "C1\x85control"],
)
def test_one_line_page_fields_refuse_control_characters(client, editor, page, field, value):
    client.force_login(editor)
    response = client.post("/Main/BigEater/edit", form_data(page, **{field: value}))
    assert response.status_code == 400
    assert "single line" in response.content.decode()
    assert page.history.count() == 1


def test_a_page_cannot_be_moved_to_a_title_with_a_line_break(client, editor, page):
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/move", {"namespace": "Main", "name": "BigEater", "title": INJECTED}
    )
    assert response.status_code == 400
    assert Page.objects.get(pk=page.pk).title == "Big Eater"


def test_an_example_edit_summary_must_be_one_line(client, editor):
    example = ExampleFactory(text="Naomi orders three dinners and finishes them all.")
    client.force_login(editor)
    response = client.post(
        f"/examples/{example.pk}/edit", {"text": "Naomi orders four dinners.", "summary": INJECTED}
    )
    assert response.status_code == 400
    example.refresh_from_db()
    assert example.text == "Naomi orders three dinners and finishes them all."


def test_ordinary_titles_with_punctuation_and_accents_are_accepted(client, editor, page):
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/edit", form_data(page, title="Big Eater — “Bottomless” Pokémon!")
    )
    assert response.status_code == 302


def held_change_described_with_a_line_break(client, new_editor, page):
    client.force_login(new_editor)
    client.post("/Main/BigEater/edit", form_data(page, body="A proposed body."))
    change = PendingChange.objects.get()
    PendingChange.objects.filter(pk=change.pk).update(description=f"Edit of {INJECTED}")
    return change


def test_a_moderator_can_approve_a_change_whose_description_has_a_line_break(
    client, new_editor, moderator, page
):
    change = held_change_described_with_a_line_break(client, new_editor, page)
    client.force_login(moderator)
    response = client.post(
        f"/admin/wiki/pendingchange/{change.pk}/change/", {"_approve": "Approve"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"


def test_a_moderator_can_reject_a_change_whose_description_has_a_line_break(
    client, new_editor, moderator, page
):
    change = held_change_described_with_a_line_break(client, new_editor, page)
    client.force_login(moderator)
    response = client.post(
        f"/admin/wiki/pendingchange/{change.pk}/change/",
        {"_reject": "Reject", "reason": "Vandalism or nonsense"},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "rejected"


def test_descriptions_of_held_changes_are_one_line(client, new_editor, page):
    Page.objects.filter(pk=page.pk).update(title="Big\nEater")  # saved before titles were checked
    page.refresh_from_db()
    client.force_login(new_editor)
    client.post("/Main/BigEater/edit", form_data(page, title="Big Eater", body="A new body."))
    assert PendingChange.objects.get().description == "Edit of Big Eater"
