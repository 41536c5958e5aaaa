"""The red links of a page, read from the link table only if the page shows a wiki link.

Whether a link is red depends on other pages (wiki.markup.mark_missing marks them), so it is
read for each render, one query on the link table. Most pages of the real data set show no
wiki link at all (their examples only name their work or trope, linked by the list itself):
they never need to ask.
"""

from wiki.models import Page


class RedLinks:
    """The lower-cased keys `page` links to that no page has: `key in red_links`, asked by
    mark_missing for each wiki link it meets, reads them the first time."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._keys: set[str] | None = None

    def __contains__(self, key: object) -> bool:
        if self._keys is None:
            self._keys = self.page.missing_link_keys()
        return key in self._keys
