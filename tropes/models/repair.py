"""The repair shop: cases proposing to rename, merge, split, cut or redefine a trope, and the
wick checks that sample how the pages linking to a trope use it."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from wiki.models import Page, PageLink


class RepairCaseQuerySet(models.QuerySet):
    def holding_slots(self):
        """The cases that count against REPAIR_MAX_OPEN: open, and decided but not done."""
        return self.filter(state__in=RepairCase.SLOT_STATES)

    def queued(self):
        return self.filter(state=RepairCase.State.QUEUED).order_by("created", "pk")

    def in_state(self, state):
        return self.filter(state=state)

    def listed(self):
        """What the repair shop's lists show of each case: its trope's page, and the other
        trope's (a merge's), joined; no texts."""
        return self.select_related("page", "other").only(
            *RepairCase.LISTED,
            *(f"{side}__{field}" for side in ("page", "other") for field in PageLink.FIELDS),
        )


class RepairCase(models.Model):
    """A proposal to repair a trope, decided by moderators."""

    class Kind(models.TextChoices):
        RENAME = "rename", "Rename"
        MERGE = "merge", "Merge"
        SPLIT = "split", "Split"
        CUT = "cut", "Cut"
        REDEFINE = "redefine", "Redefine"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a slot"
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided, awaiting work"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined"

    SLOT_STATES = (State.OPEN, State.DECIDED)
    CLOSED_STATES = (State.DONE, State.DECLINED)
    LISTED = ("pk", "kind", "state", "proposed_name", "deadline", "created", "opened", "closed")

    # A page, not a trope record: a case outlives its trope being merged away or cut.
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="repair_cases")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # A merge's other trope; a rename's new name.
    other = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_name = models.CharField(max_length=100, blank=True)
    reason = models.TextField()
    reason_html = models.TextField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    deadline = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    opened = models.DateTimeField(null=True, blank=True)  # when it got a slot
    closed = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(blank=True)  # the moderators' word, when decided or closed
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where it is discussed: a thread on the trope's discussion page, opened with the case.
    thread = models.ForeignKey(
        "wiki.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the work done produced: the move, merge or change, as a link on the site.
    outcome_label = models.CharField(max_length=200, blank=True)
    outcome_url = models.CharField(max_length=300, blank=True)

    objects = RepairCaseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state", "created"], name="tropes_repaircase_state")]

    def __str__(self):
        about = f" into {self.other}" if self.other_id and self.kind == self.Kind.MERGE else ""
        return f"{self.get_kind_display()} {self.page}{about}"

    def get_absolute_url(self):
        return reverse("tropes:repair_case", args=[self.pk])

    @property
    def is_closed(self):
        return self.state in self.CLOSED_STATES


class Verdict(models.TextChoices):
    CORRECT = "correct", "Correct use"
    MISUSE = "misuse", "Misuse"
    UNCLEAR = "unclear", "Unclear"


class WickCheck(models.Model):
    """A sample of the links to a trope, labelled by checkers; once saved, a report."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="wick_checks")
    # The sample is drawn from the links, in a fixed order, by a generator seeded with it.
    seed = models.BigIntegerField()
    link_count = models.PositiveIntegerField()  # links to the trope when it was sampled
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    case = models.ForeignKey(
        RepairCase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wick_checks",
    )
    # The report: when it was saved (labelling then stops), and its counts of links by the
    # verdict most of their checkers gave.
    saved = models.DateTimeField(null=True, blank=True)
    correct = models.PositiveIntegerField(default=0)
    misuse = models.PositiveIntegerField(default=0)
    unclear = models.PositiveIntegerField(default=0)
    unlabelled = models.PositiveIntegerField(default=0)
    checkers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["page", "-created"], name="tropes_wickcheck_page")]

    def __str__(self):
        return f"Wick check of {self.page} ({self.created:%Y-%m-%d})"

    @property
    def labelled(self):
        return self.correct + self.misuse + self.unclear

    def percent(self, count):
        return round(100 * count / self.labelled) if self.labelled else 0

    @property
    def correct_percent(self):
        return self.percent(self.correct)

    @property
    def misuse_percent(self):
        return self.percent(self.misuse)

    @property
    def unclear_percent(self):
        return self.percent(self.unclear)


class WickItem(models.Model):
    """One link of a wick check's sample: the page it is on, and the bullet or paragraph it
    sits in, rendered once when sampled."""

    wick = models.ForeignKey(WickCheck, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    source = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_title = models.CharField(max_length=200)
    source_path = models.CharField(max_length=300)
    origin = models.CharField(max_length=40, blank=True)  # the link's (wiki.models.Link)
    context = models.TextField(blank=True)
    context_html = models.TextField(blank=True)

    class Meta:
        ordering = ["wick", "position"]
        constraints = [
            models.UniqueConstraint(fields=["wick", "position"], name="tropes_wickitem_place")
        ]

    def __str__(self):
        return f"{self.source_title} in {self.wick}"


class WickLabel(models.Model):
    """One checker's verdict on one link of a sample."""

    item = models.ForeignKey(WickItem, on_delete=models.CASCADE, related_name="labels")
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wick_labels"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.CharField(max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "checker"], name="tropes_wicklabel_once")
        ]

    def __str__(self):
        return f"{self.checker}: {self.get_verdict_display()} ({self.item})"
