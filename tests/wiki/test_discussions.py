"""A discussion on every page: reading, opening threads, replying, editing posts."""

import pytest

from accounts.models import Ban, Notice
from tests.factories import PageFactory, TropeFactory, UserFactory
from wiki.discussions import open_thread, reply
from wiki.models import Follow, Page, PendingChange, Post, Thread, ThreadFollow

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return TropeFactory(page__name="BigEater", page__title="Big Eater").page


@pytest.fixture
def thread(page, editor):
    return open_thread(page, title="Is Naomi one?", author=editor, text="She eats a lot.")


def test_every_page_links_to_its_discussion_with_its_count_of_threads(client, page, editor):
    assert "Discussion (0)" in client.get("/Main/BigEater").content.decode()
    open_thread(page, title="One", author=editor, text="First.")
    open_thread(page, title="Two", author=editor, text="Second.")
    html = client.get("/Main/BigEater").content.decode()
    assert '<a href="/Main/BigEater/discussion">Discussion (2)</a>' in html


def test_anyone_reads_the_threads_and_their_posts(client, page, thread, reader):
    reply(thread, author=reader, text="She does.")
    listing = client.get("/Main/BigEater/discussion").content.decode()
    assert "Is Naomi one?" in listing and "Start a thread" not in listing
    response = client.get(f"/Main/BigEater/discussion/{thread.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "She eats a lot." in html and "She does." in html
    post = thread.posts.last()
    assert f'id="post-{post.pk}"' in html and f'href="#post-{post.pk}"' in html
    assert "Sign in</a> to reply" in html


def test_a_member_opens_a_thread_and_a_reply(client, page, reader):
    client.force_login(reader)
    assert "Start a thread" in client.get("/Main/BigEater/discussion").content.decode()
    response = client.post(
        "/Main/BigEater/discussion/new",
        {"title": "Which episode?", "text": "In episode [[spoiler:nine]]."},
    )
    thread = Thread.objects.get()
    assert response["Location"] == f"/Main/BigEater/discussion/{thread.pk}"
    html = client.get(response["Location"]).content.decode()
    assert 'class="spoiler"' in html and "nine" in html
    response = client.post(
        f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "Ten, I think."}
    )
    post = Post.objects.last()
    assert response["Location"] == f"/Main/BigEater/discussion/{thread.pk}#post-{post.pk}"
    assert post.author == reader and post.text == "Ten, I think."


def test_bad_posts_get_a_form_error(client, page, thread, reader):
    client.force_login(reader)
    assert (
        client.post("/Main/BigEater/discussion/new", {"title": "", "text": "x"}).status_code == 400
    )
    too_long = {"text": "x" * 20_001}
    assert client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", too_long).status_code == 400
    assert (
        client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": " "}).status_code
        == 400
    )
    assert Post.objects.count() == 1


def test_posting_needs_a_member_who_is_not_banned(client, page, thread, banned_user):
    response = client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "Hi."})
    assert response["Location"].startswith("/accounts/login")
    client.force_login(banned_user)
    assert (
        client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "Hi."}).status_code
        == 403
    )
    new = {"title": "Hello", "text": "Hi."}
    assert client.post("/Main/BigEater/discussion/new", new).status_code == 403
    assert "Start a thread" not in client.get("/Main/BigEater/discussion").content.decode()
    assert Post.objects.count() == 1


def test_a_thread_is_only_found_on_its_own_pages_discussion(client, page, thread):
    other = PageFactory(name="Elsewhere")
    response = client.get(f"/Main/Elsewhere/discussion/{thread.pk}")
    assert response["Location"] == f"/Main/BigEater/discussion/{thread.pk}"
    assert client.get("/Main/BigEater/discussion/999999").status_code == 404
    assert client.get("/Main/NoSuchPage/discussion").status_code == 404
    assert other.pk


def test_a_redirects_discussion_is_its_targets(client, page, thread):
    PageFactory(name="BigEaters", redirect_to=page)
    assert client.get("/Main/BigEaters/discussion")["Location"] == "/Main/BigEater/discussion"
    response = client.get(f"/main/bigeater/discussion/{thread.pk}")
    assert response["Location"] == f"/Main/BigEater/discussion/{thread.pk}"


def test_posts_are_paginated_with_bounded_page_numbers(client, page, thread, editor):
    for number in range(55):
        Post.objects.create(thread=thread, author=editor, text=f"Post number {number}.")
    first = client.get(f"/Main/BigEater/discussion/{thread.pk}").content.decode()
    assert "Post number 48." in first and "Post number 49." not in first
    second = client.get(f"/Main/BigEater/discussion/{thread.pk}?page=2").content.decode()
    assert "Post number 49." in second
    last = Post.objects.last()
    assert last.get_absolute_url().endswith(f"?page=2#post-{last.pk}")
    assert client.get(f"/Main/BigEater/discussion/{thread.pk}?page=99999").status_code == 200
    assert client.get(f"/Main/BigEater/discussion/{thread.pk}?page=x").status_code == 200


