import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts import mail, roles


class HandleValidator(UnicodeUsernameValidator):
    regex = r"^[A-Za-z0-9_.-]{2,30}\Z"
    message = "A handle is 2 to 30 letters, digits, dots, dashes or underscores."


def new_feed_secret():
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A reader or editor. The public handle is Django's username field."""

    class Theme(models.TextChoices):
        SYSTEM = "system", "Follow the system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    username = models.CharField(
        "handle",
        max_length=30,
        unique=True,
        validators=[HandleValidator()],
        help_text="Shown on your edits and votes.",
        error_messages={"unique": "That handle is taken."},
    )
    show_spoilers = models.BooleanField(
        default=False, help_text="Show spoiler text without having to reveal it."
    )

    class ExampleSort(models.TextChoices):
        TITLE = "title", "By work title"
        RATING = "rating", "By rating"

    theme = models.CharField(max_length=10, choices=Theme.choices, default=Theme.SYSTEM)
    folders_open = models.BooleanField(
        "open folders", default=False, help_text="Show the contents of folders without a click."
    )
    example_sort = models.CharField(
        "sort examples",
        max_length=10,
        choices=ExampleSort.choices,
        default=ExampleSort.TITLE,
        help_text="How a trope page orders its examples within each medium.",
    )
    email_confirmed = models.BooleanField(default=False, editable=False)
    following_seen = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When they last read their feed of followed pages: what is newer is unread.",
    )
    auto_trust = models.BooleanField(
        "may become trusted automatically",
        default=True,
        help_text="Turned off when a moderator removes trust, so it is not granted again.",
    )
    feed_secret = models.CharField(
        max_length=32,
        default=new_feed_secret,
        editable=False,
        help_text="Carried by the address of their private feed; replaced to retire the address.",
    )
    own_stamp = models.BigIntegerField(
        default=0,
        editable=False,
        help_text="Replaced whenever what pages show of this member alone changes.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_unique_handle_ci"),
        ]

    def __str__(self):
        return self.username

    @property
    def handle(self):
        return self.username

    @property
    def role(self):
        return roles.role_of(self)

    def get_absolute_url(self):
        return reverse("wiki:profile", args=[self.username])

    def active_ban(self):
        """The ban in force now, site bans first, or None (looked up once per request)."""
        if not hasattr(self, "_active_ban"):
            self._active_ban = (
                Ban.objects.in_force().filter(user=self).order_by("-scope", "-created").first()
            )
        return self._active_ban

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.feed_secret = new_feed_secret()  # a new password retires the feed's address too

    def feed_key(self):
        """The secret the address of the member's private feed carries."""
        return self.feed_secret

    def reset_feed_key(self):
        """Give the private feed a new address; the old one stops working."""
        self.feed_secret = new_feed_secret()
        self.save(update_fields=["feed_secret"])

    def clean(self):
        super().clean()
        taken = User.objects.filter(username__iexact=self.username).exclude(pk=self.pk)
        if self.username and taken.exists():
            raise ValidationError({"username": "That handle is taken."})


class BanQuerySet(models.QuerySet):
    def in_force(self):
        # The database's clock, not a value: a query compiled once stays right at any moment.
        return self.filter(lifted=None).filter(models.Q(expires=None) | models.Q(expires__gt=Now()))


class Ban(models.Model):
    class Scope(models.TextChoices):
        # Ordered so that "site" sorts after "edit": the wider ban wins.
        EDIT = "edit", "Edit ban: may read, vote and report, not edit"
        SITE = "site", "Site ban: may only read"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="bans")
    scope = models.CharField(max_length=4, choices=Scope.choices, default=Scope.EDIT)
    reason = models.CharField(max_length=300)
    expires = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    lifted = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="bans_given", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "lifted"], name="accounts_ban_user_lifted")]

    def __str__(self):
        return f"{self.get_scope_display().split(':')[0]} of {self.user}"

    def explanation(self):
        """What the banned user is told when they try to act."""
        what = "from editing" if self.scope == self.Scope.EDIT else "from taking part"
        until = (
            f"until {format_date(timezone.localtime(self.expires), 'j F Y, H:i')}"
            if self.expires
            else "until a moderator lifts it"
        )
        return f"You are banned {what} {until}. Reason: {self.reason}"


