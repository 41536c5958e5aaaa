"""Rules every request meets before anything answers it: Django, or the replay of kept pages.

Each rule reads the WSGI environ alone, which costs next to nothing (the replay layer answers
kept pages without building a request), and returns None to let the request on, or the
answer to give instead. `apply_rules`, the first middleware, applies them to everything
Django answers; tropewise.serving.replay applies them before replaying a kept page and leaves
any request a rule answers to Django, which then gives that answer. A new request-side rule
(an address ban, a maintenance switch) goes in RULES, and so holds for kept pages too.

The host and scheme rules do what Django's request and SecurityMiddleware do, from the environ.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from wsgiref.types import WSGIEnvironment

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.request import split_domain_port, validate_host
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.encoding import escape_uri_path, iri_to_uri

from tropewise.serving import GetResponse


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str

    def response(self, request: HttpRequest) -> HttpResponse:
        return render(request, "400.html", {"message": self.message}, status=self.status)


@dataclass(frozen=True)
class Redirect:
    url: str

    def response(self, request: HttpRequest) -> HttpResponseBase:
        return HttpResponsePermanentRedirect(self.url)


# What a rule answers instead of letting a request on.
Answer = Refusal | Redirect


def known_host(environ: WSGIEnvironment) -> Answer | None:
    """Only the hosts in ALLOWED_HOSTS, checked as HttpRequest.get_host checks them."""
    domain, _ = split_domain_port(_host(environ))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if domain and validate_host(domain, allowed):
        return None
    return Refusal(400, "This site does not answer to that address.")


def no_nul_characters(environ: WSGIEnvironment) -> Answer | None:
    # PostgreSQL cannot store or compare text holding NUL: refused here, not as a 500 later.
    query = environ.get("QUERY_STRING", "")
    if "\x00" in environ.get("PATH_INFO", "") or "%00" in query or "\x00" in query:
        return Refusal(400, "Addresses cannot contain NUL characters (%00).")
    return None


def bounded_body(environ: WSGIEnvironment) -> Answer | None:
    # Refused by its declared length before a byte of it is read. A body sent without a
    # length is never read by Django at all.
    length = environ.get("CONTENT_LENGTH") or ""
    if length.isdigit() and int(length) > settings.MAX_REQUEST_BYTES:
        limit = filesizeformat(settings.MAX_REQUEST_BYTES)
        return Refusal(413, f"The request is larger than {limit}, the most this site accepts.")
    return None


def https_only(environ: WSGIEnvironment) -> Answer | None:
    """SECURE_SSL_REDIRECT, as SecurityMiddleware applies it."""
    if not settings.SECURE_SSL_REDIRECT or _is_secure(environ):
        return None
    path = _path(environ)
    if any(re.search(pattern, path.lstrip("/")) for pattern in settings.SECURE_REDIRECT_EXEMPT):
        return None
    query = environ.get("QUERY_STRING", "")
    full_path = escape_uri_path(path) + (f"?{iri_to_uri(query)}" if query else "")
    return Redirect(f"https://{settings.SECURE_SSL_HOST or _host(environ)}{full_path}")


# In order: the first rule that answers gives the answer.
RULES: list[Callable[[WSGIEnvironment], Answer | None]] = [
    known_host,
    no_nul_characters,
    bounded_body,
    https_only,
]


def first_answer(environ: WSGIEnvironment) -> Answer | None:
    """What a rule answers `environ` with (a Refusal or a Redirect), or None."""
    for rule in RULES:
        answer = rule(environ)
        if answer is not None:
            return answer
    return None


def apply_rules(get_response: GetResponse) -> GetResponse:
    """Middleware, first of all: the rules for every request Django answers."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        answer = first_answer(request.META)
        return get_response(request) if answer is None else answer.response(request)

    return middleware


def _host(environ: WSGIEnvironment) -> str:
    """The host HttpRequest.get_host would check."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return str(environ["HTTP_X_FORWARDED_HOST"])
    if "HTTP_HOST" in environ:
        return str(environ["HTTP_HOST"])
    host, port = environ.get("SERVER_NAME", ""), str(environ.get("SERVER_PORT", ""))
    return host if port == ("443" if _is_secure(environ) else "80") else f"{host}:{port}"


def _is_secure(environ: WSGIEnvironment) -> bool:
    """HttpRequest.is_secure, from the environ."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value: str | None = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


def _path(environ: WSGIEnvironment) -> str:
    """HttpRequest.path, from the environ."""
    path_info = get_path_info(environ) or "/"
    return f"{get_script_name(environ).rstrip('/')}/{path_info.replace('/', '', 1)}"