def test_an_author_edits_their_post_which_keeps_its_revisions(client, thread, editor, reader):
    post = thread.posts.get()
    client.force_login(reader)
    assert client.get(f"/posts/{post.pk}/edit").status_code == 403
    client.force_login(editor)
    assert client.get(f"/posts/{post.pk}/edit").status_code == 200
    response = client.post(f"/posts/{post.pk}/edit", {"text": "She eats a *lot*."})
    assert response["Location"].endswith(f"#post-{post.pk}")
    html = client.get(f"/Main/BigEater/discussion/{thread.pk}").content.decode()
    assert "<em>lot</em>" in html and ">edited</a>" in html
    history = client.get(f"/posts/{post.pk}/history").content.decode()
    assert "She eats a lot." in history and "She eats a *lot*." in history
    assert post.history.count() == 2


def test_following_a_thread_brings_notices_of_its_replies(client, thread, reader, editor):
    client.force_login(reader)
    client.post(f"/Main/BigEater/discussion/{thread.pk}/follow")
    assert ThreadFollow.objects.filter(user=reader, thread=thread).exists()
    reply(thread, author=editor, text="Another thought.")
    notice = Notice.objects.get(user=reader)
    assert "replied in “Is Naomi one?”" in notice.text
    assert ">Following<" in client.get(f"/Main/BigEater/discussion/{thread.pk}").content.decode()
    client.post(f"/Main/BigEater/discussion/{thread.pk}/follow")
    assert not ThreadFollow.objects.filter(user=reader, thread=thread).exists()


def test_following_a_page_brings_notices_of_its_new_threads(client, page, reader, editor):
    Follow.objects.create(user=reader, page=page)
    client.force_login(editor)
    client.post("/Main/BigEater/discussion/new", {"title": "New question", "text": "Why?"})
    assert "opened a thread on Big Eater: “New question”" in Notice.objects.get(user=reader).text


def test_a_thread_about_a_revision_or_a_held_change_links_it(client, page, reader, new_editor):
    revision = page.history.get()
    client.force_login(reader)
    form = client.get(f"/Main/BigEater/discussion?revision={revision.history_id}").content.decode()
    assert f'name="revision" value="{revision.history_id}"' in form
    client.post(
        "/Main/BigEater/discussion/new",
        {"title": "This edit", "text": "Why?", "revision": revision.history_id},
    )
    thread = Thread.objects.get()
    assert thread.about_revision.history_id == revision.history_id
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f"/Main/BigEater/history/{revision.history_id}" in html

    change = PendingChange.objects.create(
        kind="page_edit", description="Edit", payload={}, author=new_editor, page=page
    )
    client.post(
        "/Main/BigEater/discussion/new",
        {"title": "That change", "text": "Hm.", "change": change.pk},
    )
    assert Thread.objects.get(title="That change").about_change == change
    other = PageFactory(name="Other")
    response = client.post(
        "/Main/Other/discussion/new", {"title": "Wrong page", "text": "Hm.", "change": change.pk}
    )
    assert response.status_code == 400 and other.threads.count() == 0


def test_a_new_members_first_post_with_a_link_waits_for_review(client, page, thread, moderator):
    newcomer = UserFactory(username="newbie")
    client.force_login(newcomer)
    response = client.post(
        f"/Main/BigEater/discussion/{thread.pk}/reply",
        {"text": "Cheap pills at https://spam.example"},
    )
    change = PendingChange.objects.get(kind="reply")
    assert response["Location"] == f"/pending/{change.pk}"
    assert Post.objects.count() == 1
    assert "https://spam.example" not in client.get(thread.get_absolute_url()).content.decode()
    client.post(
        f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "A question without links."}
    )
    assert Post.objects.count() == 2  # nothing else waits

    client.force_login(moderator)
    queue = client.get("/admin/wiki/pendingchange/?kind=reply").content.decode()
    assert "Reply in “Is Naomi one?”" in queue
    client.post(f"/admin/wiki/pendingchange/{change.pk}/change/", {"_approve": "Approve"})
    assert Post.objects.filter(author=newcomer, text__contains="spam.example").exists()


def test_a_new_thread_with_a_link_waits_and_opens_once_approved(client, page, moderator):
    newcomer = UserFactory(username="newbie")
    client.force_login(newcomer)
    client.post(
        "/Main/BigEater/discussion/new", {"title": "Look", "text": "[here](http://x.example)"}
    )
    assert not Thread.objects.exists()
    change = PendingChange.objects.get(kind="new_thread")
    client.force_login(moderator)
    client.post(f"/admin/wiki/pendingchange/{change.pk}/change/", {"_approve": "Approve"})
    thread = Thread.objects.get()
    assert thread.author == newcomer and thread.page == Page.objects.get(pk=page.pk)


