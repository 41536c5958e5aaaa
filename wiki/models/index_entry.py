"""The pages an index page lists, in its order: what the "Previous · Index · Next" bar of
each of them reads."""

from django.db import models

from wiki.models.page import Page


class IndexEntry(models.Model):
    """One page on an index, at its place in the index's list. Rebuilt whenever the index
    page is saved, from the bulleted links of its text."""

    index = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="index_entries")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="index_places")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["index", "position"]
        constraints = [
            models.UniqueConstraint(fields=["index", "page"], name="wiki_index_entry_once"),
            models.UniqueConstraint(fields=["index", "position"], name="wiki_index_entry_position"),
        ]

    def __str__(self):
        return f"{self.page} at {self.position} on {self.index}"
