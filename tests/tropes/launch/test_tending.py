"""Idle drafts go stale, and are discarded a week after their sponsor is told; working on a
stale draft brings it back."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notice
from tests.helpers import form_data
from tests.tropes.launch.conftest import age, days_ago

pytestmark = pytest.mark.django_db


def tend():
    call_command("tend_launch_pad", stdout=io.StringIO())


def test_a_draft_idle_for_the_stale_days_is_marked_stale_and_its_sponsor_told(client, draft):
    age(draft, active=days_ago(89))
    tend()
    draft.refresh_from_db()
    assert draft.state == "open"
    age(draft, active=days_ago(91))
    tend()
    draft.refresh_from_db()
    assert draft.state == "stale"
    notice = Notice.objects.get(user=draft.sponsor)
    assert "idle for 90 days" in notice.text and "will be discarded on" in notice.text
    page = client.get("/launch?state=stale").content.decode()
    assert "Loyal Sidekick" in page


def test_the_stale_days_are_a_setting(draft, settings):
    settings.LAUNCH_STALE_DAYS = 10
    age(draft, active=days_ago(11))
    tend()
    draft.refresh_from_db()
    assert draft.state == "stale"


def test_a_stale_draft_is_discarded_seven_days_after_the_notice(client, draft):
    age(draft, active=days_ago(91))
    tend()
    age(draft, stale_since=timezone.now() - timedelta(days=6))
    tend()
    draft.refresh_from_db()
    assert draft.state == "stale"
    age(draft, stale_since=timezone.now() - timedelta(days=7, minutes=1))
    tend()
    draft.refresh_from_db()
    assert draft.state == "discarded"
    assert Notice.objects.filter(user=draft.sponsor, text__contains="was discarded").exists()
    page = client.get("/Launch/LoyalSidekick")
    assert page.status_code == 200
    assert "Discarded: up for adoption" in page.content.decode()


def test_editing_a_stale_draft_brings_it_back(client, draft, editor):
    age(draft, active=days_ago(91))
    tend()
    client.force_login(editor)
    draft.page.refresh_from_db()
    data = form_data(draft.page, body="Reworked.")
    data.update({"laconic": draft.laconic, "initial-laconic": draft.laconic})
    assert client.post("/Launch/LoyalSidekick/edit", data).status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.stale_since) == ("open", None)
    age(draft, stale_since=timezone.now() - timedelta(days=8))
    tend()
    draft.refresh_from_db()
    assert draft.state == "open"
