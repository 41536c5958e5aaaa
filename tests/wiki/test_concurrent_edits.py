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


SAVE_TIMEOUT = 30  # seconds a save may take before the test fails instead of hanging


def save_at_once(monkeypatch, page, *bodies):  # noqa: C901 (its closures share one state)
    """POST one edit per body from separate threads and connections, all from one revision.

    A save that has read the latest revision under the page's row lock waits there until
    the other saves are blocked on that lock, or, were there no lock, have read it too: so the
    saves certainly overlap, however the threads are scheduled.
    """
    first = form_data(page)
    users = [with_role(UserFactory(), Role.TRUSTED) for _ in bodies]
    barrier = threading.Barrier(len(bodies))
    original = editing.latest_revision
    read_while_saving = []

    def latest_revision_then_wait(page):
        revision = original(page)
        if connection.in_atomic_block:  # inside the save, not the view reading the form
            read_while_saving.append(page.pk)
            wait_for_the_others(len(bodies) - 1)
        return revision

    def wait_for_the_others(others):
        deadline = time.monotonic() + SAVE_TIMEOUT / 3
        while time.monotonic() < deadline:
            if len(read_while_saving) == len(bodies) or saves_waiting_for_a_lock() == others:
                return
            time.sleep(0.01)

    monkeypatch.setattr(editing, "latest_revision", latest_revision_then_wait)
    responses, errors = [None] * len(bodies), []

    def post(index):
        client = Client()
        client.force_login(users[index])
        barrier.wait()
        try:
            responses[index] = client.post(
                page.get_absolute_url() + "/edit", {**first, "body": bodies[index]}
            )
        except Exception as error:  # noqa: BLE001 (raised again in the test's thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SAVE_TIMEOUT)
        if thread.is_alive():
            pytest.fail(f"a save was still running after {SAVE_TIMEOUT} s")
    if errors:
        raise errors[0]
    return [response.status_code for response in responses]


def saves_waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_overlapping_concurrent_saves_one_wins_one_gets_the_conflict_screen(monkeypatch):
    trope = TropeFactory(page__name="Race", page__body=BODY)
    codes = save_at_once(
        monkeypatch,
        trope.page,
        BODY.replace("Second", "Alpha's second"),
        BODY.replace("Second", "Beta's second"),
    )
    assert sorted(codes) == [302, 409]
    trope.page.refresh_from_db()
    assert ("Alpha's" in trope.page.body) != ("Beta's" in trope.page.body)
    assert trope.page.history.count() == 2  # created, then exactly one edit


def test_separate_concurrent_saves_are_both_kept(monkeypatch):
    trope = TropeFactory(page__name="Race", page__body=BODY)
    codes = save_at_once(
        monkeypatch,
        trope.page,
        BODY.replace("First", "Alpha's first"),
        BODY.replace("Third", "Beta's third"),
    )
    assert codes == [302, 302]
    trope.page.refresh_from_db()
    assert "Alpha's first" in trope.page.body and "Beta's third" in trope.page.body
    assert trope.page.history.count() == 3
