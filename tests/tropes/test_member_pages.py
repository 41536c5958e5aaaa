"""Signed-in members' pages: what members like one another share is kept, and each member's
own parts (vote, follow button, held change, notices, token, handle) are their own."""

import re

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client

from accounts.models import Notice
from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tests.helpers import form_data
from tropes import presenters, votes
from tropes.models import ExampleVote
from tropewise.serving import stamps
from wiki import personal
from wiki.models import Follow, PendingChange

pytestmark = pytest.mark.django_db

MEMBERS_PAGES = "tropewise.serving.members.MembersPages"
# A CSRF token as Django masks it: a new one each time it is asked for.
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
PRESSED = "\n                  aria-pressed="  # between a vote button's value and its state


@pytest.fixture(params=[False, True], ids=["stamps in the database", "stamps shared"])
def stamps_shared(request, settings):
    # Asked for before the pages are made, as it would be set in production. (Stamps shared
    # here are the one process's memory, which it shares with itself.)
    settings.PAGE_STAMPS_SHARED = request.param
    return request.param


@pytest.fixture
def rouge():
    return make_rouge()


def make_rouge():
    work = WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )
    for name, text in [("BigEater", "Naomi never skips a meal."), ("TheMole", "Who is it?")]:
        ExampleFactory(trope=TropeFactory(page__name=name), work=work, text=text)
    return work


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page_of(user, path="/Anime/MetallicRouge", **extra):
    response = signed_in(user).get(path, **extra)
    assert response.status_code == 200
    return response.content.decode()


def kept_copies():
    return [key for key in cache._cache if ":members:" in key]  # local memory in tests


def test_a_member_is_shown_their_own_vote_on_a_copy_another_member_filled(
    stamps_shared, rouge, reader
):
    other = UserFactory(username="oscar")
    naomi, mole = rouge.examples.order_by("trope__page__name")
    votes.cast_vote(reader, naomi, 3)
    votes.cast_vote(other, naomi, 5)
    votes.cast_vote(other, mole, 1)

    others_page = page_of(other)
    assert len(kept_copies()) == 1
    page = page_of(reader)
    assert len(kept_copies()) == 1  # the same copy served them both
    assert "you: 3" in page and "you: 5" not in page and "you: 1" not in page
    assert "you: 5" in others_page and "you: 1" in others_page and "you: 3" not in others_page
    assert f'data-drafts-for="{reader.pk}"' in page and 'href="/user/rhea">rhea</a>' in page
    assert "oscar" not in page


def test_a_member_is_shown_their_own_vote_in_the_featured_example(rouge, reader, editor):
    naomi = rouge.examples.get(trope__page__name="BigEater")
    votes.cast_vote(editor, naomi, 5)
    votes.cast_vote(reader, naomi, 2)
    featured = page_of(editor).split('class="featured-example"')[1]
    assert (
        "Your vote: 5." in featured
        and 'value="5"\n                  aria-pressed="true"' in featured
    )

    featured = page_of(reader).split('class="featured-example"')[1]
    assert (
        "Your vote: 2." in featured
        and 'value="2"\n                  aria-pressed="true"' in featured
    )
    assert 'value="5"\n                  aria-pressed="false"' in featured


def test_a_kept_members_page_is_the_page_rendered_for_the_member_alone(
    stamps_shared, rouge, reader, settings
):
    naomi = rouge.examples.get(trope__page__name="BigEater")
    votes.cast_vote(reader, naomi, 4)
    Follow.objects.create(user=reader, page=rouge.page)
    Notice.send(reader, "Your change to Big Eater was approved.", url="/Main/BigEater")
    held = signed_in(reader).post(
        "/Anime/MetallicRouge/edit", form_data(rouge.page, body="Held for review.")
    )
    assert held.status_code == 302 and PendingChange.objects.filter(author=reader).exists()
    page_of(UserFactory())  # someone else's request keeps the copy
    kept = page_of(reader)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MEMBERS_PAGES]
    alone = page_of(reader)
    assert TOKEN.sub("TOKEN", kept) == TOKEN.sub("TOKEN", alone)
    for shown in ("you: 4", "Following", "was approved", "is waiting for review"):
        assert shown in kept


