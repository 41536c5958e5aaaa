"""A work in parts: its subpages of each kind, its characters, and its installments."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from tropes.models.pages import PageRecord, Trope, Work
from wiki import markup
from wiki.models import Revisions, normalize_markup


class SubpageKind(models.Model):
    """A kind of subpage a work may have (YMMV, Trivia, Characters…), edited by moderators."""

    class Spoilers(models.TextChoices):
        HIDDEN = "hidden", "Hidden until the reader reveals them"
        SHOWN = "shown", "Shown: the subpage is all spoilers or speculation"

    class Structure(models.TextChoices):
        TEXT = "text", "Text, and the examples of the trope kinds it accepts"
        CHARACTERS = "characters", "A list of characters"
        RECAPS = "recaps", "A list of installments"
        LACONIC = "laconic", "The work's one-line summary"

    name = models.CharField(max_length=40, unique=True)
    namespace = models.CharField(
        max_length=40, unique=True, help_text="Where its pages live: /YMMV/MetallicRouge."
    )
    icon = models.CharField(max_length=8, blank=True, help_text="Shown in the tab bar.")
    order = models.PositiveSmallIntegerField(default=0)
    spoilers = models.CharField(max_length=10, choices=Spoilers.choices, default=Spoilers.HIDDEN)
    structure = models.CharField(max_length=12, choices=Structure.choices, default=Structure.TEXT)
    accepts = models.CharField(
        max_length=10,
        choices=Trope.Kind.choices,
        blank=True,
        help_text="The kind of trope whose examples for the work are shown here, if any.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Subpage(PageRecord):
    """A page of one work's, of one kind: its link to the work is stored, never inferred from
    the page's name (two works of one name in different media each have their own)."""

    KIND = "subpage"

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="subpages")
    kind = models.ForeignKey(SubpageKind, on_delete=models.PROTECT, related_name="subpages")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work", "kind"], name="tropes_subpage_one_per_kind")
        ]


def character_anchor(name, name_is_spoiler=False):
    """Where a character is on its Characters page (/Characters/MetallicRouge#RougeRedstar):
    its name as a WikiWord. A name that is a spoiler would be spelled out by its anchor in
    every link to it, so it is a digest of the name instead (#Spoiler3fa9c21b)."""
    if name_is_spoiler:
        return f"Spoiler{hashlib.sha256(name.strip().lower().encode()).hexdigest()[:8]}"
    return markup.to_wikiword(name)[:100] or "Character"


class Character(models.Model):
    """One of a work's characters, as its Characters subpage lists them, in folders."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="characters")
    folder = models.CharField(max_length=100, help_text="The group it is listed in.")
    name = models.CharField(max_length=100)
    anchor = models.CharField(max_length=100, editable=False)  # RougeRedstar, from the name
    name_is_spoiler = models.BooleanField(
        default=False, help_text="Hidden in folder titles and contents like any spoiler."
    )
    image = models.ImageField(upload_to="characters/", blank=True)
    image_caption = models.CharField(max_length=200, blank=True)
    description = MarkdownxField(blank=True)
    description_html = models.TextField(blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)

    history = Revisions(excluded_fields=["description_html"])

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["work", "anchor"], name="tropes_character_anchor")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.prepare()
        # With what tropes.characters keeps beside the character (links, stamps), or not at
        # all; with no savepoint of its own, as Page.save().
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.prepare()
        if (
            self.work_id
            and Character.objects.filter(work=self.work_id, anchor=self.anchor)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": "Another character of this work has that name."})

    def validate_constraints(self, exclude=None):
        # clean() asks the one question the constraint could be broken by, and says it in
        # the editor's words.
        pass

    def prepare(self):
        """Derive the anchor and the rendered description; save() calls it."""
        self.anchor = character_anchor(self.name, self.name_is_spoiler)
        self.description = normalize_markup(self.description)
        self.description_html = markup.render(self.description)


class Installment(PageRecord):
    """One episode, chapter or issue of a work: a page of its own in the Recap namespace
    (its text is the summary), listed in order on the work's Recap subpage."""

    # Page.kind holds ten characters: "installment" would not fit.
    KIND = "recap"

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveIntegerField(help_text="Its place in the work's order.")
    label = models.CharField(max_length=40, blank=True, help_text="S1 E3, Chapter 12…")

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["work", "number"], name="tropes_installment_number")
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        installment = super().from_db(db, field_names, values)
        # The number it was read with: renumbered, it leaves two neighbours as it joins two
        # others, and both pairs show it (tropes.installments gives them new stamps).
        installment.loaded_number = dict(zip(field_names, values, strict=True)).get("number")
        return installment
