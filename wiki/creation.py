"""Creating a page: the page, its kind's own record, and their first revisions, at once."""

from django.db import transaction

from wiki import kinds
from wiki.models import Page

SUMMARY = "Created the page"


def create_page(namespace, name, title, kind, user):
    """Create and return a page of `kind`, starting from the kind's skeleton."""
    kind_info = kinds.get(kind)
    page = Page(namespace=namespace, name=name, title=title, kind=kind, body=kind_info.skeleton)
    page.full_clean()
    with transaction.atomic():
        _credit(page, user)
        page.save()
        if kind_info.on_create:
            _credit(kind_info.on_create(page), user).save()
    return page


def _credit(instance, user):
    instance._history_user = user
    instance._change_reason = SUMMARY
    return instance
