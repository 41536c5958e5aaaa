"""When the mail server is down, sign-ups, password resets and moderation answer as usual; the
mail they asked for is kept and `send_pending_mail` sends it, once, when the server is back."""

import io
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from accounts import mail as site_mail
from accounts.models import OutgoingMail, User
from wiki.models import PendingChange
from wiki.moderation import page_changes

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
Status = OutgoingMail.Status


class DownBackend(EmailBackend):
    """An SMTP server that is not there: every delivery is refused, and counted."""

    calls = 0

    def send_messages(self, messages):
        DownBackend.calls += 1
        raise ConnectionRefusedError(111, "Connection refused")


class HeldBackend(EmailBackend):
    """Delivers; the first delivery waits until the test lets it go, so that runs overlap."""

    sending = threading.Event()
    release = threading.Event()
    first = threading.Lock()

    def send_messages(self, messages):
        if HeldBackend.first.acquire(blocking=False):
            HeldBackend.sending.set()
            HeldBackend.release.wait(timeout=10)
        return super().send_messages(messages)


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Time that moves only when the test moves it."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def smtp_down(settings):
    DownBackend.calls = 0
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    return settings


def server_back(settings):
    settings.EMAIL_BACKEND = LOCMEM


def send_pending(**options):
    out = io.StringIO()
    call_command("send_pending_mail", stdout=out, **options)
    return out.getvalue().strip()


def due_mail(count):
    """`count` messages due now, as a process that stopped before sending leaves them."""
    return [
        OutgoingMail.objects.create(
            subject=f"Mail {n}", body="Body", recipients=[f"m{n}@example.org"]
        )
        for n in range(count)
    ]


