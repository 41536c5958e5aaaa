from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from wiki import freshness, markup

MAIN = "Main"

# First path segments the site itself uses; no namespace may take them.
RESERVED_NAMESPACES = {
    "accounts", "admin", "browse", "changes", "examples", "following", "goto", "help",
    "markdownx", "random",
    "media", "moderation", "pending", "preferences", "search", "static", "user",
}

validate_namespace = RegexValidator(
    r"^[A-Z][A-Za-z]{0,39}\Z", "A namespace is one capitalised word of letters, like Anime."
)
validate_wikiword = RegexValidator(
    r"^[A-Z][A-Za-z0-9]{0,99}\Z",
    "A page name is a WikiWord: letters and digits, starting with a capital, like BigEater.",
)


def normalize_markup(text):
    """One spelling of the same text: LF line endings, no trailing blank space.

    Browsers post CRLF; without this, re-saving an unchanged form would look
    like an edit and break line-based merges.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def page_key(namespace, name):
    """The case-insensitive identity of a page: 'anime/metallicrouge'."""
    return f"{namespace}/{name}".lower()


class PageQuerySet(models.QuerySet):
    def by_key(self, namespace, name):
        return self.filter(key=page_key(namespace, name))

    def in_namespace(self, namespace):
        return self.filter(namespace__iexact=namespace)

    def articles(self):
        """Pages with content of their own, not redirects."""
        return self.filter(redirect_to__isnull=True)

    def linking_to(self, page):
        """Pages linking to `page` by its name or by one of its aliases."""
        names = Page.objects.filter(models.Q(pk=page.pk) | models.Q(redirect_to=page))
        # A subquery, not a join: no DISTINCT over whole pages, and counting stays cheap.
        links = Link.objects.filter(to_key__in=names.values("key")).values("from_page")
        return self.filter(pk__in=links)

    def same_name(self, page):
        """The pages of that name in every namespace, the page included: its tabs."""
        return self.articles().filter(name_lower=page.name.lower()).order_by("namespace")

    def recently_changed(self):
        return self.articles().order_by("-updated")


class Page(models.Model):
    class Kind(models.TextChoices):
        TROPE = "trope", "Trope"
        WORK = "work", "Work"
        INDEX = "index", "Index"
        OTHER = "other", "Other"

    class Protection(models.TextChoices):
        # New editors' changes always wait for review; protection says who else must wait.
        OPEN = "open", "Open"
        SEMI = "semi", "Semi-protected: only trusted editors' changes go live"
        LOCKED = "locked", "Locked: only moderators' changes go live"

    namespace = models.CharField(max_length=40, validators=[validate_namespace])
    name = models.CharField(max_length=100, validators=[validate_wikiword])
    # Derived from namespace and name on save: one indexed column makes
    # case-insensitive lookups and link resolution plain equality on every database.
    key = models.CharField(max_length=141, unique=True, editable=False)
    name_lower = models.CharField(max_length=100, editable=False, db_index=True, default="")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    body = MarkdownxField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    image = models.ImageField(upload_to="pages/", blank=True)
    image_caption = models.CharField(max_length=300, blank=True)
    image_alt = models.CharField("image alt text", max_length=300, blank=True)
    quote = models.TextField(blank=True)
    quote_html = models.TextField(blank=True, editable=False)
    quote_attribution = models.CharField(max_length=200, blank=True)
    redirect_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="aliases"
    )
    protection = models.CharField(
        max_length=6, choices=Protection.choices, default=Protection.OPEN
    )
    protection_reason = models.CharField(max_length=200, blank=True)
    protection_expires = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until changed."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)
    # Replaced whenever what readers see here changes, not only the page itself (freshness).
    shown_stamp = models.BigIntegerField(default=freshness.new_stamp, editable=False)
    shown_changed = models.DateTimeField(default=timezone.now, editable=False)

    # Protection is not content: the moderation log records its changes.
    history = HistoricalRecords(excluded_fields=[
        "body_html", "quote_html", "key", "name_lower", "shown_stamp", "shown_changed",
        "protection", "protection_reason", "protection_expires",
    ])
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["namespace", "title"], name="wiki_page_namespace_title")]

    def __str__(self):
        return f"{self.namespace}/{self.name}"

    def save(self, *args, **kwargs):
        self.key = page_key(self.namespace, self.name)
        self.name_lower = self.name.lower()
        self.body = normalize_markup(self.body)
        self.quote = normalize_markup(self.quote)
        self.body_html = markup.render(self.body)
        self.quote_html = markup.render(self.quote) if self.quote else ""
        self.shown_stamp, self.shown_changed = freshness.new_stamp(), timezone.now()
        before = getattr(self, "_as_loaded", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.record_links("", markup.links(self.body) + markup.links(self.quote))
            if before != self._identity():
                keys = {self.key, before[0]} - {None} if before else {self.key}
                freshness.touch_neighbours(self, keys)
                if before and before[0] not in (None, self.key):
                    freshness.forget(before[0])
            if self.redirect_to_id:
                freshness.forget(self.key)
            else:
                freshness.publish([{"key": self.key, **{
                    name: getattr(self, name) for name in freshness.SHOWN_FIELDS}}])
        self._as_loaded = self._identity()

    def get_absolute_url(self):
        return reverse("wiki:page", args=[self.namespace, self.name])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            freshness.touch_neighbours(self, {self.key})
            freshness.forget(self.key)
            return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._as_loaded = page._identity()
        return page

    def _identity(self):
        """What other pages show of this one: its name, title, kind and whether it redirects."""
        return (self.__dict__.get("key"), self.__dict__.get("title"), self.__dict__.get("kind"),
                self.__dict__.get("redirect_to_id"))

    def clean(self):
        super().clean()
        if self.namespace.lower() in RESERVED_NAMESPACES:
            raise ValidationError({"namespace": f"“{self.namespace}” is reserved by the site."})
        key = page_key(self.namespace, self.name)
        if Page.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": f"A page called {self} already exists."})
        if self.redirect_to_id and self.pk in self.redirect_chain():
            raise ValidationError({"redirect_to": "Redirecting there would make a loop."})

    def protection_now(self):
        """The protection in force: it lapses back to open when it expires."""
        if self.protection_expires and self.protection_expires <= timezone.now():
            return self.Protection.OPEN
        return self.protection

    @property
    def full_name(self):
        return f"{self.namespace}/{self.name}"

    def redirect_chain(self, limit=10):
        """The pks this page's redirects pass through, in order; stops at a loop."""
        chain, target_id = [], self.redirect_to_id
        while target_id and target_id not in chain and len(chain) < limit:
            chain.append(target_id)
            target_id = Page.objects.filter(pk=target_id).values_list(
                "redirect_to_id", flat=True
            ).first()
        return chain

    def record_links(self, origin, targets):
        """Replace the links this page makes through `origin` ("" for its own markup)."""
        keys = {target.lower() for target in targets} - {self.key}
        links = self.outgoing_links.filter(origin=origin)
        before = set(links.values_list("to_key", flat=True))
        if keys == before:
            return
        links.filter(to_key__in=before - keys).delete()
        Link.objects.bulk_create(
            Link(from_page=self, origin=origin, to_key=key) for key in keys - before
        )
        # The pages gaining or losing this page among their backlinks.
        freshness.touch(Page.objects.filter(key__in=keys ^ before))

    def missing_link_keys(self, origin=None):
        """Keys of the pages this page links to that do not exist: its red links."""
        links = self.outgoing_links.all() if origin is None else self.outgoing_links.filter(
            origin=origin
        )
        existing = Page.objects.filter(key=models.OuterRef("to_key"))
        return set(links.filter(~models.Exists(existing)).values_list("to_key", flat=True))


class Link(models.Model):
    """One link from a page to a page name, which may not exist yet (a red link).

    `origin` says which part of the page makes the link: "" for the page's own
    markup, or a label chosen by the app that adds content to the page
    ("example:42"), so each part can be re-recorded on its own.
    """

    from_page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="outgoing_links")
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
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="pending_changes",
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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resolved_reports",
    )
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=models.Q(status="open"),
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


class SearchEntry(models.Model):
    """What search reads for one page, as plain text without spoilers, kept by wiki.search.

    `vector` is the weighted full-text vector of the other fields on PostgreSQL;
    other databases leave it empty and search the text fields directly.
    """

    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.CharField(max_length=200)
    aliases = models.TextField(blank=True)  # the titles of the redirects to the page
    summary = models.TextField(blank=True)  # a kind's one-liner: a trope's laconic
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)  # what a kind shows on the page: examples
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title


class Follow(models.Model):
    """A member following a page: its changes show in their /following feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="wiki_follow_unique_user_page"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.page}"
