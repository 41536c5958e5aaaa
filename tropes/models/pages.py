"""Works and tropes: the records their pages keep beside them, and how tropes relate."""

from django.db import models
from simple_history.models import HistoricalRecords

from tropes.media import medium_label
from wiki.models import Page


class PageRecord(models.Model):
    """The fields a kind of page adds to its page, one to one, under the kind's name."""

    KIND = ""  # the page kind (Page.kind) each subclass holds the fields of

    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="%(class)s"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.page.title

    def get_absolute_url(self):
        return self.page.get_absolute_url()


class Work(PageRecord):
    """A film, series, novel… Its medium is its page's namespace."""

    KIND = "work"

    year = models.PositiveSmallIntegerField(null=True, blank=True)
    laconic = models.CharField(
        max_length=200, blank=True, help_text="The work in one line, for lists and previews."
    )

    history = HistoricalRecords()

    @property
    def medium(self):
        return self.page.namespace

    @property
    def medium_label(self):
        return medium_label(self.page.namespace)


class Trope(PageRecord):
    KIND = "trope"

    class Kind(models.TextChoices):
        # Which subpage of a work its examples go on (SubpageKind.accepts), besides what its
        # page and its place in lists show.
        TROPE = "trope", "Trope"
        YMMV = "ymmv", "YMMV trope"
        TRIVIA = "trivia", "Trivia trope"

    class ExampleRule(models.TextChoices):
        OPEN = "open", "Examples welcome"
        NONE = "none", "No examples: a definition only"
        APPROVAL = "approval", "Every new example waits for a moderator"
        TROPE_PAGE_ONLY = "trope_page_only", "Examples shown on the trope page only"

    laconic = models.CharField(
        max_length=200, blank=True, help_text="The trope in one line, for lists and previews."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TROPE)
    example_rule = models.CharField(
        "examples",
        max_length=20,
        choices=ExampleRule.choices,
        default=ExampleRule.OPEN,
        help_text="Set by moderators; shown to editors before they write an example.",
    )
    # Its latest wick check's share of correct uses and date (tropes.repair.wicks), shown on
    # its page without a query more. Not content: no revision of the trope records them.
    wick_correct = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    wick_checked = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["wick_correct", "wick_checked"])


def title_or_deleted(related):
    """The title of a historical record's work or trope, which may have been deleted since."""
    return related.page.title if related is not None else "a deleted page"


class TropeRelation(models.Model):
    """How one trope stands to another, stored once and shown from both sides."""

    class Kind(models.TextChoices):
        SUBTROPE = "subtrope", "is a subtrope of"
        RELATED = "related", "is related to"
        CONTRAST = "contrast", "contrasts with"
        VERSION = "version", "is a YMMV or trivia version of"

    trope = models.ForeignKey(Trope, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(Trope, on_delete=models.CASCADE, related_name="inverse_relations")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trope", "other"], name="tropes_relation_once"),
            models.CheckConstraint(
                condition=~models.Q(trope=models.F("other")), name="tropes_relation_two_tropes"
            ),
        ]

    def __str__(self):
        return f"{self.trope} {self.get_kind_display()} {self.other}"
