"""The Markdown editor's live preview (django-markdownx calls `render_preview`)."""

from wiki import markup
from wiki.models import Page


def render_preview(source):
    """The page's own rendering of `source`, with red links marked (one query)."""
    keys = {target.lower() for target in markup.links(source)}
    existing = set(Page.objects.filter(key__in=keys).values_list("key", flat=True))
    return markup.mark_missing(markup.render(source), keys - existing)
