"""Changes held for review, and what readers report."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class PendingChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=PendingChange.Status.PENDING)

    def by(self, user):
        return self.filter(author=user) if user.is_authenticated else self.none()

    def for_page(self, page):
        return self.filter(page=page)


class PendingChange(models.Model):
    """A change held for review: what it would save, and where it started from.

    `kind` names the handler that knows how to show and apply it (a page edit,
    a new page, an example…), registered with `wiki.moderation.register`;
    `payload` holds that handler's values.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=20)
    description = models.CharField(max_length=300, help_text="What the change is, for people.")
    page = models.ForeignKey(
        "wiki.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
        help_text="The page the change shows on; empty for a page not created yet.",
    )
    payload = models.JSONField()
    base_revision = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    size_change = models.IntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_changes"
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_changes",
    )
    review_comment = models.TextField(blank=True)
    reviewed = models.DateTimeField(null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["status", "created"], name="wiki_pending_status_created")]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("wiki:pending_change", args=[self.pk])


class ReportCase(models.Model):
    """Everything readers reported about one thing while it was open: reports are grouped."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    subject = models.CharField(max_length=60, help_text='What is reported: "page:12", …')
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_reports",
    )
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(status="open"),
                name="wiki_reportcase_one_open_per_subject",
            ),
        ]

    def __str__(self):
        return self.label


class Report(models.Model):
    class Reason(models.TextChoices):
        VANDALISM = "vandalism", "Vandalism"
        SPOILER = "spoiler", "An untagged spoiler"
        WRONG = "wrong", "Wrong or misleading"
        OFFENSIVE = "offensive", "Offensive or abusive"
        COPYRIGHT = "copyright", "Copied without permission"
        OTHER = "other", "Something else"

    case = models.ForeignKey(ReportCase, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.case}"
