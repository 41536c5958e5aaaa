"""`manage.py check_integrity` on the launch pad: each draft's score and count of examples
against its votes and proposed examples."""

import pytest

from tests.integrity_runs import check_integrity, found_and_repaired
from tests.tropes.launch.conftest import hat, voting, with_examples
from tropes.models import LaunchDraft

pytestmark = pytest.mark.django_db


def test_tallies_kept_by_votes_and_examples_have_no_problems(draft):
    with_examples(voting(draft), 2)
    hat(draft, 3)
    status, output = check_integrity("--check", "launch-tallies")
    assert status == 0, output


def test_a_wrong_tally_is_found_and_counted_again(client, draft):
    with_examples(voting(draft), 2)
    hat(draft, 3)
    LaunchDraft.objects.filter(pk=draft.pk).update(score=9, example_count=0)
    found = found_and_repaired("launch-tallies")
    assert f"draft {draft.pk}: score 9 and 0 examples kept, its votes and examples say (3, 2)" in (
        found
    )
    draft.refresh_from_db()
    assert (draft.score, draft.example_count) == (3, 2)
    assert 'class="launch-net">3</strong>' in client.get("/Launch/LoyalSidekick").content.decode()
