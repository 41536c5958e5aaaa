"""Every email the site sends: written down first, sent once the answer has gone out, and
retried until it goes, so that a mail server that is down delays mail but loses none.

`send` is the one door. It records the message as an `OutgoingMail` in the caller's
transaction: an action that is rolled back sends nothing, and a worker that dies before
sending leaves the message for `manage.py send_pending_mail`, which operators run every minute.
Mail asked for during a request is sent once the request is finished (Django's
`request_finished`, sent when the server has written the whole answer), never while the
visitor waits: sending while answering would make the answer's time tell whether a mail went
out, and let a slow mail server hold up the request. Outside a request (the shell, a command)
it is sent once the caller's transaction commits.

A failure is recorded and logged as one line, never raised: the visitor has had their answer,
and a header Django refuses (a newline in a subject) must not undo a moderator's decision.
A message that failed waits longer after each attempt and is given up after MAX_ATTEMPTS.
Bodies are emptied once a message is sent or given up, and never logged: they may carry a
password-reset link.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection, transaction
from django.dispatch import receiver
from django.utils import timezone

# accounts.models imports this module too; its names are looked up when a function runs.
from accounts import models

logger = logging.getLogger(__name__)
_waiting = threading.local()  # one request at a time per thread under WSGI

MAX_ATTEMPTS = 12  # with the waits below, about 20 hours of trying
FIRST_WAIT = timedelta(minutes=1)  # doubled after each failure…
LONGEST_WAIT = timedelta(hours=6)  # …up to this
# How long one attempt owns a message: no other sender takes it meanwhile. Far longer than
# one delivery can take with EMAIL_TIMEOUT bounding each exchange with the server.
LEASE = timedelta(minutes=5)
KEEP_SENT = timedelta(days=7)
KEEP_GIVEN_UP = timedelta(days=30)
ERROR_CHARS = 300


def send(subject: str, body: str, to: Sequence[str], *, discreet: bool = False) -> None:
    """Send a plain-text email from DEFAULT_FROM_EMAIL to the addresses in `to`.

    `discreet`: whether the mail goes out must not show in the answer, not even in the work
    done while answering (a password reset asked for an address that may have no account).
    During a request such a mail is kept in memory and written down only if sending it
    after the answer fails; a worker that dies in between loses it, and the visitor asks again.
    """
    mail = models.OutgoingMail(subject=subject, body=body, recipients=list(to))
    kept: list[models.OutgoingMail] | None = getattr(_waiting, "messages", None)
    if discreet and kept is not None:
        kept.append(mail)
        return
    mail.next_attempt = timezone.now() + LEASE  # the sender below tries it first
    mail.save()
    if kept is not None:
        kept.append(mail)
    else:
        transaction.on_commit(lambda: _send_if_still_waiting(mail), robust=True)


@dataclass
class Run:
    """What one run of `send_due` did."""

    sent: int = 0
    retrying: int = 0
    given_up: int = 0
    purged: int = 0
    waiting: int = 0

    def summary(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} failed and will be retried, "
            f"{self.given_up} given up; {self.waiting} waiting; {self.purged} old records purged."
        )


def send_due(limit: int) -> Run:
    """Try each message whose next attempt has come, at most `limit` of them, then purge the
    records of mail sent more than KEEP_SENT ago and given up more than KEEP_GIVEN_UP ago.
    Runs may overlap: each message is taken by one of them only."""
    run = Run()
    for _ in range(limit):
        mail = _take_next()
        if mail is None:
            break
        status = _attempt(mail)
        if status == models.OutgoingMail.Status.SENT:
            run.sent += 1
        elif status == models.OutgoingMail.Status.PENDING:
            run.retrying += 1
        else:
            run.given_up += 1
    run.purged = _purge(timezone.now())
    run.waiting = models.OutgoingMail.objects.filter(
        status=models.OutgoingMail.Status.PENDING
    ).count()
    return run


@receiver(request_started)
def _start_keeping(**kwargs: object) -> None:
    _waiting.messages = []


@receiver(request_finished)
def _send_kept(**kwargs: object) -> None:
    kept: list[models.OutgoingMail] = getattr(_waiting, "messages", None) or []
    _waiting.messages = None
    if not kept:
        return
    # close_old_connections may have run first; a connection opened here is closed here.
    opened_here = connection.connection is None
    server_failed = False
    for mail in kept:
        try:
            if server_failed:
                _leave_for_later(mail)
            elif mail._state.adding or _take(mail):
                server_failed = _attempt(mail) == models.OutgoingMail.Status.PENDING
        except DatabaseError as error:  # a recorded message waits for send_pending_mail
            logger.warning(
                "Mail %s not sent, the database failing: %s", mail.pk or "(unrecorded)", error
            )
    if opened_here:
        connection.close()


def _send_if_still_waiting(mail: models.OutgoingMail) -> None:
    if _take(mail):
        _attempt(mail)


def _leave_for_later(mail: models.OutgoingMail) -> None:
    """After the mail server failed, the rest of a request's mail is left to
    send_pending_mail rather than held up by a server that is not answering."""
    if mail._state.adding:  # discreet: only in memory so far
        mail.next_attempt = timezone.now()
        mail.save()
    # A recorded message is tried once its lease has run out.


def _take(mail: models.OutgoingMail) -> bool:
    """Claim `mail` for one attempt, if it is still as this process left it: not rolled back
    (its row is gone), and not taken by send_pending_mail after its lease ran out."""
    lease = timezone.now() + LEASE
    taken = models.OutgoingMail.objects.filter(
        pk=mail.pk, status=models.OutgoingMail.Status.PENDING, next_attempt=mail.next_attempt
    ).update(next_attempt=lease)
    mail.next_attempt = lease
    return bool(taken)


def _take_next() -> models.OutgoingMail | None:
    """The next message due, claimed for one attempt: its next attempt moves a lease ahead,
    so that an overlapping run passes it by. On PostgreSQL an overlapping run skips the row
    while it is locked instead of waiting for it. SQLite has no row locks, and a transaction
    that reads and then writes fails when another run wrote in between; there each statement
    commits alone, and the conditional update lets only one run take the message."""
    while True:
        locks = connection.features.has_select_for_update_skip_locked
        with transaction.atomic() if locks else nullcontext():
            mail: models.OutgoingMail | None = (
                models.OutgoingMail.objects.due(timezone.now())
                .select_for_update(skip_locked=True)
                .order_by("next_attempt", "pk")
                .first()
            )
            if mail is None:
                return None
            if _take(mail):
                return mail


def _attempt(mail: models.OutgoingMail) -> str:
    """Send `mail` once and record how it went; returns its status afterwards. A discreet
    message that is sent leaves no record."""
    try:
        EmailMessage(mail.subject, mail.body, None, mail.recipients).send()
    except Exception as error:  # noqa: BLE001  SMTP, sockets, a header refused: the mail's failure
        _record_failure(mail, error)
        return mail.status
    mail.status = models.OutgoingMail.Status.SENT
    if not mail._state.adding:
        mail.attempts += 1
        mail.finished = timezone.now()
        mail.body = ""
        mail.save(update_fields=["status", "attempts", "finished", "body"])
    return mail.status


def _record_failure(mail: models.OutgoingMail, error: Exception) -> None:
    now = timezone.now()
    mail.attempts += 1
    mail.last_error = _describe(error, mail.recipients)
    # A message Django refuses to build (a newline in a header) fails the same way each time.
    if isinstance(error, ValueError) or mail.attempts >= MAX_ATTEMPTS:
        mail.status = models.OutgoingMail.Status.FAILED
        mail.finished = now
        mail.body = ""
    else:
        mail.next_attempt = now + _wait_after(mail.attempts)
    mail.save()
    if mail.status == models.OutgoingMail.Status.FAILED:
        logger.error(
            "Gave up on mail %s after %d attempt(s): %s", mail.pk, mail.attempts, mail.last_error
        )
    else:
        logger.warning(
            "Mail %s not sent (attempt %d of %d), next attempt at %s: %s",
            mail.pk,
            mail.attempts,
            MAX_ATTEMPTS,
            _clock(mail.next_attempt),
            mail.last_error,
        )


def _wait_after(attempts: int) -> timedelta:
    return min(FIRST_WAIT * (1 << (attempts - 1)), LONGEST_WAIT)  # doubled each time


def _describe(error: Exception, recipients: Sequence[str]) -> str:
    """The error on one line, without the addresses (moderators read it, and logs keep it)."""
    text = f"{type(error).__name__}: {error}"
    for address in recipients:
        text = text.replace(address, "<recipient>")
    line: str = models.one_line(text, ERROR_CHARS)
    return line


def _clock(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %Z")


def _purge(now: datetime) -> int:
    mail = models.OutgoingMail.objects
    sent = mail.finished_before(models.OutgoingMail.Status.SENT, now - KEEP_SENT)
    given_up = mail.finished_before(models.OutgoingMail.Status.FAILED, now - KEEP_GIVEN_UP)
    purged: int = sent.delete()[0] + given_up.delete()[0]
    return purged
