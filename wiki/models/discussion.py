"""A discussion on every page: threads with a title, and their posts."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from wiki import markup
from wiki.models.history import Revisions

POSTS_PER_PAGE = 50
POST_MAX_LENGTH = 20_000
TITLE_MAX_LENGTH = 200
# The kinds of PendingChange that are held posts (wiki.discussions.held): the desk counts them
# apart from the other held changes.
HELD_POST_KINDS = ("new_thread", "reply")


class ThreadQuerySet(models.QuerySet["Thread"]):
    def on(self, page):
        return self.filter(page=page)

    def listed(self):
        """Pinned threads first, then the most recently active."""
        return self.order_by("-pinned", "-last_posted", "-pk")

    def about_change(self, change):
        return self.filter(about_change=change).select_related("page")


class Thread(models.Model):
    page = models.ForeignKey("wiki.Page", on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    created = models.DateTimeField(default=timezone.now)
    last_posted = models.DateTimeField(default=timezone.now)
    locked = models.BooleanField(default=False, help_text="Nobody but moderators may reply.")
    pinned = models.BooleanField(default=False, help_text="Listed first on the discussion page.")
    resolved = models.BooleanField(default=False)
    # What the thread is about, if an edit: a page revision, or a change waiting for review.
    about_revision = models.ForeignKey(
        "wiki.HistoricalPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
        db_constraint=False,  # revisions are never deleted; no lock on the history table
    )
    about_change = models.ForeignKey(
        "wiki.PendingChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_posted", "-pk"]
        indexes = [
            models.Index(fields=["page", "pinned", "last_posted"], name="wiki_thread_page_listed"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wiki:thread", args=[self.page.namespace, self.page.name, self.pk])


class PostQuerySet(models.QuerySet["Post"]):
    def in_order(self):
        return self.order_by("pk")

    def shown(self):
        return self.filter(hidden=False)


class Post(models.Model):
    """One message of a thread. Never deleted: a moderator hides it, with a reason."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    text = models.TextField(max_length=POST_MAX_LENGTH)
    html = models.TextField(editable=False)  # rendered once, on save
    # What search reads: the text without spoilers, and on PostgreSQL its vector
    # (wiki.discussions.search), GIN-indexed there.
    plain = models.TextField(editable=False, default="")
    vector = SearchVectorField(null=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True, editable=False)
    # The post that opened its thread: followers of the page hear of it, not of replies.
    opening = models.BooleanField(default=False, editable=False)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hidden_posts",
    )

    # Hiding is moderation, logged in the moderation log; the revisions are the text's.
    history = Revisions(
        excluded_fields=["html", "plain", "vector", "hidden", "hidden_reason", "hidden_by"]
    )
    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["thread", "id"], name="wiki_post_thread_order")]

    def __str__(self):
        return f"Post {self.pk} in “{self.thread}”"

    def save(self, *args, **kwargs):
        self.html = markup.render(self.text)
        self.plain = markup.plain_text(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Its thread's page of posts that holds it, at its anchor."""
        before = Post.objects.filter(thread_id=self.thread_id, pk__lt=self.pk).count()
        number = before // POSTS_PER_PAGE + 1
        query = f"?page={number}" if number > 1 else ""
        return f"{self.thread.get_absolute_url()}{query}#post-{self.pk}"

    @property
    def anchor(self):
        return f"post-{self.pk}"


class ThreadFollow(models.Model):
    """A member following a thread: its new replies reach them as notices and in their feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="wiki_threadfollow_unique_user_thread"
            ),
        ]

    def __str__(self):
        return f"{self.user} follows “{self.thread}”"
