"""Every email the site sends: sent once the answer has gone out, never while the visitor waits.

Sending while answering made the answer's time tell whether a mail went out (and so whether an
address belongs to a confirmed account), and let a slow mail server hold up the request. Mail
asked for during a request is kept until the request is finished (Django's `request_finished`,
sent when the server has written the whole answer); outside a request (the shell, a management
command) it is sent at once. A failure is logged, never raised: the visitor has had their
answer, and a header Django refuses (a newline in a subject) must not undo a moderator's
decision. `send` is the one door, so a persisted queue can replace what is behind it.
"""

import logging
import threading
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_waiting = threading.local()  # one request at a time per thread under WSGI


def send(subject: str, body: str, to: Sequence[str]) -> None:
    """Send a plain-text email from DEFAULT_FROM_EMAIL to the addresses in `to`."""
    message = EmailMessage(subject, body, None, to)
    kept = getattr(_waiting, "messages", None)
    if kept is None:
        _deliver(message)
    else:
        kept.append(message)


@receiver(request_started)
def _start_keeping(**kwargs: object) -> None:
    _waiting.messages = []


@receiver(request_finished)
def _send_kept(**kwargs: object) -> None:
    kept, _waiting.messages = getattr(_waiting, "messages", None) or [], None
    for message in kept:
        _deliver(message)


def _deliver(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # BadHeaderError, SMTP errors: nobody is left to show them to
        logger.exception("Could not send %r to %s", message.subject, message.to)