class ModeratorAction(models.Model):
    """One thing a moderator did, kept for everyone to see."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved a change"
        REJECT = "reject", "Rejected a change"
        PROTECT = "protect", "Changed a page's protection"
        RESOLVE_REPORT = "resolve_report", "Resolved a report"
        DISMISS_REPORT = "dismiss_report", "Dismissed a report"
        BAN = "ban", "Banned a user"
        LIFT_BAN = "lift_ban", "Lifted a ban"
        ROLLBACK = "rollback", "Rolled back a user's edits"
        GRANT_TRUST = "grant_trust", "Granted trust"
        REMOVE_TRUST = "remove_trust", "Removed trust"
        PURGE_VOTES = "purge_votes", "Removed a user's votes"
        HIDE_POST = "hide_post", "Hid a discussion post"
        SHOW_POST = "show_post", "Showed a hidden post again"
        LOCK_THREAD = "lock_thread", "Locked a thread"
        UNLOCK_THREAD = "unlock_thread", "Unlocked a thread"
        PIN_THREAD = "pin_thread", "Pinned a thread"
        UNPIN_THREAD = "unpin_thread", "Unpinned a thread"
        MOVE_THREAD = "move_thread", "Moved a thread"
        RESOLVE_THREAD = "resolve_thread", "Marked a thread resolved"
        REOPEN_THREAD = "reopen_thread", "Reopened a thread"
        CUT = "cut", "Cut a page"
        RESTORE_CUT = "restore_cut", "Restored a cut page"
        MERGE = "merge", "Merged two pages"
        DECIDE_CASE = "decide_case", "Decided a repair case"
        HOLD_DRAFT = "hold_draft", "Put a hold on a launch-pad draft"
        LIFT_DRAFT_HOLD = "lift_draft_hold", "Lifted the hold on a launch-pad draft"

    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderator_actions",
        help_text="Empty when the site acted by itself (automatic trust).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target = models.CharField(max_length=300, help_text="What was acted on, as people read it.")
    target_url = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.actor or 'Tropewise'}: {self.get_kind_display()} ({self.target})"

    @classmethod
    def record(cls, actor, kind, target, reason="", url=""):
        """Log an action on `target` (a model instance or a label)."""
        if not url and hasattr(target, "get_absolute_url"):
            url = target.get_absolute_url()
        return cls.objects.create(
            actor=actor,
            kind=kind,
            target=str(target)[:300],
            target_url=url[:300],
            reason=reason,
        )


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read=None)


class Notice(models.Model):
    """Something the site tells one member on their next visit (a change reviewed, say)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    text = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "read"], name="accounts_notice_user_read")]

    def __str__(self):
        return self.text[:80]

    @classmethod
    def send(cls, user, text, url="", subject=""):
        """Tell `user` on the site, and by email once their address is confirmed."""
        notice = cls.objects.create(user=user, text=text, url=url)
        if user.email and user.email_confirmed:
            mail.send(one_line(subject or "Tropewise: " + text, SUBJECT_MAX), text, [user.email])
        return notice


SUBJECT_MAX = 78  # what fits on one line of a mail header


def one_line(text, limit):
    """`text` with every run of whitespace (newlines too) made one space, cut to `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now):
        """Mail waiting to be sent whose next attempt has come."""
        return self.filter(status=OutgoingMail.Status.PENDING, next_attempt__lte=now)

    def finished_before(self, status, when):
        return self.filter(status=status, finished__lt=when)


class OutgoingMail(models.Model):
    """An email the site has to send, kept until it is sent: a mail server that is down delays
    mail but loses none. `accounts.mail` writes, sends and retries these."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"

    subject = models.TextField()
    body = models.TextField(
        blank=True,
        help_text="Emptied once the mail is sent or given up: it may carry a password-reset link.",
    )
    recipients = models.JSONField(default=list, help_text="The addresses it goes to.")
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt = models.DateTimeField(
        default=timezone.now, help_text="When it may next be tried."
    )
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(
        null=True, blank=True, help_text="When it was sent, or when trying was given up."
    )

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        indexes = [
            models.Index(fields=["status", "next_attempt"], name="accounts_mail_status_next"),
            models.Index(fields=["status", "finished"], name="accounts_mail_status_finished"),
        ]

    def __str__(self):
        return self.subject[:80]
