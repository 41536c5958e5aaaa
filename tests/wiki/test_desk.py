"""The admin is Tropewise's, and opens on the moderators' desk: what waits, how much, since when."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PageFactory, UserFactory
from wiki import moderation
from wiki.models import PendingChange, ReportCase
from wiki.moderation import desk, reports

pytestmark = pytest.mark.django_db


def hold_edits(page, author, count):
    for number in range(count):
        moderation.hold(
            "page_edit",
            f"Edit {number} of {page.title}",
            {"values": {"body": f"Held {number}."}, "extra": None},
            author,
            page=page,
            base_revision=page.history.latest("history_id").history_id,
        )


def file_reports(count, reporter):
    for number in range(count):
        reports.file_report(
            f"page:{number}", f"Page {number}", f"/Main/P{number}", reporter, "wrong"
        )


@pytest.fixture
def waiting(new_editor, reader):
    page = PageFactory(name="BigEater", title="Big Eater")
    hold_edits(page, new_editor, 3)
    file_reports(2, reader)
    three_days_ago = timezone.now() - timedelta(days=3, hours=1)
    PendingChange.objects.filter(pk=PendingChange.objects.earliest("created").pk).update(
        created=three_days_ago
    )
    return page


def desk_row(html, name):
    start = html.index(f'class="desk-{name}"')
    return html[start : html.index("</tr>", start)]


def test_the_admin_is_branded_tropewise(client, moderator):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "<title>The moderators&#x27; desk | Tropewise admin</title>" in html
    assert ">Tropewise</a>" in html
    assert "Django administration" not in html and "Django site admin" not in html


def test_the_sign_in_page_is_branded_too(client):
    html = client.get("/admin/login/").content.decode()
    assert "Tropewise" in html
    assert "Django administration" not in html


def test_the_desk_shows_each_queue_with_its_count_oldest_age_and_link(client, moderator, waiting):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    pending = desk_row(html, "pending_changes")
    assert "Pending changes" in pending
    assert 'desk-count">3</td>' in pending
    assert "waiting 3\xa0days" in pending
    assert 'href="/admin/wiki/pendingchange/?status__exact=pending"' in pending
    open_reports = desk_row(html, "open_reports")
    assert 'desk-count">2</td>' in open_reports
    assert 'href="/admin/wiki/reportcase/?status__exact=open"' in open_reports


def test_what_was_dealt_with_leaves_the_desk(client, moderator, waiting):
    change = PendingChange.objects.earliest("created")
    moderation.reject(change, moderator, "Not an improvement")
    case = ReportCase.objects.first()
    reports.close(case, moderator, ReportCase.Status.DISMISSED, "Not a problem")
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert 'desk-count">2</td>' in desk_row(html, "pending_changes")
    assert "waiting 3\xa0days" not in desk_row(html, "pending_changes")
    assert 'desk-count">1</td>' in desk_row(html, "open_reports")


def test_an_empty_queue_says_nothing_waits(client, moderator):
    client.force_login(moderator)
    row = desk_row(client.get("/admin/").content.decode(), "pending_changes")
    assert 'desk-count">0</td>' in row and "—" in row and "Review" not in row


def test_the_desks_links_open_the_queues_filtered(client, moderator, waiting):
    client.force_login(moderator)
    for queue in desk.waiting_for(moderator):
        assert client.get(queue.url).status_code == 200


def test_staff_see_only_the_queues_their_role_acts_on(client, moderator, waiting, monkeypatch):
    """A queue an app registers for a permission moderators lack is left off their desk."""
    monkeypatch.setattr(desk, "_queues", dict(desk._queues))
    desk.register(
        desk.Queue(
            name="for_administrators",
            label="Roles to grant",
            waiting=PendingChange.objects.none,
            since="created",
            link="admin:accounts_user_changelist",
            permission="manage_roles",
        )
    )
    client.force_login(moderator)
    assert "Roles to grant" not in client.get("/admin/").content.decode()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert "Roles to grant" in client.get("/admin/").content.decode()


def test_readers_never_see_the_desk(client, reader, waiting):
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.force_login(reader)
    response = client.get("/admin/")
    assert response.status_code == 302 and "Pending changes" not in response.content.decode()


def test_the_desk_costs_the_same_queries_whatever_waits(
    client, moderator, new_editor, reader, settings, django_assert_num_queries
):
    settings.MAX_PENDING_PER_AUTHOR = 50
    page = PageFactory(name="BigEater", title="Big Eater")
    hold_edits(page, new_editor, 1)
    file_reports(1, reader)
    client.force_login(moderator)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    hold_edits(page, new_editor, 30)
    file_reports(30, reader)
    with django_assert_num_queries(len(few)):
        client.get("/admin/")
    # The admin's own (session, user, ban, role, permissions, recent actions), a query a queue.
    assert len(few) <= 7 + len(desk.registered())
