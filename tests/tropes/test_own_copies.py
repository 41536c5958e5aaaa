"""A member's page is replayed before Django runs, with a token of their own, while nothing it
shows of the page or of them has changed: every change of theirs is shown at their next
request, and a session that ends stops being replayed."""

import inspect
import io
import re
import secrets
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Notice
from accounts.roles import Role, group
from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tests.helpers import form_data
from tests.security import kept_pages
from tropes import votes
from tropewise.serving import own_copies, stamps
from wiki.models import Follow, UnpublishedStamp
from wiki.own_stamps import member_key

pytestmark = pytest.mark.django_db
shared_redis, django_calls = kept_pages.shared_redis, kept_pages.django_calls  # fixtures

PAGE = "/Anime/MetallicRouge"
HOST = "tropewise.example"
TOKEN = re.compile(rb"\b[A-Za-z0-9]{64}\b")  # a CSRF token, masked


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Changes made within are committed as far as readers can tell: their stamps published."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def rouge(shared_redis, published, settings):
    settings.ALLOWED_HOSTS = [HOST]
    with published():
        work = WorkFactory(
            page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
        )
        ExampleFactory(trope=TropeFactory(page__name="BigEater"), work=work, text="Naomi eats.")
    return work


class Session:
    """A member signed in in a browser: their session and CSRF cookies."""

    def __init__(self, user, published):
        client = Client(HTTP_HOST=HOST)
        with published():
            client.force_login(user)
        # What the fixtures made outside published() would have been published as it
        # committed.
        UnpublishedStamp.objects.all().delete()
        stamps.unpublished.forget_all()
        self.user, self.secret = user, secrets.token_hex(16)
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: self.secret,
        }

    def get(self, path=PAGE, method="GET", **cookies):
        header = "; ".join(f"{k}={v}" for k, v in {**self.cookies, **cookies}.items())
        return kept_pages.wsgi(path, method=method, HTTP_COOKIE=header)

    def post(self, path, fields):
        body = urlencode(fields).encode()
        header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return kept_pages.wsgi(
            path,
            method="POST",
            https=False,
            HTTP_COOKIE=header,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
            **{"wsgi.input": io.BytesIO(body)},
        )

    def replayed(self, django_calls, path=PAGE):
        """The page, read twice: the second answer, which must not have reached Django."""
        self.get(path)
        calls = len(django_calls)
        status, headers, body = self.get(path)
        assert status == 200 and len(django_calls) == calls, "not replayed"
        return headers, body


@pytest.fixture
def rhea(reader, published):
    return Session(reader, published)


def test_a_members_page_is_replayed_without_django_or_a_query(
    rouge, rhea, django_calls, django_assert_num_queries
):
    _, _, rendered = rhea.get()
    with django_assert_num_queries(0):
        headers, replayed = rhea.replayed(django_calls)
    assert b'href="/user/rhea">rhea</a>' in replayed
    assert TOKEN.sub(b"", replayed) == TOKEN.sub(b"", rendered)
    assert "private" in headers["Cache-Control"] and "Set-Cookie" not in headers
    assert "Content-Security-Policy" in headers and own_copies.MARK_HEADER not in headers
    status, _, body = rhea.get(method="HEAD")
    assert (status, body) == (200, b"")


