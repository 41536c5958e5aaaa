from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from accounts.access import edits_limited
from wiki import feeds, markup, revisions
from wiki.discussions import feed as discussion_feed
from wiki.models import Follow, Post
from wiki.views.access import page_for

FEED_SALT = "wiki.following-feed"
SHOWN = 100


@require_POST
@login_required
@edits_limited
def follow(request, namespace, name):
    """Follow or stop following a page; htmx swaps the button, a plain form goes back."""
    page = page_for(request, namespace, name)
    following, created = Follow.objects.get_or_create(user=request.user, page=page)
    if not created:
        following.delete()
    if request.htmx:
        return render(request, "wiki/_follow.html", {"page": page, "following": created})
    return redirect(page)


@login_required
def following(request):
    """Recent changes to the pages the member follows; what came since they marked the list
    read is new."""
    # A subquery, not a list: however many pages a member follows, the statements stay small.
    entries = revisions.changes_to(request.user.follows.values("page_id"), SHOWN)
    seen = request.user.following_seen
    for entry in entries:
        entry.unread = seen is None or entry.record.history_date > seen
    context = {
        "entries": entries,
        "unread": sum(entry.unread for entry in entries),
        "newest": entries[0].record.history_date if entries else None,
        "pages": request.user.follows.select_related("page").order_by("page__title"),
        # The threads they follow, most recently active first: a member may follow many.
        "threads": request.user.thread_follows.select_related("thread__page").order_by(
            "-thread__last_posted"
        )[:SHOWN],
        "feed_url": settings.SITE_URL
        + reverse("wiki:following_feed", args=[feed_token(request.user)]),
    }
    return render(request, "wiki/following.html", context)


@require_POST
@login_required
@edits_limited
def mark_read(request):
    """Mark the changes shown as read, up to the newest one the page showed: a change made
    since then stays new."""
    try:
        until = parse_datetime(request.POST.get("until", ""))
    except ValueError:  # the form of a date, but no such date
        until = None
    if until is None or timezone.is_naive(until):
        return HttpResponseBadRequest("Say up to when the changes were read.")
    seen = request.user.following_seen
    # Never later than now, and never back: an old page marks nothing unread again.
    until = min(until, timezone.now())
    if seen is None or until > seen:
        request.user.following_seen = until
        request.user.save(update_fields=["following_seen"])
    return redirect("wiki:following")


def feed_token(user):
    """The private feed's address stands for the member and their current feed key, so that
    resetting the key (or changing the password) retires every address given out before."""
    return signing.dumps([user.pk, user.feed_key()], salt=FEED_SALT)


class FollowingFeed(feeds.ChangesFeed):
    """The same changes as an Atom feed, at a private address that stands for the member."""

    title = "Tropewise: pages you follow"
    subtitle = "Recent changes to the pages you follow."

    def get_object(self, request, token):
        try:
            user_id, key = signing.loads(token, salt=FEED_SALT)
        except (signing.BadSignature, TypeError, ValueError):  # forged, or an old address
            raise Http404("No such feed.") from None
        user = get_user_model().objects.filter(pk=user_id, feed_secret=key, is_active=True).first()
        if not key or user is None:
            raise Http404("No such feed.")
        return user

    def link(self):
        return reverse("wiki:following")

    def items(self, user):
        page_ids = list(user.follows.values_list("page_id", flat=True))
        changes = revisions.changes_to(page_ids, feeds.ITEMS) if page_ids else []
        # With the new threads on those pages and the replies in the threads they follow.
        posts = list(discussion_feed.followed_posts(user, page_ids, feeds.ITEMS))
        return sorted([*changes, *posts], key=discussion_feed.date, reverse=True)[: feeds.ITEMS]

    def item_title(self, entry):
        if isinstance(entry, Post):
            return discussion_feed.title(entry)
        return super().item_title(entry)

    def item_description(self, entry):
        if isinstance(entry, Post):
            return markup.plain_text(entry.text, limit=300, spoiler_mark=feeds.SPOILER)
        return super().item_description(entry)

    def item_link(self, entry):
        return entry.get_absolute_url() if isinstance(entry, Post) else super().item_link(entry)

    def item_guid(self, entry):
        return f"post-{entry.pk}" if isinstance(entry, Post) else super().item_guid(entry)

    def item_author_name(self, entry):
        if isinstance(entry, Post):
            return str(entry.author or "a former member")
        return super().item_author_name(entry)

    def item_updateddate(self, entry):
        return discussion_feed.date(entry)

    def item_pubdate(self, entry):
        return discussion_feed.date(entry)