def test_held_first_posts_wait_on_the_moderators_desk(client, page, thread, moderator):
    newcomer = UserFactory(username="newbie")
    client.force_login(newcomer)
    client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "See www.spam.example"})
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    start = html.index('class="desk-held_posts"')
    row = html[start : html.index("</tr>", start)]
    assert "Held first posts" in row and 'desk-count">1</td>' in row
    link = "/admin/wiki/pendingchange/?status__exact=pending&amp;kind__in=new_thread,reply"
    assert f'href="{link}"' in row
    queue = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Reply in “Is Naomi one?”" in queue


def test_the_review_screen_shows_the_threads_about_the_change(
    client, page, new_editor, editor, moderator
):
    change = PendingChange.objects.create(
        kind="page_edit",
        description="Edit of Big Eater",
        payload={"values": {"body": "Held."}, "extra": None},
        author=new_editor,
        page=page,
        base_revision=page.history.get().history_id,
    )
    client.force_login(moderator)
    screen = client.get(f"/admin/wiki/pendingchange/{change.pk}/change/").content.decode()
    assert f"/Main/BigEater/discussion?change={change.pk}" in screen
    thread = open_thread(page, title="About that edit", author=editor, text="Hm.", about=change)
    screen = client.get(f"/admin/wiki/pendingchange/{change.pk}/change/").content.decode()
    assert "Discussed in" in screen and f'href="{thread.get_absolute_url()}"' in screen
    client.force_login(new_editor)
    assert "About that edit" in client.get(f"/pending/{change.pk}").content.decode()


def test_a_revision_offers_to_discuss_it(client, page, reader):
    revision = page.history.get()
    client.force_login(reader)
    html = client.get(f"/Main/BigEater/history/{revision.history_id}").content.decode()
    assert f"/Main/BigEater/discussion?revision={revision.history_id}#new-thread" in html


def test_posts_are_found_by_search_without_their_spoilers(client, page, editor, moderator):
    thread = open_thread(
        page, title="The ending", author=editor, text="Rouge [[spoiler:betrays Naomi]] later."
    )
    hidden = reply(thread, author=editor, text="Rouge spam.")
    client.force_login(moderator)
    client.post(f"/posts/{hidden.pk}/hide", {"reason": "Spam"})
    client.logout()
    response = client.get("/search?q=Rouge&in=posts")
    html = response.content.decode()
    assert "1 post found" in html
    first = thread.posts.first()
    assert f'href="/posts/{first.pk}"' in html and "The ending" in html
    assert "betrays" not in html and "Rouge spam" not in html
    assert client.get("/search?q=betrays&in=posts").content.decode().count("0 posts found") == 1
    assert (
        client.get(f"/posts/{first.pk}")["Location"]
        == f"{thread.get_absolute_url()}#post-{first.pk}"
    )
    assert "Discussions" in client.get("/search?q=Rouge").content.decode()


def test_a_new_member_cannot_add_a_link_to_a_live_post_by_editing_it(client, thread):
    newcomer = UserFactory(username="newbie")
    post = reply(thread, author=newcomer, text="Innocent question.")
    client.force_login(newcomer)
    response = client.post(f"/posts/{post.pk}/edit", {"text": "Now see https://spam.example"})
    assert response.status_code == 400 and "reviewed first" in response.content.decode()
    assert Post.objects.get(pk=post.pk).text == "Innocent question."
    assert client.post(f"/posts/{post.pk}/edit", {"text": "A better question."}).status_code == 302


def test_posts_in_a_locked_thread_are_not_edited(client, thread, editor):
    post = thread.posts.get()
    thread.locked = True
    thread.save()
    client.force_login(editor)
    assert client.post(f"/posts/{post.pk}/edit", {"text": "Changed."}).status_code == 403


def test_the_listing_counts_replies_others_may_read(client, page, thread, editor, moderator):
    hidden = reply(thread, author=editor, text="Spam.")
    reply(thread, author=editor, text="Fine.")
    client.force_login(moderator)
    client.post(f"/posts/{hidden.pk}/hide", {"reason": "Spam"})
    html = client.get("/Main/BigEater/discussion").content.decode()
    assert "<td>1</td>" in html


def test_an_edit_ban_leaves_the_discussion_open(client, thread, reader):
    Ban.objects.create(user=reader, scope=Ban.Scope.EDIT, reason="Edit warring")
    client.force_login(reader)
    assert (
        client.post(f"/Main/BigEater/discussion/{thread.pk}/reply", {"text": "Why?"}).status_code
        == 302
    )


def test_the_new_thread_form_shows_no_label_for_its_hidden_fields(client, page, reader):
    client.force_login(reader)
    html = client.get("/Main/BigEater/discussion").content.decode()
    assert 'type="hidden" name="revision"' in html and "Revision:" not in html
