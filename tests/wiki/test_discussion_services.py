"""The discussion services other parts call: opening a thread, replying, holding."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Notice
from tests.factories import PageFactory, UserFactory
from wiki.discussions import held, open_thread, reply
from wiki.models import Follow, Page, PendingChange, ThreadFollow

pytestmark = pytest.mark.django_db


def test_open_thread_posts_its_first_post_rendered_and_tells_the_pages_followers(reader, editor):
    page = PageFactory(name="BigEater", title="Big Eater")
    Follow.objects.create(user=reader, page=page)
    stamp = page.shown_stamp

    thread = open_thread(
        page, title="  Is this  a trope? ", author=editor, text="See [[spoiler:Naomi]]."
    )

    assert thread.title == "Is this a trope?" and thread.page == page
    post = thread.posts.get()
    assert post.opening and post.author == editor
    assert 'class="spoiler"' in post.html
    assert post.history.get().history_user == editor
    assert ThreadFollow.objects.filter(user=editor, thread=thread).exists()
    assert Page.objects.get(pk=page.pk).shown_stamp != stamp  # its header counts threads
    notice = Notice.objects.get(user=reader)
    assert "opened a thread on Big Eater" in notice.text
    assert notice.url == f"/Main/BigEater/discussion/{thread.pk}#post-{post.pk}"
    assert not Notice.objects.filter(user=editor).exists()


def test_open_thread_can_be_about_a_pending_change(new_editor, editor):
    page = PageFactory(name="BigEater")
    pending = PendingChange.objects.create(
        kind="page_edit", description="Edit", payload={}, author=new_editor, page=page
    )
    thread = open_thread(page, title="Why this edit", author=editor, text="Because.", about=pending)
    assert list(pending.threads.all()) == [thread]


def test_replies_tell_the_threads_followers_but_not_their_author(reader, editor):
    page = PageFactory(name="BigEater")
    thread = open_thread(page, title="Question", author=reader, text="Why?")
    reply(thread, author=editor, text="Because.")
    assert Notice.objects.filter(user=reader, text__contains="replied").count() == 1
    assert ThreadFollow.objects.filter(user=editor, thread=thread).exists()
    assert not Notice.objects.filter(user=editor).exists()


def test_empty_or_oversized_posts_are_refused(editor):
    page = PageFactory(name="BigEater")
    with pytest.raises(ValidationError):
        open_thread(page, title="Empty", author=editor, text="   ")
    with pytest.raises(ValidationError):
        open_thread(page, title="", author=editor, text="Text.")
    thread = open_thread(page, title="Fine", author=editor, text="Text.")
    with pytest.raises(ValidationError):
        reply(thread, author=editor, text="x" * 20_001)


def test_only_a_new_members_first_posts_with_links_to_other_sites_wait(new_editor, editor):
    assert held.must_wait(new_editor, "Buy at [this shop](https://spam.example).")
    assert held.must_wait(new_editor, "Buy at https://spam.example")
    assert not held.must_wait(new_editor, "Is BigEater the same as [[Main/BigEaters]]?")
    assert not held.must_wait(editor, "See https://example.org")
    page = PageFactory(name="BigEater")
    thread = open_thread(page, title="Fine", author=new_editor, text="One.")
    reply(thread, author=new_editor, text="Two.")
    reply(thread, author=new_editor, text="Three.")
    assert not held.must_wait(new_editor, "https://example.org")  # three posts live already
    assert held.must_wait(UserFactory(username="ned"), "www.example.org")


def test_a_registered_box_shows_at_the_top_of_every_discussion(client, monkeypatch):
    from wiki.discussions import boxes

    monkeypatch.setattr(boxes, "_boxes", {})
    boxes.register_box("check", lambda request, page: f"<p>Wick check of {page.title}</p>")
    boxes.register_box("nothing", lambda request, page: "")
    PageFactory(name="BigEater", title="Big Eater")
    html = client.get("/Main/BigEater/discussion").content.decode()
    assert '<aside class="discussion-box"><p>Wick check of Big Eater</p></aside>' in html
    assert html.count("discussion-box") == 1
