"""Stamps published in the shared cache, against the database (an integrity check).

A published stamp that is not the database's lets a kept copy outlive its page: a change
made while the cache did not answer, or a page deleted then, leaves the old stamp there
until it expires. So do members' own stamps (wiki.own_stamps), for their own copies. The
repair deletes such stamps; readers then read the database's, and publish it again.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from redis import RedisError

from tropewise.serving.stamps import cache_key
from wiki import integrity, own_stamps
from wiki.freshness import ShownPage
from wiki.integrity import Batch, Check, Problem, Unavailable, in_batches
from wiki.models import Page


class PublishedStamps(Check):
    name = "published-stamps"
    description = (
        "stamps published in the shared cache (PAGE_STAMPS_SHARED), against the database's; "
        "with Redis, stamps of pages that are gone too"
    )

    def skipped(self) -> str | None:
        return None if settings.PAGE_STAMPS_SHARED else "stamps are not shared (no Redis)"

    def scan(self, size: int) -> Iterator[Batch]:
        try:
            yield from self._scan(size)
        except (RedisError, OSError) as error:
            raise Unavailable(f"the shared cache does not answer ({error})") from error

    def _scan(self, size: int) -> Iterator[Batch]:
        pages = Page.objects.values("pk", "key")
        for chunk in in_batches(pages, size):
            keys = [cache_key(row["key"]) for row in chunk]
            yield Batch(len(chunk), _wrong(keys, _published(keys)))
        # Stamps at keys no page answers at are found only by listing the cache's keys;
        # members' own stamps (wiki.own_stamps) are listed beside them.
        listed = _listed_keys()
        members = [key for key in listed if own_stamps.is_member_key(_page_key(key))]
        listed = [key for key in listed if key not in set(members)]
        for start in range(0, len(listed), size):
            keys = listed[start : start + size]
            answered = set(
                Page.objects.filter(key__in=[_page_key(key) for key in keys]).values_list(
                    "key", flat=True
                )
            )
            gone = [key for key in keys if _page_key(key) not in answered]
            yield Batch(len(keys), _wrong(gone, _published(gone)))
        for start in range(0, len(members), size):
            keys = members[start : start + size]
            yield Batch(len(keys), _wrong(keys, _published(keys), _differing_members))

    def repair(self, problems: list[Problem]) -> None:
        try:
            _shared().delete_many([problem.subject for problem in problems])
        except (RedisError, OSError) as error:
            raise Unavailable(f"the shared cache does not answer ({error})") from error


def _shared() -> Any:
    """The shared cache, with its errors raised where it hides them from requests: a stamp
    read as missing because Redis did not answer is no stamp found right."""
    return getattr(cache, "raising", cache)


def _published(keys: list[str]) -> dict[str, Any]:
    return _shared().get_many(keys) if keys else {}


def _wrong(
    keys: list[str],
    published: dict[str, Any],
    differing: Callable[[dict[str, Any]], list[str]] | None = None,
) -> list[Problem]:
    """The published stamps at `keys` the database disagrees with (pages', unless told
    `differing`). A stamp differing on the first read is read again, with the database's,
    before it is called wrong: a change committed between the two reads publishes a newer
    stamp, which is right."""
    differing = differing or _differing
    suspects = differing(published)
    if suspects:
        suspects = differing(_published(suspects))
    return [
        Problem(f"{_page_key(key)}: published stamp is not the database's", key)
        for key in keys
        if key in suspects
    ]


def _differing(published: dict[str, Any]) -> list[str]:
    if not published:
        return []
    by_key = {cache_key(row[0]): ShownPage._make(row) for row in _shown(published)}
    return [key for key, shown in published.items() if by_key.get(key) != shown]


def _differing_members(published: dict[str, Any]) -> list[str]:
    ids = {key: own_stamps.member_id(_page_key(key)) for key in published}
    own = dict(get_user_model().objects.filter(pk__in=ids.values()).values_list("pk", "own_stamp"))
    return [
        key
        for key, member in ids.items()
        if member is None or own.get(member) != getattr(published[key], "shown_stamp", None)
    ]


def _shown(published: dict[str, Any]) -> list[tuple[Any, ...]]:
    keys = [_page_key(key) for key in published]
    return list(Page.objects.filter(key__in=keys, redirect_to=None).values_list(*ShownPage._fields))


def _page_key(stamp_key: str) -> str:
    return stamp_key.removeprefix(cache_key(""))


def _listed_keys() -> list[str]:
    """The stamp keys in the shared cache (without the cache's own prefix), where the cache
    is a Redis one that can list them; [] otherwise."""
    # Django's Redis client, which raises what the cache itself would hide.
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is None:
        return []
    full_prefix = cache.make_key(cache_key(""))
    own_prefix = full_prefix.removesuffix(cache_key(""))
    pattern = "".join(f"\\{c}" if c in "*?[]\\" else c for c in full_prefix) + "*"
    # SCAN, not KEYS: it walks the key space a slice at a time and never blocks Redis.
    listed = client().scan_iter(match=pattern, count=1000)
    names = (key.decode() if isinstance(key, bytes) else str(key) for key in listed)
    return sorted({name.removeprefix(own_prefix) for name in names})


def register() -> None:
    integrity.register(PublishedStamps())
