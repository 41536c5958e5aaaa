"""Readers report pages and examples; moderators resolve or dismiss them, grouped."""

import pytest

from accounts.models import ModeratorAction
from tests.factories import ExampleFactory, TropeFactory, UserFactory
from wiki.models import Report, ReportCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return TropeFactory(page__name="BigEater", page__title="Big Eater").page


def test_a_reader_reports_a_page(client, reader, page):
    client.force_login(reader)
    assert "Report" in client.get("/Main/BigEater").content.decode()
    response = client.post(
        "/Main/BigEater/report", {"reason": "vandalism", "details": "The second paragraph is gone."}
    )
    assert response["Location"] == "/Main/BigEater"
    report = Report.objects.get()
    assert (report.reporter, report.case.label) == (reader, "Page Main/BigEater")


def test_repeated_reports_of_one_thing_are_grouped(client, page):
    for n in range(3):
        client.force_login(UserFactory(username=f"r{n}"))
        client.post("/Main/BigEater/report", {"reason": "spoiler"})
    example = ExampleFactory(trope=page.trope)
    client.post(f"/examples/{example.pk}/report", {"reason": "wrong"})
    assert ReportCase.objects.count() == 2
    assert ReportCase.objects.get(subject=f"page:{page.pk}").reports.count() == 3


def test_a_report_needs_a_reason_and_keeps_the_text(client, reader, page):
    client.force_login(reader)
    response = client.post("/Main/BigEater/report", {"details": "Something odd."})
    assert response.status_code == 400
    assert "Something odd." in response.content.decode()
    assert not Report.objects.exists()


def test_anonymous_and_site_banned_users_cannot_report(client, banned_user, page):
    assert client.get("/Main/BigEater/report")["Location"].startswith("/accounts/login")
    client.force_login(banned_user)
    assert client.post("/Main/BigEater/report", {"reason": "other"}).status_code == 403


def test_moderators_resolve_with_a_note_that_is_logged(client, reader, moderator, page):
    client.force_login(reader)
    client.post("/Main/BigEater/report", {"reason": "vandalism"})
    case = ReportCase.objects.get()
    client.force_login(moderator)
    changelist = "/admin/wiki/reportcase/"
    html = client.get(changelist).content.decode()
    assert "Page Main/BigEater" in html and "Vandalism" in html
    asked = client.post(changelist, {"action": "resolve", "_selected_action": [case.pk]})
    assert "Note" in asked.content.decode()
    client.post(
        changelist,
        {"action": "resolve", "confirm": "1", "note": "Reverted", "_selected_action": [case.pk]},
    )
    case.refresh_from_db()
    assert (case.status, case.resolver, case.note) == ("resolved", moderator, "Reverted")
    assert ModeratorAction.objects.get().kind == "resolve_report"

    client.force_login(reader)
    client.post("/Main/BigEater/report", {"reason": "vandalism"})
    assert ReportCase.objects.filter(status="open").count() == 1  # a new case after closing


def test_reports_are_rate_limited(client, reader, page, settings):
    settings.REPORT_RATE_LIMIT = 1
    client.force_login(reader)
    assert client.post("/Main/BigEater/report", {"reason": "other"}).status_code == 302
    assert client.post("/Main/BigEater/report", {"reason": "other"}).status_code == 429


def test_a_reader_reports_an_example_and_moderators_find_it(client, reader, moderator, page):
    example = ExampleFactory(trope=page.trope, work__page__title="Metallic Rouge")
    client.force_login(reader)
    form = client.get(f"/examples/{example.pk}/report").content.decode()
    assert f"Example {example}" in form
    response = client.post(
        f"/examples/{example.pk}/report", {"reason": "spoiler", "details": "Names the killer."}
    )
    assert response["Location"] == example.get_absolute_url()
    case = ReportCase.objects.get()
    assert (case.subject, case.url) == (f"example:{example.pk}", example.get_absolute_url())
    client.force_login(moderator)
    html = client.get("/admin/wiki/reportcase/").content.decode()
    assert f'<a href="{example.get_absolute_url()}">Example {example}</a>' in html


def test_closing_in_bulk_counts_only_the_reports_still_open(client, reader, moderator, page):
    client.force_login(reader)
    client.post("/Main/BigEater/report", {"reason": "vandalism"})
    other = TropeFactory(page__name="Glutton")
    client.post("/Main/Glutton/report", {"reason": "other", "details": "Odd."})
    done, still_open = ReportCase.objects.order_by("pk")
    client.force_login(moderator)
    changelist = "/admin/wiki/reportcase/"
    client.post(
        changelist,
        {"action": "resolve", "confirm": "1", "note": "Reverted", "_selected_action": [done.pk]},
    )
    response = client.post(
        changelist,
        {
            "action": "dismiss",
            "confirm": "1",
            "note": "Fine",
            "_selected_action": [done.pk, still_open.pk],
        },
        follow=True,
    )
    assert "1 report(s) dismissed." in response.content.decode()
    done.refresh_from_db()
    still_open.refresh_from_db()
    assert (done.status, done.note) == ("resolved", "Reverted")
    assert (still_open.status, still_open.note) == ("dismissed", "Fine")
    assert other.page.get_absolute_url() == still_open.url
