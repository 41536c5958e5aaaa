"""Examples, one trope in one work shown on both pages, and what readers add to them: votes and
context flags."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import RowNumber
from django.urls import get_script_prefix
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField

from tropes.hints import MAX_EXAMPLE_LIST_DEPTH, stored_hints
from tropes.models.pages import Trope, Work
from wiki import markup
from wiki.models import PageLink, Revisions, link_keys, normalize_markup

# One 5-star vote should not outrank twenty 4.8s: rankings pull each average
# towards the middle of the scale by a few imaginary votes.
PRIOR_VOTES, PRIOR_MEAN = 2, 3


def example_path(pk):
    """An example's own page, as reverse("tropes:example") gives it (a test holds them equal),
    without the URL resolver: its actions (vote, edit, report) are paths under it, and a page
    lists hundreds of examples."""
    return f"{get_script_prefix()}examples/{pk}"


def example_revision_path(history_id):
    """A revision of an example, as reverse("tropes:example_revision") gives it (a test holds
    them equal): a history lists fifty."""
    return f"{get_script_prefix()}examples/revisions/{history_id}"


def ranking_score(average, count):
    """The average rating pulled towards the middle by PRIOR_VOTES imaginary votes; written
    once for numbers and for query expressions (F("rating_average"), F("rating_count"))."""
    return (average * count + PRIOR_MEAN * PRIOR_VOTES) / (count + PRIOR_VOTES)


# What an example's pages are not read for when it is shown: their texts, which may be
# hundreds of kilobytes each, where the title and address are all a listing needs.
PAGE_TEXTS = ("body", "body_html", "quote", "quote_html")


def with_page_titles(records, *pages):
    """`records` joined with their `pages` (paths to wiki pages, "trope__page"), whose titles
    and addresses are read but not their texts (PAGE_TEXTS)."""
    return records.select_related(*pages).defer(
        *(f"{page}__{field}" for page in pages for field in PAGE_TEXTS)
    )


@dataclass(slots=True)
class ListedExample:
    """An example as a list of them shows it, naming the page it is listed with (the trope
    on a work's page, the work on a trope's): read as values, not as models, since a page
    lists hundreds and making three models of each row cost five times the rest of the read."""

    pk: int
    trope_id: int
    work_id: int
    text_html: str
    rating_count: int
    rating_average: float
    played: str
    context_flags: int  # members who flagged it as lacking context, shown to editors
    subject: PageLink
    trope_kind: str = "trope"  # where the subject is the trope: its kind, shown by an icon
    my_vote: int | None = None  # the reader's, where a presenter reads it
    # Where the subject is the work: the character the example is about (its name, and
    # whether that is a spoiler), or the installment (its recap page, titled by its label).
    character_name: str | None = None
    character_hidden: bool = False
    installment: PageLink | None = None

    FIELDS = (
        "pk",
        "trope_id",
        "work_id",
        "text_html",
        "rating_count",
        "rating_average",
        "played",
        "context_flags",
    )
    PART = (
        "character__name",
        "character__name_is_spoiler",
        "installment__page__namespace",
        "installment__page__name",
        "installment__label",
    )

    @property
    def url(self):
        return example_path(self.pk)

    @property
    def ranking_score(self):
        return ranking_score(self.rating_average, self.rating_count)


def _part(row):
    """ListedExample's fields naming the character or installment of a row of PART's values."""
    name, hidden, namespace, page_name, label = row
    if name is not None:
        return {"character_name": name, "character_hidden": hidden}
    if namespace is not None:
        return {"installment": PageLink(namespace, page_name, label)}
    return {}


class ExampleQuerySet(models.QuerySet):
    def with_pages(self, *sides):
        """With the pages of its trope and work (or of the `sides` named), but not their
        texts."""
        sides = sides or ("trope", "work")
        return with_page_titles(self, *(f"{side}__page" for side in sides))

    def for_voting(self):
        """Only what a vote reads of an example, and what its widget shows: the ids of its
        pages and its rating. Joined with its pages, reading it costs five times as much."""
        return self.only(*Example.SHOWN_ON, "rating_count", "rating_average")

    # Each order ends with the key: examples of one title (a trope's for two characters of a
    # work, two works of one name) keep one order, whatever order the rows are stored in.
    def for_work(self, work):
        return self.filter(work=work).with_pages("trope").order_by("trope__page__title", "pk")

    def on_work_pages(self):
        """Those of tropes whose examples are shown on work pages: not of a trope with no
        examples (a definition only) nor of one whose examples are on its own page only."""
        hidden = [Trope.ExampleRule.NONE, Trope.ExampleRule.TROPE_PAGE_ONLY]
        return self.exclude(trope__example_rule__in=hidden)

    def for_work_page(self, work, kind="trope"):
        """What one of a work's pages lists: the examples about the work itself (not one of
        its characters or installments) of tropes of `kind` (Trope.Kind). The main page
        lists plain tropes; the subpage whose kind accepts YMMV or trivia tropes, those."""
        return (
            self.for_work(work)
            .filter(trope__kind=kind, character=None, installment=None)
            .on_work_pages()
        )

    def for_subpage(self, subpage):
        """What a work's subpage lists: the examples for_work_page lists of the trope kind
        its kind accepts (SubpageKind.accepts), none where it accepts none."""
        accepts = subpage.kind.accepts
        return self.for_work_page(subpage.work_id, accepts) if accepts else self.none()

    def for_trope(self, trope):
        return (
            self.filter(trope=trope)
            .with_pages("work")
            .order_by("work__page__namespace", "work__page__title", "pk")
        )

    def by_rating(self):
        score = ranking_score(models.F("rating_average"), models.F("rating_count"))
        return self.alias(score=score).order_by("-score", "-rating_count", "pk")

    def sorted_for_trope(self, trope, sort):
        """A trope's examples by medium, then by work title or by rating (`sort`)."""
        examples = self.for_trope(trope)
        if sort == "rating":
            examples = examples.by_rating().order_by(
                "work__page__namespace", "-score", "-rating_count", "work__page__title", "pk"
            )
        return examples

    def listed(self, side):
        """[ListedExample], naming each example's page on the `side` ("trope" or "work")."""
        subject = [f"{side}__page__{field}" for field in ("namespace", "name", "title")]
        # A trope is listed with its kind (its icon), read in the join already made; a work
        # with the character or installment the example is about.
        kind = ["trope__kind"] if side == "trope" else []
        part = ListedExample.PART if side == "work" else ()
        own = len(ListedExample.FIELDS)
        return [
            ListedExample(
                *row[:own],
                subject=PageLink(*row[own : own + 3]),
                **({"trope_kind": row[-1]} if kind else {}),
                **(_part(row[own + 3 :]) if part else {}),
            )
            for row in self.values_list(*ListedExample.FIELDS, *subject, *kind, *part)
        ]

    def first_in_each_medium(self, count):
        """The first `count` of each medium, in the queryset's order: one query."""
        ordering = [term for term in self.query.order_by if term != "work__page__namespace"]
        place = models.Window(
            RowNumber(), partition_by=models.F("work__page__namespace"), order_by=ordering
        )
        return self.alias(place=place).filter(place__lte=count)

    def medium_and_played_counts(self):
        """{(namespace, how they play their trope): number of examples}: what a big trope's
        folders and its filter by way of playing count, in one query."""
        fields = ("work__page__namespace", "played")
        rows = self.order_by().values_list(*fields).annotate(models.Count("id"))
        return {(namespace, played): count for namespace, played, count in rows}

    def best_rated(self, min_votes=1):
        return self.filter(rating_count__gte=min_votes).with_pages().by_rating()


