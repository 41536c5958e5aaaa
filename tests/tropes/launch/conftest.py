"""Drafts on the launch pad, and moving them through time: voting opens days after a draft is
posted, a launch waits out its notice, idle drafts go stale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import LaunchDraftFactory, UserFactory, WorkFactory
from tropes.launch import drafts
from tropes.models import LaunchDraft


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def age(draft, **fields):
    """Set the draft's times (posted, announced, active, stale_since) as tests need them."""
    LaunchDraft.objects.filter(pk=draft.pk).update(**fields)
    draft.refresh_from_db()
    return draft


def voting(draft):
    """The draft as it stands once its voting has opened."""
    return age(draft, posted=days_ago(4))


def hat(draft, count, value=1):
    """`count` new members vote `value` on the draft."""
    for _ in range(count):
        drafts.cast_vote(draft, UserFactory(), value)
    draft.refresh_from_db()
    return draft


def with_examples(draft, count, medium="Anime", existing=True):
    """`count` proposed examples, in works that exist (or not)."""
    for number in range(count):
        name = f"Show{draft.pk}N{number}"
        if existing:
            WorkFactory(page__namespace=medium, page__name=name, page__title=f"Show {number}")
        drafts.propose_example(
            draft, draft.sponsor, medium, name, f"Show {number}", f"It happens in episode {number}."
        )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def sponsor(db):
    return UserFactory(username="sally")


@pytest.fixture
def draft(sponsor):
    return LaunchDraftFactory(
        page__name="LoyalSidekick", page__title="Loyal Sidekick", sponsor=sponsor
    )


@pytest.fixture
def ready(draft):
    """A draft with enough hats and examples, its launch announced a day and more ago."""
    with_examples(voting(draft), 5)
    hat(draft, 5)
    drafts.announce(draft, draft.sponsor)
    return age(draft, announced=timezone.now() - timedelta(hours=25))
