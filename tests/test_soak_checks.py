"""The soak's checks find what they are for: a write answered as saved that the database lost,
and a page that shows readers older text than the database holds."""

import pytest

from bench import soakreport
from tests.factories import ExampleFactory, PageFactory, UserFactory
from tropes.models import ExampleVote
from wiki.models import Page

RUN = "abc123"
# The faults' phases, as bench.soak marks them (seconds of wall clock).
PHASES = [("warm-up", 0), ("steady", 10), (soakreport.REDIS_CUT, 20), ("after Redis", 30)]


def vote(user, example, value, outcome, sent):
    return {
        "kind": "vote",
        "user": user.pk,
        "example": example.pk,
        "value": value,
        "outcome": outcome,
        "sent": sent,
        "answered": sent + 0.1,
    }


def edit(page, marker, outcome="ok", answered=5):
    return {"kind": "edit save", "page": page.pk, "marker": marker, "outcome": outcome,
            "sent": answered - 0.1, "answered": answered}  # fmt: skip


@pytest.mark.django_db
def test_a_vote_answered_as_saved_and_held_is_not_lost():
    user, example = UserFactory(), ExampleFactory()
    ExampleVote.objects.create(user=user, example=example, value=4)
    records = [vote(user, example, 2, "ok", 1), vote(user, example, 4, "ok", 2)]
    assert soakreport.lost_votes(records) == {"checked": 1, "lost": []}


@pytest.mark.django_db
def test_a_vote_answered_as_saved_that_the_database_lacks_is_lost():
    user, example = UserFactory(), ExampleFactory()
    assert soakreport.lost_votes([vote(user, example, 3, "ok", 1)])["lost"] == [
        {"user": user.pk, "example": example.pk, "saved": 3, "held": None}
    ]


@pytest.mark.django_db
def test_an_older_value_in_place_of_the_last_vote_saved_is_a_lost_vote():
    user, example = UserFactory(), ExampleFactory()
    ExampleVote.objects.create(user=user, example=example, value=2)
    records = [vote(user, example, 2, "ok", 1), vote(user, example, 5, "ok", 2)]
    assert len(soakreport.lost_votes(records)["lost"]) == 1


@pytest.mark.django_db
def test_a_later_vote_whose_answer_was_lost_may_have_replaced_the_last_one_saved():
    user, example = UserFactory(), ExampleFactory()
    ExampleVote.objects.create(user=user, example=example, value=5)
    records = [vote(user, example, 3, "ok", 1), vote(user, example, 5, "error", 2)]
    assert soakreport.lost_votes(records)["lost"] == []
    # A refusal is a sure answer: that vote was not taken.
    records[1]["outcome"] = "refused"
    assert len(soakreport.lost_votes(records)["lost"]) == 1


@pytest.mark.django_db
def test_an_edit_is_kept_when_its_marker_is_in_the_page_or_a_past_revision():
    page = PageFactory(body="Marker soak-abc123-0-1.")
    page.body = "Marker soak-abc123-0-2."
    page.save()
    records = [edit(page, "soak-abc123-0-1"), edit(page, "soak-abc123-0-2")]
    assert soakreport.lost_edits(records) == {"checked": 2, "lost": []}


@pytest.mark.django_db
def test_an_edit_answered_as_saved_whose_marker_is_nowhere_is_lost():
    page = PageFactory(body="Marker soak-abc123-0-1.")
    records = [edit(page, "soak-abc123-0-1"), edit(page, "soak-abc123-0-2"),
               edit(page, "soak-abc123-0-3", outcome="conflict")]  # fmt: skip
    assert soakreport.lost_edits(records)["lost"] == [
        {"page": page.pk, "marker": "soak-abc123-0-2"}
    ]


@pytest.mark.django_db(transaction=True)
def test_a_page_that_shows_older_text_than_the_database_holds_is_stale(live_server):
    fresh = PageFactory(body="Text.\n\nMarker soak-abc123-0-1.")
    stale = PageFactory(body="Text.\n\nMarker soak-abc123-1-1.")
    # Written past save(), so what the page shows (its rendered text) stays the older one.
    Page.objects.filter(pk=stale.pk).update(body="Text.\n\nMarker soak-abc123-1-2.")
    plan = {
        "run": RUN,
        "edited_pages": [{"id": p.pk, "path": p.get_absolute_url()} for p in (fresh, stale)],
    }
    records = [edit(fresh, "soak-abc123-0-1", answered=25), edit(stale, "soak-abc123-1-2")]

    found = soakreport.stale_pages(plan, records, PHASES, live_server.url)

    assert found["checked"] == 2 and found["last edited while Redis was cut"] == 1
    [shown] = found["stale"]
    assert shown["path"] == stale.get_absolute_url() and shown["status"] == 200
    assert shown["in database"] == ["soak-abc123-1-2"]
    assert "soak-abc123-1-1" in shown["shown"]