class PlayedAs(models.TextChoices):
    """How an example plays its trope; straight is the default and is not shown."""

    STRAIGHT = "straight", "Straight"
    INVERTED = "inverted", "Inverted"
    SUBVERTED = "subverted", "Subverted"
    DOUBLE_SUBVERTED = "double_subverted", "Double-subverted"
    AVERTED = "averted", "Averted"
    LAMPSHADED = "lampshaded", "Lampshaded"
    PARODIED = "parodied", "Parodied"
    DECONSTRUCTED = "deconstructed", "Deconstructed"
    RECONSTRUCTED = "reconstructed", "Reconstructed"
    ZIG_ZAGGED = "zig_zagged", "Zig-zagged"
    EXAGGERATED = "exaggerated", "Exaggerated"
    DOWNPLAYED = "downplayed", "Downplayed"
    JUSTIFIED = "justified", "Justified"
    DISCUSSED = "discussed", "Discussed"
    INVOKED = "invoked", "Invoked"
    DEFIED = "defied", "Defied"


class Example(models.Model):
    """One trope in one work: stored once, shown on both pages. It may be about one of the
    work's characters or installments (shown on their subpages), once for each."""

    # What says which pages show an example (tropes.subpages.family.showing_examples).
    SHOWN_ON = ("pk", "trope_id", "work_id", "character_id", "installment_id")

    trope = models.ForeignKey(Trope, on_delete=models.CASCADE, related_name="examples")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="examples")
    character = models.ForeignKey(
        "Character", null=True, blank=True, on_delete=models.CASCADE, related_name="examples"
    )
    installment = models.ForeignKey(
        "Installment", null=True, blank=True, on_delete=models.CASCADE, related_name="examples"
    )
    played = models.CharField(max_length=20, choices=PlayedAs.choices, default=PlayedAs.STRAIGHT)
    # Members who flagged it as lacking context (ContextFlag), kept in step with the flags.
    context_flags = models.PositiveIntegerField(default=0, editable=False)
    # The editor hints that mark its text as needing work (tropes.hints), for /cleanup.
    hints = models.CharField(max_length=40, blank=True, editable=False)
    text = MarkdownxField()
    text_html = models.TextField(blank=True, editable=False)
    # What search reads: the text readers see, without spoilers.
    search_text = models.TextField(blank=True, editable=False)
    # Kept equal to the votes' aggregate by tropes.votes.cast_vote.
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_average = models.FloatField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Ratings are not content: votes must not add revisions.
    history = Revisions(
        excluded_fields=[
            "text_html",
            "search_text",
            "rating_count",
            "rating_average",
            "context_flags",
            "hints",
        ]
    )
    objects = ExampleQuerySet.as_manager()

    class Meta:
        constraints = [
            # One example of a trope for the work itself, and one for each of its characters
            # and installments.
            models.UniqueConstraint(
                fields=["trope", "work"],
                condition=models.Q(character=None, installment=None),
                name="tropes_example_unique_trope_work",
            ),
            models.UniqueConstraint(
                fields=["trope", "character"],
                condition=models.Q(character__isnull=False),
                name="tropes_example_unique_trope_character",
            ),
            models.UniqueConstraint(
                fields=["trope", "installment"],
                condition=models.Q(installment__isnull=False),
                name="tropes_example_unique_trope_installment",
            ),
            models.CheckConstraint(
                condition=models.Q(character=None) | models.Q(installment=None),
                name="tropes_example_character_or_installment",
            ),
        ]
        indexes = [
            # The best rated examples (the home page's) are sought among the rated ones,
            # a few of hundreds of thousands: without it, every example is read to find them.
            models.Index(
                fields=["rating_count"],
                name="tropes_example_rated",
                condition=models.Q(rating_count__gt=0),
            ),
            # The cleanup queue, most flagged first: the examples members flagged or the
            # hints mark, a few of hundreds of thousands, read in its order.
            models.Index(
                fields=["-context_flags", "-id"],
                name="tropes_example_cleanup",
                condition=models.Q(context_flags__gt=0) | ~models.Q(hints=""),
            ),
        ]

    def __str__(self):
        return f"{self.trope} in {self.work}"

    def save(self, *args, **kwargs):
        self.prepare()
        # With what tropes.signals keeps beside the example (links, stamps, search), or not
        # at all.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.work.get_absolute_url()}#example-{self.pk}"

    @cached_property
    def url(self):
        """The example's own page; its actions (vote, edit, report) are paths under it."""
        return example_path(self.pk)

    def validate_constraints(self, exclude=None):
        # clean() asks the one question the constraints could be broken by (another example
        # of the trope for the same work, character or installment) in one query, where
        # Django would ask one for each constraint.
        pass

    def clean(self):
        super().clean()
        if self.character_id and self.installment_id:
            raise ValidationError("An example is about a character or an installment, not both.")
        if (
            self._state.adding
            and self.trope_id
            and self.trope.example_rule == Trope.ExampleRule.NONE
        ):
            # Whatever path makes it: added, held, approved or restored (tropes.example_rules).
            raise ValidationError(f"{self.trope} takes no examples: it is a definition only.")
        if self.text and markup.list_depth(self.text) > MAX_EXAMPLE_LIST_DEPTH:
            raise ValidationError(
                {"text": "Sub-bullets can go at most three levels deep, counting the example."}
            )
        if (
            self.trope_id
            and self.work_id
            and Example.objects.filter(
                trope=self.trope_id,
                work=self.work_id,
                character=self.character_id,
                installment=self.installment_id,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError("This work already has an example of this trope; edit that one.")

    def prepare(self):
        """Derive the stored columns that follow from the text: one spelling of it, its
        rendering, what search reads and the hints that mark it for cleanup. save() calls
        it, and so does the importer."""
        self.text = normalize_markup(self.text)
        self.text_html = markup.render(self.text)
        self.search_text = markup.plain_text(self.text)
        self.hints = stored_hints(self.text)

    @property
    def ranking_score(self):
        return ranking_score(self.rating_average, self.rating_count)

    @property
    def page_ids(self):
        """The pages the example shows on: its trope's and its work's."""
        return [self.trope_id, self.work_id]

    @property
    def link_origin(self):
        return f"example:{self.pk}"

    def link_keys(self, work_key, trope_key):
        """What each of the example's pages links to through it, {page id: keys}: it shows on
        both, so each links to the other and to the pages the text links to."""
        targets = markup.links(self.text)
        return {
            self.work_id: link_keys([trope_key, *targets], work_key),
            self.trope_id: link_keys([work_key, *targets], trope_key),
        }

    def record_links(self):
        """Record the example's links on both its pages; return the keys of the pages that
        gained or lost one of them among their backlinks."""
        work_page, trope_page = self.work.page, self.trope.page
        keys = self.link_keys(work_page.key, trope_page.key)
        return work_page.record_links(
            self.link_origin, keys[work_page.pk]
        ) | trope_page.record_links(self.link_origin, keys[trope_page.pk])


class ExampleVote(models.Model):
    """One user's answer to "How well does it match the trope?"."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="votes")
    # Empty for a vote a dump restored: dumps give each example's votes by value, never by
    # member (wiki.dumps), and the rating still counts them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="example_votes",
    )
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "example"], name="tropes_vote_unique_user_example"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="tropes_vote_value_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.user or 'A restored vote'} rated {self.example}: {self.value}"


class ContextFlag(models.Model):
    """A member's word that an example lacks context: one per member and example."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="flags")
    # Empty for a flag a dump restored: its note is public, who flagged is not.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="context_flags",
    )
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["example", "user"], name="tropes_flag_once")]

    def __str__(self):
        return f"{self.user or 'A restored flag'} flagged {self.example}"
