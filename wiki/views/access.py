"""Finding the page an action is about, and whether the user may act on it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from accounts import access, roles
from wiki import kinds, moderation, moving
from wiki.models import Page

# The permissions of actions that change a page itself (edit, revert, move, other names).
CHANGES = (roles.EDIT, roles.EDIT_LIVE)


def page_for(request, namespace, name, permission=None, never_held=False):
    """The page at namespace/name, its kind's record joined, for an action needing `permission`.

    Raises Http404 if there is no such page, and PermissionDenied with the reason if the user
    may not act: their role or a ban forbids `permission`, or the action is `never_held` for
    review (moves, other names) and the page's protection would hold their changes.
    """
    page = Page.objects.by_key(namespace, name).select_related(*kinds.related()).first()
    if page is None:
        raise Http404("No such page.")
    if permission is not None:
        access.check(request.user, permission)
    if permission in CHANGES and kinds.frozen(page):
        raise PermissionDenied(kinds.frozen(page))
    if never_held and not moderation.goes_live(request.user, page):
        raise PermissionDenied(
            f"{page} is locked: only moderators can move or rename it, or give it other names."
        )
    return page


def to_redirect_target(page, viewname):
    """Send an action on a redirect to the same action on the page it leads to.

    307 keeps the method and body, so a form opened before the page moved
    still saves, onto the page under its new name.
    """
    target = moving.resolve(page)
    if target is None:
        raise Http404("This redirect never reaches a page.")
    return HttpResponseRedirect(reverse(viewname, args=[target.namespace, target.name]), status=307)