@contextmanager
def a_request():
    """What the server does around a view: mail asked for inside goes out at the end."""
    request_started.disconnect(close_old_connections)  # as the test client does
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        try:
            yield
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def sign_up(client):
    return client.post(
        "/accounts/signup",
        {
            "username": "naomi",
            "email": "naomi@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )


def test_a_sign_up_goes_through_with_the_mail_server_down_and_its_link_is_sent_later(
    client, smtp_down, clock
):
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.filter(username="naomi").exists()
    assert mail.outbox == []
    kept = OutgoingMail.objects.get()
    assert (kept.status, kept.attempts, kept.recipients) == (
        Status.PENDING,
        1,
        ["naomi@example.org"],
    )
    assert kept.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"

    server_back(smtp_down)
    clock.advance(minutes=1)
    assert send_pending().startswith("1 sent, 0 failed and will be retried, 0 given up;")
    clock.advance(hours=1)
    send_pending()

    (sent,) = mail.outbox
    assert sent.to == ["naomi@example.org"] and "/accounts/email/confirm/" in sent.body
    kept.refresh_from_db()
    assert (kept.status, kept.attempts, kept.body) == (Status.SENT, 2, "")


def test_a_password_reset_answers_as_usual_with_the_mail_server_down_and_the_link_follows(
    client, reader, smtp_down, clock
):
    response = client.post("/accounts/password/reset", {"email": "rhea@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent"
    kept = OutgoingMail.objects.get()
    assert (kept.status, kept.recipients) == (Status.PENDING, ["rhea@example.org"])

    server_back(smtp_down)
    clock.advance(minutes=1)
    send_pending()
    send_pending()

    (sent,) = mail.outbox
    assert "http://testserver/accounts/password/reset/" in sent.body


def test_a_password_reset_sent_at_once_leaves_no_record(client, reader):
    client.post("/accounts/password/reset", {"email": "rhea@example.org"})

    assert len(mail.outbox) == 1
    assert not OutgoingMail.objects.exists()


def test_a_moderator_rejects_a_change_with_the_mail_server_down_and_the_author_hears_later(
    client, new_editor, moderator, smtp_down, clock
):
    held = page_changes.hold_new_page("Main", "SomeIdea", "Some Idea", "other", new_editor)
    client.force_login(moderator)

    response = client.post(
        f"/admin/wiki/pendingchange/{held.pk}/change/", {"_reject": "Reject", "reason": "Spam"}
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == PendingChange.Status.REJECTED
    assert OutgoingMail.objects.get().recipients == ["nina@example.org"]

    server_back(smtp_down)
    clock.advance(minutes=1)
    send_pending()

    (sent,) = mail.outbox
    assert sent.to == ["nina@example.org"] and "Reason: Spam" in sent.body


def test_a_message_waits_longer_after_each_failure_and_is_given_up_after_the_last(
    smtp_down, clock, caplog
):
    with a_request():
        site_mail.send("Tropewise: hello", "Your link: SECRET-LINK", ["rhea@example.org"])
    waits = []
    for _ in range(site_mail.MAX_ATTEMPTS - 1):
        kept = OutgoingMail.objects.get()
        waits.append((kept.next_attempt - clock.now) / timedelta(minutes=1))
        clock.now = kept.next_attempt - timedelta(seconds=1)
        send_pending()  # too early: not tried
        assert OutgoingMail.objects.get().attempts == kept.attempts
        clock.now = kept.next_attempt
        send_pending()

    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]
    given_up = OutgoingMail.objects.get()
    assert (given_up.status, given_up.attempts, given_up.body) == (Status.FAILED, 12, "")
    assert DownBackend.calls == 12
    assert caplog.records[-1].levelname == "ERROR"
    assert caplog.records[-1].getMessage() == (
        f"Gave up on mail {given_up.pk} after 12 attempt(s): "
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )

    clock.advance(days=1)
    assert send_pending().startswith("0 sent, 0 failed and will be retried, 0 given up; 0 waiting")
    assert DownBackend.calls == 12  # a message given up is never tried again


def test_a_failure_is_logged_as_one_line_without_the_message(smtp_down, caplog):
    with a_request():
        site_mail.send("Tropewise: reset", "Your link: SECRET-LINK", ["rhea@example.org"])

    (record,) = [r for r in caplog.records if r.name == "accounts.mail"]
    kept = OutgoingMail.objects.get()
    assert record.levelname == "WARNING" and record.exc_info is None
    text = record.getMessage()
    assert text.startswith(f"Mail {kept.pk} not sent (attempt 1 of 12), next attempt at ")
    assert "\n" not in text and "SECRET-LINK" not in text and "reset" not in text


def test_an_address_the_server_refuses_is_not_written_into_the_error(smtp_down, monkeypatch):
    def refuse(self, messages):
        raise ConnectionError("550 rhea@example.org: no such mailbox\nclosing")

    monkeypatch.setattr(DownBackend, "send_messages", refuse)
    with a_request():
        site_mail.send("Tropewise: hello", "Body", ["rhea@example.org"])

    kept = OutgoingMail.objects.get()
    assert kept.last_error == "ConnectionError: 550 <recipient>: no such mailbox closing"


def test_a_message_django_cannot_build_is_given_up_at_once_without_failing_the_action():
    with a_request():
        site_mail.send("Tropewise: hello\nBcc: victim@example.org", "Body", ["rhea@example.org"])

    given_up = OutgoingMail.objects.get()
    assert (given_up.status, given_up.attempts) == (Status.FAILED, 1)
    assert given_up.last_error.startswith("BadHeaderError: Header values can't contain newlines")
    assert mail.outbox == []


def test_an_action_rolled_back_sends_nothing(clock):
    with a_request(), pytest.raises(RuntimeError), transaction.atomic():
        site_mail.send("Tropewise: welcome", "Body", ["rhea@example.org"])
        raise RuntimeError("the action failed after asking for mail")

    assert not OutgoingMail.objects.exists()
    clock.advance(hours=1)
    send_pending()
    assert mail.outbox == []


def test_mail_left_by_a_process_that_stopped_is_sent_once_its_lease_runs_out(clock):
    # Outside a request mail is sent when the caller's transaction commits, and the test's
    # own never does: the message stays as a process that stopped before sending leaves it.
    site_mail.send("Tropewise: welcome", "Body", ["rhea@example.org"])

    assert send_pending().startswith("0 sent") and mail.outbox == []
    clock.advance(minutes=5)
    assert send_pending().startswith("1 sent")
    assert [message.to for message in mail.outbox] == [["rhea@example.org"]]


def test_a_request_does_not_send_again_what_send_pending_mail_sent_meanwhile(clock):
    with a_request():
        site_mail.send("Tropewise: welcome", "Body", ["rhea@example.org"])
        clock.advance(minutes=6)  # an answer so slow that the message's lease ran out
        send_pending()

    assert len(mail.outbox) == 1
    assert OutgoingMail.objects.get().status == Status.SENT


def test_once_the_server_fails_a_request_leaves_the_rest_of_its_mail_for_later(smtp_down, clock):
    with a_request():
        site_mail.send("Tropewise: one", "Body", ["one@example.org"])
        site_mail.send("Tropewise: two", "Body", ["two@example.org"])
        site_mail.send("Tropewise: reset", "Body", ["three@example.org"], discreet=True)

    assert DownBackend.calls == 1  # one wait on a server that is down, not three
    kept = {m.subject: (m.status, m.attempts) for m in OutgoingMail.objects.all()}
    assert kept == {
        "Tropewise: one": (Status.PENDING, 1),
        "Tropewise: two": (Status.PENDING, 0),
        "Tropewise: reset": (Status.PENDING, 0),
    }

    server_back(smtp_down)
    clock.advance(minutes=5)
    assert send_pending().startswith("3 sent")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "one@example.org",
        "three@example.org",
        "two@example.org",
    ]


def test_old_records_of_sent_and_given_up_mail_are_purged(clock):
    def record(status, days_ago):
        finished = clock.now - timedelta(days=days_ago)
        return OutgoingMail.objects.create(
            subject=f"{status} {days_ago}", recipients=[], status=status, finished=finished
        )

    record(Status.SENT, 8)
    record(Status.FAILED, 31)
    kept = [record(Status.SENT, 6), record(Status.FAILED, 29)]

    assert send_pending().endswith("; 0 waiting; 2 old records purged.")
    assert sorted(OutgoingMail.objects.values_list("pk", flat=True)) == [m.pk for m in kept]


def test_a_limit_below_one_is_refused():
    with pytest.raises(CommandError, match="--limit must be at least 1"):
        send_pending(limit=0)


def test_a_run_tries_at_most_its_limit():
    due_mail(3)

    assert send_pending(limit=2) == (
        "2 sent, 0 failed and will be retried, 0 given up; 1 waiting; 0 old records purged."
    )


@pytest.fixture
def kept_mail(smtp_down):
    with a_request():
        site_mail.send("Tropewise: hello", "Your link: SECRET-LINK", ["rhea@example.org"])
    return OutgoingMail.objects.get()


def test_moderators_see_waiting_mail_without_addresses_or_bodies(client, moderator, kept_mail):
    client.force_login(moderator)
    listing = client.get("/admin/accounts/outgoingmail/").content.decode()
    detail = client.get(f"/admin/accounts/outgoingmail/{kept_mail.pk}/change/")

    assert "Tropewise: hello" in listing and "Connection refused" in listing
    assert detail.status_code == 200
    for page in (listing, detail.content.decode()):
        assert "rhea@example.org" not in page and "SECRET-LINK" not in page


def test_administrators_see_the_addresses_but_not_the_bodies(client, admin_user, kept_mail):
    client.force_login(admin_user)
    detail = client.get(f"/admin/accounts/outgoingmail/{kept_mail.pk}/change/").content.decode()

    assert "rhea@example.org" in detail and "SECRET-LINK" not in detail


def test_nobody_changes_or_deletes_kept_mail_in_the_admin(client, admin_user, kept_mail):
    client.force_login(admin_user)
    url = f"/admin/accounts/outgoingmail/{kept_mail.pk}"

    assert client.post(f"{url}/change/", {"subject": "Changed"}).status_code == 403
    assert client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/accounts/outgoingmail/add/").status_code == 403
    assert OutgoingMail.objects.get().subject == "Tropewise: hello"


@pytest.mark.parametrize("person", ["new_editor", "editor"])
def test_members_below_moderator_do_not_see_kept_mail(client, request, person, kept_mail):
    client.force_login(request.getfixturevalue(person))
    response = client.get("/admin/accounts/outgoingmail/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)


def in_thread(work):
    def run():
        try:
            work()
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_runs_that_overlap_send_each_message_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.HeldBackend"
    HeldBackend.sending.clear()
    HeldBackend.release.clear()
    HeldBackend.first = threading.Lock()
    due_mail(4)

    first = in_thread(send_pending)  # its first delivery is held up
    assert HeldBackend.sending.wait(timeout=10)
    second = send_pending()
    HeldBackend.release.set()
    first.join(timeout=10)

    assert second.startswith("3 sent")
    assert sorted(message.subject for message in mail.outbox) == [f"Mail {n}" for n in range(4)]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {Status.SENT}


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_a_run_skips_a_message_another_run_is_taking_instead_of_waiting(settings):
    settings.EMAIL_BACKEND = LOCMEM
    taken, *others = due_mail(3)
    locked, release = threading.Event(), threading.Event()

    def take():
        with transaction.atomic():
            OutgoingMail.objects.select_for_update().get(pk=taken.pk)
            locked.set()
            release.wait(timeout=10)

    holder = in_thread(take)
    assert locked.wait(timeout=10)
    try:
        summary = send_pending()
    finally:
        release.set()
        holder.join(timeout=10)

    assert summary.startswith("2 sent") and "1 waiting" in summary
    assert sorted(m.subject for m in mail.outbox) == sorted(m.subject for m in others)
    assert OutgoingMail.objects.get(pk=taken.pk).status == Status.PENDING