def test_follow_state_and_held_changes_are_each_members_own(client, rouge, reader, new_editor):
    Follow.objects.create(user=reader, page=rouge.page)
    new_editor_client = signed_in(new_editor)
    page = rouge.page
    response = new_editor_client.post(
        "/Anime/MetallicRouge/edit", form_data(page, body=page.body + "\n\nMore.")
    )
    assert response.status_code == 302 and PendingChange.objects.filter(author=new_editor)

    readers_page = page_of(reader)
    assert 'aria-pressed="true">Following</button>' in readers_page
    assert "is waiting for review" not in readers_page
    editors_page = new_editor_client.get("/Anime/MetallicRouge").content.decode()
    assert 'aria-pressed="false">Follow</button>' in editors_page
    assert "Your change (" in editors_page and "is waiting for review" in editors_page


def test_notices_are_each_members_own(rouge, reader, editor):
    Notice.send(reader, "Your report was closed.")
    assert "Your report was closed." not in page_of(editor)
    page = page_of(reader)
    assert '<section class="notices"' in page and "Your report was closed." in page


def test_a_message_is_shown_once_on_a_kept_page(rouge, editor):
    client = signed_in(editor)
    client.get("/Anime/MetallicRouge")  # kept
    response = client.post(
        "/Anime/MetallicRouge/edit", form_data(rouge.page, body="A new text."), follow=True
    )
    html = response.content.decode()
    assert "A new text." in html and '<li class="message-success">Saved.</li>' in html
    assert "Saved." not in client.get("/Anime/MetallicRouge").content.decode()


