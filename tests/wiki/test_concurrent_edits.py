"""Two saves of one page at the same moment, on PostgreSQL: nothing is overwritten."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from accounts.roles import Role
from tests.factories import TropeFactory, UserFactory
from tests.helpers import BODY, form_data, with_role
from wiki import editing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def save_at_once(monkeypatch, page, *bodies):
    """POST one edit per body from separate threads and connections, all from one revision."""
    first = form_data(page)
    users = [with_role(UserFactory(), Role.TRUSTED) for _ in bodies]
    barrier = threading.Barrier(len(bodies))
    original = editing.latest_revision

    def slow_latest_revision(page):
        revision = original(page)
        # Hold the row lock a moment, so the other request certainly arrives while
        # this one is between reading the latest revision and writing its own.
        time.sleep(0.3)
        return revision

    monkeypatch.setattr(editing, "latest_revision", slow_latest_revision)
    responses = [None] * len(bodies)

    def post(index):
        client = Client()
        client.force_login(users[index])
        barrier.wait()
        try:
            responses[index] = client.post(
                page.get_absolute_url() + "/edit", {**first, "body": bodies[index]}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [response.status_code for response in responses]


def test_overlapping_concurrent_saves_one_wins_one_gets_the_conflict_screen(monkeypatch):
    trope = TropeFactory(page__name="Race", page__body=BODY)
    codes = save_at_once(
        monkeypatch, trope.page,
        BODY.replace("Second", "Alpha's second"), BODY.replace("Second", "Beta's second"),
    )
    assert sorted(codes) == [302, 409]
    trope.page.refresh_from_db()
    assert ("Alpha's" in trope.page.body) != ("Beta's" in trope.page.body)
    assert trope.page.history.count() == 2  # created, then exactly one edit


def test_separate_concurrent_saves_are_both_kept(monkeypatch):
    trope = TropeFactory(page__name="Race", page__body=BODY)
    codes = save_at_once(
        monkeypatch, trope.page,
        BODY.replace("First", "Alpha's first"), BODY.replace("Third", "Beta's third"),
    )
    assert codes == [302, 302]
    trope.page.refresh_from_db()
    assert "Alpha's first" in trope.page.body and "Beta's third" in trope.page.body
    assert trope.page.history.count() == 3
