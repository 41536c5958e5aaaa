"""The launch pad in a browser: a hat swaps the draft's box in place, score and all."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import LaunchDraftFactory, UserFactory
from tropes.launch import drafts
from tropes.models import LaunchDraft

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(db):
    made = LaunchDraftFactory(page__name="LoyalSidekick", page__title="Loyal Sidekick")
    LaunchDraft.objects.filter(pk=made.pk).update(posted=timezone.now() - timedelta(days=4))
    drafts.cast_vote(made.pk, UserFactory(), 1)
    return made


def test_a_hat_changes_the_score_in_place(page, draft, reader, sign_in):
    sign_in(reader)
    page.goto("/Launch/LoyalSidekick")
    page.evaluate("window.notReloaded = true")
    box = page.locator(".launch-box")
    assert "Score: 1 (1 hat, 0 bombs)" in box.inner_text()
    page.get_by_label("Why (optional)").fill("A real pattern.")
    page.get_by_role("button", name="Hat (+1)").click()
    page.get_by_text("Vote saved.").wait_for()
    box = page.locator(".launch-box")
    assert "Score: 2 (2 hats, 0 bombs)" in box.inner_text()
    assert "rhea: A real pattern." in box.inner_text()
    assert box.get_by_role("button", name="Hat (+1)").get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.notReloaded") is True
    assert LaunchDraft.objects.get(pk=draft.pk).score == 2


def test_an_announced_launch_counts_down(page, draft):
    LaunchDraft.objects.filter(pk=draft.pk).update(
        state="announced", announced=timezone.now() - timedelta(hours=21)
    )
    page.goto("/Launch/LoyalSidekick")
    countdown = page.locator(".launch-notice .countdown")
    countdown.wait_for()
    assert re.fullmatch(r" \(2 h \d+ min left\)", countdown.inner_text())
