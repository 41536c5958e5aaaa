from django.db import models


def link_keys(targets, own_key):
    """The keys of the pages that `targets` (page names as markup writes them) name, less the
    page they are written on (`own_key`): what that page links to."""
    return {target.lower() for target in targets} - {own_key}


class Link(models.Model):
    """One link from a page to a page name, which may not exist yet (a red link).

    `origin` says which part of the page makes the link: "" for the page's own
    markup, or a label chosen by the app that adds content to the page
    ("example:42"), so each part can be re-recorded on its own.
    """

    from_page = models.ForeignKey(
        "wiki.Page", on_delete=models.CASCADE, related_name="outgoing_links"
    )
    origin = models.CharField(max_length=40, blank=True)
    to_key = models.CharField(max_length=141, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_page", "origin", "to_key"], name="wiki_link_unique_per_origin"
            ),
        ]

    def __str__(self):
        return f"{self.from_page} → {self.to_key}"
