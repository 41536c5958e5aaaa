"""The private feed's address can be retired: a member resets it, and a new password
retires it too; addresses of the old kind, which never expired, no longer work."""

import pytest
from django.core import signing

from tests.factories import TropeFactory
from wiki.models import Follow
from wiki.views.following import FEED_SALT

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_path(reader_client, reader):
    Follow.objects.create(user=reader, page=TropeFactory().page)
    url = reader_client.get("/following").context["feed_url"]
    return url.replace("http://testserver", "")


def test_a_reset_feed_address_stops_working(reader_client, client, feed_path):
    assert client.get(feed_path).status_code == 200
    response = reader_client.post("/accounts/feed/reset", {"next": "/following"})
    assert response["Location"] == "/following"
    new_path = reader_client.get("/following").context["feed_url"].replace("http://testserver", "")
    assert new_path != feed_path
    reader_client.logout()
    assert reader_client.get(feed_path).status_code == 404
    assert reader_client.get(new_path).status_code == 200


def test_a_new_password_retires_the_feed_address(reader_client, feed_path):
    response = reader_client.post(
        "/accounts/password",
        {
            "old_password": "correct horse battery",
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    reader_client.logout()
    assert reader_client.get(feed_path).status_code == 404


def test_an_address_of_the_old_kind_that_never_expired_is_refused(client, reader):
    old = signing.dumps(reader.pk, salt=FEED_SALT)
    assert client.get(f"/following/feed/{old}").status_code == 404


def test_an_address_with_an_empty_key_is_refused(client, reader):
    empty = signing.dumps([reader.pk, ""], salt=FEED_SALT)
    assert client.get(f"/following/feed/{empty}").status_code == 404


def test_only_the_member_resets_their_feed_by_post(client, reader):
    assert client.post("/accounts/feed/reset").status_code == 302  # to sign in
    client.force_login(reader)
    assert client.get("/accounts/feed/reset").status_code == 405
