from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import get_script_prefix
from django.utils import timezone
from markdownx.models import MarkdownxField

from wiki import kinds, markup, stamps
from wiki.models.history import ImportedAuthor, Revisions
from wiki.models.link import Link, link_keys

MAIN = "Main"

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


def cut_key(pk):
    """The key a cut page holds instead of its name's: no link's target is spelled so."""
    return f"#cut/{pk}"


def page_path(namespace, name):
    """A page's address, as reverse("wiki:page") gives it (a test holds them equal), without
    the URL resolver's 30 µs: a work page links to every one of its examples' tropes."""
    return f"{get_script_prefix()}{namespace}/{name}"


@dataclass(frozen=True, slots=True)
class PageLink:
    """A page as a link to it shows it: read as values where a page lists dozens of others,
    which need no model made for each."""

    namespace: str
    name: str
    title: str = ""
    kind: str = ""

    FIELDS = ("namespace", "name", "title", "kind")

    def get_absolute_url(self):
        return page_path(self.namespace, self.name)


# What saving a page writes beside the fields it was given: what prepare() derives from them,
# when it was updated, and its stamp (wiki.freshness). A save of some fields alone
# (update_fields) names these too.
DERIVED_FIELDS = (
    "key",
    "name_lower",
    "body",
    "quote",
    "body_html",
    "quote_html",
    "updated",
    "shown_stamp",
    "shown_changed",
)


class PageQuerySet(models.QuerySet):
    def by_key(self, namespace, name):
        return self.filter(key=page_key(namespace, name))

    def as_links(self):
        """[PageLink] of these pages."""
        return [PageLink(*row) for row in self.values_list(*PageLink.FIELDS)]

    def in_namespace(self, namespace):
        return self.filter(namespace__iexact=namespace)

    def articles(self):
        """Pages with content of their own: not redirects, not cut."""
        return self.filter(redirect_to__isnull=True, cut=False)

    def cut_at(self, namespace, name):
        """The page last cut at namespace/name, if any: a cut page gives up its key
        (Page.prepare), so only its name finds it."""
        return (
            self.filter(cut=True, namespace__iexact=namespace, name_lower=name.lower())
            .order_by("-updated")
            .first()
        )

    def for_crawlers(self):
        """The pages search engines are sent to (the sitemap): the wiki's own pages, no
        redirects, and none of the kinds kept from them (wiki.kinds: drafts under review)."""
        return self.articles().exclude(kind__in=kinds.not_crawled())

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
    # One of the kinds registered in wiki.kinds (checked by clean()): apps add their own.
    kind = models.CharField(max_length=10, default=kinds.OTHER)
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
    # Cut (wiki.cutting): a soft deletion. The row and its history stay, the name is free and
    # links to it are red until a moderator restores it.
    cut = models.BooleanField(default=False)
    protection = models.CharField(max_length=6, choices=Protection.choices, default=Protection.OPEN)
    protection_reason = models.CharField(max_length=200, blank=True)
    protection_expires = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until changed."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)
    # Replaced whenever what readers see here changes, not only the page itself (freshness).
    shown_stamp = models.BigIntegerField(default=stamps.new_stamp, editable=False)
    shown_changed = models.DateTimeField(default=timezone.now, editable=False)

    loaded_body: str | None = None  # the text as read from the database (from_db)

    # Protection is not content: the moderation log records its changes.
    history = Revisions(
        bases=[ImportedAuthor],
        excluded_fields=[
            "body_html",
            "quote_html",
            "key",
            "name_lower",
            "shown_stamp",
            "shown_changed",
            "protection",
            "protection_reason",
            "protection_expires",
        ],
    )
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["namespace", "title"], name="wiki_page_namespace_title")]

    def __str__(self):
        return f"{self.namespace}/{self.name}"

    def save(self, *args, **kwargs):
        self.prepare()
        # With what wiki.signals keeps beside the page (its links, stamps and search entry),
        # or not at all. No savepoint of its own, which costs an edit two round trips: a
        # caller that recovers from a failed save (a name taken meanwhile) holds one.
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_path(self.namespace, self.name)

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        # The text as read, unless deferred: saving the page tells from it whether the lists
        # in its text changed, which an index's entries follow (wiki.index_entries).
        page.loaded_body = page.__dict__.get("body")
        return page

    def prepare(self):
        """Derive the stored columns that follow from the page's own: its key, its markup in
        one spelling, and that markup rendered. save() calls it, and so does any code that
        writes pages without save() (a bulk import), so the two never differ."""
        # A cut page answers at no name: links to it are red, and a new page may take it.
        self.key = cut_key(self.pk) if self.cut else page_key(self.namespace, self.name)
        self.name_lower = self.name.lower()
        self.body = normalize_markup(self.body)
        self.quote = normalize_markup(self.quote)
        self.body_html = markup.render(self.body)
        self.quote_html = markup.render(self.quote) if self.quote else ""

    def clean(self):
        super().clean()
        if kinds.is_reserved(self.namespace):
            raise ValidationError({"namespace": f"“{self.namespace}” is reserved by the site."})
        if not kinds.is_registered(self.kind):
            raise ValidationError({"kind": f"No kind of page is called “{self.kind}”."})
        if Page.objects.by_key(self.namespace, self.name).exclude(pk=self.pk).exists():
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

    @property
    def kind_hooks(self):
        """What the page's kind adds to it (wiki.kinds): its label, its presenter…"""
        return kinds.get(self.kind)

    def redirect_chain(self, limit=10):
        """The pks this page's redirects pass through, in order; stops at a loop."""
        chain, target_id = [], self.redirect_to_id
        while target_id and target_id not in chain and len(chain) < limit:
            chain.append(target_id)
            target_id = (
                Page.objects.filter(pk=target_id).values_list("redirect_to_id", flat=True).first()
            )
        return chain

    def own_link_keys(self):
        """The keys of the pages this page's own markup links to (none once it is cut)."""
        if self.cut:
            return set()
        return link_keys(markup.links(self.body) + markup.links(self.quote), self.key)

    def record_links(self, origin, keys):
        """Make `keys` the links this page makes through `origin` ("" for its own markup).

        Returns the keys of the pages that gained or lost this page among their backlinks.
        """
        links = self.outgoing_links.filter(origin=origin)
        before = set(links.values_list("to_key", flat=True))
        if keys == before:
            return set()
        links.filter(to_key__in=before - keys).delete()
        Link.objects.bulk_create(
            Link(from_page=self, origin=origin, to_key=key) for key in keys - before
        )
        return keys ^ before

    def missing_link_keys(self, origin=None):
        """Keys of the pages this page links to that do not exist: its red links."""
        links = (
            self.outgoing_links.all()
            if origin is None
            else self.outgoing_links.filter(origin=origin)
        )
        existing = Page.objects.filter(key=models.OuterRef("to_key"))
        return set(links.filter(~models.Exists(existing)).values_list("to_key", flat=True))
