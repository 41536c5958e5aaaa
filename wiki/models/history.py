"""Revisions as simple-history records them, with an index to find one page's revisions."""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords


class Revisions(HistoricalRecords):  # type: ignore[misc]
    """simple-history's records, their table indexed by the record and the revision: an edit
    reads its page's latest revision under the page's lock, and a page's history its
    revisions in order, without reading and sorting every revision the page ever had (a
    page edited daily has thousands)."""

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        meta: dict[str, Any] = super().get_meta_options(model)
        revisions = models.Index(
            fields=[model._meta.pk.name, "history_id"], name=f"{model._meta.db_table}_revisions"
        )
        meta["indexes"] = (*meta.get("indexes", ()), revisions)
        return meta


class ImportedAuthor(models.Model):
    """A page revision brought from another wiki keeps its author's name there, which names
    no account here: a name is not an identity, and another person may hold it on this wiki.
    Empty for every revision made on this wiki."""

    imported_author = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def author_label(self) -> str:
        """Who made the revision, as histories show it: a member's handle, "Imported: Name"
        for a revision brought from another wiki, or "" when nobody is known."""
        if self.history_user_id:  # type: ignore[attr-defined]
            return str(self.history_user)  # type: ignore[attr-defined]
        return f"Imported: {self.imported_author}" if self.imported_author else ""
