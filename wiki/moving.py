"""Renaming pages and giving them other names.

A page is a row with a stable primary key: its history, what apps attach to it and
the redirects that point at it all refer to that key, so a move only changes the
page's name. The old name is kept as a redirect, which keeps every link,
bookmark and search result that used it working.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from wiki import freshness, markup
from wiki.models import Page, page_key
from wiki.revisions import credit


def move_page(
    page: Page, namespace: str, name: str, user: User, title: str | None = None, summary: str = ""
) -> Page:
    """Rename `page` to namespace/name, leaving a redirect under its old name.

    A page may move onto a name that only redirects to it (moving back after a
    move); any other page already there makes the move fail with ValidationError.
    """
    old_name = page.full_name
    new_name = f"{namespace}/{name}"
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        old_key = page.key
        occupant = (
            Page.objects.select_for_update()
            .filter(key=page_key(namespace, name))
            .exclude(pk=page.pk)
            .first()
        )
        if occupant is not None:
            if occupant.redirect_to_id != page.pk:
                raise ValidationError({"name": f"A page called {occupant} already exists."})
            credit(occupant, user, f"Replaced by moving {old_name} here").delete()
        page.namespace, page.name = namespace, name
        page.title = title or page.title
        page.full_clean()
        reason = f"Moved from {old_name} to {new_name}"
        credit(page, user, f"{reason}: {summary}" if summary else reason).save()
        freshness.page_renamed(page, old_key)
        if page.key != old_key:  # not just a change of capitals
            namespace, name = old_name.split("/")
            _leave_redirect(namespace, name, page, user, f"Moved to {new_name}")
    return page


def add_alias(page: Page, namespace: str, name: str, user: User) -> tuple[Page, Page]:
    """Make namespace/name redirect to `page`, or to the page it redirects to.

    Returns the alias and the page it points at, which differs from `page`
    when `page` was itself a redirect: chains are resolved, never built.
    """
    target = resolve(page)
    if target is None:
        raise ValidationError("That page's redirects never reach a page.")
    with transaction.atomic():
        alias = _leave_redirect(namespace, name, target, user, f"Redirect to {target}")
    return alias, target


def resolve(page: Page) -> Page | None:
    """The page that `page`'s redirects end at, or None if they loop or end nowhere."""
    chain = page.redirect_chain()
    if not chain:
        return page
    final = Page.objects.get(pk=chain[-1])
    return None if final.redirect_to_id else final


def _leave_redirect(namespace: str, name: str, target: Page, user: User, reason: str) -> Page:
    title = markup.split_wikiword(name)
    alias = Page(namespace=namespace, name=name, title=title, redirect_to=target)
    alias.full_clean()
    credit(alias, user, reason).save()
    return alias
