"""Which posts wait for review, and what approving them does.

A member's first posts (DISCUSSION_HELD_POSTS of them) that link to other sites wait for a
moderator, unless the member is trusted: that is what spam looks like. Nothing else waits:
the discussion page is where newcomers ask, and WikiWords make links to pages of the wiki
in almost every post. A held post is a PendingChange of its own kind, reviewed on the same
screens as held edits, and becomes a post (or a thread) only when approved.
"""

import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import QuerySet

from accounts import roles
from accounts.models import User
from wiki import markup
from wiki.markup import urls
from wiki.models import Page, PendingChange, Post, Thread
from wiki.models.discussion import HELD_POST_KINDS
from wiki.moderation import desk, holding

from . import threads

NEW_THREAD, REPLY = KINDS = HELD_POST_KINDS
_HREF = re.compile(r'<a href="([^"]*)"')
# An address written out without being made a link still sends readers there.
_BARE_ADDRESS = re.compile(r"(?i)\b(?:https?://|www\.)[^\s]")


@dataclass(frozen=True)
class HeldThread:
    page: int
    title: str
    text: str
    about_change: int | None = None
    about_revision: int | None = None


@dataclass(frozen=True)
class HeldReply:
    thread: int
    text: str


def must_wait(user: User, text: str) -> bool:
    """Whether `user`'s post of `text` waits for review."""
    if roles.has(user, roles.EDIT_LIVE) or not links_out(text):
        return False
    posted: int = Post.objects.filter(author=user).count()
    first_posts: int = settings.DISCUSSION_HELD_POSTS
    return posted < first_posts


def links_out(text: str) -> bool:
    """Whether the text links to another site, or writes out an address of one."""
    if _BARE_ADDRESS.search(text):
        return True
    return any(urls.is_external(href) for href in _HREF.findall(markup.render(text)))


def waiting() -> QuerySet[PendingChange]:
    """The held posts and threads waiting for a moderator, oldest first."""
    held: QuerySet[PendingChange] = PendingChange.objects.waiting().filter(kind__in=KINDS)
    return held.order_by("created")


def hold_thread(
    page: Page, *, title: str, author: User, text: str, about: threads.About = None
) -> PendingChange:
    """Keep a new thread for review; it opens once approved."""
    threads.check(text, title)
    held = HeldThread(
        page.pk,
        title,
        text,
        about_change=about.pk if isinstance(about, PendingChange) else None,
        about_revision=about.history_id
        if about is not None and hasattr(about, "history_id")
        else None,
    )
    return holding.hold(
        NEW_THREAD,
        f"New thread “{title}” on {page.title}",
        asdict(held),
        author,
        page=page,
        size_change=len(text),
    )


def hold_reply(thread: Thread, *, author: User, text: str) -> PendingChange:
    """Keep a reply for review; it is posted once approved."""
    threads.check(text)
    return holding.hold(
        REPLY,
        f"Reply in “{thread.title}” on {thread.page.title}",
        asdict(HeldReply(thread.pk, text)),
        author,
        page=thread.page,
        size_change=len(text),
    )


def register_handlers() -> None:
    """Called once the apps are ready (wiki.apps): the kinds of held change, and their queue
    on the moderators' desk."""
    holding.register(NEW_THREAD, holding.Handler(texts=_texts, apply=_apply_thread))
    holding.register(REPLY, holding.Handler(texts=_texts, apply=_apply_reply))
    desk.register(
        desk.Queue(
            name="held_posts",
            label="Held first posts",
            waiting=waiting,
            since="created",
            link="admin:wiki_pendingchange_changelist",
            permission=roles.REVIEW,
            query=f"?status__exact=pending&kind__in={','.join(KINDS)}",
        )
    )


def _texts(change: PendingChange) -> tuple[str, str]:
    return "", str(change.payload["text"])


def _apply_thread(change: PendingChange) -> holding.Outcome:
    held = HeldThread(**change.payload)
    page = Page.objects.filter(pk=held.page).first()
    if page is None:
        return "conflict"
    about = None
    if held.about_change:
        about = PendingChange.objects.filter(pk=held.about_change).first()
    elif held.about_revision:
        about = Page.history.filter(history_id=held.about_revision).first()
    threads.open_thread(page, title=held.title, author=change.author, text=held.text, about=about)
    return "saved"


def _apply_reply(change: PendingChange) -> holding.Outcome:
    held = HeldReply(**change.payload)
    thread = Thread.objects.filter(pk=held.thread).first()
    if thread is None:
        return "conflict"
    threads.reply(thread, author=change.author, text=held.text)
    return "saved"
