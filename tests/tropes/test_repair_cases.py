"""Repair cases: members propose, at most REPAIR_MAX_OPEN hold a slot and the rest wait in a
queue that opens in order, moderators decide, and done cases link what was done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ModeratorAction
from tests.factories import TropeFactory, UserFactory
from tropes.models import RepairCase
from tropes.repair import cases
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def eater(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater")


@pytest.fixture
def glutton(db):
    return TropeFactory(page__name="Glutton", page__title="Glutton")


def propose(client, user, **fields):
    client.force_login(user)
    data = {
        "trope": "Big Eater",
        "kind": "rename",
        "proposed_name": "BigEaters",
        "reason": "Misused.",
    }
    return client.post("/repair/new", {**data, **fields})


def decide(client, moderator, case, action, **fields):
    client.force_login(moderator)
    return client.post(f"/repair/{case.pk}/decide", {"action": action, **fields})


def test_a_member_proposes_a_case_which_opens_with_its_reason_and_deadline(client, reader, eater):
    response = propose(client, reader, reason="Only *12%* use it right.", deadline="2099-01-01")
    assert response.status_code == 400  # a deadline is within the coming year
    response = propose(client, reader, reason="Only *12%* use it right.")
    case = RepairCase.objects.get()
    assert response["Location"] == f"/repair/{case.pk}"
    assert (case.state, case.page, case.author) == ("open", eater.page, reader)
    html = client.get(f"/repair/{case.pk}").content.decode()
    assert 'Rename <a href="/Main/BigEater">Big Eater</a> to BigEaters' in html
    assert "<em>12%</em>" in html and "Open" in html


def test_a_deadline_is_shown_on_the_case_and_in_the_list(client, reader, eater):
    soon = timezone.localdate() + timedelta(days=10)
    propose(client, reader, deadline=soon.isoformat())
    html = client.get("/repair").content.decode()
    assert f"⏲ {soon:%-d %b %Y}" in html
    assert (
        f"Deadline: {soon:%-d %B %Y}"
        in client.get(f"/repair/{RepairCase.objects.get().pk}").content.decode()
    )


def test_bad_proposals_are_form_errors(client, reader, eater):
    assert propose(client, reader, trope="No Such Trope").status_code == 400
    assert propose(client, reader, kind="merge").status_code == 400  # merge into what
    assert propose(client, reader, kind="merge", other="Big Eater").status_code == 400
    assert propose(client, reader, kind="rename", proposed_name="").status_code == 400
    assert propose(client, reader, kind="demolish").status_code == 400
    assert propose(client, reader, reason="x" * 10_001).status_code == 400
    assert not RepairCase.objects.exists()


def test_a_merge_case_names_both_tropes(client, reader, eater, glutton):
    propose(client, reader, kind="merge", other="Glutton")
    case = RepairCase.objects.get()
    assert case.other == glutton.page
    assert "Merge <strong>Big Eater</strong> into Glutton" in client.get("/repair").content.decode()


def test_past_the_limit_cases_wait_in_a_queue_and_open_in_order(
    client, settings, reader, moderator, eater
):
    settings.REPAIR_MAX_OPEN = 2
    for _ in range(4):
        propose(client, reader)
    first, second, third, fourth = RepairCase.objects.order_by("pk")
    assert [c.state for c in (first, second, third, fourth)] == ["open", "open", "queued", "queued"]
    assert "number 2 in the queue" in client.get(f"/repair/{fourth.pk}").content.decode()
    # A decided case keeps its slot until its work is done.
    decide(client, moderator, first, "decide", decision="Agreed.")
    third.refresh_from_db()
    assert third.state == "queued"
    decide(client, moderator, first, "done", outcome_url="/Main/BigEater/history")
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.state, fourth.state) == ("open", "queued")
    decide(client, moderator, second, "decline", decision="Used right.")
    fourth.refresh_from_db()
    assert fourth.state == "open" and fourth.opened is not None


def test_moderators_decide_and_each_decision_is_logged(client, reader, moderator, eater):
    propose(client, reader)
    case = RepairCase.objects.get()
    assert decide(client, moderator, case, "decide", decision="Rename it.").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.decided_by, case.decision) == ("decided", moderator, "Rename it.")
    assert ModeratorAction.objects.filter(kind="decide_case", actor=moderator).count() == 1
    assert "/moderation/log" and "Rename it." in client.get("/moderation/log").content.decode()
    # Declined, it is closed for good.
    decide(client, moderator, case, "decline")
    decide(client, moderator, case, "decide")
    case.refresh_from_db()
    assert case.state == "declined" and case.closed is not None


def test_a_done_case_links_the_change(client, reader, moderator, eater):
    propose(client, reader, kind="split")
    case = RepairCase.objects.get()
    response = decide(client, moderator, case, "done", outcome_url="https://evil.example/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "open"  # refused: a link on this site only
    decide(client, moderator, case, "done", outcome_url="/Main/BigEater/compare?to=1")
    html = client.get(f"/repair/{case.pk}").content.decode()
    assert 'Result: <a href="/Main/BigEater/compare?to=1">' in html


def test_a_rename_case_is_carried_out_by_moving_the_trope(client, reader, moderator, eater):
    propose(client, reader)
    case = RepairCase.objects.get()
    client.force_login(moderator)
    response = client.post(
        f"/repair/{case.pk}/rename", {"name": "BigEaters", "title": "Big Eaters"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "done" and case.outcome_url == "/Main/BigEaters/history"
    assert Page.objects.get(pk=eater.pk).full_name == "Main/BigEaters"
    assert Page.objects.get(name="BigEater").redirect_to_id == eater.pk


def test_only_moderators_decide(client, reader, editor, eater):
    propose(client, reader)
    case = RepairCase.objects.get()
    assert decide(client, editor, case, "decide").status_code == 403
    client.logout()
    assert client.post(f"/repair/{case.pk}/decide", {"action": "decide"}).status_code == 302
    assert RepairCase.objects.get().state == "open"


def test_the_shop_lists_cases_by_state_with_bounded_pages(client, reader, moderator, eater):
    for _ in range(3):
        propose(client, reader)
    decide(client, moderator, RepairCase.objects.first(), "decline")
    html = client.get("/repair").content.decode()
    assert html.count('class="repair-case state-open"') == 2
    assert "Declined <small>(1)</small>" in html
    html = client.get("/repair", {"state": "declined", "page": "999999999"}).content.decode()
    assert html.count('class="repair-case state-declined"') == 1
    assert client.get("/repair", {"state": "nonsense", "page": "x"}).status_code == 200
    assert client.get("/repair/99999").status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_the_shop_costs_the_same_queries_whatever_its_size(
    client, eater, glutton, count, django_assert_max_num_queries
):
    author = UserFactory()
    for n in range(count):
        cases.propose(eater.page, "merge" if n % 2 else "cut", "Why.", author, other=glutton.page)
    # The page of cases with their tropes, their count, the counts of each state.
    with django_assert_max_num_queries(3):
        html = client.get("/repair").content.decode()
    assert html.count('class="repair-case state-') == min(count, 25)


def test_a_case_is_discussed_in_a_thread_on_the_tropes_discussion_page(
    client, reader, moderator, eater
):
    propose(client, reader, reason="Only *12%* use it right.")
    case = RepairCase.objects.get()
    thread = case.thread
    assert thread.page_id == eater.pk and thread.title == "Repair shop: Rename Main/BigEater"
    assert (
        f'href="{thread.get_absolute_url()}"' in client.get(f"/repair/{case.pk}").content.decode()
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/repair/{case.pk}"' in html and "<em>12%</em>" in html
    # The decision is posted there, for the thread's followers.
    decide(client, moderator, case, "decide", decision="Agreed, rename it.")
    assert "Agreed, rename it." in client.get(thread.get_absolute_url()).content.decode()


def test_open_cases_wait_on_the_moderators_desk(client, reader, moderator, eater):
    propose(client, reader)
    propose(client, reader)
    decide(client, moderator, RepairCase.objects.first(), "decline")
    html = client.get("/admin/").content.decode()
    start = html.index('class="desk-repair_cases"')
    row = html[start : html.index("</tr>", start)]
    assert "Open repair cases" in row and 'desk-count">1</td>' in row
    assert 'href="/repair?state=open"' in row
