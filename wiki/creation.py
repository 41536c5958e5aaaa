"""Creating a page: the page, its kind's own record, and their first revisions, at once."""

from django.db import transaction

from accounts.models import User
from wiki import kinds
from wiki.models import Page
from wiki.revisions import credit

SUMMARY = "Created the page"


def create_page(namespace: str, name: str, title: str, kind: str, user: User) -> Page:
    """Create and return a page of `kind`, starting from the kind's skeleton."""
    hooks = kinds.get(kind)
    page = Page(namespace=namespace, name=name, title=title, kind=kind, body=hooks.skeleton)
    page.full_clean()
    with transaction.atomic():
        credit(page, user, SUMMARY).save()
        if hooks.on_create:
            credit(hooks.on_create(page), user, SUMMARY).save()
    return page
