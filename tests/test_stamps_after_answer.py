"""A change's new stamps are published before its answer is sent, and its listing as
unpublished is struck out once the answer has gone: the member waits for neither that commit
nor its round trips, and every other server trusts the published stamps again right after."""

import io
import secrets
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from tests.factories import ExampleFactory
from tropes import votes
from tropewise.serving import stamps
from wiki.models import Page, UnpublishedStamp

# Real commits: what the change publishes once it commits is what is tested.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(settings):
    """Stamps shared as with Redis; the tests' cache stands for it."""
    settings.PAGE_STAMPS_SHARED = True
    stamps.unpublished.forget_all()


@pytest.fixture
def example(shared):
    example = ExampleFactory(trope__page__name="BigEater", work__page__name="MetallicRouge")
    UnpublishedStamp.objects.all().delete()  # what making it listed is not these tests'
    return example


def post(user, path, fields):
    """POST `fields` to `path` as `user` through Django's WSGI handler, as a server does: the
    answer, and the function that closes it once the server has sent it."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)
    body = urlencode(fields).encode()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "HTTP_X_CSRFTOKEN": csrf,
        "HTTP_HX_REQUEST": "true",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    answer = {}
    result = WSGIHandler()(environ, lambda status, headers, exc=None: answer.update(status=status))
    return answer["status"], b"".join(result), result.close


def published_stamp(page):
    return cache.get(stamps.cache_key(page.key)).shown_stamp


def test_a_vote_is_answered_with_its_stamps_published_and_struck_out_after(example, reader):
    status, body, close = post(reader, f"/examples/{example.pk}/vote", {"value": "4"})
    assert status.startswith("200") and b"Vote saved." in body
    for page in (example.work.page, example.trope.page):
        assert published_stamp(page) == Page.objects.get(pk=page.pk).shown_stamp
    assert UnpublishedStamp.objects.filter(key=example.work.page.key).exists()
    close()  # the server has sent the answer
    assert not UnpublishedStamp.objects.exists()


def test_an_edit_is_struck_out_once_answered(example, editor):
    page = example.work.page
    client = Client()
    client.force_login(editor)
    form = client.get(f"{page.get_absolute_url()}/edit").context["form"]
    fields = {**form.initial, "body": "Naomi eats, and eats.", "summary": ""}
    status, _, close = post(editor, f"{page.get_absolute_url()}/edit", fields)
    assert status.startswith("302")
    assert published_stamp(page) == Page.objects.get(pk=page.pk).shown_stamp
    close()
    assert not UnpublishedStamp.objects.exists()


def test_a_change_made_outside_a_request_is_struck_out_at_once(example, reader):
    votes.cast_vote(reader, example, 5)
    assert published_stamp(example.work.page) == Page.objects.get(pk=example.work_id).shown_stamp
    assert not UnpublishedStamp.objects.exists()
