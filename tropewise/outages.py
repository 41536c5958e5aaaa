"""When the database cannot be reached: a short page that says so, never a traceback.

PostgreSQL restarting or failing over refuses connections and breaks open ones for a few
seconds. Requests caught in that window answer 503 with Retry-After, which browsers and
crawlers understand as "come back shortly", and the log says so once a minute rather than
a traceback a request. Django opens a new connection at the next request (CONN_HEALTH_CHECKS
drops a broken one first), so the site recovers by itself as soon as the database answers.
Kept pages never get here: they are answered from the cache without the database.
"""

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60.0

# What psycopg raises while the server is down or restarting (Django's wrappers of it), and
# for a query cancelled by the statement timeout: both pass, and deserve the same answer.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 page when the error is the database being out of reach."""
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    # Rendered without the request: its context processors would ask the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class QuietOutages(logging.Filter):
    """On django.request: while the database is unreachable, one line a minute says so,
    instead of one traceback a request."""

    def __init__(self) -> None:
        super().__init__()
        self.logged_at = -LOG_EVERY_SECONDS

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, DATABASE_UNAVAILABLE):
            return True
        now = time.monotonic()
        if now - self.logged_at < LOG_EVERY_SECONDS:
            return False
        self.logged_at = now
        record.msg = (
            "The database is unreachable (%s: %s): answering 503 until it is back. "
            "This is repeated once a minute at most."
        )
        record.args = (
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error) else "",
        )
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
