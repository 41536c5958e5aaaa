"""Index pages: a page of kind "index" gathers the tropes its text links to.

A trope belongs to every index that links to it, so membership is edited by
editing the index, and the trope page lists its indexes from the link table.
"""

from wiki import kinds
from wiki.models import Page


def present_index(request, page):
    linked = page.outgoing_links.filter(origin="").values("to_key")
    members = Page.objects.filter(key__in=linked, kind=Page.Kind.TROPE).order_by("title")
    return "wiki/index_page.html", {"members": list(members.only("namespace", "name", "title"))}


kinds.register(Page.Kind.INDEX, kinds.Kind(presenter=present_index))
