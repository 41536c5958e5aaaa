"""Index pages: a page of kind "index" gathers the pages its text links to.

Only pages of the kinds registered as listed on indexes (see wiki.kinds) are gathered. A
page belongs to every index that links to it, so membership is edited by editing the
index, and a page shows its indexes from the link table.
"""

from wiki import kinds
from wiki.models import Page


def present_index(request, page):
    linked = page.outgoing_links.filter(origin="").values("to_key")
    members = Page.objects.filter(key__in=linked, kind__in=kinds.listed_on_indexes())
    # With what marks them in the list (a YMMV trope's icon, say), in the same query.
    return "wiki/index_page.html", {"members": list(kinds.with_badges(members.order_by("title")))}


kinds.register(kinds.INDEX, kinds.KindHooks(label="Index", presenter=present_index))
