"""A newline in a pending change's description no longer breaks its review: the notice's
email subject is one line, and a mail that cannot be sent never fails the moderator's action."""

import pytest
from django.core import mail

from tests.factories import TropeFactory
from wiki.models import PendingChange
from wiki.moderation import page_changes

pytestmark = pytest.mark.django_db

INJECTED = "Spam\nBcc: victim@example.org"


def review_url(change):
    return f"/admin/wiki/pendingchange/{change.pk}/change/"


@pytest.fixture
def held(new_editor):
    """A new page proposed under a title carrying a header on a line of its own."""
    return page_changes.hold_new_page("Main", "SpamPage", INJECTED, "other", new_editor)


def test_a_moderator_approves_a_change_whose_description_carries_a_header(client, moderator, held):
    client.force_login(moderator)
    response = client.post(review_url(held), {"_approve": "Approve"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == PendingChange.Status.APPROVED
    (sent,) = mail.outbox
    assert "\n" not in sent.subject and sent.bcc == []
    assert sent.to == ["nina@example.org"]


def test_a_moderator_rejects_a_change_whose_description_carries_a_header(client, moderator, held):
    client.force_login(moderator)
    response = client.post(review_url(held), {"_reject": "Reject", "reason": "Spam"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == PendingChange.Status.REJECTED
    assert len(mail.outbox[0].subject) <= 78 and mail.outbox[0].bcc == []


def test_an_edit_of_a_page_whose_title_has_a_newline_can_be_reviewed(client, new_editor, moderator):
    page = TropeFactory(page__title=INJECTED).page
    change = page_changes.hold_edit(
        page, {"body": "New body."}, page.history.latest().history_id, new_editor, summary="Edit"
    )
    client.force_login(moderator)
    assert client.post(review_url(change), {"_reject": "Reject", "reason": "No"}).status_code == 302
    change.refresh_from_db()
    assert change.status == PendingChange.Status.REJECTED
