"""A member's own copy of a page, replayed before Django runs.

tropewise.serving.members fills in what members like one another share with one member's
own parts, a few queries each time. Where stamps are published (Redis), the page so filled is
also kept for that member: under their own stamp (wiki.own_stamps) and with the page's stamp,
cut where their CSRF token goes. The replay layer (tropewise.serving.replay) then answers
their next request for it without Django, headers and all, with a fresh mask of the secret in
their own CSRF cookie, while both stamps are still current: a vote, a follow, a notice, a new
role, signing out, a new password, anything that changes what pages show of them alone gives
them a new own stamp, as any change to a page gives it a new stamp.

Which member a session is, Django reads from the database; it is kept beside the session's
key (hashed) for at most SESSION_CHECK_SECONDS, after which Django reads it again. Signing out
and a new password end a session's replays at once (a new own stamp); a session that ends
any other way (it expired, an administrator deleted it) within SESSION_CHECK_SECONDS.
"""

import hashlib
import re
import time
from typing import Any, NamedTuple
from wsgiref.types import WSGIEnvironment

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse, parse_cookie
from django.middleware.csrf import get_token

from tropewise.serving import requestid, rules, stamps
from tropewise.serving.pagecache import canonical_query, kept_match, release
from wiki.memory import ByteBoundedCache
from wiki.models import page_key
from wiki.own_stamps import OwnStamp, member_key

# Set on a member's filled page for the replay layer, which removes it:
# "<copy key> <page stamp> <seconds> <CSRF token in the body>".
MARK_HEADER = "X-Keep-For-Member"
# The longest the replay layer trusts what it last read of a session.
SESSION_CHECK_SECONDS = 300
# A member's copy is kept no longer than this: there are many, each read by one member.
OWN_COPY_SECONDS = 3600
# A CSRF cookie as Django sets it (the secret itself): anything else goes to Django.
CSRF_SECRET = re.compile(r"[a-zA-Z0-9]{32}")


class MemberSession(NamedTuple):
    """Whose a session is, their own stamp when that was read, and until when it is trusted."""

    user_id: int
    own_stamp: int
    until: float


class OwnCopy(NamedTuple):
    """A page as one member is shown it: the page's stamp, the answer's body cut where the
    CSRF token goes, and the answer's headers."""

    stamp: int
    pieces: list[bytes]
    headers: list[tuple[str, str]]


def session_key(session_id: str) -> str:
    # Hashed: what Redis holds must not sign anyone in.
    return f"session:{hashlib.blake2b(session_id.encode(), digest_size=16).hexdigest()}"


def copy_key(user_id: int, own_stamp: int, page: str, path: str, query: str) -> str:
    address = hashlib.blake2b(f"{path}\n{query}".encode(), digest_size=16).hexdigest()
    return f"own:{release()}:{user_id}:{own_stamp}:{page}:{address}"


def offer(
    request: HttpRequest,
    response: HttpResponse,
    kept_at: tuple[str, int, int],
    token: str | None,
) -> None:
    """Mark `response`, the member's page filled in with `token`, for the replay layer to
    keep, and say whose the session is; where stamps are published. `kept_at`: the page's
    key, its stamp as filled in, and how long its copies are kept."""
    page, stamp, seconds = kept_at
    session_id = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    user: Any = request.user  # signed in: accounts' User
    member = member_key(user.pk)
    if (
        not settings.PAGE_STAMPS_SHARED
        or request.method != "GET"
        or response.status_code != 200
        or token is None  # no form on the page: nothing a fresh token would go in
        or session_id is None
        or session_id != request.session.session_key  # a new one is on its way out
        or not stamps.published(member)
    ):
        return
    own_stamp = user.own_stamp
    until = time.time() + SESSION_CHECK_SECONDS
    shared_cache.set(
        session_key(session_id), MemberSession(user.pk, own_stamp, until), SESSION_CHECK_SECONDS
    )
    stamps.share(OwnStamp(member, own_stamp))
    key = copy_key(user.pk, own_stamp, page, request.path_info, request.META["QUERY_STRING"])
    response[MARK_HEADER] = f"{key} {stamp} {min(seconds, OWN_COPY_SECONDS)} {token}"


