"""Pages' stamps in the shared cache, so that kept pages are answered without a query.

wiki.freshness gives a page a new stamp whenever anything it shows changes, and says so
once the change commits (`stamps_changed`, and `pages_forgotten` for keys no page answers
at any more). With a cache every app server shares (PAGE_STAMPS_SHARED: Redis), the new
stamps are published there. Until the commit every server keeps the old ones, which is
right: it is what they read in the database. A stamp is kept at most PAGE_STAMP_SECONDS,
the longest a copy can outlive its page when two changes to it commit at the same instant.
"""

from django.conf import settings
from django.core.cache import cache

from wiki.freshness import ShownPage, pages_forgotten, stamps_changed
from wiki.models import Page


def cache_key(page_key: str) -> str:
    return f"stamp:{page_key}"


def from_database(page_key: str) -> ShownPage | None:
    """The page's stamp and what a reader's headers need; None for a redirect."""
    row = (
        Page.objects.filter(key=page_key, redirect_to=None).values_list(*ShownPage._fields).first()
    )
    return None if row is None else ShownPage._make(row)


def share(shown: ShownPage) -> None:
    """Publish a stamp read from the database: added, not set, for a newer one published
    meanwhile must win."""
    cache.add(cache_key(shown.key), shown, settings.PAGE_STAMP_SECONDS)


def connect() -> None:
    stamps_changed.connect(_publish, dispatch_uid="tropewise.serving.stamps.publish")
    pages_forgotten.connect(_forget, dispatch_uid="tropewise.serving.stamps.forget")


def _publish(sender: object, shown: list[ShownPage], **kwargs: object) -> None:
    if settings.PAGE_STAMPS_SHARED and shown:
        cache.set_many({cache_key(page.key): page for page in shown}, settings.PAGE_STAMP_SECONDS)


def _forget(sender: object, keys: list[str], **kwargs: object) -> None:
    if settings.PAGE_STAMPS_SHARED and keys:
        cache.delete_many([cache_key(key) for key in keys])
