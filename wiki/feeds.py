"""Atom feeds of changes. Spoilers show as "[spoiler]": feed readers cannot hide them."""

from collections import defaultdict

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from wiki import markup, revisions
from wiki.models import Page

ITEMS = 50
SPOILER = "[spoiler]"


# What a revision's excerpt is made from, which histories read only the length of.
TEXT_FIELDS = ("body", "text")


def with_texts(entries):
    """The entries, their revisions' texts read in one query for each kind of revision."""
    by_model = defaultdict(list)
    for entry in entries:
        by_model[type(entry.record)].append(entry.record)
    for model, records in by_model.items():
        deferred = [name for name in TEXT_FIELDS if name in records[0].get_deferred_fields()]
        if deferred:
            ids = [record.history_id for record in records]
            texts = model.objects.filter(history_id__in=ids).values_list("history_id", *deferred)
            found = {history_id: values for history_id, *values in texts}
            for record in records:
                for name, value in zip(deferred, found[record.history_id], strict=True):
                    setattr(record, name, value)
    return entries


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Tropewise: recent changes"
    subtitle = "Every edit across the wiki, newest first."

    def link(self):
        return reverse("wiki:changes")

    def items(self):
        return with_texts(revisions.recent_changes(ITEMS).entries)

    def item_title(self, entry):
        title = getattr(entry.record, "title", None) or entry.about
        return f"{title}: {entry.change} {'' if entry.is_page else entry.about}".strip()

    def item_description(self, entry):
        summary = entry.record.history_change_reason or "(no summary)"
        text = getattr(entry.record, "body", None) or getattr(entry.record, "text", "")
        excerpt = markup.plain_text(text, limit=300, spoiler_mark=SPOILER)
        return f"{markup.plain_text(summary, spoiler_mark=SPOILER)} — {excerpt}"

    def item_link(self, entry):
        return entry.diff_url

    def item_guid(self, entry):
        return f"{entry.record._meta.model_name}-{entry.record.history_id}"

    item_guid_is_permalink = False

    def item_author_name(self, entry):
        return entry.author or "anonymous"

    def item_updateddate(self, entry):
        return entry.record.history_date

    def item_pubdate(self, entry):
        return entry.record.history_date


class PageHistoryFeed(ChangesFeed):
    def get_object(self, request, namespace, name):
        return get_object_or_404(Page.objects.by_key(namespace, name))

    def title(self, page):
        return f"Tropewise: history of {page.title}"

    def subtitle(self, page):
        return f"Every change to {page.title} and its examples."

    def link(self, page):
        return reverse("wiki:history", args=[page.namespace, page.name])

    def items(self, page):
        return with_texts(revisions.timeline(page, ITEMS).entries)
