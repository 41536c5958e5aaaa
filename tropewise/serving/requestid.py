"""A request id for every request: in each log line written while it is answered, and sent
back in the answer's X-Request-ID header, so that a reader's report or a balancer's log leads
to the lines of that request.

A balancer or proxy in front may send its own X-Request-ID: a sane one (at most 128 of
A-Z a-z 0-9 - _ .) is kept, so one id follows the request from its log to ours; anything else
is replaced by a new one, so that no client can write arbitrary text into the logs.

`wsgi` sets the id around the whole application, replay layer included, so kept pages
replayed before Django runs carry one too; `middleware`, the outermost of Django's, sets it
where nothing wraps Django (the test client). `RequestIdFilter` puts it on log records, as
`request_id`, for the log format (LOG_FORMAT in the settings).
"""

import logging
import re
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from tropewise.serving import GetResponse

if TYPE_CHECKING:
    from _typeshed import OptExcInfo

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,128}")
_ENVIRON_KEY = "tropewise.request_id"  # where the id is kept once given, for the layers inside

current: ContextVar[str | None] = ContextVar("request_id", default=None)


def of(environ: WSGIEnvironment) -> str:
    """The request's id: the one it was already given, the sane one it came with, or a new
    one. `environ` may be a request's META."""
    request_id: str | None = environ.get(_ENVIRON_KEY)
    if request_id is None:
        incoming = str(environ.get("HTTP_X_REQUEST_ID", ""))
        request_id = incoming if _SANE.fullmatch(incoming) else uuid.uuid4().hex
        environ[_ENVIRON_KEY] = request_id
    return request_id


def wsgi(application: WSGIApplication) -> WSGIApplication:
    """WSGI middleware, outermost: the id for everything the application logs while it
    answers, and in the header of every answer, whoever gives it."""

    def with_request_id(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request_id = of(environ)

        def start(
            status: str, headers: list[tuple[str, str]], exc_info: "OptExcInfo | None" = None
        ) -> Callable[[bytes], object]:
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            return start_response(status, [*headers, (HEADER, request_id)], exc_info)

        token = current.set(request_id)
        try:
            return application(environ, start)
        finally:
            current.reset(token)

    return with_request_id


def middleware(get_response: GetResponse) -> GetResponse:
    """Django middleware, outermost: the id for Django's log lines and in the answer."""

    def with_request_id(request: HttpRequest) -> HttpResponseBase:
        request_id = of(request.META)
        # Not reset on the way out: Django logs an error answer after the middleware has
        # returned it. `wsgi` ends it with the request; elsewhere the next request sets its own.
        current.set(request_id)
        response = get_response(request)
        response[HEADER] = request_id
        return response

    return with_request_id


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request being answered (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