def keep(environ: WSGIEnvironment, headers: list[tuple[str, str]], body: bytes, mark: str) -> None:
    """Keep the member's page the replay layer was given with `mark`, when nothing in its
    answer is the session's alone but the CSRF token: no cookie is set but the CSRF cookie
    the request already carried, renewed."""
    key, stamp, seconds, token = mark.split()
    secret = parse_cookie(environ.get("HTTP_COOKIE", "")).get(settings.CSRF_COOKIE_NAME, "")
    renewal = f"{settings.CSRF_COOKIE_NAME}={secret};"
    kept_headers = []
    for name, value in headers:
        if name.lower() == "set-cookie":
            if not (CSRF_SECRET.fullmatch(secret) and value.lstrip().startswith(renewal)):
                return
        elif name not in (MARK_HEADER, requestid.HEADER):
            kept_headers.append((name, value))
    copy = OwnCopy(int(stamp), body.split(token.encode()), kept_headers)
    shared_cache.set(key, copy, int(seconds))
    _recent.put(key, copy)


def answer(environ: WSGIEnvironment) -> tuple[list[tuple[str, str]], bytes] | None:
    """The headers and body of the member's own copy of the page asked for, with a fresh
    token, if it may be replayed now; None when Django is to answer."""
    if not settings.PAGE_STAMPS_SHARED or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    match = kept_match(path)
    if match is None or not match.route.shows_page:
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    session_id = cookies.get(settings.SESSION_COOKIE_NAME)
    secret = cookies.get(settings.CSRF_COOKIE_NAME, "")
    if not session_id or "messages" in cookies or not CSRF_SECRET.fullmatch(secret):
        return None  # a message to show, or a token Django must set first
    query = canonical_query(match.route, environ.get("QUERY_STRING", ""))
    if query is None or rules.first_answer(environ) is not None:
        return None
    page = page_key(match.kwargs["namespace"], match.kwargs["name"])
    key = session_key(session_id)
    # What this process read of the session last, then (if that is out of date: the member
    # has a new own stamp since) what the shared cache holds now.
    for session in (_sessions.get(key), _shared_session(key)):
        if session is not None and session.until > time.time():
            kept = _own_copy(session, page, path, query)
            if kept is not None:
                return kept.headers, _masked(secret).encode().join(kept.pieces)
    return None


def _own_copy(session: MemberSession, page: str, path: str, query: str) -> OwnCopy | None:
    """The session's member's copy of the page at this address, if both stamps are current."""
    member = member_key(session.user_id)
    if not (stamps.published(page) and stamps.published(member)):
        return None  # a stamp in the shared cache may be old: Django reads the database's
    key = copy_key(session.user_id, session.own_stamp, page, path, query)
    kept = _recent.get(key)
    names = [stamps.cache_key(page), stamps.cache_key(member), *([] if kept else [key])]
    found = shared_cache.get_many(names)
    kept = kept or found.get(key)
    shown, own = found.get(names[0]), found.get(names[1])
    if (
        kept is None
        or shown is None
        or own is None
        or own.shown_stamp != session.own_stamp
        or kept.stamp != shown.shown_stamp
    ):
        return None
    _recent.put(key, kept)
    return kept


def _shared_session(key: str) -> MemberSession | None:
    session: MemberSession | None = shared_cache.get(key)
    if session is not None:
        _sessions.put(key, session)
    return session


def _masked(secret: str) -> str:
    """A CSRF token for the secret, masked anew as Django masks one for each answer."""
    request = HttpRequest()
    request.META["CSRF_COOKIE"] = secret
    return get_token(request)


# What this process read last: the pages members were shown, and whose their sessions are.
# Either is checked against the stamps each time, as what the shared cache holds is.
_recent: ByteBoundedCache[str, OwnCopy] = ByteBoundedCache(
    settings.REPLAY_MEMORY_BYTES, sizeof=lambda copy: sum(map(len, copy.pieces))
)
_sessions: ByteBoundedCache[str, MemberSession] = ByteBoundedCache(
    1024 * 1024, sizeof=lambda session: 200
)
