"""Lists read a screen at a time by key, never by OFFSET: the thousandth screen costs what the
first does. A screen's `next` link carries an opaque cursor naming where it stopped; a cursor
no link of ours made is refused with 400, never read.

Three kinds of list use it: rows ordered by fields that are unique together (`Keyset`),
timelines of revisions (their own cursors, wiki.revisions.Cursor), and search results, which
are ranked and so read by position within the best COUNT_LIMIT (`offset`).
"""

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from wiki import revisions

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
LONGEST_CURSOR = 400  # characters: a cursor of ours names a few short values
LONGEST_KEY = 200  # characters of a text in a cursor: a page's key, a character's name
_NUMBER = re.compile(r"[0-9]{1,4}")  # ASCII digits: int() reads other scripts' too


def limit(request: Request, default: int = DEFAULT_LIMIT, most: int = MAX_LIMIT) -> int:
    """The screen's size asked for with ?limit=, from 1 to `most`."""
    raw = request.query_params.get("limit")
    if raw is None or raw == "":
        return default
    if not _NUMBER.fullmatch(raw) or not 1 <= int(raw) <= most:
        raise ValidationError({"limit": f"A whole number from 1 to {most}."})
    return int(raw)


def encode(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


def decode(request: Request, types: Sequence[type]) -> list[Any] | None:
    """The values of the ?cursor= given, one of each of `types`, or None without one."""
    raw = request.query_params.get("cursor")
    if raw is None or raw == "":
        return None
    try:
        if len(raw) > LONGEST_CURSOR:
            raise ValueError(raw)
        values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(types):
        raise _bad_cursor()
    if not all(_fits(value, kind) for value, kind in zip(values, types, strict=True)):
        raise _bad_cursor()
    return values


def _fits(value: Any, kind: type) -> bool:
    """Whether `value` may be a key of type `kind` in a query: an int of a 64-bit column (a
    bool is an int to Python, and no key of ours), a text the database can compare."""
    if type(value) is not kind:
        return False
    if kind is int:
        return bool(0 <= value < 2**63)
    return len(value) <= LONGEST_KEY and "\x00" not in value


def _bad_cursor() -> ValidationError:
    return ValidationError({"cursor": "This cursor names no place in this list: start again."})


def next_url(request: Request, cursor: str | None) -> str | None:
    """The address of the next screen: this one's, its cursor replaced. On the site's own
    address (SITE_URL), never the host the request names."""
    if cursor is None:
        return None
    query = {key: value for key, value in request.query_params.items() if key != "cursor"}
    query["cursor"] = cursor
    return f"{settings.SITE_URL}{request.path}?{urlencode(query)}"


@dataclass(frozen=True)
class Keyset:
    """Rows in the order of `fields`, which are unique together, each of the type in `types`
    (a field through a relation is named as in a lookup: "page__key")."""

    fields: tuple[str, ...]
    types: tuple[type, ...]

    def screen(
        self, request: Request, rows: QuerySet[Any], size: int
    ) -> tuple[list[Any], str | None]:
        """The screen of `rows` after the request's cursor, and the cursor after it (None at
        the end): one query, `size + 1` rows."""
        after = decode(request, self.types)
        if after is not None:
            rows = rows.filter(self._beyond(after))
        found = list(rows.order_by(*self.fields)[: size + 1])
        shown = found[:size]
        more = len(found) > size
        return shown, encode(self._values(shown[-1])) if more else None

    def _beyond(self, after: list[Any]) -> Q:
        """Rows after `after` in the order of the fields: (a, b) > (x, y)."""
        beyond = Q()
        for place, field in enumerate(self.fields):
            equal = dict(zip(self.fields[:place], after, strict=False))
            beyond |= Q(**equal, **{f"{field}__gt": after[place]})
        return beyond

    def _values(self, row: Any) -> list[Any]:
        values = []
        for field in self.fields:
            value = row
            for part in field.split("__"):
                value = value[part] if isinstance(value, dict) else getattr(value, part)
            values.append(value)
        return values


def timeline_cursor(request: Request) -> revisions.Cursor | None:
    """Where a screen of a timeline starts: after the cursor given, or at the newest."""
    raw = request.query_params.get("cursor")
    if raw is None or raw == "":
        return None
    try:
        return revisions.Cursor.parse(raw)
    except revisions.BadCursor:
        raise _bad_cursor() from None


def offset(request: Request, most: int) -> int:
    """How many results of a ranked list come before the screen asked for (at most `most`)."""
    values = decode(request, (int,))
    if values is None:
        return 0
    if values[0] >= most:
        raise _bad_cursor()
    return int(values[0])
