from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """What search reads for one page, as plain text without spoilers, kept by wiki.search.

    `vector` is the weighted full-text vector of the other fields on PostgreSQL;
    other databases leave it empty and search the text fields directly.
    """

    page = models.OneToOneField(
        "wiki.Page", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.CharField(max_length=200)
    aliases = models.TextField(blank=True)  # the titles of the redirects to the page
    summary = models.TextField(blank=True)  # a kind's one-liner about the page
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)  # what the page's kind shows on it besides its body
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title
