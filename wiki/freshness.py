"""Knowing when what readers see of a page has changed.

Each page carries `shown_stamp`, a random number replaced whenever anything shown on it
changes: its own text, its examples and their ratings, the pages it links to appearing,
disappearing or being renamed, the pages linking to it. Cached copies of a page are keyed by
its stamp (wiki.readers), so replacing the stamp is the whole of invalidation: it happens in
the same transaction as the change, in the database every app server reads.
"""

import secrets

from django.db.models import Q, QuerySet
from django.utils import timezone


def new_stamp():
    # Random rather than counted: two concurrent changes can never end on the same stamp.
    return secrets.randbits(62)


def touch(pages):
    """Mark `pages` (a queryset or page ids) as showing something new."""
    from wiki.models import Page

    if not isinstance(pages, QuerySet):
        pages = Page.objects.filter(pk__in=list(pages))
    pages.update(shown_stamp=new_stamp(), shown_changed=timezone.now())


def touch_linking_to(keys):
    """Pages linking to any of `keys`, which have just appeared: their red links turn blue."""
    from wiki.models import Page

    touch(Page.objects.filter(pk__in=Page.objects.filter(
        outgoing_links__to_key__in=set(keys)).values("pk")))


def touch_neighbours(page, keys):
    """Everything that shows `page`'s name, title or existence, known by its `keys` (old and
    new, when it moves): pages linking to it, pages it links to (their backlinks show it)
    and the pages of the same name in other namespaces (their tabs)."""
    from wiki.models import Link, Page

    linked = Link.objects.filter(from_page=page.pk).values("to_key") if page.pk else []
    names = {key.partition("/")[2] for key in keys}
    touch(Page.objects.filter(
        Q(pk__in=Page.objects.filter(outgoing_links__to_key__in=set(keys)).values("pk"))
        | Q(key__in=linked) | Q(name_lower__in=names)
    ).exclude(pk=page.pk))