def test_a_replayed_page_carries_a_token_of_its_own_that_the_member_can_post_with(
    rouge, rhea, django_calls
):
    _, first = rhea.replayed(django_calls)
    _, _, second = rhea.get()
    tokens = set(TOKEN.findall(first)) | set(TOKEN.findall(second))
    assert len(tokens) == 2  # masked anew for each answer, as Django does
    example = rouge.examples.get()
    status, _, body = rhea.post(
        f"/examples/{example.pk}/vote", {"value": "4", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert status in (200, 302) and votes.ExampleVote.objects.get(user=rhea.user).value == 4
    forged = rhea.post(
        f"/examples/{example.pk}/vote", {"value": "1", "csrfmiddlewaretoken": "x" * 64}
    )
    assert forged[0] == 403


def test_each_member_is_replayed_their_own_page(rouge, rhea, published, django_calls):
    oscar = Session(UserFactory(username="oscar"), published)
    with published():
        votes.cast_vote(rhea.user, rouge.examples.get(), 2)
    _, hers = rhea.replayed(django_calls)
    _, his = oscar.replayed(django_calls)
    assert b"you: 2" in hers and b"you: 2" not in his
    assert b">oscar</a>" in his and b">oscar</a>" not in hers


def vote(user, work):
    votes.cast_vote(user, work.examples.get(), 3)


def follow(user, work):
    Follow.objects.create(user=user, page=work.page)


def unfollow(user, work):
    Follow.objects.create(user=user, page=work.page)
    yield
    Follow.objects.filter(user=user).delete()


def notice(user, work):
    Notice.send(user, "Your change to Big Eater was approved.")


def notices_read(user, work):
    Notice.send(user, "Your change to Big Eater was approved.")
    yield
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    client.post("/accounts/notices/read")


def trusted(user, work):
    user.groups.add(group(Role.TRUSTED))


def spoilers_shown(user, work):
    user.show_spoilers = True
    user.save()


def held_change(user, work):
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    assert client.post(f"{PAGE}/edit", form_data(work.page, body="Held.")).status_code == 302


@pytest.mark.parametrize(
    "change, before, after",
    [
        (vote, b"you: 3", None),
        (follow, b'"true">Following<', None),
        (unfollow, None, b'"true">Following<'),
        (notice, b"Big Eater was approved", None),
        (notices_read, None, b"Big Eater was approved"),
        (trusted, b">Move</a>", None),
        (spoilers_shown, b'class="spoilers-shown', None),
        (held_change, b"is waiting for review", None),
    ],
)
def test_each_change_of_a_members_own_is_shown_at_their_next_request(
    rouge, rhea, published, django_calls, change, before, after
):
    """`before`: shown only after the change; `after`: shown only before it."""
    steps = None
    if inspect.isgeneratorfunction(change):  # what the change undoes is made first
        steps = change(rhea.user, rouge)
        with published():
            next(steps)
    _, page = rhea.replayed(django_calls)
    assert (before is None or before not in page) and (after is None or after in page)
    with published():
        if steps is None:
            change(rhea.user, rouge)
        else:
            next(steps, None)
    calls = len(django_calls)
    _, _, page = rhea.get()
    assert len(django_calls) == calls + 1  # rendered anew
    assert (before is None or before in page) and (after is None or after not in page)
    _, again = rhea.replayed(django_calls)  # and replayed from then on
    assert TOKEN.sub(b"", again) == TOKEN.sub(b"", page)


def test_a_change_to_the_page_is_shown_to_members_at_once(rouge, rhea, published, django_calls):
    rhea.replayed(django_calls)
    with published():
        ExampleFactory(work=rouge, trope=TropeFactory(page__name="TheMole"), text="Who is it?")
    _, _, page = rhea.get()
    assert b"Who is it?" in page


def test_signing_out_ends_the_sessions_replays_at_once(rouge, rhea, published, django_calls):
    rhea.replayed(django_calls)
    client = Client(HTTP_HOST=HOST)
    client.cookies[settings.SESSION_COOKIE_NAME] = rhea.cookies[settings.SESSION_COOKIE_NAME]
    with published():
        client.post("/accounts/logout")
    status, _, page = rhea.get()  # the old cookie, as someone who copied it would send
    assert status == 200 and b">rhea</a>" not in page and b"Sign in" in page


def test_a_new_password_ends_the_other_sessions_replays(rouge, rhea, published, django_calls):
    rhea.replayed(django_calls)
    with published():
        rhea.user.set_password("a new and long passphrase")
        rhea.user.save()
    _, _, page = rhea.get()
    assert b">rhea</a>" not in page


def test_a_session_ended_another_way_is_not_replayed_past_its_check(
    rouge, rhea, django_calls, monkeypatch
):
    from django.contrib.sessions.models import Session as StoredSession

    rhea.replayed(django_calls)
    StoredSession.objects.all().delete()  # expired and cleared, or deleted by hand
    later = own_copies.time.time() + own_copies.SESSION_CHECK_SECONDS + 1
    monkeypatch.setattr(own_copies.time, "time", lambda: later)
    _, _, page = rhea.get()
    assert b">rhea</a>" not in page


def test_an_own_stamp_whose_publication_failed_is_not_trusted(rouge, rhea, published, django_calls):
    rhea.replayed(django_calls)
    stamps.unpublished.failed([member_key(rhea.user.pk)])
    calls = len(django_calls)
    rhea.get()
    assert len(django_calls) == calls + 1


@pytest.mark.parametrize(
    "cookies",
    [{"messages": "waiting"}, {settings.CSRF_COOKIE_NAME: "not-a-secret"}],
    ids=["a message waiting", "a CSRF cookie Django did not set"],
)
def test_a_request_with_a_cookie_django_must_answer_is_not_replayed(
    rouge, rhea, django_calls, cookies
):
    rhea.replayed(django_calls)
    calls = len(django_calls)
    rhea.get(**cookies)
    assert len(django_calls) == calls + 1
