"""Moderators in discussions: hidden posts, locked, pinned, moved and resolved threads, each in
the moderation log; reports on posts; the private feed of followed discussions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ModeratorAction
from tests.factories import PageFactory, UserFactory
from wiki.discussions import open_thread, reply
from wiki.models import Follow, Page, PendingChange, Post, ReportCase, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return PageFactory(name="BigEater", title="Big Eater")


@pytest.fixture
def thread(page, editor):
    return open_thread(page, title="Is Naomi one?", author=editor, text="She eats a lot.")


def url(thread, action=""):
    return f"/Main/BigEater/discussion/{thread.pk}{action}"


def test_a_hidden_post_stays_visible_to_moderators_only(client, thread, reader, moderator):
    post = reply(thread, author=reader, text="Buy my book.")
    client.force_login(moderator)
    response = client.post(f"/posts/{post.pk}/hide", {"reason": "Advertising"})
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert Post.objects.filter(pk=post.pk, hidden=True).exists()  # never deleted
    html = client.get(url(thread)).content.decode()
    assert "Buy my book." in html and "Hidden by mona: Advertising" in html

    client.force_login(reader)
    html = client.get(url(thread)).content.decode()
    assert "Buy my book." not in html and "A post hidden by a moderator." in html
    assert client.get(f"/posts/{post.pk}/edit").status_code == 403
    assert client.get(f"/posts/{post.pk}/history").status_code == 404
    client.logout()
    assert "Buy my book." not in client.get(url(thread)).content.decode()

    log = ModeratorAction.objects.get(kind="hide_post")
    assert log.actor == moderator and log.reason == "Advertising"
    assert "Advertising" in client.get("/moderation/log").content.decode()
    client.force_login(moderator)
    client.post(f"/posts/{post.pk}/show", {"reason": "On reflection"})
    assert not Post.objects.get(pk=post.pk).hidden
    assert ModeratorAction.objects.filter(kind="show_post").exists()


def test_hiding_needs_a_reason_and_a_moderator(client, thread, reader, moderator):
    post = thread.posts.get()
    client.force_login(reader)
    assert client.post(f"/posts/{post.pk}/hide", {"reason": "Mine"}).status_code == 403
    client.force_login(moderator)
    assert client.post(f"/posts/{post.pk}/hide", {"reason": ""}).status_code == 400
    assert client.get(f"/posts/{post.pk}/hide").status_code == 405
    assert not Post.objects.get(pk=post.pk).hidden


def test_a_locked_thread_takes_replies_from_moderators_only(client, thread, reader, moderator):
    client.force_login(moderator)
    client.post(url(thread, "/lock"), {"on": "1", "reason": "Heated"})
    assert Thread.objects.get(pk=thread.pk).locked
    client.force_login(reader)
    html = client.get(url(thread)).content.decode()
    assert "Locked" in html and "Post the reply" not in html
    assert client.post(url(thread, "/reply"), {"text": "But…"}).status_code == 403
    client.force_login(moderator)
    assert client.post(url(thread, "/reply"), {"text": "Calm down."}).status_code == 302
    client.post(url(thread, "/lock"), {"on": "0"})
    assert not Thread.objects.get(pk=thread.pk).locked
    kinds = list(ModeratorAction.objects.order_by("pk").values_list("kind", "reason"))
    assert kinds == [("lock_thread", "Heated"), ("unlock_thread", "")]


def test_a_pinned_thread_is_listed_first_and_a_resolved_one_says_so(
    client, page, thread, editor, moderator
):
    newer = open_thread(page, title="A newer thread", author=editor, text="Hello.")
    html = client.get("/Main/BigEater/discussion").content.decode()
    assert html.index("A newer thread") < html.index("Is Naomi one?")
    client.force_login(moderator)
    client.post(url(thread, "/pin"), {"on": "1"})
    client.post(url(thread, "/resolve"), {"on": "1"})
    html = client.get("/Main/BigEater/discussion").content.decode()
    assert html.index("Is Naomi one?") < html.index("A newer thread")
    assert "Pinned" in html and "Resolved" in html
    assert set(ModeratorAction.objects.values_list("kind", flat=True)) == {
        "pin_thread",
        "resolve_thread",
    }
    assert newer.pk


def test_moving_a_thread_takes_it_to_another_pages_discussion(client, page, thread, moderator):
    other = PageFactory(name="Gourmand", title="Gourmand")
    stamps = {p.pk: p.shown_stamp for p in Page.objects.all()}
    client.force_login(moderator)
    assert client.get(url(thread, "/move")).status_code == 200
    response = client.post(url(thread, "/move"), {"to": "Main/NoSuchPage", "reason": ""})
    assert response.status_code == 400
    response = client.post(url(thread, "/move"), {"to": "Main/Gourmand", "reason": "Wrong page"})
    assert response["Location"] == f"/Main/Gourmand/discussion/{thread.pk}"
    assert Thread.objects.get(pk=thread.pk).page == other
    assert client.get(url(thread))["Location"] == f"/Main/Gourmand/discussion/{thread.pk}"
    assert "Discussion (1)" in client.get("/Main/Gourmand").content.decode()
    assert "Discussion (0)" in client.get("/Main/BigEater").content.decode()
    assert all(p.shown_stamp != stamps[p.pk] for p in Page.objects.all())
    log = ModeratorAction.objects.get(kind="move_thread")
    assert "from Main/BigEater to Main/Gourmand" in log.target and log.reason == "Wrong page"


def test_only_moderators_lock_pin_resolve_or_move(client, thread, editor):
    client.force_login(editor)
    for action in ("/lock", "/pin", "/resolve"):
        assert client.post(url(thread, action), {"on": "1"}).status_code == 403
    assert client.get(url(thread, "/move")).status_code == 403
    assert not ModeratorAction.objects.exists()


def test_posts_are_reported_as_pages_are(client, thread, reader, moderator):
    post = thread.posts.get()
    client.force_login(reader)
    assert client.get(f"/posts/{post.pk}/report").status_code == 200
    response = client.post(f"/posts/{post.pk}/report", {"reason": "offensive", "details": "Rude."})
    assert response["Location"].endswith(f"#post-{post.pk}")
    case = ReportCase.objects.get()
    assert case.subject == f"post:{post.pk}" and "Is Naomi one?" in case.label
    client.force_login(moderator)
    assert "Is Naomi one?" in client.get("/admin/wiki/reportcase/").content.decode()


def test_the_private_feed_carries_new_threads_and_replies_with_spoilers_out(
    client, page, thread, reader, editor
):
    Follow.objects.create(user=reader, page=page)
    open_thread(page, title="Second thread", author=editor, text="The end: [[spoiler:she wins]].")
    client.force_login(reader)
    client.post(url(thread, "/follow"))
    reply(thread, author=editor, text="A reply to follow.")
    feed_url = client.get("/following").context["feed_url"].replace("http://testserver", "")
    client.logout()
    body = client.get(feed_url).content.decode()
    assert "Big Eater: new thread “Second thread”" in body
    assert "Big Eater: reply in “Is Naomi one?”" in body and "A reply to follow." in body
    assert "[spoiler]" in body and "she wins" not in body


def test_posting_is_rate_limited(client, settings, thread, reader):
    settings.POST_RATE_LIMIT = 3
    client.force_login(reader)
    codes = [
        client.post(url(thread, "/reply"), {"text": f"Reply {n}."}).status_code for n in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    new = {"title": "One more", "text": "Hello."}
    assert client.post("/Main/BigEater/discussion/new", new).status_code == 429
    assert thread.posts.count() == 4


def test_a_new_member_cannot_bury_the_queue_with_held_posts(client, settings, thread):
    settings.MAX_PENDING_PER_AUTHOR = 2
    client.force_login(UserFactory(username="spammer"))
    codes = [
        client.post(url(thread, "/reply"), {"text": f"https://spam.example/{n}"}).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert PendingChange.objects.count() == 2


def test_moderators_read_threads_and_posts_in_the_admin_without_deleting_them(
    client, thread, moderator
):
    post = thread.posts.get()
    client.force_login(moderator)
    assert "Is Naomi one?" in client.get("/admin/wiki/thread/").content.decode()
    assert client.get(f"/admin/wiki/post/{post.pk}/change/").status_code == 200
    assert client.get("/admin/wiki/post/?hidden__exact=1").status_code == 200
    assert client.post(f"/admin/wiki/post/{post.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_the_following_page_lists_followed_threads_and_the_feed_for_them(client, thread, reader):
    client.force_login(reader)
    client.post(url(thread, "/follow"))
    html = client.get("/following").content.decode()
    assert "Followed threads" in html and f'href="{thread.get_absolute_url()}"' in html
    assert "Atom feed" in html


def test_rolling_back_a_member_hides_their_posts_since_the_moment(client, thread, moderator):
    vandal = UserFactory(username="vandal")
    spam = reply(thread, author=vandal, text="Spam one.")
    other = open_thread(thread.page, title="Spam thread", author=vandal, text="Spam two.")
    client.force_login(moderator)
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    preview = client.get("/user/vandal/rollback", {"since": since}).content.decode()
    assert "Hide the post" in preview and "Spam thread" in preview
    client.post("/user/vandal/rollback", {"since": since})
    assert Post.objects.get(pk=spam.pk).hidden
    assert other.posts.get().hidden and other.posts.get().hidden_by == moderator
    assert not thread.posts.first().hidden  # not theirs
