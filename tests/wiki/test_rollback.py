"""A moderator undoes a vandal's spree in one action, after seeing what it will do."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ModeratorAction
from tests.factories import ExampleFactory, TropeFactory, UserFactory
from tests.helpers import edit
from tropes import examples, votes
from tropes.models import Example

pytestmark = pytest.mark.django_db


@pytest.fixture
def spree(editor):
    vandal = UserFactory(username="vandal")
    kept = TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Good.").page
    fixed = TropeFactory(page__name="Glutton", page__title="Glutton", page__body="Fine.").page
    example = ExampleFactory(trope=kept.trope, text="A sound example.")
    edit(kept, vandal, body="Blanked!")
    edit(kept, vandal, body="Blanked twice!")
    edit(fixed, vandal, body="Nonsense.")
    edit(fixed, editor, body="Fine, and fixed by hand.")
    examples.edit_example(example, "Spam.", example.history.get().history_id, vandal)
    added = examples.add_example(fixed.trope, example.work, "More spam.", vandal)
    return vandal, kept, fixed, example, added


def test_the_preview_lists_what_would_change_and_changes_nothing(client, moderator, spree):
    vandal, kept, *_ = spree
    client.force_login(moderator)
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    html = client.get("/user/vandal/rollback", {"since": since}).content.decode()
    assert "Big Eater" in html and "Revert to the revision of" in html
    assert "Glutton</a>: Revert" not in html  # someone edited after them
    assert "Remove the example they added" in html
    kept.refresh_from_db()
    assert kept.body == "Blanked twice!"


def test_rollback_reverts_restores_and_removes_adding_revisions(client, moderator, spree):
    vandal, kept, fixed, example, added = spree
    client.force_login(moderator)
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/user/vandal/rollback", {"since": since})
    assert response["Location"] == "/user/vandal"
    kept.refresh_from_db()
    fixed.refresh_from_db()
    assert kept.body == "Good." and kept.history.count() == 4
    assert fixed.body == "Fine, and fixed by hand."
    assert Example.objects.get(pk=example.pk).text == "A sound example."
    assert not Example.objects.filter(pk=added.pk).exists()
    assert ModeratorAction.objects.get().kind == "rollback"


def test_edits_before_the_moment_are_kept(client, moderator, spree):
    vandal, kept, *_ = spree
    client.force_login(moderator)
    client.post("/user/vandal/rollback", {"since": "2999-01-01T00:00"})
    kept.refresh_from_db()
    assert kept.body == "Blanked twice!"


def test_only_moderators_roll_back(client, editor, spree):
    client.force_login(editor)
    assert client.get("/user/vandal/rollback").status_code == 403
    assert client.post("/user/vandal/rollback", {"since": "2000-01-01T00:00"}).status_code == 403


def test_purging_votes_updates_the_averages(client, moderator, editor):
    example = ExampleFactory()
    troll = UserFactory(username="troll")
    votes.cast_vote(troll, example, 1)
    votes.cast_vote(editor, example, 5)
    client.force_login(moderator)
    assert "1 vote" in client.get("/user/troll/votes/purge").content.decode()
    client.post("/user/troll/votes/purge")
    example.refresh_from_db()
    assert (example.rating_count, example.rating_average) == (1, 5)
    assert ModeratorAction.objects.get().kind == "purge_votes"
    client.force_login(editor)
    assert client.post("/user/troll/votes/purge").status_code == 403
