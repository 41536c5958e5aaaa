"""Discussions the demo starts (discussions.toml): threads on a work and a trope, and a
brand-new account's first post, held for review because it links to another site.

Made through the services the site's forms use; only what is missing is made: a thread that
exists (by its page and title) is left as it is, and the held post is proposed once.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model

from wiki.discussions import held, open_thread, reply
from wiki.models import Page, PendingChange, Thread, page_key

HERE = Path(__file__).resolve().parent


def load(accounts):
    """Make what is missing; {what: how many were made}."""
    with open(HERE / "discussions.toml", "rb") as file:
        demo = tomllib.load(file)
    made = sum(_thread(item, accounts) for item in demo["thread"])
    return {"discussion threads": made, "posts held for review": _held(demo["held"])}


def _page(full_name):
    namespace, name = full_name.split("/")
    return Page.objects.filter(key=page_key(namespace, name)).first()


def _thread(item, accounts):
    page = _page(item["page"])
    if page is None or Thread.objects.filter(page=page, title=item["title"]).exists():
        return 0
    first, *replies = item["posts"]
    thread = open_thread(
        page, title=item["title"], author=accounts[first["author"]], text=first["text"]
    )
    for post in replies:
        reply(thread, author=accounts[post["author"]], text=post["text"])
    return 1


def _held(item):
    """The newcomer joins now: a brand-new account, whose post with a link waits."""
    newcomer, made = get_user_model().objects.get_or_create(username=item["author"])
    if made:
        newcomer.set_unusable_password()
        newcomer.save()
    thread = Thread.objects.filter(page=_page(item["page"]), title=item["thread"]).first()
    if thread is None or PendingChange.objects.filter(author=newcomer).exists():
        return 0
    held.hold_reply(thread, author=newcomer, text=item["text"])
    return 1