def test_the_token_on_a_kept_page_sends_the_members_vote(rouge, reader, editor):
    page_of(editor)  # the editor's request keeps the copy
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    html = client.get("/Anime/MetallicRouge").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    naomi = rouge.examples.get(trope__page__name="BigEater")
    response = client.post(
        f"/examples/{naomi.pk}/vote", {"value": "4", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302)
    assert ExampleVote.objects.get(user=reader, example=naomi).value == 4
    assert "you: 4" in client.get("/Anime/MetallicRouge").content.decode()


def test_a_change_to_the_page_shows_to_members_at_once(stamps_shared, rouge, reader, editor):
    naomi = rouge.examples.get(trope__page__name="BigEater")
    assert "Naomi never skips a meal." in page_of(reader)

    naomi.text = "Naomi eats for three."
    naomi.save()
    assert "Naomi eats for three." in page_of(reader)

    ExampleFactory(trope=TropeFactory(page__name="TheRival"), work=rouge, text="A new rival.")
    assert "A new rival." in page_of(reader)

    for value in (5, 4):
        votes.cast_vote(UserFactory(), naomi, value)
    assert '<span class="score">4.5</span> (2 votes)' in page_of(reader)

    response = signed_in(editor).post(
        "/Anime/MetallicRouge/edit", form_data(rouge.page, body="Edited by Eddie.")
    )
    assert response.status_code == 302
    assert "Edited by Eddie." in page_of(reader)


def test_controls_of_a_role_are_never_shown_to_another(rouge, reader, editor, moderator):
    admin = UserFactory(username="ada", is_staff=True, is_superuser=True)
    move = 'href="/Anime/MetallicRouge/move"'
    admin_link = 'href="/admin/"'
    assert move in page_of(moderator) and admin_link in page_of(admin)
    assert move in page_of(editor) and admin_link not in page_of(editor)
    readers_page = page_of(reader)
    assert move not in readers_page and admin_link not in readers_page
    assert "Edit page" in readers_page


def test_reading_preferences_are_each_members_own(reader, editor):
    trope = TropeFactory(page__name="BigEater")
    low = ExampleFactory(trope=trope, work=WorkFactory(page__title="Alpha Show"))
    high = ExampleFactory(trope=trope, work=WorkFactory(page__title="Beta Show"))
    votes.cast_vote(UserFactory(), low, 2)
    votes.cast_vote(UserFactory(), high, 5)
    reader.theme, reader.example_sort, reader.show_spoilers = "dark", "rating", True
    reader.save()

    editors_page = page_of(editor, "/Main/BigEater")
    readers_page = page_of(reader, "/Main/BigEater")
    assert 'data-theme="system"' in editors_page and 'data-theme="dark"' in readers_page
    assert 'class="spoilers-shown' in readers_page and "spoilers-shown" not in editors_page
    assert editors_page.index("Alpha Show") < editors_page.index("Beta Show")
    assert readers_page.index("Beta Show") < readers_page.index("Alpha Show")


def test_a_kept_members_page_costs_few_queries(
    stamps_shared, reader, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_rouge()  # its stamp published, as once a change commits
    stamps.unpublished.forget_all()
    page_of(UserFactory())  # a member of the reader's role keeps the copy
    client = signed_in(reader)
    # Session, the member with their role; the stamp unless the cache holds it; then the
    # reader's votes, follow button, held changes and notices.
    with django_assert_max_num_queries(6 if stamps_shared else 7):
        assert client.get("/Anime/MetallicRouge").status_code == 200


def test_a_page_for_one_member_alone_is_not_kept(rouge, reader):
    response = signed_in(reader).get("/Anime/MetallicRouge?from=Anime/OldName")
    assert response.status_code == 200
    assert "(Redirected from Anime/OldName)" in response.content.decode()
    assert not kept_copies()


def test_members_pages_stay_private(rouge, reader):
    response = signed_in(reader).get("/Anime/MetallicRouge")
    assert "private" in response["Cache-Control"]
    assert "X-Keep-For-Replay" not in response


def test_a_shared_render_refuses_what_belongs_to_one_member(reader):
    shape = personal.MemberShape(reader)
    request = type("Request", (), {})()
    with personal.rendering_shared(request, shape):
        context = personal.shared_context(request, page=None)
        for source in ("{{ user.email }}", "{{ notices }}", "{{ perms.wiki }}"):
            with pytest.raises(personal.NotShared):
                Template(source).render(Context(context))
        shown = Template("{{ user.handle }} {{ csrf_token }} {{ user.theme }}").render(
            Context(context)
        )
    assert reader.username not in shown and "@@" in shown and "system" in shown


def test_the_members_middleware_comes_before_the_kept_views():
    names = django_settings.MIDDLEWARE
    assert names.index(MEMBERS_PAGES) == names.index("tropewise.serving.pagecache.KeptViews") - 1


def test_a_member_sees_their_votes_on_a_folded_trope_and_on_its_mediums(reader, monkeypatch):
    # The rules of a trope with thousands of examples, scaled down: 5 on the page, 2 a medium.
    monkeypatch.setattr(presenters, "EXAMPLES_ON_PAGE", 5)
    monkeypatch.setattr(presenters, "MEDIUM_PREVIEW", 2)
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    shows = [
        ExampleFactory(trope=trope, work=WorkFactory(page__title=f"Anime Show {n}"))
        for n in range(6)
    ]
    votes.cast_vote(reader, shows[0], 2)
    votes.cast_vote(reader, shows[4], 5)
    for path in ("/Main/BigEater", "/Main/BigEater/examples/Anime"):
        page_of(UserFactory(), path)  # kept by another member of the reader's role
    folded = page_of(reader, "/Main/BigEater")
    assert "you: 2" in folded and "you: 5" not in folded  # Anime Show 4 is folded away
    listed = page_of(reader, "/Main/BigEater/examples/Anime")
    assert "you: 2" in listed and "you: 5" in listed
    assert len(kept_copies()) == 2


MEMBERS_REDIS = "redis://127.0.0.1:6379/8"  # this module's alone


def test_members_pages_are_kept_in_redis_and_follow_its_published_stamps(
    settings, reader, django_capture_on_commit_callbacks
):
    pages = redis.Redis.from_url(MEMBERS_REDIS)
    try:
        pages.ping()
    except redis.RedisError as error:
        pytest.skip(f"this test needs Redis at {MEMBERS_REDIS}: {error}")
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tropewise.serving.redis.RedisCache", "LOCATION": MEMBERS_REDIS},
    }
    settings.PAGE_STAMPS_SHARED = True
    pages.flushdb()
    stamps.unpublished.forget_all()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            naomi = make_rouge().examples.get(trope__page__name="BigEater")
            votes.cast_vote(reader, naomi, 3)
        page_of(UserFactory())  # kept in Redis by another member of the reader's role
        assert len(pages.keys("*members:*")) == 1
        assert "you: 3" in page_of(reader)

        with django_capture_on_commit_callbacks(execute=True):
            naomi.text = "Naomi eats for three."
            naomi.save()  # a new stamp, published to Redis once committed
        page = page_of(reader)
        assert "Naomi eats for three." in page and "you: 3" in page
    finally:
        pages.flushdb()
        stamps.unpublished.forget_all()
