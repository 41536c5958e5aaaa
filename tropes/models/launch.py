"""The launch pad: drafts of new tropes, each a page in the Launch namespace with a record
beside it (its sponsor, state and tallies), the examples it proposes, and the votes on it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from wiki import markup
from wiki.models import Page, normalize_markup

LAUNCH_NAMESPACE = "Launch"
# How long a launch is announced before it may happen.
NOTICE = timedelta(hours=24)
# How long a stale draft waits, after its sponsor is told, before it is discarded.
STALE_GRACE = timedelta(days=7)


class DraftQuerySet(models.QuerySet):
    def open(self):
        """Drafts still being worked on: not launched, not discarded."""
        return self.filter(state__in=LaunchDraft.UNFINISHED)

    def voting(self, now: datetime | None = None):
        """Open drafts whose voting has begun."""
        return self.open().filter(posted__lte=voting_starts_before(now))

    def launchable(self, now: datetime | None = None):
        """Drafts announced for a whole notice that still meet every condition of a launch."""
        now = now or timezone.now()
        return self.filter(
            state=LaunchDraft.State.ANNOUNCED,
            announced__lte=now - NOTICE,
            score__gte=settings.LAUNCH_MIN_HATS,
            example_count__gte=settings.LAUNCH_MIN_EXAMPLES,
            hold_reason="",
        )

    def going_stale(self, now: datetime | None = None):
        """Open drafts nobody has touched for LAUNCH_STALE_DAYS."""
        now = now or timezone.now()
        idle = now - timedelta(days=settings.LAUNCH_STALE_DAYS)
        return self.filter(
            state__in=[LaunchDraft.State.OPEN, LaunchDraft.State.ANNOUNCED], active__lt=idle
        )

    def due_for_discard(self, now: datetime | None = None):
        """Stale drafts whose sponsor was told STALE_GRACE ago."""
        now = now or timezone.now()
        return self.filter(state=LaunchDraft.State.STALE, stale_since__lte=now - STALE_GRACE)

    def sponsored_by(self, user):
        return self.filter(sponsor=user)

    def listed(self):
        """As the launch pad lists them: their pages' titles and addresses, their sponsors."""
        return self.select_related("page", "sponsor", "launched_page").only(
            "page__namespace",
            "page__name",
            "page__title",
            "sponsor__username",
            "launched_page__namespace",
            "launched_page__name",
            "laconic",
            "state",
            "posted",
            "active",
            "score",
            "example_count",
            "announced",
            "hold_reason",
            "launched",
            "stale_since",
        )


def voting_starts_before(now: datetime | None = None) -> datetime:
    """Drafts posted before this may be voted on now."""
    return (now or timezone.now()) - timedelta(days=settings.LAUNCH_VOTE_DELAY)


class LaunchDraft(models.Model):
    """What a draft's page keeps beside it: who sponsors it, where it stands, and its tallies.

    Its score and count of examples are kept here, written with the votes and examples under
    the draft's lock, so that listing and filtering drafts reads no votes."""

    KIND = "launch"
    # Open drafts a member may sponsor at once; moderators have no limit.
    MAX_OPEN = 3

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ANNOUNCED = "announced", "Launch announced"
        STALE = "stale", "Stale"
        DISCARDED = "discarded", "Discarded"
        LAUNCHED = "launched", "Launched"

    UNFINISHED = (State.OPEN, State.ANNOUNCED, State.STALE)

    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="launch_draft"
    )
    laconic = models.CharField(
        max_length=200, blank=True, help_text="The trope in one line, for lists and previews."
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_drafts",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    posted = models.DateTimeField(default=timezone.now)  # voting opens a delay after
    active = models.DateTimeField(default=timezone.now, db_index=True)  # last edit or vote
    score = models.IntegerField(default=0)  # hats less bombs
    example_count = models.PositiveIntegerField(default=0)
    announced = models.DateTimeField(null=True, blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)  # when its sponsor was told
    hold_reason = models.CharField(max_length=300, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched = models.DateTimeField(null=True, blank=True)
    launched_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="launched_from",
    )

    # Its laconic, sponsor and state as they changed; tallies and times are not revisions.
    history = HistoricalRecords(
        excluded_fields=["active", "score", "example_count", "stale_since", "held_by"]
    )
    objects = DraftQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state", "-score"], name="tropes_draft_state_score")]

    def __str__(self):
        return self.page.title

    def get_absolute_url(self):
        return self.page.get_absolute_url()

    @property
    def is_open(self):
        return self.state in self.UNFINISHED

    @property
    def voting_opens(self):
        return self.posted + timedelta(days=settings.LAUNCH_VOTE_DELAY)

    @property
    def notice_ends(self):
        return self.announced + NOTICE if self.announced else None

    @property
    def discard_on(self):
        return self.stale_since + STALE_GRACE if self.stale_since else None

    @property
    def meets_conditions(self):
        """Enough net hats and examples, and no moderator's hold."""
        return (
            self.score >= settings.LAUNCH_MIN_HATS
            and self.example_count >= settings.LAUNCH_MIN_EXAMPLES
            and not self.hold_reason
        )

    def voting_open(self, now: datetime | None = None) -> bool:
        return self.is_open and (now or timezone.now()) >= self.voting_opens

    def launchable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.ANNOUNCED
            and self.notice_ends is not None
            and now >= self.notice_ends
            and self.meets_conditions
        )


class LaunchVote(models.Model):
    """A member's hat (+1) or bomb (−1) on a draft, with why; changed in place."""

    class Value(models.IntegerChoices):
        HAT = 1, "Hat"
        BOMB = -1, "Bomb"

    draft = models.ForeignKey(LaunchDraft, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="launch_votes"
    )
    value = models.SmallIntegerField(choices=Value.choices)
    reason = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "user"], name="tropes_launch_vote_once"),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="tropes_launch_vote_hat_or_bomb"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.get_value_display().lower()}s {self.draft}"


class ProposedExample(models.Model):
    """An example a draft proposes: a work named by its page's address (which may not exist
    yet) and the text. At launch it becomes a real example, linked here, when the work
    exists; otherwise it stays listed on the archived draft for follow-up."""

    draft = models.ForeignKey(
        LaunchDraft, on_delete=models.CASCADE, related_name="proposed_examples"
    )
    medium = models.CharField(max_length=40)  # the work page's namespace
    work_name = models.CharField(max_length=100)
    work_title = models.CharField(max_length=200)
    text = models.TextField()
    text_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    example = models.ForeignKey(
        "tropes.Example", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["text_html"])

    class Meta:
        ordering = ["work_title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "medium", "work_name"], name="tropes_proposed_example_once"
            ),
        ]

    def __str__(self):
        return f"{self.draft} in {self.work_title}"

    def save(self, *args, **kwargs):
        self.text = normalize_markup(self.text)
        self.text_html = markup.render(self.text)  # once, not on each view
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.draft.get_absolute_url()}#proposed-{self.pk}"

    @property
    def work_full_name(self):
        return f"{self.medium}/{self.work_name}"

    @property
    def work_key(self):
        return f"{self.medium}/{self.work_name}".lower()
