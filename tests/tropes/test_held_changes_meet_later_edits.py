"""Held changes reviewed after the wiki moved on: the moderator is told when one can no longer
apply, nothing is doubled or brought back, and the queue's bulk actions say what they skipped."""

import pytest

from tests.factories import ExampleFactory
from tests.helpers import form_data
from tropes import examples
from tropes.models import Example
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

TEXT = "Naomi orders three dinners and finishes all of them."
QUEUE = "/admin/wiki/pendingchange/"
CONFLICT = "overlaps edits made since it was proposed"


@pytest.fixture
def example(rouge, big_eater):
    return ExampleFactory(work=rouge, trope=big_eater, text="Naomi eats.")


def review(client, change, **decision):
    return client.post(f"{QUEUE}{change.pk}/change/", decision or {"_approve": "Approve"})


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def propose_edit(client, new_editor, example, text=TEXT):
    client.force_login(new_editor)
    base = example.history.latest("history_id").history_id
    client.post(f"/examples/{example.pk}/edit", {"text": text, "base_revision": base})
    return PendingChange.objects.latest("pk")


def test_an_edit_of_an_example_removed_meanwhile_cannot_be_approved(
    client, new_editor, editor, moderator, example
):
    change = propose_edit(client, new_editor, example)
    examples.remove_example(example, editor, "Not an example")
    client.force_login(moderator)
    response = review(client, change)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert not Example.objects.exists()  # not brought back by the edit
    assert PendingChange.objects.get().status == "pending"


def test_a_removal_of_an_example_removed_meanwhile_is_approved_and_changes_nothing(
    client, new_editor, editor, moderator, example
):
    client.force_login(new_editor)
    client.post(f"/examples/{example.pk}/delete", {"summary": "Off topic"})
    examples.remove_example(example, editor, "Off topic too")
    client.force_login(moderator)
    response = review(client, PendingChange.objects.get())
    assert response["Location"] == QUEUE
    assert PendingChange.objects.get().status == "approved"
    assert list(Example.history.values_list("history_type", flat=True)) == ["-", "+"]


def test_a_new_example_for_a_pair_added_meanwhile_is_not_added_twice(
    client, new_editor, editor, moderator, rouge, big_eater
):
    client.force_login(new_editor)
    client.post("/examples/new?work=Anime/MetallicRouge", {"subject": "Big Eater", "text": TEXT})
    examples.add_example(big_eater, rouge, "Naomi eats for two.", editor)
    client.force_login(moderator)
    response = review(client, PendingChange.objects.get())
    assert CONFLICT in response.content.decode()
    assert Example.objects.get().text == "Naomi eats for two."


def test_a_new_page_whose_name_was_taken_meanwhile_cannot_be_approved(
    client, new_editor, editor, moderator, settings
):
    settings.MAIN_CREATION_MODERATORS_ONLY = False  # every editor may create a trope
    client.force_login(new_editor)
    response = client.post(
        "/new", {"namespace": "Main", "name": "BigEater", "kind": "trope", "title": "Big Eater"}
    )
    assert response.status_code == 302
    change = PendingChange.objects.get()
    client.force_login(editor)
    client.post(
        "/new",
        {
            "namespace": "Main",
            "name": "BigEater",
            "kind": "trope",
            "title": "Big Eater, by someone else",
        },
    )
    client.force_login(moderator)
    assert CONFLICT in review(client, change).content.decode()
    assert Page.objects.get(key="main/bigeater").title == "Big Eater, by someone else"


def test_approving_in_bulk_approves_what_applies_and_names_what_it_skipped(
    client, new_editor, editor, moderator, example, big_eater
):
    stale = propose_edit(client, new_editor, example)
    examples.remove_example(example, editor)
    fresh = client.post("/Main/BigEater/edit", form_data(big_eater.page, body="Eats a lot."))
    assert fresh.status_code == 302
    waiting = PendingChange.objects.waiting()
    assert waiting.count() == 2
    client.force_login(moderator)
    response = client.post(
        QUEUE,
        {"action": "approve_selected", "_selected_action": [c.pk for c in waiting]},
        follow=True,
    )
    shown = messages_of(response)
    assert "1 change(s) approved." in shown
    assert f"Not approved (conflicting or already reviewed; open them one by one): {stale}" in shown
    assert PendingChange.objects.get(pk=stale.pk).status == "pending"
    assert Page.objects.get(pk=big_eater.page.pk).body == "Eats a lot."


def test_a_change_someone_else_reviewed_first_is_left_as_they_decided(
    client, new_editor, moderator, other_moderator, example
):
    change = propose_edit(client, new_editor, example)
    client.force_login(other_moderator)
    review(client, change, _reject="Reject", reason="Not needed")
    client.force_login(moderator)
    response = review(client, change)
    assert response["Location"] == QUEUE
    assert "Someone reviewed this change already." in messages_of(client.get(QUEUE))
    assert Example.objects.get().text == "Naomi eats."
    assert PendingChange.objects.get().status == "rejected"


def test_rejecting_in_bulk_counts_only_what_was_still_waiting(
    client, new_editor, moderator, example
):
    first = propose_edit(client, new_editor, example)
    second = propose_edit(client, new_editor, example, text="Naomi eats, and eats.")
    client.force_login(moderator)
    review(client, first)
    response = client.post(
        QUEUE,
        {
            "action": "reject_selected",
            "confirm": "yes",
            "note": "Duplicate",
            "_selected_action": [first.pk, second.pk],
        },
        follow=True,
    )
    assert "1 change(s) rejected; their authors have been told." in messages_of(response)
    assert PendingChange.objects.get(pk=first.pk).status == "approved"
    assert PendingChange.objects.get(pk=second.pk).status == "rejected"
