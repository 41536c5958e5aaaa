"""Lists shown a numbered page at a time, never deeper than a cap.

Django's Paginator reads a page with OFFSET, which makes the database step over every row
before it: the cost grows with the page number. Lists paged by number therefore stop at a
fixed number of pages, whatever number a request names; what lies beyond is reached by
narrowing the list (a search, a namespace, a filter). Timelines are paged by key instead
(`wiki.revisions`).
"""

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A Paginator with no pages past `max_pages`: a number past them, like any number past
    the end, gives the last page; a malformed one the first."""

    def __init__(self, object_list, per_page, max_pages):
        super().__init__(object_list, per_page)
        self.max_pages = max_pages

    @property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)


def page_of(items, per_page, number, max_pages):
    """Page `number` (a query string's text, or None) of `items`, at most page `max_pages`."""
    return CappedPaginator(items, per_page, max_pages).get_page(number)
