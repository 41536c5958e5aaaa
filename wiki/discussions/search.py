"""Posts in search: the search page's "in discussions" filter.

A post's text without spoilers is stored with it (`Post.plain`), and on PostgreSQL its
vector, GIN-indexed, so a search reads the index and a screen of posts whatever their
number; elsewhere every word must appear in the text. Posts found are listed newest first,
hidden ones never; snippets come from the text without spoilers, as pages' do.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver

from wiki import markup, search, search_answers
from wiki.models import Post

SNIPPET_CHARS = 300


class CountedPosts(search.Counted):
    """Posts found, counted already, sliced by the paginator."""

    def __init__(self, queryset: QuerySet[Post], count: int) -> None:
        super().__init__(count)
        self.queryset = queryset

    def __getitem__(self, index: slice) -> QuerySet[Post]:  # a paginator's page
        return self.queryset[index]


def find(text: str) -> CountedPosts:
    """The shown posts matching `text`, newest first, counted up to search.COUNT_LIMIT + 1."""
    text = text.strip()[:200]
    posts: QuerySet[Post] = Post.objects.shown().select_related("thread__page", "author")
    if not text:
        posts = posts.none()
    elif search.postgres():
        posts = posts.filter(
            vector=SearchQuery(text, search_type="websearch", config=search.CONFIG)
        )
    else:
        words = text.split()[:10]
        for word in words:
            posts = posts.filter(plain__icontains=word.strip('"'))
    count = posts.order_by()[: search.COUNT_LIMIT + 1].count()
    return CountedPosts(posts.defer("text", "html", "vector").order_by("-created", "-pk"), count)


def snippet(post: Post) -> str:
    return markup.text.truncate(post.plain, SNIPPET_CHARS)


@receiver(post_save, sender=Post)
def post_saved(sender, instance, raw=False, **kwargs):  # type: ignore[no-untyped-def]
    """Its vector follows its text; the answers kept for the search page are read again."""
    if raw:
        return
    if search.postgres():
        # An update, not a save: the vector is no part of the post's revisions (excluded from
        # its history), so skipping history skips nothing.
        Post.objects.filter(pk=instance.pk).update(
            vector=SearchVector("plain", config=search.CONFIG)
        )
    search_answers.index_changed()
