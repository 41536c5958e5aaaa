"""Finding the page an editing action is about."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wiki import kinds, moving
from wiki.models import Page


def get_editable_page(namespace, name):
    """The page at namespace/name, with its kind's record joined, or 404."""
    return get_object_or_404(
        Page.objects.select_related(*kinds.related()), key=f"{namespace}/{name}".lower()
    )


def to_redirect_target(page, viewname):
    """Send an action on a redirect to the same action on the page it leads to.

    307 keeps the method and body, so a form opened before the page moved
    still saves, onto the page under its new name.
    """
    target = moving.resolve(page)
    if target is None:
        raise Http404("This redirect never reaches a page.")
    return HttpResponseRedirect(
        reverse(viewname, args=[target.namespace, target.name]), status=307
    )
