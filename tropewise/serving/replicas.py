"""Read replicas: the reads of read-only requests go to the "replica" database.

Settings install both pieces only when DATABASE_REPLICA_URL is set. The middleware marks a
GET, HEAD or OPTIONS request as one that may read from the replica; the router sends its
reads there, and everything else to "default": writes, every query of a POST, reads inside
a transaction (they must see what it wrote), management commands and migrations.

A replica lags its primary by a moment, so a client that has just changed something reads
from the primary for REPLICA_LAG_SECONDS afterwards: an editor sees their own edit, a new
member their own account. The cookie saying so is signed and dated by the server, so that no
client can keep its reads on the primary by sending one of its own.
"""

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from tropewise.serving import GetResponse

REPLICA = "replica"
READ_PRIMARY_COOKIE = "read_primary"
READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")

# A context variable rather than a global: each thread and each async task serves its own
# request. Outside a request (commands, shells, worker threads) it stays False.
_replica_readable = ContextVar("replica_readable", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if _replica_readable.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both hold the same rows: an object read from either may point at one from the other.
        both = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        # The replica copies the primary's schema; it is never migrated itself.
        return db == DEFAULT_DB_ALIAS


def replica_reads(get_response: GetResponse) -> GetResponse:
    """Middleware: lets a read-only request read from the replica, and keeps a client on
    the primary for a few seconds after it changed something."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        read_only = request.method in READ_ONLY_METHODS
        token = _replica_readable.set(read_only and not _changed_just_now(request))
        try:
            response = get_response(request)
        finally:
            _replica_readable.reset(token)
        if not read_only and response.status_code < 400:
            response.set_signed_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                salt=READ_PRIMARY_COOKIE,
                max_age=settings.REPLICA_LAG_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    return middleware


def _changed_just_now(request: HttpRequest) -> bool:
    """Whether the server told this client, less than REPLICA_LAG_SECONDS ago, that it changed
    something: the cookie's signature and date are checked, not only its presence."""
    return (
        request.get_signed_cookie(
            READ_PRIMARY_COOKIE,
            default=None,
            salt=READ_PRIMARY_COOKIE,
            max_age=settings.REPLICA_LAG_SECONDS,
        )
        is not None
    )
